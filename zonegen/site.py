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

from zonegen.addresses import STATIC_DIR, legacy_record_path, record_path, zone_format
from zonegen.catalog import Catalog, Node
from zonegen.links import LinkIndex, rewrites
from zonegen.load import LoadedZone
from zonegen.records import Record
from zonegen.safety.pii import scan as scan_personal_data
from zonegen.zone import ZoneConfig

__all__ = ["STATIC_DIR", "STATS_PATH", "Page", "Site", "attachment_path", "node_url", "plan"]

if TYPE_CHECKING:
    from zonegen.report import ZoneReports

STATS_PATH = "stats.html"
APPLY_PATH = "apply.html"  # the 依申请公开 申请表 (top level: zonegen's own, no attachment can land there)
VIEWER_DIR = "_view"  # kiosk only: a page around each attachment, so a PDF opens with 返回 and nothing downloads


def viewer_path(attachment: str) -> str:
    """The kiosk page that shows an attachment (its output path, unquoted)."""
    return f"{VIEWER_DIR}/{attachment}.html"


def node_url(node: Node, page: int = 1) -> str:
    name = "index.html" if page == 1 else f"index-{page}.html"
    return f"{node.path}/{name}"


def attachment_path(record: Record, name: str) -> str:
    """Where an attachment lands in the output: the same place as under content/."""
    return record.attachment_file(name).removeprefix("content/")


@dataclass(frozen=True)
class Page:
    """One output HTML page: what to render and where."""

    kind: str  # home | node | record | directory | stats | search | apply | attachment (kiosk)
    path: str
    node: str = ""
    page: int = 1
    pages: int = 1
    record: int = -1  # index into Site.records
    file: str = ""  # attachment pages: the attachment's output path


@dataclass
class Site:
    zone: ZoneConfig
    catalog: Catalog
    records: list[Record]  # published only, newest first
    by_node: dict[str, list[int]]  # node path → indices of records it lists (itself, descendants, also)
    direct: dict[str, list[int]]  # node path → records filed in it or naming it in `also`
    interpreted_by: dict[str, list[int]] = field(default_factory=dict)  # index_no → 解读 records
    by_index_no: dict[str, int] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)  # index_no → the record page's path
    pages: list[Page] = field(default_factory=list)
    links: dict[int, dict[str, str]] = field(default_factory=dict)  # record → {url written: output path}
    moved: list[tuple[str, int]] = field(default_factory=list)  # (former file-name address, record index)
    reports: ZoneReports | None = None  # the annual reports validation resolved (of every record)
    kiosk: bool = False  # the offline copy for service-hall terminals (zonegen export --kiosk)

    def shows(self, path: str) -> bool:
        """Whether a catalog node gets a page: it applies at the zone's level, or records are filed under it.

        Items of another level are not shown to visitors (contract §4), unless a clerk filed a
        record there anyway (a warning at check), so that the record's breadcrumbs never lead nowhere.
        """
        return self.catalog.nodes[path].applies_to(self.zone.level) or bool(self.by_node.get(path))

    def record_url(self, record: Record) -> str:
        """The record page's address relative to the site root, percent-encoded."""
        return quote(self.paths[record.index_no])


def sort_key(record: Record) -> tuple:
    return (record.published, record.created, record.index_no)


def plan(loaded: LoadedZone, as_of: dt.date, kiosk: bool = False) -> Site:
    """Build the site graph from a validated zone, as published on the day as_of (or its kiosk copy)."""
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
        kiosk=kiosk,
    )
    fmt = zone_format(loaded.zone)
    site.paths = {r.index_no: record_path(r.index_no, fmt) for r in public}
    links = LinkIndex(loaded)
    site.links = {i: rewrites(links, r) for i, r in enumerate(public) if r.links}
    site.pages = _pages(site)
    site.moved = _moved(site)
    return site


def _pages(site: Site) -> list[Page]:
    pages = [
        Page("home", "index.html"),
        Page("directory", "directory.html"),
        Page("stats", STATS_PATH),
        Page("search", "search.html"),
        Page("apply", APPLY_PATH),
    ]
    size = site.zone.page_size
    for path, node in site.catalog.nodes.items():
        if not site.shows(path):
            continue
        count = len(site.by_node.get(path, []))
        total = max(1, math.ceil(count / size))
        for number in range(1, total + 1):
            pages.append(Page("node", node_url(node, number), path, number, total))
    for index, record in enumerate(site.records):
        pages.append(Page("record", site.paths[record.index_no], record.node, record=index))
    if site.kiosk:
        shown: set[str] = set()
        for index, record in enumerate(site.records):
            for name in record.attachments:
                path = attachment_path(record, name)
                if path not in shown:
                    shown.add(path)
                    pages.append(Page("attachment", viewer_path(path), record.node, record=index, file=path))
    return pages


def _moved(site: Site) -> list[tuple[str, int]]:
    """A small page at each record's former address (`<node>/<file stem>.html`, before addresses
    came from the 索引号) that sends the visitor on, so links and QR codes printed before keep
    working. Left out wherever that address is taken, or shared by two records."""
    legacy: dict[str, list[int]] = defaultdict(list)
    for index, record in enumerate(site.records):
        path = legacy_record_path(record.node, record.file)
        if path is not None and not scan_personal_data(path):  # a name like 张三13812345678.md stays off-line
            legacy[path.casefold()].append(index)
    taken = {page.path.casefold() for page in site.pages}
    moved = []
    for key, indices in sorted(legacy.items()):
        if len(indices) == 1 and key not in taken:
            record = site.records[indices[0]]
            moved.append((legacy_record_path(record.node, record.file) or "", indices[0]))
    return moved
