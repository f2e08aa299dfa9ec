"""Jinja rendering of every page, in parallel worker processes for large zones."""

from __future__ import annotations

import gc
import re
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2

from zonegen import pool
from zonegen.diagnostics import Diagnostic
from zonegen.extras import Extras
from zonegen.kiosk import offline_link, shown_as
from zonegen.qr import prepare as prepare_qr
from zonegen.qr import qr_svg
from zonegen.report.pages import SiteReports
from zonegen.safety.gate import Leak, Scanned, scan_text
from zonegen.schema import CORE_FIELDS, GUIDE_FIELDS, REPORT_FIELDS  # the one import of field labels
from zonegen.search import SEARCH_DIR
from zonegen.site import STATIC_DIR, Page, Site, node_url
from zonegen.views import Link, Views, pagination, stats

PARALLEL_THRESHOLD = 300


_HINT_VARIABLES = "检查模板中的变量名；模板可用的变量见 docs/themes.md"


class ThemeError(Exception):
    """A template problem, with the template's file and line for the diagnostic."""

    def __init__(self, message: str, file: str | None, line: int | None, hint: str = _HINT_VARIABLES) -> None:
        super().__init__(message)
        self.message, self.file, self.line, self.hint = message, file, line, hint

    def __reduce__(self):  # type: ignore[no-untyped-def]
        # Raised inside worker processes: it must survive the trip back through pickle.
        return (ThemeError, (self.message, self.file, self.line, self.hint))


def theme_error(exc: Exception) -> ThemeError:
    """Any failure of loading or rendering a template, at the template's line, in Chinese."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return ThemeError(
            f"模板语法错误：{exc.message}", exc.filename, exc.lineno, "检查这一行的 {{ }}、{% %} 是否成对、拼写是否正确"
        )
    file, line = _template_position(exc)
    if isinstance(exc, jinja2.UndefinedError):
        return ThemeError(f"模板使用了未定义的变量：{exc.message}", file, line)
    if isinstance(exc, jinja2.TemplateNotFound):  # also TemplatesNotFound
        return ThemeError(f"模板引用的“{exc.name}”不存在", file, line, HINT_NOT_FOUND)
    if isinstance(exc, RecursionError):
        return ThemeError(
            "模板无限递归：include、extends 或宏引用了自身，没有终止的条件",
            file,
            line,
            "去掉模板对自身的引用，或给递归加上终止条件",
        )
    if isinstance(exc, UnicodeDecodeError):
        return ThemeError("模板文件不是 UTF-8 编码", file, line, HINT_ENCODING)
    if isinstance(exc, ZeroDivisionError):
        return ThemeError("模板中的计算出错：除数为零", file, line, "检查这一行表达式中的除法")
    return ThemeError(
        f"模板中的表达式出错（{type(exc).__name__}：{exc}）",
        file,
        line,
        "检查这一行表达式中各个值的类型，例如数字和文字不能相加，文字不能做除法",
    )


HINT_NOT_FOUND = "检查 include、extends、import 中的模板文件名；主题的模板放在 themes/<主题>/templates/ 中"
HINT_ENCODING = "用 UTF-8 编码保存这个模板文件（记事本：另存为，编码选 UTF-8）"


def default_theme_dir() -> Path:
    return Path(str(resources.files("zonegen") / "data" / "themes" / "default"))


def theme_dirs(zone_root: Path, theme: str | None) -> list[Path]:
    """Theme folders in lookup order: the zone's own theme first, then the default."""
    dirs = []
    name = theme or "default"
    own = zone_root / "themes" / name
    if own.is_dir():
        dirs.append(own)
    default = default_theme_dir()
    if default.resolve() not in [d.resolve() for d in dirs]:
        dirs.append(default)
    return dirs


