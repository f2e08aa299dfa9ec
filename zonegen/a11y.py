"""Accessibility checks on record bodies (GB/T 37668, WCAG 2.1 1.1.1): images need alt text."""

from __future__ import annotations

import re
from pathlib import Path

from zonegen.diagnostics import Diagnostics
from zonegen.records import Record

_EMPTY_ALT_HTML = re.compile(r'<img\b[^>]*\balt="\s*"')
_EMPTY_ALT_MD = re.compile(r"!\[\s*\]\(")


def image_alt_warnings(record: Record, root: Path, diags: Diagnostics) -> None:
    """Warn, with line and column, about each Markdown image whose alt text is empty."""
    if not _EMPTY_ALT_HTML.search(record.html):
        return  # the common case costs one search of the rendered body, no file read
    source = (root / record.file).read_text(encoding="utf-8", errors="replace")
    for number, line in enumerate(source.splitlines(), 1):
        if number < record.body_line:
            continue
        for match in _EMPTY_ALT_MD.finditer(line):
            diags.warning(
                "image-alt-missing",
                "图片没有替代文字：读屏软件无法向视障用户说明这张图片",
                number, match.start() + 1,
                "在 ![ ] 的方括号里写上图片内容，例如 ![白石乡便民服务中心位置图](map.png)",
                file=record.file,
            )
