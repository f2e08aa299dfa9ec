"""Every link and image of a built site, checked the way a browser opening it from file:// would."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

_URL = re.compile(r'\s(?:href|src)="([^"]*)"')
_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|#)")


def dead_links(out: Path) -> list[str]:
    """`page → url` for each relative href or src that leads to no file of the site."""
    dead = []
    for page in sorted(out.rglob("*.html")):
        for url in _URL.findall(page.read_text(encoding="utf-8")):
            url = url.replace("&amp;", "&")
            if not url or _EXTERNAL.match(url):
                continue
            path = unquote(re.split(r"[#?]", url, maxsplit=1)[0])
            target = (page.parent / path).resolve()
            if not target.is_file() or not target.is_relative_to(out.resolve()):
                dead.append(f"{page.relative_to(out).as_posix()} → {url}")
    return dead
