"""Field headings on pages drawn by script come from the schema too (search.html's data-labels)."""

from __future__ import annotations

from pathlib import Path

from tests.browser.test_search_browser import FINISHED


def test_search_results_label_their_fields_from_the_schema(site: Path, visit) -> None:
    tab = visit(1280)
    tab.page.goto((site / "search.html").as_uri() + "?q=最低生活保障")
    tab.page.wait_for_function(f"{FINISHED} && document.querySelector('#search-results li')")
    meta = tab.page.inner_text("#search-results li .result-meta")
    assert "发布日期：" in meta and "索引号：" in meta, meta
    assert "undefined" not in tab.page.inner_text("#search-results")
    assert tab.errors == [] and tab.external("file://") == []
