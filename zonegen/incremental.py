"""Incremental builds: which pages of the last build's output are still exactly what this build would write.

A page is made from three things: what every page shares (zonegen's code, the theme and the
zone's extras, zone.yaml, the catalog), the site's structure (which records are published,
in which order, under which columns, at which addresses, with which attachments), and the
contents of the records it shows. The first two are fingerprinted whole: when either
changes — a template edited, a record added, removed, moved, re-dated or no longer 主动公开 —
the build is a clean one. Otherwise only the pages that show a changed record are rendered
again, which the renderer knows exactly: it records, per page, the records whose content it
asked for (`Renderer.render_tracked`). A page that may show any record (home, directory,
statistics, annual reports) is rendered again whenever any record changed.

The manifest of the last output is `.zonegen-cache/output.bin` (zonegen.cache; another output
folder than public/ has its own, output-<hash of its path>.bin): signed, and
tied to the output folder's marker file, so an output rebuilt or replaced by anything else is
rebuilt clean. It is deleted before the output is changed in place and written after, so an
interrupted update is never taken for a complete one.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from zonegen import cache
from zonegen.catalog import resolve_catalog
from zonegen.extras import Extras
from zonegen.load import LoadedZone
from zonegen.output import MARKER
from zonegen.site import Site, attachment_path

Shows = tuple[int, ...] | None  # the records a page shows, by index; None: any record


@dataclass
class Manifest:
    """What the last build wrote into one output folder."""

    target: str
    marker: tuple[int, int]  # (inode, mtime) of the output's marker file: the output as written
    shared: str  # fingerprint of code, theme, extras, zone.yaml and catalog
    structure: str
    digests: tuple[str, ...]  # the content of each published record, in site order
    pages: dict[str, tuple[Shows, str]] = field(default_factory=dict)  # page path → (shows, key)
    files: dict[str, int] = field(default_factory=dict)  # every file of the output → its size


def shared_fingerprint(loaded: LoadedZone, theme_dirs: list[Path], extras: Extras, kiosk: bool) -> str:
    """zonegen's code; the bytes of zone.yaml, the catalog, theme files, extras and data/; the kind of copy."""
    files = hashlib.sha256()
    catalog, _shown = resolve_catalog(loaded.zone.root, loaded.zone.catalog)
    sources = [loaded.zone.root / "zone.yaml", catalog, *(source for source, _path in extras.files)]
    for folder in theme_dirs:
        sources.extend(sorted(p for p in folder.rglob("*") if p.is_file()))
    for path in sources:
        files.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    # data/ holds the application ledger the annual reports count (report/applications.py), read
    # there once per build: here its size and mtime stand for it.
    ledger = loaded.zone.root / "data"
    for path in sorted(p for p in ledger.rglob("*") if p.is_file()):
        stat = path.stat()
        files.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    snippets = (extras.stylesheets, extras.head.parts, extras.footer.parts)
    return cache.fingerprint(cache.code_fingerprint(), files.hexdigest(), snippets, kiosk)


def structure_fingerprint(site: Site) -> str:
    """Everything about the published set but the records' own content (their bytes are in `digests`)."""
    attachments = []
    for record in site.records:
        for name in record.attachments:
            try:
                stat = os.stat(site.zone.root / record.attachment_file(name))
                attachments.append((attachment_path(record, name), stat.st_size, stat.st_mtime_ns))
            except OSError:
                attachments.append((attachment_path(record, name), -1, -1))
    return cache.fingerprint(
        [(r.file, r.index_no, r.node) for r in site.records],
        site.by_node,
        site.direct,
        site.interpreted_by,
        site.paths,
        site.links,
        site.moved,
        [(p.kind, p.path, p.node, p.page, p.pages, p.record, p.file) for p in site.pages],
        attachments,
    )


def digests(site: Site, loaded: LoadedZone) -> tuple[str, ...]:
    return tuple(loaded.digests.get(r.file, "") for r in site.records)


def page_key(shows: Shows, contents: tuple[str, ...], everything: str) -> str:
    if shows is None:
        return everything
    return hashlib.sha256("".join(contents[i] for i in shows).encode()).hexdigest()


def everything_key(contents: tuple[str, ...]) -> str:
    return hashlib.sha256("".join(contents).encode()).hexdigest()


def marker_of(target: Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(target / MARKER)
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns


def _path(root: Path, target: Path) -> Path:
    # One manifest per output folder: a preview (zonegen serve) and public/ do not undo each other.
    name = "output.bin" if target.resolve() == (root / "public").resolve() else f"output-{_short(target)}.bin"
    return cache.cache_dir(root) / name


def _short(target: Path) -> str:
    return hashlib.sha256(str(target.resolve()).encode()).hexdigest()[:16]


def read_manifest(root: Path, target: Path) -> tuple[Manifest | None, list[str]]:
    """The last build's manifest of target, when it still describes target as it is."""
    value, note = cache.read(_path(root, target), "output")
    notes = [note] if note else []
    if not isinstance(value, Manifest) or value.target != str(target.resolve()) or value.marker != marker_of(target):
        return None, notes
    return value, notes


def save_manifest(root: Path, target: Path, manifest: Manifest) -> None:
    cache.write(_path(root, target), "output", manifest)


def forget_manifest(root: Path, target: Path) -> None:
    """Before the output is changed in place: an interrupted update must not look complete."""
    cache.remove(_path(root, target))


@dataclass
class Plan:
    """What an incremental build renders again, and what it knows of the rest."""

    pages: list[int]  # indices into site.pages
    changed: bool  # whether any record's content changed (then every file not a page is made again)
    records: list[int] = field(default_factory=list)  # the records whose content changed


def sizes(folder: Path) -> dict[str, int]:
    """Every file under folder (relative, with forward slashes) and its size."""
    found: dict[str, int] = {}
    pending = [("", folder)]
    while pending:
        prefix, path = pending.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    pending.append((rel + "/", Path(entry.path)))
                else:
                    found[rel] = entry.stat(follow_symlinks=False).st_size
    return found


def _damaged(manifest: Manifest, target: Path) -> set[str] | None:
    """Output files that are gone or changed size since they were written; None when one is not a page."""
    damaged = set()
    for rel, size in manifest.files.items():
        try:
            same = os.stat(target / rel).st_size == size
        except OSError:
            same = False
        if not same:
            if rel not in manifest.pages:
                return None
            damaged.add(rel)
    return damaged


def plan_update(
    site: Site, manifest: Manifest, shared: str, structure: str, contents: tuple[str, ...], target: Path
) -> Plan | None:
    """The pages to render again, or None when the build must be a clean one.

    A page deleted or changed in the output by hand is rendered again; any other file (a theme
    file, an attachment, the search index) gone or changed means a clean build."""
    if manifest.shared != shared or manifest.structure != structure or len(manifest.digests) != len(contents):
        return None
    damaged = _damaged(manifest, target)
    if damaged is None:
        return None
    if manifest.digests == contents:
        return Plan([i for i, page in enumerate(site.pages) if page.path in damaged], False)
    everything = everything_key(contents)
    again = []
    for number, page in enumerate(site.pages):
        known = manifest.pages.get(page.path)
        if known is None or page.path in damaged or page_key(known[0], contents, everything) != known[1]:
            again.append(number)
    changed = [i for i, (old, new) in enumerate(zip(manifest.digests, contents, strict=True)) if old != new]
    return Plan(again, True, changed)
