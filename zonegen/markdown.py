"""Record bodies: CommonMark with GFM tables to HTML, plus the plain text used for summaries."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from zonegen.diagnostics import Diagnostic


def _make() -> MarkdownIt:
    # Raw HTML is never trusted: with html off, markup a clerk pastes is shown as text and
    # can never reach the page as markup. markdown-it also refuses javascript:/vbscript:
    # and file: link targets.
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    return md


_MD = _make()


@dataclass
class Rendered:
    html: str
    text: str
    headings: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


_COMMENT = re.compile(r"<!--.*?-->", re.S)


def strip_comments(body: str) -> str:
    """Drop clerks' <!-- notes -->, keeping line numbers where they were."""
    if "<!--" not in body:
        return body
    return _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), body)


def render(body: str, file: str, first_line: int) -> Rendered:
    """Render a record body; line numbers in diagnostics count from first_line."""
    tokens = _MD.parse(strip_comments(body))
    diags: list[Diagnostic] = []
    headings: list[str] = []
    text_parts: list[str] = []
    line = first_line
    for index, token in enumerate(tokens):
        if token.map is not None:
            line = first_line + token.map[0]
        if token.type == "heading_open":
            headings.append(tokens[index + 1].content.strip())
        if token.type == "inline" and token.children:
            text_parts.append(_inline_text(token.children))
            for child in token.children:
                _check_inline(child, file, line, diags)
    html = _MD.renderer.render(tokens, _MD.options, {})
    return Rendered(html, " ".join(p for p in text_parts if p), headings, diags)


def _inline_text(children: list[Token]) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip()


def _check_inline(token: Token, file: str, line: int, diags: list[Diagnostic]) -> None:
    if token.type == "image":
        if not token.content.strip():
            diags.append(Diagnostic(
                "warning", "image-alt", file, line, None, "图片缺少替代文字",
                "写成 ![图片内容的简短说明](图片文件名)，方便视障读者使用读屏软件",
            ))
        _rewrite_md_link(token, "src")
    elif token.type == "link_open":
        _rewrite_md_link(token, "href")


def _rewrite_md_link(token: Token, attr: str) -> None:
    """A link to another record's .md file points to its page (.html) in the built zone."""
    target = str(token.attrGet(attr) or "")
    parts = urlsplit(target)
    if not parts.scheme and not parts.netloc and parts.path.endswith(".md"):
        token.attrSet(attr, re.sub(r"\.md$", ".html", parts.path) + (f"#{parts.fragment}" if parts.fragment else ""))


_SPACE = re.compile(r"\s+")


def summarize(text: str, limit: int = 120) -> str:
    """The first `limit` characters of the body's text, for 内容概述 when none is given."""
    flat = _SPACE.sub(" ", text).strip()
    return flat if len(flat) <= limit else flat[:limit].rstrip() + "……"
