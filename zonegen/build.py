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

from zonegen import incremental, output
from zonegen.diagnostics import Diagnostic, blocks, sort_diagnostics
from zonegen.extras import Extras, load_extras
from zonegen.incremental import Shows
from zonegen.load import LoadedZone, load
from zonegen.outputs import directory, feed, sitemap
from zonegen.render import Renderer, ThemeError, make_env, render_all, theme_dirs, write
from zonegen.rules.zone import validate
from zonegen.safety.gate import Scanned, final_gate
from zonegen.search import SEARCH_DIR, build_index
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
    notes: list[str] = field(default_factory=list)  # about the build cache, not the zone
    rendered: int = -1  # pages rendered by this build (fewer than `pages` when it was incremental)


def check(
    root: Path,
    progress: Progress | None = None,
    out: Path | None = None,
    use_cache: bool = True,
    *,
    _keep: bool = False,
) -> tuple[LoadedZone | None, list[Diagnostic]]:
    """Load and validate the whole zone, its theme and the output folder a build would replace; writes nothing.

    What the last build parsed (.zonegen-cache/records.bin) is reused unless not use_cache."""
    loaded, diags = load(root, progress, use_cache=use_cache, keep_cache=_keep)
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
    clean: bool = False,
) -> BuildResult:
    """Check, then write the site as published on as_of (default today: 公示期 that ended are left out).

    `kiosk` writes the offline copy for service-hall terminals instead (`zonegen export --kiosk`);
    `finish` runs on the complete new folder just before it is swapped in (the export's manifest).
    Unless `clean`, what the last build left in .zonegen-cache/ is used: records whose bytes did
    not change are not parsed again, and pages that would come out the same are not written
    again (zonegen.incremental); the output is the same byte for byte.
    """
    timings: dict[str, float] = {}
    started = time.perf_counter()
    cached = not clean and not kiosk and finish is None
    loaded, diags = check(root, progress, out, use_cache=not clean, _keep=cached)
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
    notes = list(loaded.notes)
    try:
        with output.lock(target):
            output.clean_leftovers(target)
            if cached:
                problems, rendered = _incremental(loaded, site, target, progress, timings, notes)
            else:
                problems, rendered = _write(site, target, progress, timings, finish), len(site.pages)
    except output.OutputError as exc:
        problems = [exc.diagnostic]
    except OSError as exc:  # the lock or the leftovers: nothing of the new site exists yet
        problems = [output.os_error(exc, target, target)]
    if problems:
        return BuildResult(False, sort_diagnostics([*diags, *problems]), timings=timings, notes=notes)
    if loaded.save_cache is not None:
        loaded.save_cache()
    timings["total"] = time.perf_counter() - started
    return BuildResult(True, diags, len(site.pages), len(site.records), expired, timings, notes, rendered)


def _write(
    site: Site,
    target: Path,
    progress: Progress | None,
    timings: dict[str, float],
    finish: Callable[[Path], None] | None = None,
    shows: dict[str, Shows] | None = None,
) -> list[Diagnostic]:
    """Write the site beside target and swap it in; any problem removes the temporary folder."""
    tmp = output.temporary(target)
    try:
        problems = _write_site(site, tmp, progress, timings, shows)
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


def _write_site(
    site: Site, tmp: Path, progress: Progress | None, timings: dict[str, float], shows: dict[str, Shows] | None = None
) -> list[Diagnostic]:
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
    lost = render_all(renderer, tmp, progress, scanned, shows=shows)
    if lost:
        return lost
    timings["render"] = time.perf_counter() - mark
    _write_data(site, views, tmp, reports, scanned, timings=timings)
    write(tmp / MARKER, "zonegen output: this folder is replaced whole by the next build.\n")
    mark = time.perf_counter()
    # Personal data in what was written: nothing is swapped in. What was not scanned above is read back.
    leaks = final_gate(tmp, sizes, site.records, scanned)
    timings["gate"] = time.perf_counter() - mark
    return leaks


