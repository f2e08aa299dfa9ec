"""Record bodies: CommonMark with GFM tables to HTML, plus the plain text used for summaries.

Parsing uses markdown-it.rs (markdown-it-pyrs), the Rust port of markdown-it: on a
10,000-record zone the pure-Python markdown-it-py took three quarters of the build time
(see docs/performance.md); the Rust port renders the same CommonMark about 100× faster.
"""

from __future__ import annotations

import html as htmllib
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import markdown_it_pyrs

from zonegen.diagnostics import Diagnostic
from zonegen.nesting import nesting_problem
from zonegen.safety.html import removal_warnings, sanitize, unsafe_url, visible_text

# Raw HTML is never trusted: a body that has any goes through the nh3 allow-list in
# zonegen/safety/html.py, which also removes data: images the parser itself lets through
# (it refuses javascript:, vbscript: and file: links on its own).
_RULES = [
    "blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph", "reference",
    "autolink", "backticks", "emphasis", "entity", "escape", "image", "link", "newline",
    "strikethrough", "table", "html_block", "html_inline",
]  # fmt: skip
_MD = markdown_it_pyrs.MarkdownIt("zero").enable_many(_RULES)
# markdown-it.rs 0.6 panics on an unmatched backtick inside a link label ("[`"). For such a
# body the same parser without inline code is used: the backticks then show as typed.
_MD_NO_CODE = markdown_it_pyrs.MarkdownIt("zero").enable_many([r for r in _RULES if r != "backticks"])
_COMMENT = re.compile(r"<!--.*?-->", re.S)
# An href or src in raw HTML, whatever its quoting (nh3 writes them back double-quoted).
_RAW_URL = re.compile(r"""\s(href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
# [label](destination) as written; the parser turns it into text when it refuses the URL.
_LINK_SOURCE = re.compile(
    r"\[(?P<label>[^\[\]\n]*)\]\(\s*(?P<dest><[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)[^)\n]*\)"
)
_BLOCKS = {"paragraph", "heading", "tcell", "list_item", "blockquote", "code_block", "fence"}


@dataclass(frozen=True, slots=True)
class BodyLink:
    """A URL the body links to or embeds (href or src, as in the HTML), and where it is written."""

    url: str
    line: int
    column: int
    embeds: bool = False  # an image's src, not a link a visitor follows


@dataclass
class Rendered:
    html: str
    text: str
    headings: list[str] = field(default_factory=list)
    heading_lines: list[int] = field(default_factory=list)  # source line of each heading
    diagnostics: list[Diagnostic] = field(default_factory=list)
    links: list[BodyLink] = field(default_factory=list)


def strip_comments(body: str) -> str:
    """Drop clerks' <!-- notes -->, keeping line numbers where they were."""
    if "<!--" not in body:
        return body
    return _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), body)


def _parser_for(source: str) -> markdown_it_pyrs.MarkdownIt:
    """The full parser, unless this body trips the Rust parser's backtick panic."""
    if "`" not in source or "[" not in source:
        return _MD
    try:
        with _quiet_stderr():  # the panic prints a Rust backtrace a clerk should not see
            _MD.tree(source)
    except BaseException as exc:  # pyo3's PanicException derives from BaseException
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        return _MD_NO_CODE
    return _MD


@contextmanager
def _quiet_stderr() -> Iterator[None]:
    saved = os.dup(2)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


class _Positions:
    """Byte offsets in a body (the parser's srcmap) → line and column, counted from first_line.

    The walk asks in source order, so lines are counted from the last answer: one pass over the
    body in all, however many headings, links and images it has.
    """

    def __init__(self, source: str, first_line: int) -> None:
        self.source, self.first_line = source, first_line
        self._encoded: bytes | None = None
        self._last = (0, 0)  # (byte offset, newlines before it)

    def at(self, offset: int) -> tuple[int, int]:
        if self._encoded is None:
            self._encoded = self.source.encode("utf-8")
        encoded = self._encoded
        start, lines = self._last if offset >= self._last[0] else (0, 0)
        lines += encoded.count(b"\n", start, offset)
        self._last = (offset, lines)
        line_start = encoded.rfind(b"\n", 0, offset) + 1
        return self.first_line + lines, len(encoded[line_start:offset].decode("utf-8", "replace")) + 1


