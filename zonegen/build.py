"""The one orchestration function: load → validate → plan → render → write → swap.

Everything is validated before anything is written, and the new site is assembled in a
temporary folder beside the output, swapped in only when complete: a failed build never
touches the last good output.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from zonegen import output
from zonegen.diagnostics import Diagnostic, blocks, sort_diagnostics
from zonegen.extras import load_extras
from zonegen.load import LoadedZone, load
from zonegen.outputs import directory, feed, sitemap
from zonegen.render import Renderer, ThemeError, make_env, render_all, theme_dirs, write
from zonegen.rules.zone import validate
from zonegen.safety.gate import Scanned, final_gate
from zonegen.search import build_index
from zonegen.site import STATIC_DIR, Site, attachment_path, plan
from zonegen.theme_check import theme_problems
from zonegen.views import Views, moved_page

MARKER = output.MARKER
Progress = Callable[[str, int, int], None]


@dataclass
class BuildResult:
    ok: bool
    diagnostics: list[Diagnostic]
    pages: int = 0
    records: int = 0
    expired: int = 0  # 主动公开 records left out because their 公示期 ended before the build's date
    timings: dict[str, float] = field(default_factory=dict)


def check(
    root: Path, progress: Progress | None = None, out: Path | None = None
) -> tuple[LoadedZone | None, list[Diagnostic]]:
    """Load and validate the whole zone, its theme and the output folder a build would replace; writes nothing."""
    loaded, diags = load(root, progress)
    if loaded is not None:
        diags.extend(validate(loaded))
        diags.extend(output.problems(root, output.target(root, out)))
        theme = theme_problems(loaded.zone.root, loaded.zone.theme)
        if not theme and not blocks(diags, False) and loaded.zone.theme not in (None, "default"):
            theme = _render_samples(loaded)
        diags.extend(theme)
    return loaded, sort_diagnostics(diags)


def _render_samples(loaded: LoadedZone) -> list[Diagnostic]:
    """One page of each kind rendered in memory, so that a county theme's runtime errors ({{ 1//0 }}) fail check."""
    site = plan(loaded, dt.date.today())
    dirs = theme_dirs(site.zone.root, site.zone.theme)
    extras, _checked = load_extras(site.zone, dirs)
    renderer = Renderer(site, make_env(dirs), Views(site, {}), extras)
    seen: set[tuple[str, str]] = set()
    for page in site.pages:
        if page.kind == "node":
            key = (page.kind, site.catalog.nodes[page.node].type)
        elif page.kind == "record":
            key = (page.kind, site.records[page.record].kind)
        else:
            key = (page.kind, "")
        if key in seen:
            continue
        seen.add(key)
        try:
            renderer.render(page)
        except ThemeError as exc:
            return [_theme_diagnostic(exc, site.zone.root)]
    return []


def build(
    root: Path,
    out: Path | None = None,
    strict: bool = False,
    progress: Progress | None = None,
    as_of: dt.date | None = None,
    kiosk: bool = False,
    finish: Callable[[Path], None] | None = None,
) -> BuildResult:
    """Check, then write the site as published on as_of (default today: 公示期 that ended are left out).

    `kiosk` writes the offline copy for service-hall terminals instead (`zonegen export --kiosk`);
    `finish` runs on the complete new folder just before it is swapped in (the export's manifest).
    """
    timings: dict[str, float] = {}
    started = time.perf_counter()
    loaded, diags = check(root, progress, out)
    timings["load+validate"] = time.perf_counter() - started
    if loaded is None or blocks(diags, strict):
        return BuildResult(False, diags, timings=timings)
    mark = time.perf_counter()
    day = as_of or dt.date.today()
    site = plan(loaded, day, kiosk)
    expired = sum(r.is_public and not r.published_on(day) for r in loaded.records)
    timings["plan"] = time.perf_counter() - mark
    unnamed = _unencodable_names(site)
    if unnamed:
        return BuildResult(False, sort_diagnostics([*diags, *unnamed]), timings=timings)
    target = output.target(root, out)
    try:
        with output.lock(target):
            output.clean_leftovers(target)
            problems = _write(site, target, progress, timings, finish)
    except output.OutputError as exc:
        problems = [exc.diagnostic]
    except OSError as exc:  # the lock or the leftovers: nothing of the new site exists yet
        problems = [output.os_error(exc, target, target)]
    if problems:
        return BuildResult(False, sort_diagnostics([*diags, *problems]), timings=timings)
    timings["total"] = time.perf_counter() - started
    return BuildResult(True, diags, len(site.pages), len(site.records), expired, timings)


def _write(
    site: Site,
    target: Path,
    progress: Progress | None,
    timings: dict[str, float],
    finish: Callable[[Path], None] | None = None,
) -> list[Diagnostic]:
    """Write the site beside target and swap it in; any problem removes the temporary folder."""
    tmp = output.temporary(target)
    try:
        problems = _write_site(site, tmp, progress, timings)
        if not problems:
            if finish is not None:
                finish(tmp)
            output.swap(tmp, target)
        return problems
    except ThemeError as exc:
        return [_theme_diagnostic(exc, site.zone.root)]
    except OSError as exc:
        return [output.os_error(exc, tmp, target)]
    except UnicodeEncodeError as exc:  # text the checks above did not foresee: refused, not a traceback
        return [output.unencodable(exc, target)]
    finally:
        output.remove(tmp)  # gone after a swap; what a failure or an interruption left