def _write_data(
    site: Site,
    views: Views,
    folder: Path,
    reports: list[tuple[str, str]],
    scanned: Scanned,
    changed: set[int] | None = None,
    timings: dict[str, float] | None = None,
) -> None:
    """Everything but the pages: search index, report data, forwarding pages, sitemap, feed, directory.json.

    With `changed` (an incremental build: the records whose content changed), only their forwarding pages.
    """

    def emit(path: str, text: str) -> None:
        write(folder / path, text)
        scanned.text(path, text)

    mark = time.perf_counter()
    build_index(site, folder)  # after the workers exit, so the two peaks of memory never add up
    if timings is not None:
        timings["search"] = time.perf_counter() - mark
        mark = time.perf_counter()
    if not site.kiosk:
        for path, text in reports:  # annual-reports/<year>.json, for the county's statistics
            emit(path, text)
        for path, index in site.moved:
            if changed is None or index in changed:
                emit(path, moved_page(site, path, index))
        emit("sitemap.xml", sitemap(site))
        emit("feed.xml", feed(site, views))
        emit("directory.json", directory(site, views))
    if timings is not None:
        timings["render"] += time.perf_counter() - mark


def _incremental(
    loaded: LoadedZone,
    site: Site,
    target: Path,
    progress: Progress | None,
    timings: dict[str, float],
    notes: list[str],
) -> tuple[list[Diagnostic], int]:
    """Update target from the last build's manifest where it can, else build it clean; then save the manifest.

    Returns the problems and how many pages were rendered."""
    mark = time.perf_counter()
    dirs = theme_dirs(site.zone.root, site.zone.theme)
    extras, _checked = load_extras(site.zone, dirs)
    shared = incremental.shared_fingerprint(loaded, dirs, extras, site.kiosk)
    structure = incremental.structure_fingerprint(site)
    contents = incremental.digests(site, loaded)
    manifest, found = incremental.read_manifest(site.zone.root, target)
    notes.extend(found)
    update = incremental.plan_update(site, manifest, shared, structure, contents, target) if manifest else None
    timings["plan-update"] = time.perf_counter() - mark
    shows: dict[str, Shows] = {}
    if update is None or manifest is None:
        incremental.forget_manifest(site.zone.root, target)
        problems = _write(site, target, progress, timings, shows=shows)
        if problems:
            return problems, 0
        pages: dict[str, tuple[Shows, str]] = {}
        files = incremental.sizes(target)
    elif not update.pages and not update.changed:
        return [], 0  # nothing changed: the output is already what this build would write
    else:
        problems = _update(site, target, extras, dirs, update, progress, timings, shows)
        if problems:
            return problems, 0
        pages, files = manifest.pages, incremental.sizes(target)
    everything = incremental.everything_key(contents)
    pages.update({path: (found, incremental.page_key(found, contents, everything)) for path, found in shows.items()})
    marker = incremental.marker_of(target)
    if marker is not None:
        incremental.save_manifest(
            site.zone.root,
            target,
            incremental.Manifest(str(target.resolve()), marker, shared, structure, contents, pages, files),
        )
    return [], len(shows)


def _update(
    site: Site,
    target: Path,
    extras: Extras,
    dirs: list[Path],
    update: incremental.Plan,
    progress: Progress | None,
    timings: dict[str, float],
    shows: dict[str, Shows],
) -> list[Diagnostic]:
    """Render what changed into a folder beside target, gate it, then move each file into target."""
    mark = time.perf_counter()
    staging = output.temporary(target)
    try:
        sizes = {path: (target / path).stat().st_size for path in _attachment_paths(site)}
        views = Views(site, sizes)
        views.prepare()
        renderer = Renderer(site, make_env(dirs), views, extras)
        reports = renderer.reports.files() if update.changed else []
        scanned = Scanned()
        pages = [site.pages[i] for i in update.pages]
        lost = render_all(renderer, staging, progress, scanned, pages=pages, shows=shows)
        if lost:
            return lost
        if update.changed:
            _write_data(site, views, staging, reports, scanned, set(update.records))
        leaks = final_gate(staging, (), site.records, scanned)
        timings["render"] = time.perf_counter() - mark
        if leaks:
            return leaks
        incremental.forget_manifest(site.zone.root, target)  # from here the output changes in place
        output.install(staging, target, replace=(SEARCH_DIR,) if update.changed else ())
        return []
    except ThemeError as exc:
        return [_theme_diagnostic(exc, site.zone.root)]
    except OSError as exc:
        return [output.os_error(exc, staging, target)]
    except UnicodeEncodeError as exc:
        return [output.unencodable(exc, target)]
    finally:
        output.remove(staging)


def _attachment_paths(site: Site) -> set[str]:
    return {attachment_path(record, name) for record in site.records for name in record.attachments}


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