def render(body: str, file: str, first_line: int) -> Rendered:
    """Render a record body; line numbers in diagnostics count from first_line."""
    source = strip_comments(body)
    too_deep = nesting_problem(source, file, first_line)
    if too_deep is not None:  # not parsed; the raw text still goes through the checks of text
        return Rendered("", source, diagnostics=[too_deep])
    parser = _parser_for(source)
    result = Rendered("", "")
    if "](" in source and ":" in source:
        source = _drop_refused_links(parser, source, _Positions(source, first_line), file, result)
    result.html = parser.render(source)
    where = _Positions(source, first_line)
    parts: list[str] = []
    raw: list[tuple[str, int]] = []  # untrusted HTML (or URL) and its byte offset in source
    for node in parser.tree(source).walk():
        name = node.name
        offset = node.srcmap[0] if node.srcmap else 0
        if name == "text":
            parts.append(node.meta["content"])
        elif name in ("html_block", "html_inline"):
            raw.append((node.meta["content"], offset))
            result.links.extend(_raw_links(node.meta["content"], *where.at(offset)))
            if name == "html_block":
                parts.append(" " + visible_text(node.meta["content"]) + " ")
        elif name in ("image", "link") and unsafe_url(node.meta.get("url", "")):
            tag = '<img src="{}">' if name == "image" else '<a href="{}">'
            raw.append((tag.format(node.meta["url"]), offset))
        elif name in ("softbreak", "hardbreak") or name in _BLOCKS:
            parts.append(" ")
            if name == "heading":
                result.headings.append(_text_of(node))
                result.heading_lines.append(where.at(offset)[0])
        elif name == "code_inline":
            parts.append(node.meta.get("content", ""))
        if name in ("image", "link") and not unsafe_url(node.meta.get("url", "")):
            result.links.append(BodyLink(node.meta.get("url", ""), *where.at(offset), name == "image"))
        if name == "image" and not _text_of(node).strip():
            result.diagnostics.append(
                Diagnostic(
                    "warning",
                    "image-alt-missing",
                    file,
                    *where.at(offset),
                    "图片没有替代文字：读屏软件无法向视障用户说明这张图片",
                    "在 ![ ] 的方括号里写上图片内容，例如 ![白石乡便民服务中心位置图](map.png)",
                )
            )
    result.text = _SPACE.sub(" ", "".join(parts)).strip()
    if raw:
        result.html = sanitize(result.html)
        result.diagnostics.extend(removal_warnings(raw, source, file, first_line))
    return result


def _raw_links(fragment: str, line: int, column: int) -> list[BodyLink]:
    """The safe hrefs and srcs of a raw HTML fragment (unsafe ones are removed by sanitising)."""
    links = []
    for match in _RAW_URL.finditer(fragment):
        url = htmllib.unescape(next(g for g in match.groups()[1:] if g is not None))
        if not unsafe_url(url):
            before = fragment[: match.start()]
            at_line = line + before.count("\n")
            at_col = (column if "\n" not in before else 1) + len(before) - (before.rfind("\n") + 1)
            links.append(BodyLink(url, at_line, at_col + 1, match.group(1).lower() == "src"))
    return links


def _drop_refused_links(
    parser: markdown_it_pyrs.MarkdownIt, source: str, where: _Positions, file: str, result: Rendered
) -> str:
    """`[label](javascript:…)`: the parser refuses the URL and would print the whole thing as text.

    Keep only the label, and say so at its line. Only links written in prose count: the same
    text inside code is shown as typed.
    """
    if not any(unsafe_url(m.group("dest").strip("<>")) for m in _LINK_SOURCE.finditer(source)):
        return source  # the common case (only http links): no second parse of the body
    prose: list[tuple[int, int]] = []
    inside_code = -1
    for node in parser.tree(source).walk():
        if node.name == "code_inline" and node.srcmap:
            inside_code = node.srcmap[1]
        elif node.name == "text" and node.srcmap and node.srcmap[0] >= inside_code:
            prose.append(node.srcmap)
    pieces: list[str] = []
    done = 0
    for match in _LINK_SOURCE.finditer(source):
        scheme = unsafe_url(match.group("dest").strip("<>"))
        offset = len(source[: match.start()].encode("utf-8"))
        if scheme is None or not any(start <= offset < end for start, end in prose):
            continue
        label = match.group("label")
        result.diagnostics.append(
            Diagnostic(
                "warning",
                "link-unsafe",
                file,
                *where.at(offset),
                f"链接“{label}”的地址以 {scheme} 开头，不安全，已去掉链接，只保留文字",
                "链接只能指向网页（https://…）、本专区的记录或附件文件",
            )
        )
        pieces += [source[done : match.start()], label]
        done = match.end()
    return "".join(pieces) + source[done:] if pieces else source


def _text_of(node: markdown_it_pyrs.Node) -> str:
    return "".join(n.meta["content"] for n in node.walk() if n.name == "text")


_SPACE = re.compile(r"\s+")


def summarize(text: str, limit: int = 120) -> str:
    """The first `limit` characters of the body's text, for 内容概述 when none is given."""
    flat = _SPACE.sub(" ", text).strip()
    return flat if len(flat) <= limit else flat[:limit].rstrip() + "……"