def _unencodable_names(site: Site) -> list[Diagnostic]:
    """File names that cannot be written into UTF-8 pages (a GBK name on Linux): refused, never a crash.

    The loader reports such names when it finds them; this guards the write itself.
    """
    found = []
    for record in site.records:
        for file in [record.file, *(record.attachment_file(name) for name in record.attachments)]:
            try:
                file.encode("utf-8")
            except UnicodeEncodeError:
                raw = os.fsencode(file)
                shown = raw.decode("utf-8", "backslashreplace")
                guess = raw.rsplit(b"/", 1)[-1].decode("gb18030", "replace")
                found.append(
                    Diagnostic(
                        "error",
                        "file-name-encoding",
                        shown,
                        None,
                        None,
                        f"文件名不是 UTF-8 编码（按 GBK 读作“{guess}”），无法发布",
                        "把这个文件重新命名一次（在 Windows 中复制过来的文件名常是 GBK 编码；Linux 上可用 "
                        "convmv -f gbk -t utf-8 --notest 改名）",
                    )
                )
    return found


def _theme_diagnostic(exc: ThemeError, root: Path) -> Diagnostic:
    return Diagnostic(
        "error",
        "theme-error",
        _theme_relative(exc.file, root),
        exc.line,
        None,
        exc.message,
        exc.hint,
    )


def _write_site(site: Site, tmp: Path, progress: Progress | None, timings: dict[str, float]) -> list[Diagnostic]:
    mark = time.perf_counter()
    dirs = theme_dirs(site.zone.root, site.zone.theme)
    for theme in reversed(dirs):  # the zone's own theme is copied last, so it wins
        _copy_tree(theme / "static", tmp / STATIC_DIR)
    extras, _checked = load_extras(site.zone, dirs)  # validate reported its problems; errors stop before here
    for source, path in extras.files:
        (tmp / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, tmp / path)
    sizes, unreadable = _copy_attachments(site, tmp)
    if unreadable:
        return unreadable
    timings["copy"] = time.perf_counter() - mark
    mark = time.perf_counter()
    views = Views(site, sizes)
    views.prepare()  # built once here and shared with the workers, not once per worker
    renderer = Renderer(site, make_env(dirs), views, extras)
    # The kiosk copy holds no machine files: no resident can open them, and nothing links them there.
    reports = [] if site.kiosk else renderer.reports.files()  # computed before workers fork, so they inherit it
    scanned = Scanned()  # the last gate, on what is written as it is written
    lost = render_all(renderer, tmp, progress, scanned)
    if lost:
        return lost

    def emit(path: str, text: str) -> None:
        write(tmp / path, text)
        scanned.text(path, text)

    timings["render"] = time.perf_counter() - mark
    mark = time.perf_counter()
    build_index(site, tmp)  # after the workers exit, so the two peaks of memory never add up
    timings["search"] = time.perf_counter() - mark
    mark = time.perf_counter()
    if not site.kiosk:
        for path, text in reports:  # annual-reports/<year>.json, for the county's statistics
            emit(path, text)
        for path, index in site.moved:
            emit(path, moved_page(site, path, index))
        emit("sitemap.xml", sitemap(site))
        emit("feed.xml", feed(site, views))
        emit("directory.json", directory(site, views))
    emit(MARKER, "zonegen output: this folder is replaced whole by the next build.\n")
    timings["render"] += time.perf_counter() - mark
    mark = time.perf_counter()
    # Personal data in what was written: nothing is swapped in. What was not scanned above is read back.
    leaks = final_gate(tmp, sizes, site.records, scanned)
    timings["gate"] = time.perf_counter() - mark
    return leaks


def _copy_tree(source: Path, target: Path) -> None:
    if not source.is_dir():
        return
    for folder, _dirs, files in os.walk(source):
        rel = Path(folder).relative_to(source)
        for name in sorted(files):
            src = Path(folder) / name
            if src.is_symlink() or name.startswith("."):
                continue
            dest = target / rel / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)


def _copy_attachments(site: Site, tmp: Path) -> tuple[dict[str, int], list[Diagnostic]]:
    """Copy the attachments of published records only: their sizes by output path, and those that cannot be read."""
    sizes: dict[str, int] = {}
    unreadable: list[Diagnostic] = []
    content = site.zone.content_dir
    inside_content, inside_out = content.resolve(), tmp.resolve()
    for record in site.records:
        folder = (site.zone.root / record.file).parent
        for name in record.attachments:
            path = attachment_path(record, name)
            if path in sizes:
                continue
            source = folder / name
            dest = tmp / path
            # Validation already refused escapes and links; this guards the write itself.
            if not source.resolve().is_relative_to(inside_content) or not dest.resolve().is_relative_to(inside_out):
                raise RuntimeError(f"attachment escapes the zone: {source}")
            if dest.exists():  # validation keeps zonegen's own places free (rules/outputs.py)
                raise RuntimeError(f"attachment would replace a generated file: {path}")
            dest.parent.mkdir(parents=True, exist_ok=True)
            try:
                shutil.copyfile(source, dest)
            except OSError as exc:
                # Opening the source fails with its name alone; a copy that fails names both (ENOSPC).
                if exc.filename is None or Path(exc.filename) != source or exc.filename2 is not None:
                    raise OSError(exc.errno, exc.strerror, str(dest)) from exc  # reported for the output folder
                shown = source.absolute().relative_to(site.zone.root.absolute()).as_posix()
                unreadable.append(
                    Diagnostic(
                        "error",
                        "attachment-unreadable",
                        shown,
                        None,
                        None,
                        f"无法读取附件：{exc.strerror or type(exc).__name__}",
                        "检查这个文件的权限（运行 zonegen 的用户要能读取它），或重新复制一份到这里",
                    )
                )
                continue
            sizes[path] = dest.stat().st_size
    return sizes, unreadable


def _theme_relative(file: str | None, root: Path) -> str | None:
    if not file:
        return None
    path = Path(file)
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