DEFAULT_PREFIX = "default/"  # `{% extends "default/base.html" %}`: the bundled template, whatever overrides it


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process, by their source's checksum.

    `zonegen serve` builds again and again in one process: an unchanged template is not compiled
    again (most of a small zone's rebuild), a changed one has another checksum and is.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # ignored by Jinja when the checksum differs

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


def make_env(dirs: list[Path]) -> jinja2.Environment:
    """Templates looked up in the theme folders in order; "default/…" always names the bundled one."""
    bundled = jinja2.PrefixLoader(
        {DEFAULT_PREFIX.rstrip("/"): jinja2.FileSystemLoader(default_theme_dir() / "templates")}
    )
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([bundled, jinja2.FileSystemLoader([str(d / "templates") for d in dirs])]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,  # a typo in a theme fails the build, with its line
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one build, one set of templates: no stat() of every template per page
        bytecode_cache=_COMPILED,  # every environment has these same settings, so the code is the same
    )
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}  # |tojson: readable Chinese
    env.filters["url"] = url
    env.globals["label"] = label
    return env


# The way back to the site root from the page being rendered. A context variable rather than
# Jinja's context, because macros imported without `with context` do not see the page's context.
_ROOT: ContextVar[str] = ContextVar("page_root", default="")


@jinja2.pass_context  # only so that Jinja never folds 'index.html'|url into a constant at compile time
def url(_context: jinja2.runtime.Context, path: str) -> str:
    """`{{ 'directory.html'|url }}`: a site-root-relative URL as a link from the current page."""
    if _EXTERNAL.match(path) or path.startswith("#"):
        return path
    return (_ROOT.get() + path.lstrip("/")) or "./"


_EXTERNAL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//")
_LABELS = {f.key: f.heading or f.label for f in (*CORE_FIELDS, *GUIDE_FIELDS, *REPORT_FIELDS)}


def label(key: str) -> str:
    """`{{ label('index_no') }}` → 索引号: the heading a page shows for a record field."""
    try:
        return _LABELS[key]
    except KeyError:
        raise jinja2.UndefinedError(f"label() 没有字段“{key}”；可用的字段：{'、'.join(_LABELS)}") from None


@dataclass(frozen=True)
class ZoneView:
    name: str
    title: str
    level: str
    base_url: str
    sponsor: str
    site_code: str
    icp: str
    police_record: str
    address: str
    phone: str


