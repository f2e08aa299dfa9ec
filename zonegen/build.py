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

from zonegen.diagnostics import Diagnostic, blocks, sort_diagnostics
from zonegen.extras import load_extras
from zonegen.load import LoadedZone, load
from zonegen.outputs import directory, feed, sitemap
from zonegen.render import Renderer, ThemeError, make_env, render_all, theme_dirs, write
from zonegen.rules.zone import validate
from zonegen.search import build_index
from zonegen.site import STATIC_DIR, Site, attachment_path, plan
from zonegen.views import Views

Progress = Callable[[str, int, int], None]
MARKER = ".zonegen-build"


@dataclass
class BuildResult:
    ok: bool
    diagnostics: list[Diagnostic]
    pages: int = 0
    records: int = 0
    timings: dict[str, float] = field(default_factory=dict)


def check(root: Path, progress: Progress | None = None) -> tuple[LoadedZone | None, list[Diagnostic]]:
    """Load and validate the whole zone; writes nothing."""
    loaded, diags = load(root, progress)
    if loaded is not None:
        diags.extend(validate(loaded))
    return loaded, sort_diagnostics(diags)


def build(
    root: Path,
    out: Path | None = None,
    strict: bool = False,
    progress: Progress | None = None,
    as_of: dt.date | None = None,
) -> BuildResult:
    """Check, then write the site as published on as_of (default today: 公示期 that ended are left out)."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    loaded, diags = check(root, progress)
    timings["load+validate"] = time.perf_counter() - started
    out = (out or root / "public").absolute()
    if loaded is not None:
        diags = sort_diagnostics([*diags, *_output_problems(root, out), *_theme_problems(loaded)])
    if loaded is None or blocks(diags, strict):
        return BuildResult(False, diags, timings=timings)
    mark = time.perf_counter()
    site = plan(loaded, as_of or dt.date.today())
    timings["plan"] = time.perf_counter() - mark
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        _write_site(site, tmp, progress, timings)
    except ThemeError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        where = _theme_relative(exc.file, root)
        diags.append(
            Diagnostic(
                "error",
                "theme-error",
                where,
                exc.line,
                None,
                exc.message,
                "检查模板中的变量名；模板可用的变量见 docs/themes.md",
            )
        )
        return BuildResult(False, sort_diagnostics(diags), timings=timings)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _swap(tmp, out)
    timings["total"] = time.perf_counter() - started
    return BuildResult(True, diags, len(site.pages), len(site.records), timings)


def _write_site(site: Site, tmp: Path, progress: Progress | None, timings: dict[str, float]) -> None:
    mark = time.perf_counter()
    tmp.mkdir(parents=True)
    dirs = theme_dirs(site.zone.root, site.zone.theme)
    for theme in reversed(dirs):  # the zone's own theme is copied last, so it wins
        _copy_tree(theme / "static", tmp / STATIC_DIR)
    extras, _checked = load_extras(site.zone, dirs)  # validate reported its problems; errors stop before here
    for source, path in extras.files:
        (tmp / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, tmp / path)
    sizes = _copy_attachments(site, tmp)
    timings["copy"] = time.perf_counter() - mark
    mark = time.perf_counter()
    views = Views(site, sizes)
    views.prepare()  # built once here and shared with the workers, not once per worker
    renderer = Renderer(site, make_env(dirs), views, extras)
    reports = renderer.reports.files()  # computed before workers fork, so they inherit it
    render_all(renderer, tmp, progress)
    build_index(site, tmp)  # after the workers exit, so the two peaks of memory never add up
    for path, text in reports:  # annual-reports/<year>.json, for the county's statistics
        write(tmp / path, text)
    write(tmp / "sitemap.xml", sitemap(site))
    write(tmp / "feed.xml", feed(site, views))
    write(tmp / "directory.json", directory(site, views))
    write(tmp / MARKER, "zonegen output: this folder is replaced whole by the next build.\n")
    timings["render"] = time.perf_counter() - mark


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


def _copy_attachments(site: Site, tmp: Path) -> dict[str, int]:
    """Copy the attachments of published records only; returns their sizes by output path."""
    sizes: dict[str, int] = {}
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
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, dest)
            sizes[path] = dest.stat().st_size
    return sizes


def _swap(tmp: Path, out: Path) -> None:
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        out.rename(old)
    tmp.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def _output_problems(root: Path, out: Path) -> list[Diagnostic]:
    """Refuse output folders whose replacement would destroy the zone or someone's files."""
    zone = root.resolve()
    target = out.resolve()
    shown = str(out)
    if (
        target == zone
        or zone.is_relative_to(target)
        or target.is_relative_to(zone / "content")
        or target.is_relative_to(zone / "themes")
    ):
        return [
            Diagnostic(
                "error",
                "output-unsafe",
                None,
                None,
                None,
                f"输出目录 {shown} 会覆盖专区自身的文件",
                "请指定专区之外或专区内的 public/ 目录",
            )
        ]
    if target.exists() and (not target.is_dir() or (any(target.iterdir()) and not (target / MARKER).exists())):
        return [
            Diagnostic(
                "error",
                "output-not-ours",
                None,
                None,
                None,
                f"输出目录 {shown} 已存在且不是 zonegen 生成的，不会覆盖",
                "换一个输出目录，或先手动清空它",
            )
        ]
    return []


def _theme_problems(loaded: LoadedZone) -> list[Diagnostic]:
    theme = loaded.zone.theme
    if theme and theme != "default" and not (loaded.zone.root / "themes" / theme).is_dir():
        return [
            Diagnostic(
                "error",
                "theme-missing",
                "zone.yaml",
                None,
                None,
                f"找不到主题“{theme}”",
                f"主题应放在 themes/{theme}/（templates/ 和 static/）",
            )
        ]
    return []


def _theme_relative(file: str | None, root: Path) -> str | None:
    if not file:
        return None
    path = Path(file)
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
