"""Load a whole zone: zone.yaml, the catalog, and every record under content/.

Each record file is parsed (zonegen.records: no policy), then checked by the per-record
rules (zonegen.rules.record), in the same worker; the cross-record rules
(zonegen.rules.zone) run over the loaded zone afterwards.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from zonegen.catalog import Catalog, load_catalog, resolve_catalog
from zonegen.diagnostics import Diagnostic, Diagnostics
from zonegen.indexno import compile_format
from zonegen.records import ParseSettings, Record, parse_record
from zonegen.rules.record import RecordPolicy, check_record
from zonegen.schema import Key, Schema
from zonegen.suggest import nearest
from zonegen.zone import ZoneConfig, load_zone, valid_org_code

if TYPE_CHECKING:
    from zonegen.report import ZoneReports

_RESERVED_STEM = __import__("re").compile(r"^index(-\d+)?$")
_IGNORED = (".", "~$")  # hidden files, Office lock files
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
    sources, others = _scan(zone, catalog, found)
    diags.extend(found)
    records, record_diags = _parse_all(root, sources, rules, progress, workers)
    diags.extend(record_diags)
    return LoadedZone(zone, catalog, records, others, []), diags


def _scan(zone: ZoneConfig, catalog: Catalog, diags: Diagnostics) -> tuple[list[tuple[str, str]], list[str]]:
    """(file, node) for every record, and the other files; misplaced records are reported."""
    content = zone.content_dir
    if not content.is_dir():
        diags.error(
            "content-missing",
            "专区中没有 content 目录",
            None,
            None,
            "在专区目录下创建 content/，每个栏目一个子目录",
            file="content",
        )
        return [], []
    sources: list[tuple[str, str]] = []
    others: list[str] = []
    for folder, dirnames, filenames in os.walk(content):
        rel_folder = Path(folder).relative_to(content).as_posix()
        node = "" if rel_folder == "." else rel_folder
        for name in sorted(dirnames):
            if not name.startswith(".") and (Path(folder) / name).is_symlink():
                # os.walk does not enter linked folders: say so rather than skip them silently
                diags.error(
                    "folder-symlink",
                    "content 中的文件夹是符号链接，其中的文件不会读取",
                    None,
                    None,
                    "请把文件真实地放在 content 目录中，不要用链接",
                    file=_rel(node, name),
                )
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(_IGNORED):
                continue
            file = _rel(node, name)
            if name.startswith("_"):
                diags.warning(
                    "file-draft",
                    "以下划线开头的文件视为草稿，不会发布",
                    None,
                    None,
                    "要发布时去掉文件名开头的下划线“_”",
                    file=file,
                )
                continue
            if not name.lower().endswith(".md"):
                others.append(file)
                continue
            if (Path(folder) / name).is_symlink():
                # a link could pull in any file on the machine, including one that must not be published
                diags.error(
                    "record-symlink",
                    "记录文件是符号链接",
                    None,
                    None,
                    "请把记录文件本身放在这里，不要用链接（链接可能指向不应公开的文件）",
                    file=file,
                )
                continue
            if _check_place(file, node, name, catalog, diags):
                sources.append((file, node))
    return sources, others


def _rel(node: str, name: str) -> str:
    return f"content/{node}/{name}" if node else f"content/{name}"


def _check_place(file: str, node: str, name: str, catalog: Catalog, diags: Diagnostics) -> bool:
    if not node:
        diags.error(
            "node-none",
            "记录不能直接放在 content 目录下",
            None,
            None,
            f"请放进它所属栏目或事项的文件夹，例如 content/{catalog.example_path()}/",
            file=file,
        )
        return False
    if node not in catalog.nodes:
        guess = (
            nearest(node, catalog.nodes, cutoff=0.6) or _guess_by_tail(node, catalog) or _guess_by_title(node, catalog)
        )
        hint = (
            f"您是不是想放在 content/{guess}/（{catalog.nodes[guess].title}）？"
            if guess
            else "文件夹路径必须与目录（catalog.yaml）中栏目、领域或事项的 id 一致，"
            f"例如 content/{catalog.example_path()}/"
        )
        diags.error("node-unknown", f"文件夹“content/{node}”不是目录中的栏目或事项", None, None, hint, file=file)
        return False
    if _RESERVED_STEM.match(name[:-3].lower()):
        diags.error(
            "file-name-reserved",
            f"文件名“{name}”被栏目页面占用",
            None,
            None,
            "请换一个文件名，例如 2025-001.md",
            file=file,
        )
        return False
    return True


def _guess_by_title(node: str, catalog: Catalog) -> str | None:
    """A folder named after a column's Chinese title (content/通知公告/) → that column's id path."""
    tail = node.rsplit("/", 1)[-1]
    by_title: dict[str, str] = {}
    for path, found in catalog.nodes.items():
        by_title.setdefault(found.title, path)
    match = nearest(tail, by_title, cutoff=0.6)
    return by_title[match] if match else None


def _guess_by_tail(node: str, catalog: Catalog) -> str | None:
    tail = node.rsplit("/", 1)[-1]
    by_id = {path.rsplit("/", 1)[-1]: path for path in catalog.nodes}
    match = nearest(tail, by_id, cutoff=0.6)
    return by_id[match] if match else None


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
    count = workers or os.cpu_count() or 1
    if total >= PARALLEL_THRESHOLD and count > 1 and "fork" in multiprocessing.get_all_start_methods():
        with multiprocessing.get_context("fork").Pool(count) as pool:
            results = pool.imap(_parse_one, sources, chunksize=64)
            for done, (record, found) in enumerate(results, 1):
                _collect(record, found, records, diags)
                if progress and done % 200 == 0:
                    progress("读取记录", done, total)
    else:
        for done, source in enumerate(sources, 1):
            _collect(*_parse_one(source), records, diags)
            if progress and done % 200 == 0:
                progress("读取记录", done, total)
    if progress:
        progress("读取记录", total, total)
    return records, diags


def _collect(record: Record | None, found: list[Diagnostic], records: list[Record], diags: list[Diagnostic]) -> None:
    diags.extend(found)
    if record is not None:
        # Kept even with errors, so cross-record checks (duplicates, 解读 targets) still run.
        records.append(record)