class Renderer:
    """Turns Pages into HTML strings."""

    def __init__(self, site: Site, env: jinja2.Environment, views: Views, extras: Extras | None = None) -> None:
        self.site, self.env, self.views = site, env, views
        self.extras = extras or Extras()
        footer = site.zone.footer
        self.zone = ZoneView(
            site.zone.name,
            site.zone.title,
            site.zone.level,
            site.zone.base_url,
            footer.sponsor,
            footer.site_code,
            footer.icp,
            footer.police_record,
            footer.address,
            footer.phone,
        )
        self.columns = views.columns()
        self._reports: SiteReports | None = None
        # QR layouts are built here, before render_all forks its workers, which then share them.
        prepare_qr(self.page_url(page) for page in site.pages)

    def page_url(self, page: Page) -> str:
        """The page's absolute online address (its QR code, its canonical link).

        A kiosk's attachment page exists only on the terminal: its address online is the file's.
        """
        return self.site.zone.base_url + quote(page.file if page.kind == "attachment" else page.path)

    @property
    def reports(self) -> SiteReports:
        """Annual reports, computed on first use (only zones with reports pay for them)."""
        if self._reports is None:
            self._reports = SiteReports(self.site)
        return self._reports

    def context(self, page: Page) -> tuple[str, dict[str, Any]]:
        """The template a page is rendered with, and every variable it gets (docs/themes.md lists them)."""
        context = self._common(page)
        builder: Callable[[Page], tuple[str, dict[str, Any]]] = getattr(self, f"_{page.kind}")
        template, extra = builder(page)
        context.update(extra)
        return template, context

    def render_tracked(self, page: Page) -> tuple[str, tuple[int, ...] | None]:
        """The page, and the records whose content it shows (None: it may show any record)."""
        self.views.touched = set()
        text = self.render(page)
        return text, self._shows(page)

    def _shows(self, page: Page) -> tuple[int, ...] | None:
        # Lists, the home page, the directory, statistics and annual reports draw on every record;
        # a record page and a column's page show the records the renderer asked the views for.
        if page.kind == "record":
            if self.site.records[page.record].kind == "年度报告":
                return None
            return tuple(sorted(self.views.touched | {page.record}))
        if page.kind in ("node", "attachment") and self.site.catalog.nodes[page.node].type != "annual-reports":
            return tuple(sorted(self.views.touched))
        if page.kind in ("search", "apply"):
            return ()  # the count of records and the zone's settings: the structure, not any record's content
        return None

    def render(self, page: Page) -> str:
        template, context = self.context(page)
        token = _ROOT.set(context["root"])
        try:
            return self.env.get_template(template).render(context)
        except Exception as exc:  # a theme is code a county writes: every failure is a diagnostic
            raise theme_error(exc) from None
        finally:
            _ROOT.reset(token)

    def _common(self, page: Page) -> dict[str, Any]:
        depth = page.path.count("/")
        root = "../" * depth
        # The navigation entry to mark as current: a top-level column id, or a site-wide page.
        top = page.node.split("/", 1)[0] if page.node else page.path
        address = self.page_url(page)
        return {
            "zone": self.zone,
            "columns": self.columns,
            "root": root,
            "static": f"{root}{STATIC_DIR}/",
            "page_path": page.path,
            "page_url": address,
            "current": top,
            "qr": qr_svg(address, f"当前页二维码：{address}"),
            "extra_css": self.extras.stylesheets,
            "extra_head": self.extras.head.html(root),
            "extra_footer": self.extras.footer.html(root),
            "kiosk": self.site.kiosk,
            "idle_seconds": self.site.zone.idle_seconds,
            # The newest record's date, not the export's: the same zone gives the same copy.
            "updated": self.site.records[0].published.isoformat() if self.site.records else "",
        }

    def _home(self, page: Page) -> tuple[str, dict[str, Any]]:
        site, views = self.site, self.views
        domains = [views.node(d.path) for d in site.catalog.domains if d.applies_to(site.zone.level)]
        notices = [i for i, r in enumerate(site.records) if r.kind == "公告公示"][:8]
        quick = [
            Link(views.node(c.path).title, node_url(c))
            for c in site.catalog.columns
            if c.type in ("guide", "annual-reports") or c.id == "application"
        ]
        return "home.html", {
            "latest": views.records(list(range(min(10, len(site.records))))),
            "notices": views.records(notices),
            "domains": domains,
            "quick_links": quick,
            "total": len(site.records),
        }

    def _directory(self, page: Page) -> tuple[str, dict[str, Any]]:
        years: dict[int, list] = {}
        for index in range(len(self.site.records)):
            view = self.views.record(index)
            years.setdefault(int(view.created[:4]), []).append(view)
        return "directory.html", {"years": sorted(years.items(), reverse=True)}

    def _stats(self, page: Page) -> tuple[str, dict[str, Any]]:
        return "stats.html", {"stats": stats(self.site)}

    def _search(self, page: Page) -> tuple[str, dict[str, Any]]:
        return "search.html", {"search_data": f"{SEARCH_DIR}/", "total": len(self.site.records)}

    def _apply(self, page: Page) -> tuple[str, dict[str, Any]]:
        guide = next((i for i, r in enumerate(self.site.records) if r.kind == "指南"), None)
        office = self._guide(guide, page.path)["contacts"] if guide is not None else []
        column = self.site.catalog.nodes.get("application")
        return "apply.html", {
            "office": office,
            "apply_url": self.site.zone.apply_url,
            "offline_apply": offline_link(self.site.zone.apply_url, self.site.zone.apply_url)
            if self.site.zone.apply_url
            else "",
            "column": self.views.node(column.path) if column is not None and self.site.shows(column.path) else None,
        }

    def _attachment(self, page: Page) -> tuple[str, dict[str, Any]]:
        record = self.site.records[page.record]
        name = next(a for a in self.views.attachments(page.record) if a.file == quote(page.file))
        online = self.page_url(page)
        return "attachment.html", {
            "record": self.views.record(page.record),
            "breadcrumbs": self.views.breadcrumbs(record.node),
            "attachment": name,
            "shown": shown_as(page.file),
            "online_url": online,
        }

    def _node(self, page: Page) -> tuple[str, dict[str, Any]]:
        views, site = self.views, self.site
        node = site.catalog.nodes[page.node]
        size = site.zone.page_size
        indices = site.by_node.get(page.node, [])[(page.page - 1) * size : page.page * size]
        extra: dict[str, Any] = {
            "node": views.node(page.node),
            "breadcrumbs": views.breadcrumbs(page.node),
            "children": views.children(page.node),
            "records": views.records(indices),
            "page": page.page,
            "pages": page.pages,
            "page_links": pagination(node, page.page, page.pages),
            "prev_url": node_url(node, page.page - 1) if page.page > 1 else None,
            "next_url": node_url(node, page.page + 1) if page.page < page.pages else None,
            "guide": None,
        }
        if node.type == "guide" and site.direct.get(node.path):
            extra["guide"] = self._guide(site.direct[node.path][0], page.path)
        if node.type == "annual-reports":
            extra.update(self.reports.column(node.path))
            return "annual_reports.html", extra
        return ("guide.html" if node.type == "guide" else "node.html"), extra

    def _guide(self, index: int, page_path: str) -> dict[str, Any]:
        record = self.site.records[index]
        return {
            "record": self.views.record(index),
            "body": self.views.body(index, "../" * page_path.count("/")),
            "contacts": [(label(f.key), str(record.extra[f.key])) for f in GUIDE_FIELDS if record.extra.get(f.key)],
        }

    def _record(self, page: Page) -> tuple[str, dict[str, Any]]:
        views, site = self.views, self.site
        index = page.record
        record = site.records[index]
        siblings = site.direct.get(record.node, [])
        position = siblings.index(index)
        newer = siblings[position - 1] if position > 0 else None
        older = siblings[position + 1] if position + 1 < len(siblings) else None
        report = self.reports.page(index) if record.kind == "年度报告" else None
        return ("report.html" if report else "record.html"), {
            "report": report,
            "record": views.record(index),
            "body": views.body(index, "../" * page.path.count("/")),
            "attachments": views.unlinked_attachments(index),
            "interpretations": views.interpretations(index),
            "interprets": views.interprets(index),
            "breadcrumbs": views.breadcrumbs(record.node),
            "newer": views.record(newer) if newer is not None else None,
            "older": views.record(older) if older is not None else None,
            "guide": self._guide(index, page.path) if record.kind == "指南" else None,
        }


