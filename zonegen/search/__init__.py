"""Full-text search over published records, built at build time, run in the browser.

Only Site.records (published, 主动公开 records) ever reach the index.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from zonegen.search.documents import documents, facets
from zonegen.search.index import IndexStats, write_index
from zonegen.search.normalize import norm
from zonegen.site import Site

SEARCH_DIR = "_search"
MAX_TERMS = 400  # catalog terms offered when a query finds nothing (meta.js stays small)


def build_index(site: Site, out: Path) -> IndexStats:
    """Write the search index of the site's published records into out/_search/.

    The build runs it after the pages, once the render workers have exited: the two
    overlapped took no less time on two cores and half again as much memory.
    """
    found = facets(site)
    return write_index(documents(site, found), found, out / SEARCH_DIR, aliases(site), catalog_terms(site))


def aliases(site: Site) -> list[list[str]]:
    """Lists of names that stand for one another (normalised); search.js also searches a query
    term holding one of a list's names with that name replaced by each other one.

    Per catalog item two lists: its group with the aliases that are short forms of it (an alias
    found inside another of the item's names: 低保 in 低保名单), so that 低保标准 is also
    searched as 最低生活保障标准; and the other aliases, names of the item itself
    (低保名单, 最低生活保障对象名单). The title joins the second list only when there is no
    group: a title such as 办事指南 alone would widen a query to every guide.
    """
    out: list[list[str]] = []
    for node in site.catalog.nodes.values():
        if node.item is None or not node.item.aliases:
            continue
        names = [norm(a) for a in node.item.aliases if norm(a)]
        group = norm(node.item.group)
        everything = [*names, norm(node.title), group]
        short = [a for a in names if any(a != other and a in other for other in everything)]
        lists = ([group, *short] if group else [], [a for a in names if a not in short])
        if not group:
            lists[1].insert(0, norm(node.title))
        for names_list in lists:
            unique = list(dict.fromkeys(n for n in names_list if n))
            if len(unique) > 1 and unique not in out:
                out.append(unique)
    return out


def catalog_terms(site: Site) -> list[list[str]]:
    """[term, address of its catalog page or ""] for the items, groups and aliases shown to visitors:
    what a query that finds nothing is offered instead."""
    pages = {page.node: page.path for page in site.pages if page.kind == "node" and page.page == 1}
    terms: dict[str, str] = {}
    for path, node in site.catalog.nodes.items():
        if not site.shows(path):
            continue
        address = quote(pages[path]) if path in pages else ""
        words = [node.title]
        if node.item is not None:
            words += [node.item.group, *node.item.aliases]
        for word in words:
            word = word.strip("（）()一二三四五六七八九十")
            if word and word not in terms:
                terms[word] = address
    return [[word, address] for word, address in list(terms.items())[:MAX_TERMS]]
