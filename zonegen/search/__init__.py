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
    extra = {"aliases": aliases(site), "terms": catalog_terms(site)}
    return write_index(documents(site, found), found, out / SEARCH_DIR, extra)


def aliases(site: Site) -> list[list[str]]:
    """Per catalog item with `aliases`: its group (else its title) and the aliases, normalised.
    search.js searches a query term holding one of them also with each of the others that holds
    none of the rest (低保 → 最低生活保障, never → 低保名单). The title is left out:
    低保标准 → 最低生活保障标准 helps, → 最低生活保障对象名单标准 does not."""
    out: list[list[str]] = []
    for node in site.catalog.nodes.values():
        if node.item is None or not node.item.aliases:
            continue
        names: list[str] = []
        for name in (node.item.group or node.title, *node.item.aliases):
            folded = norm(name)
            if folded and folded not in names:
                names.append(folded)
        if len(names) > 1:
            out.append(names)
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
