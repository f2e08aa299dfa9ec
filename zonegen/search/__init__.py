"""Full-text search over published records, built at build time, run in the browser.

Only Site.records (published, 主动公开 records) ever reach the index.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
from pathlib import Path

from zonegen.search.documents import documents, facets
from zonegen.search.index import IndexStats, write_index
from zonegen.site import Site

SEARCH_DIR = "_search"
PARALLEL_THRESHOLD = 300  # records; below this a worker process costs more than it saves


def build_index(site: Site, out: Path) -> IndexStats:
    """Write the search index of the site's published records into out/_search/."""
    found = facets(site)
    return write_index(documents(site, found), found, out / SEARCH_DIR)


# Worker state, inherited through fork so that the site is never pickled.
_JOB: tuple[Site, Path] | None = None


def _build_forked() -> IndexStats:
    assert _JOB is not None
    return build_index(*_JOB)


class IndexJob:
    """The index built in a forked process while the pages render, or inline when small."""

    def __init__(self, site: Site, out: Path) -> None:
        global _JOB
        self.site, self.out = site, out
        self.pool: multiprocessing.pool.Pool | None = None
        self.pending: multiprocessing.pool.AsyncResult | None = None
        forks = "fork" in multiprocessing.get_all_start_methods()
        if len(site.records) >= PARALLEL_THRESHOLD and forks:
            _JOB = (site, out)
            self.pool = multiprocessing.get_context("fork").Pool(1)
            self.pending = self.pool.apply_async(_build_forked)

    def wait(self) -> IndexStats:
        """The finished index's figures; raises whatever the build raised."""
        if self.pending is None:
            return build_index(self.site, self.out)
        return self.pending.get()

    def close(self) -> None:
        global _JOB
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None
        _JOB = None
