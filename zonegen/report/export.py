"""A report as open data (`<column>/<year>.json`): the YAML keys of its layout, with every 总计 computed."""

from __future__ import annotations

import json
from typing import Any

from zonegen.report import schema as S
from zonegen.report.model import Report
from zonegen.report.summary import summaries


def _columns(columns: dict[str, int]) -> dict[str, int]:
    return {**{c: columns[c] for c in S.COLUMN_KEYS}, "total": sum(columns.values())}


def _proactive(report: Report) -> dict[str, Any]:
    """Section 二 by row key: one number for a one-column row (`licensing: 3`), else its columns."""
    data: dict[str, Any] = {}
    for item in report.layout.items:
        for key, _label in item.rows:
            values = report.proactive[key]
            data[key] = values[item.measures[0].key] if item.scalar else dict(values)
    return data


def report_data(report: Report, url: str) -> dict[str, Any]:
    record = report.record
    results: dict[str, Any] = {}
    for group in report.layout.groups:
        if group.reasons:
            results[group.key] = {r.path[-1]: _columns(report.row(r)) for r in group.reasons}
        else:
            results[group.key] = _columns(report.rows[("results", group.key)])
    results["total"] = _columns(report.results_total())
    return {
        "year": report.year,
        "title": record.title,
        "index_no": record.index_no,
        "publisher": record.publisher,
        "published": record.published.isoformat(),
        "url": url,
        "format": report.layout.name,
        "columns": {key: label for key, label in S.COLUMNS},
        "proactive": _proactive(report),
        "applications": {
            "source": "data/applications.csv" if report.csv_rows is not None else "record",
            "new": _columns(report.row(S.NEW)),
            "carried_over": _columns(report.row(S.CARRIED_OVER)),
            "results": results,
            "carried_forward": _columns(report.row(S.CARRIED_FORWARD)),
        },
        "appeals": {key: {**report.appeals[key], "total": report.appeal_total(key)} for key, _ in S.APPEAL_GROUPS},
        "summary": summaries(report),
    }


def report_json(report: Report, url: str) -> str:
    return json.dumps(report_data(report, url), ensure_ascii=False, indent=1) + "\n"
