"""The site graph: which published records each catalog node lists, and every page to write.

Only 主动公开 records enter this graph, and none whose 公示期 (`expires`) ended before the
build's date. Everything rendered later reads from it, so a 依申请公开 or 不予公开 record,
or a 公示 list past its period, cannot reach any output file.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import quote

from zonegen.catalog import Catalog, Node
from zonegen.load import LoadedZone
from zonegen.records import Record
from zonegen.zone import ZoneConfig

if TYPE_CHECKING:
    from zonegen.report import ZoneReports

STATIC_DIR = "_static"
STATS_PATH = "stats.html"


def record_path(record: Record) -> str:
    return f"{record.node}/{record.stem}.html"


def record_url(record: Record) -> str:
    return quote(record_path(record))


def node_url(node: Node, page: int = 1) -> str:
    name = "index.html" if page == 1 else f"index-{page}.html"
    return f"{node.path}/{name}"


def attachment_path(record: Record, name: str) -> str:
    """Where an attachment lands in the output: the same place as under content/."""
    return record.attachment_file(name).removeprefix("content/")


@dataclass(frozen=True)
class Page:
    """One output HTML page: what to render and where."""

    kind: str  # home | node | record | directory | stats | search
    path: str
    node: str = ""
    page: int = 1
    pages: int = 1
    record: int = -1  # index into Site.records


@dataclass
class Site:
    zone: ZoneConfig
    catalog: Catalog
    records: list[Record]  # published only, newest first
    by_node: dict[str, list[int]]  # node path → indices of records it lists (itself, descendants, also)
    direct: dict[str, list[int]]  # node path → records filed in it or naming it in `also`
    interpreted_by: dict[str, list[int]] = field(default_factory=dict)  # index_no → 解读 records
    by_index_no: dict[str, int] = field(default_factory=dict)
    pages: list[Page] = field(default_factory=list)
    reports: ZoneReports | None = None  # the annual reports validation resolved (of every record)


def sort_key(record: Record) -> tuple:
    return (record.published, record.created, record.index_no)


def plan(loaded: LoadedZone, as_of: dt.date) -> Site:
    """Build the site graph from a validated zone, as published on the day as_of."""
    public = sorted((r for r in loaded.records if r.published_on(as_of)), key=sort_key, reverse=True)
    catalog = loaded.catalog
    direct: dict[str, list[int]] = defaultdict(list)
    by_node: dict[str, list[int]] = defaultdict(list)
    for index, record in enumerate(public):
        homes = [record.node, *(p.strip("/").removeprefix("content/") for p in record.also)]
        listed: set[str] = set()
        for home in dict.fromkeys(homes):
            if home not in catalog.nodes:
                continue
            direct[home].append(index)
            node: Node | None = catalog.nodes[home]
            while node is not None:
                if node.path not in listed:
                    listed.add(node.path)
                    by_node[node.path].append(index)
                node = node.parent
    interpreted_by: dict[str, list[int]] = defaultdict(list)
    for index, record in enumerate(public):
        if record.interprets:
            interpreted_by[record.interprets].append(index)
    site = Site(
        zone=loaded.zone,
        catalog=catalog,
        records=public,
        by_node=dict(by_node),
        direct=dict(direct),
        interpreted_by=dict(interpreted_by),
        by_index_no={r.index_no: i for i, r in enumerate(public)},
        reports=loaded.reports,
    )
    site.pages = _pages(site)
    return site


def _pages(site: Site) -> list[Page]:
    pages = [
        Page("home", "index.html"),
        Page("directory", "directory.html"),
        Page("stats", STATS_PATH),
        Page("search", "search.html"),
    ]
    size = site.zone.page_size
    for path, node in site.catalog.nodes.items():
        count = len(site.by_node.get(path, []))
        total = max(1, math.ceil(count / size))
        for number in range(1, total + 1):
            pages.append(Page("node", node_url(node, number), path, number, total))
    for index, record in enumerate(site.records):
        pages.append(Page("record", record_path(record), record.node, record=index))
    return pages
