"""Full-text search over published records, built at build time, run in the browser.

Only Site.records (published, 主动公开 records) ever reach the index.
"""

from __future__ import annotations

from pathlib import Path

from zonegen.search.documents import documents, facets
from zonegen.search.index import IndexStats, write_index
from zonegen.site import Site

SEARCH_DIR = "_search"


def build_index(site: Site, out: Path) -> IndexStats:
    """Write the search index of the site's published records into out/_search/.

    The build runs it after the pages, once the render workers have exited: the two
    overlapped took no less time on two cores and half again as much memory.
    """
    found = facets(site)
    return write_index(documents(site, found), found, out / SEARCH_DIR)
