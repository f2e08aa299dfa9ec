"""Gather a zone's annual reports: figures, computed counts, the CSV, and every check on them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zonegen.diagnostics import Diagnostic, Diagnostics
from zonegen.records import Record
from zonegen.report.applications import Applications, audit_deadlines, load_applications
from zonegen.report.checks import check_continuity, check_report, check_sections
from zonegen.report.figures import Locate, read_figures
from zonegen.report.model import Report, resolve
from zonegen.report.normative import normative_counts
from zonegen.report.sections import heading_lines
from zonegen.schema import Schema
from zonegen.source import decode, split_front_matter
from zonegen.yamlsrc import YamlDoc, lint_and_repair, parse_yaml
from zonegen.zone import ZoneConfig

if TYPE_CHECKING:
    from zonegen.load import LoadedZone

REPORT_KIND = "年度报告"
_REPORT_KEYS = ("proactive", "applications", "appeals")


def is_report(record: Record) -> bool:
    return record.kind == REPORT_KIND and isinstance(record.extra.get("year"), int)


@dataclass
class _Source:
    """Where a report's keys and headings stand in its file, for diagnostics."""

    locate: Locate
    raw_top: dict[str, str]
    headings: dict[str, int] = field(default_factory=dict)


def _unlocated(_raw: tuple[Any, ...]) -> tuple[None, None]:
    return (None, None)


def _read_source(root: Path, record: Record) -> _Source:
    """Re-read one report's front matter with positions; loading keeps only top-level lines."""
    fallback = _Source(_fallback_locate(record), {k: k for k in _REPORT_KEYS})
    scratch = Diagnostics(record.file)
    try:
        text = decode((root / record.file).read_bytes(), scratch)
    except OSError:
        return fallback
    split = split_front_matter(text, scratch) if text is not None else None
    if split is None:
        return fallback
    front, _fixes = lint_and_repair(split.front, split.front_line - 1)
    parsed = parse_yaml(front, split.front_line - 1)
    if not isinstance(parsed, YamlDoc) or not isinstance(parsed.data, dict):
        return fallback
    schema = Schema()
    raw_top = {}
    for key in parsed.data:
        spec = schema.lookup(str(key))
        if spec is not None and spec.key in _REPORT_KEYS:
            raw_top[spec.key] = key
    return _Source(parsed.where, raw_top, heading_lines(split.body, split.body_line))


def _fallback_locate(record: Record) -> Locate:
    def locate(raw: tuple[Any, ...]) -> tuple[int | None, None]:
        return (record.line_of(str(raw[0])) if raw else None, None)

    return locate


def build_report(
    record: Record,
    published: Iterable[Record],
    apps: Applications | None,
    diags: Diagnostics,
    source: _Source | None = None,
) -> Report:
    """One record's report, resolved; parse problems go to diags."""
    year = record.extra["year"]
    data = {key: record.extra[key] for key in _REPORT_KEYS if key in record.extra}
    if source is None:
        source = _Source(_unlocated, {k: k for k in _REPORT_KEYS})
    figures = read_figures(year, data, source.raw_top, source.locate, diags)
    csv_rows = apps.tally(year) if apps is not None and apps.covers(year) else None
    return resolve(record, figures, normative_counts(published, year), csv_rows)


def compile_reports(zone: ZoneConfig, records: list[Record]) -> dict[int, Report]:
    """The reports among (published) records, by record index: what pages and JSON show."""
    apps = load_applications(zone, Diagnostics())
    reports: dict[int, Report] = {}
    for index, record in enumerate(records):
        if is_report(record):
            reports[index] = build_report(record, records, apps, Diagnostics(record.file))
    return reports


def check_reports(loaded: LoadedZone) -> list[Diagnostic]:
    """Every report diagnostic of a zone: figures, arithmetic, CSV, deadlines, continuity."""
    diags = Diagnostics()
    apps = load_applications(loaded.zone, diags)
    reports = [r for r in loaded.records if is_report(r)]
    if apps is not None:
        audit_deadlines(apps, loaded.zone, diags)
    if not reports:
        return diags.items
    published = [r for r in loaded.records if r.is_public]
    by_year: dict[int, tuple[Report, _Source]] = {}
    for record in sorted(reports, key=lambda r: r.file):
        source = _read_source(loaded.zone.root, record)
        own = Diagnostics(record.file)
        report = build_report(record, published, apps, own, source)
        if not own.has_errors:  # arithmetic on figures that did not parse would only echo those errors
            check_report(report, own)
        diags.extend(own)
        by_year.setdefault(report.year, (report, source))  # a second report of a year is already an error
    for year, (report, source) in sorted(by_year.items()):
        own = Diagnostics(report.record.file)
        last = by_year.get(year - 1)
        if last is not None:
            check_continuity(report, last[0], own)
        check_sections(report, last[0] if last else None, source.headings, own)
        diags.extend(own)
    return diags.items
