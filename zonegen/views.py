"""Plain, read-only view objects: all that templates ever see of the site.

URLs in views are relative to the site root; each page prefixes them with its own
`root` ("../../"), so every link is relative and the tree works under any base path.
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from markupsafe import Markup, escape

from zonegen.catalog import Node
from zonegen.kiosk import kiosk_body
from zonegen.records import Record
from zonegen.schema import CATEGORIES
from zonegen.site import Site, attachment_path, node_url, viewer_path

_ATTACHMENT_TYPES = {
    ".pdf": "PDF", ".doc": "Word", ".docx": "Word", ".wps": "WPS", ".xls": "Excel", ".xlsx": "Excel",
    ".et": "WPS表格", ".csv": "CSV", ".ofd": "OFD", ".jpg": "图片", ".jpeg": "图片", ".png": "图片",
    ".gif": "图片", ".webp": "图片", ".zip": "压缩包", ".rar": "压缩包", ".7z": "压缩包", ".txt": "文本",
}  # fmt: skip


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class AttachmentView:
    name: str
    url: str  # what a page links: the file, or in the kiosk copy its page (never a download there)
    type: str
    size: str
    file: str  # the file itself, relative to the site root


@dataclass(frozen=True)
class ItemView:
    """A catalog item's attributes, as an item page shows them above its records."""

    group: str
    content: str
    basis: str
    deadline: str
    subject: str
    channels: str
    audience: str
    mode: str
    levels: str
    category: str
    refresh: str
    publicity: str  # 公示期, when the 公开时限 names one
    guideline: str  # source: the national 标准指引
    county_catalog: str  # source: the county 标准目录 the row was taken from
    source_url: str


@dataclass(frozen=True)
class NodeView:
    id: str
    title: str
    path: str
    url: str
    kind: str
    type: str
    description: str
    count: int
    applies: bool
    item: ItemView | None


@dataclass(frozen=True)
class RecordView:
    title: str
    url: str
    index_no: str
    created: str
    published: str
    publisher: str
    doc_no: str
    kind: str
    disclosure: str
    validity: str
    repealed: str
    topic: str
    summary: str
    keywords: tuple[str, ...]
    node: Link
    category: str
    year: int


_HEADING = re.compile(r"<(/?)h([1-5])\b")


def demote_headings(html: str) -> str:
    """Shift body headings one level down: the record's title is the page's only <h1>."""
    if "<h" not in html:
        return html
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", html)


_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')


def _relinked(match: re.Match[str], targets: dict[str, str], root: str) -> str:
    target = targets.get(htmllib.unescape(match.group(2)))
    if target is None:
        return match.group(0)
    return f"{match.group(1)}{htmllib.escape(root + target)}{match.group(3)}"


_ANCHOR = re.compile(r'<a\s[^>]*?href="([^"]*)"[^>]*>.*?</a>', re.S)


def _noted(match: re.Match[str], notes: dict[str, str], root: str) -> str:
    """A body link to an attachment, followed by the file's type and size."""
    note = notes.get(htmllib.unescape(match.group(1)).removeprefix(root))
    return match.group(0) if note is None else f'{match.group(0)}<span class="meta">（{htmllib.escape(note)}）</span>'


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


_REFRESH = {"monthly": "每月", "quarterly": "每季度", "yearly": "每年"}


