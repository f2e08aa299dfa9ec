"""Load a whole zone: zone.yaml, the catalog, and every record under content/.

Each record file is parsed (zonegen.records: no policy), then checked by the per-record
rules (zonegen.rules.record), in the same worker; the cross-record rules
(zonegen.rules.zone) run over the loaded zone afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from zonegen import pool
from zonegen.catalog import Catalog, load_catalog, resolve_catalog
from zonegen.diagnostics import Diagnostic, Diagnostics
from zonegen.discover import discover
from zonegen.indexno import compile_format
from zonegen.records import ParseSettings, Record, parse_record
from zonegen.rules.record import RecordPolicy, check_record
from zonegen.schema import Key, Schema
from zonegen.zone import ZoneConfig, load_zone, valid_org_code

if TYPE_CHECKING:
    from zonegen.report import ZoneReports

PARALLEL_THRESHOLD = 400

Progress = Callable[[str, int, int], None]


@dataclass
class LoadedZone:
    zone: ZoneConfig
    catalog: Catalog
    records: list[Record]
    other_files: list[str]  # non-Markdown files under content/, relative to the zone root
    diagnostics: list[Diagnostic] = field(default_factory=list)
    reports: ZoneReports | None = None  # annual reports, resolved by validate()


def schema_for(catalog: Catalog) -> Schema:
    extra = tuple(Key(f.key, f.label, f.type, f.values) for f in catalog.fields)
    return Schema(extra)


def load(
    root: Path, progress: Progress | None = None, workers: int | None = None
) -> tuple[LoadedZone | None, list[Diagnostic]]:
    """Everything the zone declares, with every problem found on the way."""
    # Lenient: a zone.yaml or catalog with errors still lets every record be checked, so that
    # one run reports all problems. The errors themselves stop any build.
    zone, zone_diags = load_zone(root, lenient=True)
    diags: list[Diagnostic] = list(zone_diags)
    if zone is None:
        return None, diags
    cat_path, shown = resolve_catalog(root, zone.catalog)
    catalog, cat_diags = load_catalog(cat_path, shown, lenient=True)
    diags.extend(cat_diags)
    if catalog is None:
        return None, diags
    # An org code zone.yaml gets wrong is reported there once, not again in every record.
    org_code = zone.org_code if valid_org_code(zone.org_code) else None
    schema = schema_for(catalog)
    rules = _Steps(
        ParseSettings(schema=schema, publisher=zone.name),
        RecordPolicy(
            schema=schema,
            index_format=compile_format(zone.index_format, org_code),
            require_review=zone.rules.require_review,
            required_extra=tuple(f.key for f in catalog.fields if f.required),
        ),
    )
    found = Diagnostics()
    sources, others = discover(zone, catalog, found)
    diags.extend(found)
    records, record_diags = _parse_all(root, sources, rules, progress, workers)
    diags.extend(record_diags)
    return LoadedZone(zone, catalog, records, others, []), diags


@dataclass(frozen=True)
class _Steps:
    """What each record goes through: parsing with these settings, then these rules."""

    parse: ParseSettings
    policy: RecordPolicy


# Worker processes inherit these through fork, so nothing large is pickled per task.
_RULES: _Steps | None = None
_ROOT: Path | None = None


def _parse_one(source: tuple[str, str]) -> tuple[Record | None, list[Diagnostic]]:
    assert _RULES is not None and _ROOT is not None
    file, node = source
    try:
        raw = (_ROOT / file).read_bytes()
    except OSError as exc:
        return None, [
            Diagnostic("error", "file-unreadable", file, None, None, f"无法读取文件：{exc.strerror}", "请检查文件权限")
        ]
    parsed = parse_record(raw, file, node, _RULES.parse)
    return parsed.record, check_record(parsed, _RULES.policy)


def _parse_all(
    root: Path, sources: list[tuple[str, str]], rules: _Steps, progress: Progress | None, workers: int | None
) -> tuple[list[Record], list[Diagnostic]]:
    global _RULES, _ROOT
    _RULES, _ROOT = rules, root
    records: list[Record] = []
    diags: list[Diagnostic] = []
    total = len(sources)

    def report(done: int) -> None:
        if progress:
            progress("读取记录", done, total)

    results = pool.map_items(
        _parse_one, sources, chunk=64, parallel=total >= PARALLEL_THRESHOLD, workers=workers, progress=report
    )
    for result in results:
        if isinstance(result, pool.Lost):
            diags.append(pool.lost_diagnostic(result.item[0], "读取这条记录"))
        else:
            _collect(*result, records, diags)
    report(total)
    return records, diags


def _collect(record: Record | None, found: list[Diagnostic], records: list[Record], diags: list[Diagnostic]) -> None:
    diags.extend(found)
    if record is not None:
        # Kept even with errors, so cross-record checks (duplicates, 解读 targets) still run.
        records.append(record)
