"""What the renderer and the build need of a site's reports: page views, the column, JSON files."""

from __future__ import annotations

from typing import Any

from zonegen.report.collect import is_report
from zonegen.report.column import chart, summaries
from zonegen.report.export import report_json
from zonegen.report.model import Report
from zonegen.report.view import ReportView, report_view
from zonegen.site import Site, record_url


def json_path(report: Report) -> str:
    """`annual-reports/2025.json`: beside the report's page, named by its year."""
    return f"{report.record.node}/{report.year}.json"


class SiteReports:
    """The published reports of one site: those validation resolved, for Site.records only."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.by_index: dict[int, Report] = {}
        for index, record in enumerate(site.records):
            if not is_report(record):
                continue
            report = site.reports.of(record) if site.reports is not None else None
            if report is None:  # a programming error, never a clerk's: plan() a zone only after validate()
                raise RuntimeError(f"annual report {record.file} was not resolved by validate()")
            self.by_index[index] = report

    def page(self, index: int) -> ReportView | None:
        report = self.by_index.get(index)
        return report_view(report, json_path(report)) if report is not None else None

    def column(self, node: str) -> dict[str, Any]:
        """Context for a column page: every year filed under node, and the chart."""
        mine = [r for r in self.by_index.values() if r.record.node == node or r.record.node.startswith(node + "/")]
        years = summaries([(r, record_url(r.record), json_path(r)) for r in mine])
        return {"years": years, "chart": chart(mine)}

    def files(self) -> list[tuple[str, str]]:
        """(output path, JSON text) for every report, in a stable order."""
        ordered = sorted(self.by_index.values(), key=lambda r: (r.record.node, r.year))
        return [(json_path(r), report_json(r, record_url(r.record))) for r in ordered]
