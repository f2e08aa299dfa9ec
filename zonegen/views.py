"""Plain, read-only view objects: all that templates ever see of the site.

URLs in views are relative to the site root; each page prefixes them with its own
`root` ("../../"), so every link is relative and the tree works under any base path.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup

from zonegen.catalog import Node
from zonegen.records import Record
from zonegen.site import Site, attachment_path, node_url, record_url

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
    url: str
    type: str
    size: str


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

    def node(self, path: str) -> NodeView:
        view = self._nodes.get(path)
        if view is None:
            node = self.site.catalog.nodes[path]
            view = NodeView(
                node.id, node.title, node.path, node_url(node), node.kind, node.type, node.description,
                len(self.site.by_node.get(path, [])), node.applies_to(self.site.zone.level), self._item(node),
            )
            self._nodes[path] = view
        return view

    def _item(self, node: Node) -> ItemView | None:
        info = node.item
        if info is None:
            return None
        deadline = info.deadline_text or (info.deadline.describe() if info.deadline else "")
        return ItemView(
            info.group, info.content, info.basis, deadline, info.subject, "、".join(info.channels),
            info.audience, info.mode, "、".join(info.levels), info.category, _REFRESH.get(info.refresh or "", ""),
        )

    def category(self, record: Record) -> str:
        node = self.site.catalog.nodes[record.node]
        return node.item.category if node.item else ""

    def record(self, index: int) -> RecordView:
        view = self._records.get(index)
        if view is None:
            r = self.site.records[index]
            node = self.node(r.node)
            view = RecordView(
                r.title, record_url(r), r.index_no, r.created.isoformat(), r.published.isoformat(),
                r.publisher, r.doc_no, r.kind, r.disclosure, r.validity,
                r.repealed.isoformat() if r.repealed else "", r.topic, r.summary, r.keywords,
                Link(node.title, node.url), self.category(r), r.published.year,
            )
            self._records[index] = view
        return view

    def records(self, indices: list[int]) -> list[RecordView]:
        return [self.record(i) for i in indices]

    def body(self, index: int) -> Markup:
        # Bodies were rendered from Markdown with raw HTML disabled (zonegen.markdown).
        return Markup(self.site.records[index].html)

    def attachments(self, index: int) -> list[AttachmentView]:
        record = self.site.records[index]
        views = []
        for name in record.attachments:
            path = attachment_path(record, name)
            suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
            views.append(AttachmentView(name.rsplit("/", 1)[-1], quote(path),
                                        _ATTACHMENT_TYPES.get(suffix, suffix.lstrip(".").upper() or "文件"),
                                        human_size(self.sizes.get(path, 0))))
        return views

    def interpretations(self, index: int) -> list[Link]:
        record = self.site.records[index]
        return [Link(self.site.records[i].title, record_url(self.site.records[i]))
                for i in self.site.interpreted_by.get(record.index_no, [])]

    def interprets(self, index: int) -> Link | None:
        record = self.site.records[index]
        target = self.site.by_index_no.get(record.interprets) if record.interprets else None
        if target is None:
            return None
        return Link(self.site.records[target].title, record_url(self.site.records[target]))

    def breadcrumbs(self, path: str) -> list[Link]:
        node = self.site.catalog.nodes[path]
        return [Link(n.title, node_url(n)) for n in [*node.ancestors(), node]]

    def children(self, path: str) -> list[NodeView]:
        return [self.node(c.path) for c in self.site.catalog.nodes[path].children]

    def columns(self) -> list[NodeView]:
        return [self.node(c.path) for c in self.site.catalog.columns]