class Views:
    """Builds and caches view objects for one site."""

    def __init__(self, site: Site, sizes: dict[str, int]) -> None:
        self.site = site
        self.sizes = sizes  # output attachment path → bytes
        self._records: dict[int, RecordView] = {}
        self._nodes: dict[str, NodeView] = {}
        # The records whose content a page shows, as it is rendered (the renderer empties it per
        # page): an incremental build renders a page again when one of them changes.
        self.touched: set[int] = set()

    def prepare(self) -> None:
        """Build every record's and node's view now, before the render workers fork."""
        for path in self.site.catalog.nodes:
            self.node(path)
        for index in range(len(self.site.records)):
            self.record(index)

    def node(self, path: str) -> NodeView:
        view = self._nodes.get(path)
        if view is None:
            node = self.site.catalog.nodes[path]
            view = NodeView(
                node.id,
                node.title,
                node.path,
                node_url(node),
                node.kind,
                node.type,
                node.description,
                len(self.site.by_node.get(path, [])),
                node.applies_to(self.site.zone.level),
                self._item(node),
            )
            self._nodes[path] = view
        return view

    def _item(self, node: Node) -> ItemView | None:
        info = node.item
        if info is None:
            return None
        deadline = info.deadline_text or (info.deadline.describe() if info.deadline else "")
        return ItemView(
            info.group,
            info.content,
            info.basis,
            deadline,
            info.subject,
            "、".join(info.channels),
            info.audience,
            "" if "mode" in info.source.unsourced else info.mode,  # 主动 is the reader's default, not a source's word
            "、".join(info.levels),
            info.category,
            _REFRESH.get(info.refresh or "", ""),
            f"{info.publicity.describe()}" if info.publicity else "",
            info.source.guideline,
            info.source.catalog,
            info.source.url,
        )

    def category(self, record: Record) -> str:
        node = self.site.catalog.nodes[record.node]
        return node.item.category if node.item else ""

    def record(self, index: int) -> RecordView:
        self.touched.add(index)
        view = self._records.get(index)
        if view is None:
            r = self.site.records[index]
            node = self.node(r.node)
            view = RecordView(
                r.title,
                self.site.record_url(r),
                r.index_no,
                r.created.isoformat(),
                r.published.isoformat(),
                r.publisher,
                r.doc_no,
                r.kind,
                r.disclosure,
                r.validity,
                r.repealed.isoformat() if r.repealed else "",
                r.topic,
                r.summary,
                r.keywords,
                Link(node.title, node.url),
                self.category(r),
                r.published.year,
            )
            self._records[index] = view
        return view

    def records(self, indices: list[int]) -> list[RecordView]:
        return [self.record(i) for i in indices]

    def body(self, index: int, root: str) -> Markup:
        """A record's body for a page `root` ("../") below the site root, its links pointing at
        what is published: record pages, attachments and column pages (zonegen.links)."""
        self.touched.add(index)
        html = demote_headings(self.site.records[index].html)
        targets = self.site.links.get(index)
        if targets:
            html = _URL_ATTRIBUTE.sub(lambda m: _relinked(m, targets, root), html)
            notes = {a.file: f"{a.type}，{a.size}" for a in self.attachments(index) if a.file in self._linked(index)}
            if notes:
                html = _ANCHOR.sub(lambda m: _noted(m, notes, root), html)
        if self.site.kiosk:
            html = kiosk_body(html, root, frozenset(quote(path) for path in self.sizes))
        # Bodies were sanitised when parsed (zonegen.markdown); the links are now ours.
        return Markup(html)

    def _linked(self, index: int) -> set[str]:
        """Output URLs of the files the body links to (not images it shows)."""
        targets = self.site.links.get(index, {})
        return {targets[link.url] for link in self.site.records[index].links if not link.embeds and link.url in targets}

    def unlinked_attachments(self, index: int) -> list[AttachmentView]:
        """The attachments the body does not link to: a record page lists each attachment once,
        where the body links it (with the clerk's title, its type and size), else in its list."""
        linked = self._linked(index) if index in self.site.links else set()
        return [a for a in self.attachments(index) if a.file not in linked]

    def attachments(self, index: int) -> list[AttachmentView]:
        self.touched.add(index)
        record = self.site.records[index]
        views = []
        for name in record.attachments:
            path = attachment_path(record, name)
            suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
            views.append(
                AttachmentView(
                    name.rsplit("/", 1)[-1],
                    quote(viewer_path(path) if self.site.kiosk else path),  # kiosk: its page, never a download
                    _ATTACHMENT_TYPES.get(suffix, suffix.lstrip(".").upper() or "文件"),
                    human_size(self.sizes.get(path, 0)),
                    quote(path),
                )
            )
        return views

    def interpretations(self, index: int) -> list[Link]:
        record = self.site.records[index]
        self.touched.update((index, *self.site.interpreted_by.get(record.index_no, [])))
        return [
            Link(self.site.records[i].title, self.site.record_url(self.site.records[i]))
            for i in self.site.interpreted_by.get(record.index_no, [])
        ]

    def interprets(self, index: int) -> Link | None:
        record = self.site.records[index]
        target = self.site.by_index_no.get(record.interprets) if record.interprets else None
        self.touched.add(index)
        if target is None:
            return None
        self.touched.add(target)
        return Link(self.site.records[target].title, self.site.record_url(self.site.records[target]))

    def breadcrumbs(self, path: str) -> list[Link]:
        node = self.site.catalog.nodes[path]
        return [Link(n.title, node_url(n)) for n in [*node.ancestors(), node]]

    def children(self, path: str) -> list[NodeView]:
        return [self.node(c.path) for c in self.site.catalog.nodes[path].children if self.site.shows(c.path)]

    def columns(self) -> list[NodeView]:
        return [self.node(c.path) for c in self.site.catalog.columns if self.site.shows(c.path)]


