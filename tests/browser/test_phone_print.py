"""The online site at 特大 on a 390 px phone, and on paper: the menu folds, content comes first,
annual-report tables stay readable, and print ignores 高对比度 and 特大 with no near-empty last page."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.browser.conftest import PAGE_TYPES, SCREENSHOTS

PHONE = {"width": 390, "height": 844}
FOOTER = ("主办单位", "地址：", "联系电话", "网站标识码", "ICP备", "公网安备")


def phone_at_xlarge(browser: object, site: Path, path: str, contrast: bool = False):
    context = browser.new_context(viewport=PHONE)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto((site / path).as_uri())
    page.get_by_role("button", name="特大").click()
    if contrast:
        page.get_by_role("button", name="高对比度").click()
    return context, page


@pytest.mark.parametrize("kind", [*PAGE_TYPES, "apply"])
def test_phone_at_xlarge_shows_content_on_the_first_screen(site: Path, browser: object, kind: str) -> None:
    context, page = phone_at_xlarge(browser, site, PAGE_TYPES.get(kind, "apply.html"))
    try:
        # The page's own content (its first heading or table) starts on the first screen.
        first = page.evaluate("document.querySelector('main h1, main table').getBoundingClientRect().top")
        assert first < PHONE["height"] - 100, f"{kind}: content starts at {first}px"
        assert not page.locator("#site-columns").is_visible()  # the menu is folded
        assert page.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"phone-xlarge-{kind}.png"))
    finally:
        context.close()


def test_folded_menu_opens_and_closes(site: Path, browser: object) -> None:
    context, page = phone_at_xlarge(browser, site, PAGE_TYPES["record"], contrast=True)
    try:
        toggle = page.get_by_role("button", name="栏目导航")
        assert toggle.get_attribute("aria-expanded") == "false"
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
        assert page.get_by_role("link", name="政府信息公开指南").first.is_visible()
        assert page.evaluate("getComputedStyle(document.querySelector('.nav-toggle')).color") == "rgb(255, 255, 0)"
        toggle.click()
        assert not page.locator("#site-columns").is_visible()
    finally:
        context.close()


def test_annual_report_tables_scroll_with_their_row_labels_in_view(site: Path, browser: object) -> None:
    context, page = phone_at_xlarge(browser, site, PAGE_TYPES["annual-report"])
    try:
        table = page.locator(".report-applications")
        label = table.locator("tbody th[scope=row]", has_text="1.属于国家秘密")
        assert label.bounding_box()["width"] >= 150  # type: ignore[index]  # about 6 characters a line at 特大
        assert table.bounding_box()["height"] < 2600  # type: ignore[index]  # was 3,650 px, crushed
        section = table.locator("xpath=ancestor::section[1]")
        before = label.bounding_box()["x"]  # type: ignore[index]
        section.evaluate("s => s.scrollLeft = s.scrollWidth")
        total = table.locator("thead th", has_text="总计")
        assert 0 <= total.bounding_box()["x"] < PHONE["width"]  # type: ignore[index]  # 总计 reachable
        after = label.bounding_box()["x"]  # type: ignore[index]
        assert 0 <= after <= before  # scrolled a page width and more, the label stays at the left edge
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "phone-xlarge-report-table-scrolled.png"))
    finally:
        context.close()


def _pages(browser: object, site: Path, path: str, mode: str) -> list[str]:
    from pypdf import PdfReader

    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto((site / path).as_uri())
    if mode == "high-contrast-xlarge":
        page.get_by_role("button", name="特大").click()
        page.get_by_role("button", name="高对比度").click()
    pdf = page.pdf(format="A4", print_background=True)
    page.evaluate("localStorage.clear()")
    context.close()
    return [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("kind", [*PAGE_TYPES, "apply"])
def test_print_ignores_the_screen_modes_and_ends_on_a_real_page(site: Path, browser: object, kind: str) -> None:
    path = PAGE_TYPES.get(kind, "apply.html")
    plain = _pages(browser, site, path, "standard")
    screen = _pages(browser, site, path, "high-contrast-xlarge")
    assert screen == plain  # 高对比度 and 特大 are for the screen: the same sheets come out
    last = "\n".join(line for line in plain[-1].splitlines() if not any(mark in line for mark in FOOTER))
    assert len(plain) == 1 or len(last.strip()) >= 20, f"{kind}: last printed page holds only {plain[-1]!r}"


def test_print_is_black_on_white_from_high_contrast(site: Path, browser: object) -> None:
    context, page = phone_at_xlarge(browser, site, PAGE_TYPES["record"], contrast=True)
    try:
        page.emulate_media(media="print")
        colours = page.evaluate("""() => [document.body, document.querySelector('main'),
            document.querySelector('main td')].map(el => [getComputedStyle(el).color,
            getComputedStyle(el).backgroundColor])""")
        for colour, background in colours:
            assert colour in ("rgb(0, 0, 0)", "rgb(26, 26, 26)"), colour
            assert background in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), background
        assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "14.6667px"  # 11pt
    finally:
        context.close()
