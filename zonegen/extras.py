"""A county's restyling without a theme of its own: zone.yaml `extra_css`, `extra_head`, `extra_footer`.

The stylesheets are copied to `_static/extra/<their path in the zone>` and linked after the
theme's own; the two HTML snippets are checked here and inserted on every page. Nothing a
county adds this way may make a request when a page is viewed (no CDN, no web fonts: kiosks
run offline from file://) or run a script. A theme's own templates are trusted code; these
snippets are the easy path a clerk may fill from a web page, so they are held to the body rules.

Every URL in a snippet is relative to the site root (`_static/county.png`, `directory.html`);
pages at different depths get it prefixed with their own way back to the root.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from markupsafe import Markup

from zonegen.diagnostics import Diagnostic, Diagnostics
from zonegen.safety.html import inspect, sanitize
from zonegen.source import read_text
from zonegen.yamlsrc import YamlDoc, lint_and_repair, parse_yaml
from zonegen.zone import ZONE_FILE, ZoneConfig

EXTRA_DIR = "_static/extra"
_STATIC = "_static"


@dataclass(frozen=True)
class Snippet:
    """Checked HTML: literal markup and site-root-relative URLs, alternating (markup first and last)."""

    parts: tuple[str, ...] = ("",)

    def html(self, root: str) -> Markup:
        # URLs are stored attribute-escaped, and root is only ever "../" repeated.
        return Markup("".join(part if i % 2 == 0 else root + part for i, part in enumerate(self.parts)))

    def __bool__(self) -> bool:
        return self.parts != ("",)


@dataclass(frozen=True)
class Extras:
    stylesheets: tuple[str, ...] = ()  # site-root-relative URLs, in zone.yaml order
    files: tuple[tuple[Path, str], ...] = ()  # (source file, output path) to copy
    head: Snippet = field(default_factory=Snippet)
    footer: Snippet = field(default_factory=Snippet)


def load_extras(zone: ZoneConfig, theme_dirs: Iterable[Path]) -> tuple[Extras, list[Diagnostic]]:
    """The zone's extras, checked; every problem is reported at its key in zone.yaml."""
    if not (zone.extra_css or zone.extra_head or zone.extra_footer):
        return Extras(), []
    checker = _Checker(zone.root, _zone_doc(zone.root))
    stylesheets = []
    for index, name in enumerate(zone.extra_css):
        where = ("extra_css", index)
        path = checker.zone_file(name, where, (".css",), "样式表")
        if path is None:
            continue
        output = f"{EXTRA_DIR}/{_relative(zone.root, path)}"
        text = checker.read(path, where)
        if text is not None and checker.css(text, where, f"extra_css“{name}”", 1, base=path.parent):
            checker.files[output] = path
            stylesheets.append(output)
    # What a snippet may refer to: the theme's static files and the files copied above.
    available = set(checker.files)
    for folder in theme_dirs:
        static = folder / "static"
        if static.is_dir():
            available.update(f"{_STATIC}/{p.relative_to(static).as_posix()}" for p in static.rglob("*") if p.is_file())
    head = checker.snippet(zone.extra_head, "extra_head", lambda text, at: _head(text, at, checker, available))
    footer = checker.snippet(zone.extra_footer, "extra_footer", lambda text, at: _footer(text, at, checker, available))
    files = tuple((source, output) for output, source in checker.files.items())
    return Extras(tuple(stylesheets), files, head, footer), checker.diags.items


def _zone_doc(root: Path) -> YamlDoc | None:
    """zone.yaml again, for the positions of its keys (zone.py keeps only the values)."""
    text = read_text(root / ZONE_FILE, Diagnostics())  # zone.py reported any problem reading it
    if text is None:
        return None
    parsed = parse_yaml(lint_and_repair(text)[0])
    return parsed if isinstance(parsed, YamlDoc) else None


def _inside(path: Path, root: Path) -> bool:
    """Whether a file, its symbolic links followed, is inside the zone."""
    return path.resolve().is_relative_to(root.resolve())


def _relative(root: Path, path: Path) -> str:
    return Path(os.path.relpath(path, root)).as_posix()


