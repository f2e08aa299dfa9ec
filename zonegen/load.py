"""Load a whole zone: zone.yaml, the catalog, and every record under content/.

Each record file is parsed (zonegen.records: no policy), then checked by the per-record
rules (zonegen.rules.record), in the same worker; the cross-record rules
(zonegen.rules.zone) run over the loaded zone afterwards.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from zonegen import cache, pool
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
    digests: dict[str, str] = field(default_factory=dict)  # record file → SHA-256 of its bytes
    notes: list[str] = field(default_factory=list)  # about the build cache: nothing the clerk wrote
    # With keep_cache: brings .zonegen-cache/records.bin up to date; a build calls it once it succeeded
    # (the contract: a build with errors writes nothing).
    save_cache: Callable[[], None] | None = field(default=None, repr=False, compare=False)
    reports: ZoneReports | None = None  # annual reports, resolved by validate()


def schema_for(catalog: Catalog) -> Schema:
    extra = tuple(Key(f.key, f.label, f.type, f.values) for f in catalog.fields)
    return Schema(extra)


def load(
    root: Path,
    progress: Progress | None = None,
    workers: int | None = None,
    use_cache: bool = True,
    keep_cache: bool = False,
) -> tuple[LoadedZone | None, list[Diagnostic]]:
    """Everything the zone declares, with every problem found on the way.

    With use_cache, a record file whose bytes did not change since the last build is not
    parsed again: its parse and checks come from .zonegen-cache/records.bin (zonegen.cache).
    With keep_cache (builds; check and audit write nothing), `LoadedZone.save_cache` brings
    that file up to date when called.
    """
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
    known = _RecordCache(root, rules) if use_cache else None
    records, record_diags, digests = _parse_all(root, sources, rules, progress, workers, known)
    diags.extend(record_diags)
    loaded = LoadedZone(zone, catalog, records, others, [], digests)
    if known is not None:
        if keep_cache:
            loaded.save_cache = known.save
        loaded.notes.extend(known.notes)
    return loaded, diags


# A file changed within this many nanoseconds before the cache was written may change again
# within the same mtime tick (git's "racy" files): its bytes are hashed, never trusted by stat.
_RACY_NS = 2_000_000_000


class _RecordCache:
    """Parses and checks of record files from the last load, trusted while a file's bytes are the same."""

    def __init__(self, root: Path, rules: _Steps) -> None:
        self.path = cache.cache_dir(root) / "records.bin"
        # Parsing depends on zonegen's code, the settings and, through the ID-card date check, today.
        self.key = cache.fingerprint(cache.code_fingerprint(), rules, dt.date.today())
        saved, note = cache.read(self.path, self.key)
        self.notes = [note] if note else []
        self.saved_at, self.entries = saved if saved else (0, {})
        self.fresh: dict[str, tuple] = {}

    def lookup(self, root: Path, file: str, node: str) -> _Result | None:
        entry = self.entries.get(file)
        if entry is None:
            return None
        size, mtime, digest, was_node, result = entry
        try:
            stat = os.stat(root / file)
        except OSError:
            return None
        if was_node != node:
            return None
        if (stat.st_size, stat.st_mtime_ns) != (size, mtime) or stat.st_mtime_ns >= self.saved_at - _RACY_NS:
            try:
                if hashlib.sha256((root / file).read_bytes()).hexdigest() != digest:
                    return None
            except OSError:
                return None
        self.keep(file, node, (stat.st_size, stat.st_mtime_ns), result)
        return result

    def keep(self, file: str, node: str, stat: tuple[int, int], result: _Result) -> None:
        self.fresh[file] = (*stat, result[2], node, result)

    def save(self) -> None:
        if self.fresh.keys() == self.entries.keys() and all(
            self.fresh[f][:4] == self.entries[f][:4] for f in self.fresh
        ):
            return  # every file as it was: rewriting tens of megabytes would change nothing
        cache.write(self.path, self.key, (time.time_ns(), self.fresh))


@dataclass(frozen=True)
class _Steps:
    """What each record goes through: parsing with these settings, then these rules."""

    parse: ParseSettings
    policy: RecordPolicy


# Worker processes inherit these through fork, so nothing large is pickled per task.
_RULES: _Steps | None = None
_ROOT: Path | None = None


# A record file's parse: the record (None when unusable), its diagnostics, the SHA-256 of its
# bytes ("" when unreadable) and the (size, mtime) it was read at.
_Result = tuple[Record | None, list[Diagnostic], str, tuple[int, int]]


def _parse_one(source: tuple[str, str]) -> _Result:
    assert _RULES is not None and _ROOT is not None
    file, node = source
    try:
        with open(_ROOT / file, "rb") as handle:
            stat = os.fstat(handle.fileno())
            raw = handle.read()
    except OSError as exc:
        return (
            None,
            [
                Diagnostic(
                    "error", "file-unreadable", file, None, None, f"无法读取文件：{exc.strerror}", "请检查文件权限"
                )
            ],
            "",
            (0, 0),
        )
    parsed = parse_record(raw, file, node, _RULES.parse)
    digest = hashlib.sha256(raw).hexdigest()
    return parsed.record, check_record(parsed, _RULES.policy), digest, (stat.st_size, stat.st_mtime_ns)


def _parse_all(
    root: Path,
    sources: list[tuple[str, str]],
    rules: _Steps,
    progress: Progress | None,
    workers: int | None,
    known: _RecordCache | None,
) -> tuple[list[Record], list[Diagnostic], dict[str, str]]:
    global _RULES, _ROOT
    _RULES, _ROOT = rules, root
    total = len(sources)
    cached: dict[str, _Result] = {}
    if known is not None:
        for file, node in sources:
            hit = known.lookup(root, file, node)
            if hit is not None:
                cached[file] = hit
    todo = [source for source in sources if source[0] not in cached]

    def report(done: int) -> None:
        if progress:
            progress("读取记录", len(cached) + done, total)

    results = pool.map_items(
        _parse_one, todo, chunk=64, parallel=len(todo) >= PARALLEL_THRESHOLD, workers=workers, progress=report
    )
    parsed = dict(cached)
    lost: dict[str, Diagnostic] = {}
    for source, result in zip(todo, results, strict=True):
        if isinstance(result, pool.Lost):
            lost[source[0]] = pool.lost_diagnostic(source[0], "读取这条记录")
        else:
            parsed[source[0]] = result
            if known is not None and result[2]:
                known.keep(source[0], source[1], result[3], result)
    records: list[Record] = []
    diags: list[Diagnostic] = []
    digests: dict[str, str] = {}
    for file, _node in sources:  # in the order found, cached or not: the same zone loads the same
        if file in lost:
            diags.append(lost[file])
            continue
        record, found, digest, _stat = parsed[file]
        digests[file] = digest
        _collect(record, found, records, diags)
    report(total)
    return records, diags, digests


def _collect(record: Record | None, found: list[Diagnostic], records: list[Record], diags: list[Diagnostic]) -> None:
    diags.extend(found)
    if record is not None:
        # Kept even with errors, so cross-record checks (duplicates, 解读 targets) still run.
        records.append(record)
