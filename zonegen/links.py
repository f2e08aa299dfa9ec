"""Where a body's relative links and images point: a record's page, an attachment or a column.

A link is written relative to the record's file (`附件1.pdf`, `../policies/2025-01.md`), as a
clerk sees the folders. In the site it must point to what is published there: the target
record's page (its address comes from its 索引号, not its file), the copied attachment, or
the column's page. Anything else would be a dead link (错链/断链) or would name a file that
is not published, so `check` reports it and the build never writes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from zonegen.addresses import record_path, zone_format
from zonegen.records import Record, normalise_path

if TYPE_CHECKING:  # the loader's rules use this module
    from zonegen.load import LoadedZone

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_HINT = "链接写相对于本记录文件的路径，例如 附件1.pdf 或 ../policies/2025-001.md；文件名区分大小写"


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    message: str
    hint: str


@dataclass(frozen=True, slots=True)
class Target:
    """A link into the zone: the output path it now points to (site-root relative), or its problem."""

    path: str | None
    problem: Problem | None = None
    fragment: str = ""  # "#…" or "?…" as written after the path


class LinkIndex:
    """What links can point to in one zone: its records, published attachments and columns."""

    def __init__(self, loaded: LoadedZone) -> None:
        self.root = loaded.zone.root
        self.records = {r.file: r for r in loaded.records}
        self.nodes = loaded.catalog.nodes
        self.published = {r.attachment_file(name) for r in loaded.records if r.is_public for name in r.attachments}
        self.fmt = zone_format(loaded.zone)

    def resolve(self, record: Record, url: str) -> Target | None:
        """Where url, written in record's body, leads; None for links out of the zone (https:, #…)."""
        if not url or url.startswith(("#", "/", "?")) or _SCHEME.match(url):
            return None
        written, fragment = _split(url)
        target = normalise_path(f"{record.file.rsplit('/', 1)[0]}/{unquote(written)}")
        shown = unquote(written)
        if not target.startswith("content/"):
            return Target(None, Problem("link-outside", f"正文链接“{shown}”指向 content 目录之外，不会发布", _HINT))
        found = self.records.get(target) or self._record_by_page(target)
        if found is not None:
            if not found.is_public:
                return Target(
                    None,
                    Problem(
                        "link-unpublished",
                        f"正文链接的记录“{shown}”不是主动公开的信息，不能链接",
                        "删除这个链接（可保留文字），或核实被链接记录的公开属性",
                    ),
                )
            return Target(record_path(found.index_no, self.fmt), fragment=fragment)
        if target in self.published:
            return Target(target.removeprefix("content/"), fragment=fragment)
        node = target.removeprefix("content/").removesuffix("/index.html")
        if node in self.nodes:
            return Target(f"{node}/index.html", fragment=fragment)
        if (self.root / target).is_file():
            if target.lower().endswith(".md"):
                message = f"正文链接的“{shown}”不是会发布的记录（草稿、隐藏文件或有错误的记录）"
                hint = "链接到已发布的记录，或先修正被链接的记录"
            else:
                message = f"正文链接的文件“{shown}”没有列为附件，不会发布"
                hint = f"在本记录的 attachments 中列出它：{shown}"
            return Target(None, Problem("link-unlisted", message, hint))
        return Target(None, Problem("link-missing", f"正文链接的文件“{shown}”不存在", _HINT))

    def _record_by_page(self, target: str) -> Record | None:
        """`x.html` beside `x.md`: a link written to a record's former address."""
        if target.lower().endswith(".html"):
            return self.records.get(target[:-5] + ".md")
        return None


def _split(url: str) -> tuple[str, str]:
    """(path, "#fragment" or "?query…" as written) of a relative URL."""
    cut = min((i for i in (url.find("#"), url.find("?")) if i >= 0), default=len(url))
    return url[:cut], url[cut:]


def rewrites(index: LinkIndex, record: Record) -> dict[str, str]:
    """url as written → its target's output path, percent-encoded, for each link that resolves."""
    found: dict[str, str] = {}
    for link in record.links:
        target = index.resolve(record, link.url)
        if target is not None and target.path is not None:
            found[link.url] = quote(target.path) + target.fragment
    return found