class _Checker:
    """Collects diagnostics at zone.yaml and the files the checked extras need copied."""

    def __init__(self, root: Path, doc: YamlDoc | None) -> None:
        self.root, self.doc = root.absolute(), doc
        self.diags = Diagnostics(ZONE_FILE)
        self.files: dict[str, Path] = {}  # output path → source

    def error(self, code: str, where: tuple, message: str, hint: str) -> None:
        line, column = self.doc.value_at(where) if self.doc else (None, None)
        self.diags.error(code, message, line, column, hint)

    def zone_file(self, name: str, where: tuple, suffixes: tuple[str, ...], what: str) -> Path | None:
        """A file inside the zone (not under content/), given relative to the zone folder."""
        key = ".".join(map(str, where[:1]))
        typed = name.replace("\\", "/")
        relative = os.path.normpath(typed)
        if Path(typed).is_absolute() or re.match(r"^[A-Za-z]:", typed):
            self.error("extra-file", where, f"{key}“{name}”应为相对于专区目录的路径", "例如 themes/county.css")
            return None
        if relative == ".." or relative.startswith("../"):
            self.error("extra-file", where, f"{key}“{name}”在专区目录之外", "把文件放进专区目录，例如 themes/ 下")
            return None
        if relative == "content" or relative.startswith("content/"):
            self.error(
                "extra-file",
                where,
                f"{key}“{name}”放在 content/ 中",
                "content/ 只放公开信息和附件；样式和页面片段请放在 themes/ 下",
            )
            return None
        if not relative.lower().endswith(suffixes):
            self.error(
                "extra-file", where, f"{key}“{name}”不是{what}文件", f"{what}文件名应以 {'、'.join(suffixes)} 结尾"
            )
            return None
        path = self.root / relative
        if not path.is_file():
            self.error(
                "extra-file", where, f"找不到{key}文件“{name}”", f"检查文件名和所在目录（相对于 {ZONE_FILE} 所在目录）"
            )
            return None
        if not _inside(path, self.root):
            self.error("extra-file", where, f"{key}“{name}”链接到专区目录之外的文件", "把文件本身复制进专区目录")
            return None
        return path

    def read(self, path: Path, where: tuple) -> str | None:
        found = Diagnostics(_relative(self.root, path))
        text = read_text(path, found)
        self.diags.extend(found)
        return text

    def snippet(self, name: str | None, key: str, check: Callable[[str, _At], Snippet]) -> Snippet:
        if not name:
            return Snippet()
        path = self.zone_file(name, (key,), (".html", ".htm"), "HTML ")
        text = self.read(path, (key,)) if path else None
        if text is None:
            return Snippet()
        return check(text, _At(self, key, name))

    def css(self, text: str, where: tuple, what: str, first_line: int, base: Path | None) -> bool:
        """Whether a stylesheet makes no request outside the site; relative files it uses are copied."""
        ok = True
        plain = _CSS_COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
        for match in _CSS_AT.finditer(plain):
            rule, line = match.group(1).lower(), plain.count("\n", 0, match.start()) + first_line
            hint = _AT_HINTS.get(rule, "删除这条规则")
            self.error("extra-external", where, f"{what}第{line}行：不能使用 @{rule}", hint)
            ok = False
        plain = _CSS_AT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), plain)  # one problem each, not two
        for match in _CSS_URL.finditer(plain):
            value = next(g for g in match.groups() if g is not None).strip()
            line = plain.count("\n", 0, match.start()) + first_line
            ok = self._css_url(value, where, f"{what}第{line}行：url({value})", base) and ok
        for match in _CSS_IMAGE_SET.finditer(plain):  # image-set("a.png" 1x): bare strings are URLs too
            line = plain.count("\n", 0, match.start()) + first_line
            for quoted in _CSS_STRING.finditer(_CSS_URL.sub("", match.group(1))):  # url()s were checked above
                value = next(g for g in quoted.groups() if g is not None).strip()
                ok = self._css_url(value, where, f"{what}第{line}行：image-set 中的“{value}”", base) and ok
        return ok

    def _css_url(self, value: str, where: tuple, what: str, base: Path | None) -> bool:
        if value.startswith(("data:", "#")) or not value:
            return True
        if _SCHEME.match(value) or value.startswith("//"):
            self.error("extra-external", where, f"{what} 指向外部网址", _OFFLINE_HINT)
            return False
        if base is None:  # inline <style>: the same text is on pages at every depth
            self.error(
                "extra-link",
                where,
                f"{what} 是相对地址，在不同层级的页面上会指向不同的文件",
                "把这段样式放进 extra_css 的样式表文件",
            )
            return False
        path = value.split("#", 1)[0].split("?", 1)[0]
        target = Path(os.path.normpath(base / path))
        inside = target.is_relative_to(self.root) and not target.is_relative_to(self.root / "content")
        if value.startswith("/") or not inside or not target.is_file() or not _inside(target, self.root):
            self.error(
                "extra-link",
                where,
                f"{what} 找不到文件",
                "写相对于样式表所在目录的路径，文件放在专区目录中（不能在 content/ 中）",
            )
            return False
        self.files[f"{EXTRA_DIR}/{_relative(self.root, target)}"] = target
        return True


