"""A county restyles the sample zone with one CSS file (zone.yaml extra_css), and a browser
shows the change on every kind of page, from file://, with no request leaving the site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.browser.conftest import PAGE_TYPES, REPO, SCREENSHOTS
from tests.browser.test_pages import run_axe
from zonegen.build import build

COUNTY_CSS = """/* 清溪县: green instead of the default red, and a larger text */
:root { --red: #0a5a28; --red-dark: #063d1b; --bar: #0a5a28; }
.site-header { background: #0a5a28; color: #fff; }
.site-title a, .site-title a:hover { color: #fff; }
.site-publisher { color: #e3f1e8; }
.search-box button { background: #063d1b; border-color: #fff; }
body { font-size: 1.125rem; }
"""
FOOTER = '<p>技术支持：清溪县大数据中心　<a href="directory.html">信息公开目录</a></p>\n'
GREEN = "rgb(10, 90, 40)"
SIZES = {"phone": (390, 844), "desktop": (1366, 768), "kiosk": (1080, 1920)}
KINDS = ["home", "column", "record", "guide", "annual-report", "directory", "stats"]


@pytest.fixture(scope="module")
def restyled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    zone = tmp_path_factory.mktemp("restyled") / "zone"
    zone.mkdir()
    for name in ("zone.yaml", "catalog.yaml"):
        shutil.copy(REPO / name, zone / name)
    for name in ("content", "data"):
        shutil.copytree(REPO / name, zone / name)
    (zone / "themes").mkdir()
    (zone / "themes/county.css").write_text(COUNTY_CSS, encoding="utf-8")
    (zone / "themes/footer.html").write_text(FOOTER, encoding="utf-8")
    with open(zone / "zone.yaml", "a", encoding="utf-8") as handle:
        handle.write("extra_css: [themes/county.css]\nextra_footer: themes/footer.html\n")
    out = zone / "public"
    result = build(zone, out)
    assert result.ok, [d.message for d in result.diagnostics if d.severity == "error"]
    return out


def styles(page) -> dict:
    return page.evaluate("""() => ({
        header: getComputedStyle(document.querySelector('.site-header')).backgroundColor,
        nav: getComputedStyle(document.querySelector('.site-nav')).backgroundColor,
        body: getComputedStyle(document.body).fontSize,
        footer: document.querySelector('.footer-extra') ? document.querySelector('.footer-extra').innerText : null,
    })""")


@pytest.mark.parametrize("kind", KINDS)
def test_one_css_file_restyles_every_kind_of_page_offline(site: Path, restyled: Path, visit, kind: str) -> None:
    default_tab, county_tab = visit(1280), visit(1280)
    default_tab.page.goto((site / PAGE_TYPES[kind]).as_uri())
    county_tab.page.goto((restyled / PAGE_TYPES[kind]).as_uri())
    before, after = styles(default_tab.page), styles(county_tab.page)
    assert before["header"] == "rgb(255, 255, 255)" and before["body"] == "16px" and before["footer"] is None
    assert after["header"] == GREEN
    assert after["nav"] == GREEN  # a custom property of the theme, overridden once
    assert after["body"] == "18px"
    assert after["footer"] == "技术支持：清溪县大数据中心　信息公开目录"
    county_tab.page.locator(".footer-extra a").click()
    county_tab.page.wait_for_url("**/directory.html")  # the snippet's link works at every depth
    assert county_tab.requests and all(url.startswith("file://") for url in county_tab.requests)
    assert county_tab.external("file://") == [] and county_tab.errors == []


@pytest.mark.parametrize("kind", ["home", "record", "directory"])
def test_restyled_pages_stay_accessible(restyled: Path, visit, axe_source: str, kind: str) -> None:
    tab = visit(1280)
    tab.page.goto((restyled / PAGE_TYPES[kind]).as_uri())
    assert run_axe(tab.page, axe_source) == []
    tab.page.get_by_role("button", name="高对比度").click()  # high contrast still wins over the county's colours
    assert styles(tab.page)["header"] == "rgb(0, 0, 0)"
    assert run_axe(tab.page, axe_source) == []
    tab.page.evaluate("localStorage.clear()")


@pytest.mark.parametrize("size", SIZES)
def test_restyled_record_page_screenshots(restyled: Path, browser, size: str) -> None:
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.goto((restyled / PAGE_TYPES["record"]).as_uri())
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"restyled-record-{size}.png"))
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{overflow}px wider than the {width}px window"
        assert styles(page)["header"] == GREEN
    finally:
        context.close()
