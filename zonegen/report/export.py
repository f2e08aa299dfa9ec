"""A report as open data (`<column>/<year>.json`): the YAML keys, with every 总计 computed."""

from __future__ import annotations

import json
from typing import Any

from zonegen.report import schema as S
from zonegen.report.model import Report

FORMAT = "国办公开办函〔2021〕30号"


def _columns(columns: dict[str, int]) -> dict[str, int]:
    return {**{c: columns[c] for c in S.COLUMN_KEYS}, "total": sum(columns.values())}


def report_data(report: Report, url: str) -> dict[str, Any]:
    record = report.record
    results: dict[str, Any] = {}
    for group in S.RESULT_GROUPS:
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
        "format": FORMAT,
        "columns": {key: label for key, label in S.COLUMNS},
        "proactive": {
            **{key: dict(report.docs[key]) for key, _ in S.DOC_ROWS},
            **report.decisions,
            "fees": report.fees,
        },
        "applications": {
            "source": "data/applications.csv" if report.csv_rows is not None else "record",
            "new": _columns(report.row(S.NEW)),
            "carried_over": _columns(report.row(S.CARRIED_OVER)),
            "results": results,
            "carried_forward": _columns(report.row(S.CARRIED_FORWARD)),
        },
        "appeals": {key: {**report.appeals[key], "total": report.appeal_total(key)} for key, _ in S.APPEAL_GROUPS},
    }


def report_json(report: Report, url: str) -> str:
    return json.dumps(report_data(report, url), ensure_ascii=False, indent=1, allow_nan=False) + "\n"