_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.S)
_CSS_AT = re.compile(r"@(import|font-face|namespace)\b(?:[^;{}]*;|[^;{}]*\{[^}]*\}?)?", re.I)
_CSS_URL = re.compile(r"""\burl\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)""", re.I)
_CSS_IMAGE_SET = re.compile(r"image-set\(((?:[^()]|\([^()]*\))*)\)", re.I)
_CSS_STRING = re.compile(r""""([^"]*)"|'([^']*)'""")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_OFFLINE_HINT = (
    "页面不能在浏览时访问外部网站（没有 CDN、网页字体），离线的触摸屏也要能打开；把文件复制进专区后用相对地址"
)
_AT_HINTS = {
    "import": "不能用 @import 引入其他样式表；把每个样式表都列在 extra_css 中",
    "font-face": '不使用网页字体（文件大，离线时无法加载）；用系统字体，如 font-family: "Microsoft YaHei", sans-serif',
}


@dataclass(frozen=True)
class _At:
    """Where a snippet's problems are reported: its key in zone.yaml, naming the snippet's own line."""

    checker: _Checker
    key: str
    name: str

    def error(self, code: str, line: int, message: str, hint: str) -> None:
        self.checker.error(code, (self.key,), f"{self.key}“{self.name}”第{line}行：{message}", hint)

    def warning(self, code: str, line: int, message: str, hint: str) -> None:
        where = self.checker.doc.value_at((self.key,)) if self.checker.doc else (None, None)
        self.checker.diags.warning(code, f"{self.key}“{self.name}”第{line}行：{message}", *where, hint)


def _site_url(value: str, line: int, at: _At, available: set[str], must_exist: bool) -> bool:
    """A relative URL in a snippet: relative to the site root, and for embedded files, a real file."""
    if value.startswith("/") or value.startswith("../") or value == "..":
        at.error(
            "extra-link",
            line,
            f"地址“{value}”不是相对于网站根目录的地址",
            "写成相对于网站根目录的地址，例如 _static/county.png",
        )
        return False
    path = html.unescape(value).split("#", 1)[0].split("?", 1)[0]
    if must_exist and path not in available:
        at.error(
            "extra-link",
            line,
            f"地址“{value}”指向的文件不在网站中",
            "可以引用主题 static/ 中的文件（地址 _static/文件名）或 extra_css 列出的样式表",
        )
        return False
    return True


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "param", "source", "track", "wbr"}
_HEAD_ATTRIBUTES = {"meta": {"name", "content"}, "link": {"rel", "href", "media"}, "style": {"media"}}