def _template_position(exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost template frame of an exception raised while rendering."""
    tb = exc.__traceback__
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".html", ".xml", ".j2")) or "templates" in name:
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found


# Worker state, inherited through fork so that the site is never pickled.
_RENDERER: Renderer | None = None
_OUT: Path | None = None


def _render_page(page: Page) -> tuple[list[Leak], tuple[int, ...] | None]:
    assert _RENDERER is not None and _OUT is not None
    text, shows = _RENDERER.render_tracked(page)
    write(_OUT / page.path, text)
    return scan_text(page.path, text), shows  # the last gate, on the string just written (safety/gate.py)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def render_all(
    renderer: Renderer,
    out: Path,
    progress: Callable[[str, int, int], None] | None,
    scanned: Scanned,
    workers: int | None = None,
    pages: list[Page] | None = None,
    shows: dict[str, tuple[int, ...] | None] | None = None,
) -> list[Diagnostic]:
    """Render, write and scan (into `scanned`) the pages (default: every page of the site); a page
    whose worker died is an error. `shows` receives the records each page shows, by path."""
    global _RENDERER, _OUT
    _RENDERER, _OUT = renderer, out
    pages = renderer.site.pages if pages is None else pages
    total = len(pages)

    def report(done: int) -> None:
        if progress:
            progress("生成页面", done, total)

    parallel = total >= PARALLEL_THRESHOLD
    if parallel:
        # Freezing moves every object built so far out of the collector's reach, so the
        # workers' garbage collections do not write to (and so copy) the pages they share.
        gc.freeze()
    try:
        results = pool.map_items(_render_page, pages, chunk=250, parallel=parallel, workers=workers, progress=report)
    finally:
        if parallel:
            gc.unfreeze()
    lost = []
    for page, result in zip(pages, results, strict=True):
        if isinstance(result, pool.Lost):
            lost.append(_lost(renderer.site, page))
        else:
            scanned.add(page.path, result[0])
            if shows is not None:
                shows[page.path] = result[1]
    return lost


def _lost(site: Site, page: Page) -> Diagnostic:
    if page.kind == "record":
        return pool.lost_diagnostic(site.records[page.record].file, "生成这条记录的页面")
    return pool.lost_diagnostic(None, f"生成页面“{page.path}”")
