"""Gather a zone's annual reports: figures, computed counts, the CSV, and every check on them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from zonegen.diagnostics import Diagnostic, Diagnostics
from zonegen.records import Record
from zonegen.report import schema as S
from zonegen.report.applications import Applications, audit_deadlines, load_applications
from zonegen.report.checks import check_contents, check_continuity, check_report, check_sections
from zonegen.report.figures import Locate, read_figures
from zonegen.report.model import Report, resolve
from zonegen.report.normative import normative_counts
from zonegen.report.sections import heading_lines

if TYPE_CHECKING:
    from zonegen.load import LoadedZone

REPORT_KIND = "年度报告"
_REPORT_KEYS = ("proactive", "applications", "appeals")


def is_report(record: Record) -> bool:
    return record.kind == REPORT_KIND and isinstance(record.extra.get("year"), int)


@dataclass
class ZoneReports:
    """Every annual report of a zone, resolved once during validation.

    Validation builds this and leaves it on the loaded zone; the site, its pages and the JSON
    files use these same objects, so data/applications.csv and the reports are read once.
    """

    applications: Applications | None
    by_file: dict[str, Report] = field(default_factory=dict)

    def of(self, record: Record) -> Report | None:
        return self.by_file.get(record.file)


def _locate(record: Record) -> Locate:
    """Where a figure was written, from the positions the record keeps of its map fields."""

    def locate(raw: tuple[Any, ...]) -> tuple[int | None, int | None]:
        path = tuple(str(part) for part in raw)
        while path:
            if path in record.nested:
                return record.nested[path]
            path = path[:-1]
        return (record.line_of(str(raw[0])) if raw else None, None)

    return locate


def build_report(record: Record, published: Iterable[Record], apps: Applications | None, diags: Diagnostics) -> Report:
    """One record's report, resolved; parse problems go to diags."""
    year = record.extra["year"]
    data = {key: record.extra[key] for key in _REPORT_KEYS if key in record.extra}
    figures = read_figures(year, data, _locate(record), diags)
    csv_rows = apps.tally(year) if apps is not None and apps.covers(year) else None
    return resolve(record, figures, normative_counts(published, year), csv_rows)


def _before_national_format(record: Record, diags: Diagnostics) -> None:
    """No national table format exists for years before 2019: zonegen would have to invent one."""
    year = record.extra["year"]
    diags.error(
        "report-format",
        f"{year} 年度报告早于国家统一的年度报告格式（{S.LAYOUT_2019.name}，自 {S.FIRST_YEAR} 年度报告起使用）",
        *record.at("year"),
        f"zonegen 按国家格式生成 {S.FIRST_YEAR} 年度及以后的年度报告；更早的年度报告请把原文作为附件，"
        "发布在其他栏目中（文种不写“年度报告”）",
    )


def check_reports(loaded: LoadedZone) -> tuple[ZoneReports, list[Diagnostic]]:
    """Every report of a zone, and every diagnostic on them: figures, arithmetic, CSV, deadlines, continuity."""
    diags = Diagnostics()
    apps = load_applications(loaded.zone, diags)
    found = ZoneReports(apps)
    reports = [r for r in loaded.records if is_report(r)]
    if apps is not None:
        audit_deadlines(apps, loaded.zone, diags)
    if not reports:
        return found, diags.items
    published = [r for r in loaded.records if r.is_public]
    by_year: dict[int, Report] = {}
    for record in sorted(reports, key=lambda r: r.file):
        own = Diagnostics(record.file)
        if record.extra["year"] < S.FIRST_YEAR:
            _before_national_format(record, own)
        report = build_report(record, published, apps, own)
        if not own.has_errors:  # arithmetic on figures that did not parse would only echo those errors
            check_report(report, own)
        diags.extend(own)
        found.by_file[record.file] = report
        by_year.setdefault(report.year, report)  # a second report of a year is already an error
    for year, report in sorted(by_year.items()):
        own = Diagnostics(report.record.file)
        last = by_year.get(year - 1)
        if last is not None:
            check_continuity(report, last, own)
        record = report.record
        lines = heading_lines(record.headings, record.heading_lines)
        check_sections(report, last, lines, own)
        check_contents(report, "人民政府" in loaded.zone.name, lines, own)
        diags.extend(own)
    return found, diags.items
