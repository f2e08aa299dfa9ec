"""Record bodies: CommonMark with GFM tables to HTML, plus the plain text used for summaries.

Parsing uses markdown-it.rs (markdown-it-pyrs), the Rust port of markdown-it: on a
10,000-record zone the pure-Python markdown-it-py took three quarters of the build time
(see docs/performance.md); the Rust port renders the same CommonMark about 100× faster.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import markdown_it_pyrs

from zonegen.diagnostics import Diagnostic
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
# A relative link to another record's .md file points to its page (.html) in the built zone.
_MD_LINK = re.compile(r'((?:href|src)=")(?![a-zA-Z][a-zA-Z0-9+.-]*:)([^"#?]*?)\.md((?:#[^"]*)?")')
_BLOCKS = {"paragraph", "heading", "tcell", "list_item", "blockquote", "code_block", "fence"}


@dataclass
class Rendered:
    html: str
    text: str
    headings: list[str] = field(default_factory=list)
    heading_lines: list[int] = field(default_factory=list)  # source line of each heading
    diagnostics: list[Diagnostic] = field(default_factory=list)


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


def render(body: str, file: str, first_line: int) -> Rendered:
    """Render a record body; line numbers in diagnostics count from first_line."""
    source = strip_comments(body)
    parser = _parser_for(source)
    html = _MD_LINK.sub(r"\1\2.html\3", parser.render(source))
    result = Rendered(html, "")
    parts: list[str] = []
    encoded: bytes | None = None
    raw: list[tuple[str, int]] = []  # untrusted HTML (or URL) and its byte offset in source
    seen = (0, 0)  # (byte offset, newlines before it) of the last heading: lines counted once
    for node in parser.tree(source).walk():
        name = node.name
        if name == "text":
            parts.append(node.meta["content"])
        elif name in ("html_block", "html_inline"):
            raw.append((node.meta["content"], node.srcmap[0] if node.srcmap else 0))
            if name == "html_block":
                parts.append(" " + visible_text(node.meta["content"]) + " ")
        elif name in ("image", "link") and unsafe_url(node.meta.get("url", "")):
            tag = '<img src="{}">' if name == "image" else '<a href="{}">'
            raw.append((tag.format(node.meta["url"]), node.srcmap[0] if node.srcmap else 0))
        elif name in ("softbreak", "hardbreak") or name in _BLOCKS:
            parts.append(" ")
            if name == "heading":
                if encoded is None:
                    encoded = source.encode("utf-8")
                offset = max(node.srcmap[0] if node.srcmap else 0, seen[0])  # headings come in source order
                seen = (offset, seen[1] + encoded.count(b"\n", seen[0], offset))
                result.headings.append(_text_of(node))
                result.heading_lines.append(first_line + seen[1])
        elif name == "code_inline":
            parts.append(node.meta.get("content", ""))
        elif name == "image" and not _text_of(node).strip():
            if encoded is None:
                encoded = source.encode("utf-8")
            before = encoded[: node.srcmap[0] if node.srcmap else 0]
            line_start = before.rfind(b"\n") + 1
            result.diagnostics.append(
                Diagnostic(
                    "warning",
                    "image-alt-missing",
                    file,
                    first_line + before.count(b"\n"),
                    len(before[line_start:].decode("utf-8", "replace")) + 1,
                    "图片没有替代文字：读屏软件无法向视障用户说明这张图片",
                    "在 ![ ] 的方括号里写上图片内容，例如 ![白石乡便民服务中心位置图](map.png)",
                )
            )
    result.text = _SPACE.sub(" ", "".join(parts)).strip()
    if raw:
        result.html = sanitize(result.html)
        result.diagnostics.extend(removal_warnings(raw, source, file, first_line))
    return result


def _text_of(node: markdown_it_pyrs.Node) -> str:
    return "".join(n.meta["content"] for n in node.walk() if n.name == "text")


_SPACE = re.compile(r"\s+")


def summarize(text: str, limit: int = 120) -> str:
    """The first `limit` characters of the body's text, for 内容概述 when none is given."""
    flat = _SPACE.sub(" ", text).strip()
    return flat if len(flat) <= limit else flat[:limit].rstrip() + "……"
