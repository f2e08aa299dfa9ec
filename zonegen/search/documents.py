"""What the search index holds of each published record, and its facets for filtering."""

from __future__ import annotations

from dataclasses import dataclass

from zonegen.records import Record
from zonegen.schema import CATEGORIES, KINDS
from zonegen.site import Site

# The order of the searched fields is part of the format: offsets in the index count through
# them in this order, joined by normalize.SEPARATOR.
SEARCHED_FIELDS = ("title", "doc_no", "index_no", "keywords", "summary", "attachments", "text")
# What a result shows (search.js `F`), in this order.
SHOWN_FIELDS = ("title", "url", "published", "doc_no", "index_no", "keywords", "snippet", "attachments")
# Rank classes, best first: documents that state a rule or how to get a service (in force),
# everything else, then what is no longer in force (rank_class).
RULE_KINDS = ("规范性文件", "政策文件", "指南")
# A 办事指南 ranks with the rules, and before them when the query asks how (怎么, 如何).
RANK_GUIDE, RANK_RULE, RANK_OTHER, RANK_SUPERSEDED = 0, 1, 2, 3


@dataclass(frozen=True, slots=True)
class Document:
    """One record as the browser receives it: shown fields, searched fields and facets."""

    title: str
    url: str
    published: str
    doc_no: str
    index_no: str
    keywords: str
    summary: str  # only when written by hand: a derived summary repeats the body
    attachments: str
    text: str
    snippet: str  # the summary as shown (hand-written or derived from the body)
    group: int  # index into Facets.groups (column, or domain under the domains column)
    kind: int
    category: int  # 0 = none
    year: int  # index into Facets.years
    rank: int = RANK_OTHER

    def shown(self) -> list[str]:
        """A result's fields as d/<chunk>.js holds them (SHOWN_FIELDS)."""
        return [getattr(self, name) for name in SHOWN_FIELDS]

    def searched(self) -> list[str]:
        return [self.title, self.doc_no, self.index_no, self.keywords, self.summary, self.attachments, self.text]


@dataclass(frozen=True)
class Facets:
    """Filter values with their labels, in display order."""

    groups: list[tuple[str, str]]  # (catalog path, title)
    kinds: list[str]
    categories: list[str]  # [""] + the 五公开 categories
    years: list[int]  # newest first


def group_of(site: Site, record: Record) -> str:
    """The filter a record belongs to: its domain under the domains column, else its column."""
    parts = record.node.split("/")
    top = site.catalog.nodes[parts[0]]
    if top.type == "domains" and len(parts) > 1:
        return "/".join(parts[:2])
    return parts[0]


def facets(site: Site) -> Facets:
    used_groups = {group_of(site, r) for r in site.records}
    groups: list[tuple[str, str]] = []
    for column in site.catalog.columns:
        if column.path in used_groups:
            groups.append((column.path, column.title))
        if column.type == "domains":
            groups.extend((d.path, d.title) for d in column.children if d.path in used_groups)
    used_kinds = {r.kind for r in site.records}
    kinds = [k for k in KINDS if k in used_kinds] + sorted(used_kinds - set(KINDS))
    years = sorted({r.published.year for r in site.records}, reverse=True)
    return Facets(groups, kinds, ["", *CATEGORIES], years)


def documents(site: Site, found: Facets) -> list[Document]:
    """One Document per published record, in Site.records order (newest first)."""
    group_index = {path: i for i, (path, _title) in enumerate(found.groups)}
    kind_index = {kind: i for i, kind in enumerate(found.kinds)}
    category_index = {c: i for i, c in enumerate(found.categories)}
    year_index = {year: i for i, year in enumerate(found.years)}
    docs = []
    for record in site.records:
        node = site.catalog.nodes[record.node]
        category = node.item.category if node.item else ""
        docs.append(
            Document(
                title=record.title,
                url=site.record_url(record),
                published=record.published.isoformat(),
                doc_no=record.doc_no,
                index_no=record.index_no,
                keywords="、".join(record.keywords),
                summary=_own_summary(record),
                attachments="、".join(name.rsplit("/", 1)[-1] for name in record.attachments),
                text=record.text,
                snippet=record.summary,
                group=group_index[group_of(site, record)],
                kind=kind_index[record.kind],
                category=category_index.get(category, 0),
                year=year_index[record.published.year],
                rank=rank_class(record, node.title),
            )
        )
    return docs


def rank_class(record: Record, item_title: str) -> int:
    """Service guides (办事指南) and rules in force (a 文种 of RULE_KINDS, or a numbered document,
    文号) first; other records next; records no longer in force (有效性) last."""
    if record.validity in ("失效", "废止") or record.repealed is not None:
        return RANK_SUPERSEDED
    if "办事指南" in item_title or "办事指南" in record.title:
        return RANK_GUIDE
    return RANK_RULE if record.kind in RULE_KINDS or record.doc_no else RANK_OTHER


def _own_summary(record: Record) -> str:
    derived = record.summary.removesuffix("……").rstrip()
    return "" if record.text.startswith(derived) else record.summary