class _HeadParser(HTMLParser):
    """Only <meta name content>, <link rel="stylesheet"> to a site file, and <style> without requests."""

    def __init__(self, at: _At, checker: _Checker, available: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.at, self.checker, self.available = at, checker, available
        self.parts: list[str] = [""]
        self.style: tuple[int, str, list[str]] | None = None  # line, opening tag, text
        self.refused: list[str] = []  # open elements already reported: their text is not reported again
        self.ok = True

    def problem(self, code: str, message: str, hint: str) -> None:
        self.at.error(code, self.getpos()[0], message, hint)
        self.ok = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        allowed = _HEAD_ATTRIBUTES.get(tag)
        if allowed is None:
            what = "脚本" if tag in ("script", "noscript") else f"<{tag}>"
            self.problem(
                "extra-unsafe", f"页头片段不能含{what}", '页头片段只能含 <meta>、<link rel="stylesheet"> 和 <style>'
            )
            if tag not in _VOID:
                self.refused.append(tag)
            return
        values = {name: value or "" for name, value in attrs}
        for name in values.keys() - allowed:
            self.problem("extra-unsafe", f"<{tag}> 不能带 {name} 属性", f"<{tag}> 只能带 {'、'.join(sorted(allowed))}")
        text = "".join(f' {name}="{html.escape(value)}"' for name, value in values.items() if name in allowed)
        if tag == "style":
            self.style = (self.getpos()[0], f"<style{text}>", [])
        elif tag == "meta":
            self.parts[-1] += f"<meta{text}>\n"
        else:
            self._link(values)

    def _link(self, values: dict[str, str]) -> None:
        href, line = values.get("href", ""), self.getpos()[0]
        if values.get("rel", "").lower() != "stylesheet" or not href:
            self.problem(
                "extra-unsafe", "<link> 只能用于样式表", '写成 <link rel="stylesheet" href="_static/文件名.css">'
            )
        elif _SCHEME.match(href) or href.startswith("//"):
            self.problem("extra-external", f"<link> 指向外部网址 {href}", _OFFLINE_HINT)
        elif _site_url(href, line, self.at, self.available, must_exist=True):
            media = f' media="{html.escape(values["media"])}"' if "media" in values else ""
            self.parts[-1] += '<link rel="stylesheet" href="'
            self.parts += [html.escape(href), f'"{media}>\n']
        else:
            self.ok = False

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag in self.refused:
            del self.refused[self.refused.index(tag) :]
        if tag == "style" and self.style is not None:
            line, opening, text = self.style
            css = "".join(text)
            where = (self.at.key,)
            if self.checker.css(css, where, f"{self.at.key}“{self.at.name}”", line, base=None):
                self.parts[-1] += f"{opening}{css}</style>\n"
            else:
                self.ok = False
            self.style = None

    def handle_data(self, data: str) -> None:
        if self.style is not None:
            self.style[2].append(data)
        elif data.strip() and not self.refused:
            self.problem(
                "extra-unsafe", f"页头片段中不能有文字“{data.strip()[:20]}”", "页面上显示的文字请放进 extra_footer"
            )


def _head(text: str, at: _At, checker: _Checker, available: set[str]) -> Snippet:
    parser = _HeadParser(at, checker, available)
    parser.feed(text)
    parser.close()
    if parser.style is not None:
        parser.problem("extra-unsafe", "<style> 没有结束", "在样式后加上 </style>")
    return Snippet(tuple(parser.parts)) if parser.ok else Snippet()


# nh3 writes every attribute as name="value" with " escaped, and escapes < in text,
# so in its output these two patterns find exactly the tags and their URL attributes.
_TAG = re.compile(r'<([a-z][a-z0-9]*)((?:\s+[^\s"\'>/=]+(?:="[^"]*")?)*)\s*/?>')
_URL_ATTRIBUTE = re.compile(r'(\s(href|src)=")([^"]*)"')


def _footer(text: str, at: _At, checker: _Checker, available: set[str]) -> Snippet:
    ok = True
    removed = inspect(text, 1, 1)
    for item in removed:
        if item.unsafe:
            at.error(
                "extra-unsafe",
                item.line,
                f"不能含{item.what}",
                "页脚片段与正文的规则相同：不能有脚本、表单、嵌入内容和隐藏内容",
            )
            ok = False
    harmless = [r for r in removed if not r.unsafe]
    if harmless:
        names = "、".join(dict.fromkeys(r.what for r in harmless))
        at.warning(
            "extra-unsupported",
            harmless[0].line,
            f"{names}不会保留",
            "页脚片段只保留正文允许的标签和属性；用 .footer-extra 下的元素选择器（如 .footer-extra a）写样式",
        )
    clean = sanitize(text)
    parts = [""]
    last = 0
    for tag in _TAG.finditer(clean):
        for attribute in _URL_ATTRIBUTE.finditer(tag.group(2)):
            value = attribute.group(3)
            line = text[: max(text.find(html.unescape(value)), 0)].count("\n") + 1
            embedded = tag.group(1) == "img"
            if _SCHEME.match(value) or value.startswith(("//", "#")):
                if embedded and not value.startswith("#"):
                    at.error("extra-external", line, f"图片地址“{value}”指向外部网站", _OFFLINE_HINT)
                    ok = False
                continue
            if not _site_url(value, line, at, available, must_exist=embedded):
                ok = False
                continue
            start = tag.start(2) + attribute.start(3)
            parts[-1] += clean[last:start]
            parts.append(value)
            parts.append("")
            last = start + len(value)
    parts[-1] += clean[last:]
    return Snippet(tuple(parts)) if ok else Snippet()