def moved_page(site: Site, path: str, index: int) -> str:
    """The page left at a record's former address: it sends the visitor on to the record's page.

    Plain HTML without the theme, so the thousands of them cost next to nothing to write.
    """
    record = site.records[index]
    target = "../" * path.count("/") + site.record_url(record)
    title = escape(record.title)
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="refresh" content="0; url={escape(target)}">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{title}</title>\n</head>\n<body>\n"
        f'<p>本页地址已变更，请访问：<a href="{escape(target)}">{title}</a></p>\n</body>\n</html>\n'
    )


@dataclass(frozen=True)
class PageLink:
    """One entry of a column's page navigation; url is empty for the current page and gaps."""

    label: str
    url: str
    current: bool = False


def pagination(node: Node, page: int, pages: int, window: int = 2) -> list[PageLink]:
    """Page numbers around the current one, with the first and last pages and gaps (…)."""
    shown = sorted({1, pages, *range(max(1, page - window), min(pages, page + window) + 1)})
    links: list[PageLink] = []
    previous = 0
    for number in shown:
        if number - previous > 1:
            links.append(PageLink("…", ""))
        links.append(PageLink(str(number), "" if number == page else node_url(node, number), number == page))
        previous = number
    return links


@dataclass(frozen=True)
class CountRow:
    """One row of a statistics table: a label, how many records, and where they are listed."""

    label: str
    count: int
    url: str = ""


@dataclass(frozen=True)
class StatsView:
    """What the statistics page shows: totals, counts and their charts (inline SVG)."""

    total: int
    first: str
    last: str
    months: list[CountRow]
    categories: list[CountRow]
    domains: list[CountRow]
    years: list[CountRow]
    kinds: list[CountRow]
    month_chart: Markup
    category_chart: Markup
    domain_chart: Markup


MONTHS_SHOWN = 24
UNCATEGORISED = "其他（栏目信息）"


def stats(site: Site) -> StatsView:
    """Counts of published records by month, 五公开 category, domain, year and 文种."""
    from zonegen.charts import bar_chart, column_chart  # charts are only drawn for this page

    records = site.records
    months: dict[tuple[int, int], int] = {}
    years: dict[int, int] = {}
    kinds: dict[str, int] = {}
    categories = dict.fromkeys(CATEGORIES, 0)
    extra = 0
    for record in records:
        key = (record.published.year, record.published.month)
        months[key] = months.get(key, 0) + 1
        years[key[0]] = years.get(key[0], 0) + 1
        kinds[record.kind] = kinds.get(record.kind, 0) + 1
        node = site.catalog.nodes.get(record.node)
        category = node.item.category if node is not None and node.item else ""
        if category in categories:
            categories[category] += 1
        else:
            extra += 1
    month_rows = _month_rows(months, records[0].published if records else None)
    category_rows = [CountRow(name, count) for name, count in categories.items()]
    if extra:
        category_rows.append(CountRow(UNCATEGORISED, extra))
    level = site.zone.level
    domain_rows = [
        CountRow(d.title, len(site.by_node.get(d.path, [])), node_url(d))
        for d in site.catalog.domains
        if d.applies_to(level) or site.by_node.get(d.path)
    ]
    axis = [(_month_axis(row.label), row.label, row.count) for row in month_rows]
    return StatsView(
        total=len(records),
        first=min(r.published for r in records).isoformat() if records else "",
        last=records[0].published.isoformat() if records else "",
        months=month_rows,
        categories=category_rows,
        domains=domain_rows,
        years=[CountRow(f"{year}年", count) for year, count in sorted(years.items(), reverse=True)],
        kinds=[CountRow(kind, count) for kind, count in sorted(kinds.items(), key=_by_count)],
        month_chart=column_chart(axis, f"近{len(month_rows)}个月每月发布信息条数"),
        category_chart=bar_chart(_pairs(category_rows), "按五公开类别统计的信息条数"),
        domain_chart=bar_chart(_pairs(domain_rows), "按公开领域统计的信息条数"),
    )


def _month_rows(months: dict[tuple[int, int], int], newest: date | None) -> list[CountRow]:
    """The MONTHS_SHOWN months up to the newest record's month, empty months included."""
    if newest is None:
        return []
    year, month = newest.year, newest.month
    rows = []
    for _ in range(MONTHS_SHOWN):
        rows.append(CountRow(f"{year}年{month}月", months.get((year, month), 0)))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return rows[::-1]


def _month_axis(label: str) -> str:
    """Axis label for a month: the year under January, the month under July, else nothing."""
    year, month = label.rstrip("月").split("年")
    return f"{year}年" if month == "1" else ("7月" if month == "7" else "")


def _by_count(pair: tuple[str, int]) -> tuple[int, str]:
    return (-pair[1], pair[0])


def _pairs(rows: list[CountRow]) -> list[tuple[str, int]]:
    return [(row.label, row.count) for row in rows]
