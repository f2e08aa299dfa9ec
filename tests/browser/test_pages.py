"""Every page type in a real browser: layout at desktop and phone widths, accessibility (axe),
display switches that persist, keyboard use, no JavaScript, print, and no network requests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.browser.conftest import PAGE_TYPES, SCREENSHOTS

WIDTHS = (1280, 375)
SERIOUS = ("serious", "critical")
IMPACTS = ("moderate", *SERIOUS)  # the zone's pages (issue 14): not even a moderate finding, in every mode


def url_of(site: Path, page: str) -> str:
    return (site / page).as_uri()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_type_renders(site: Path, visit, kind: str, width: int) -> None:
    tab = visit(width)
    page = tab.page
    page.goto(url_of(site, PAGE_TYPES[kind]))
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{kind}-{width}.png"), full_page=True)
    assert page.locator("h1").count() == 1
    assert page.locator("h1").is_visible()
    assert page.locator("nav[aria-label='栏目导航']").is_visible()
    assert page.get_by_text("扫一扫在手机打开当前页").is_visible()
    assert page.locator("svg.qr-code").bounding_box()["width"] >= 100  # type: ignore[index]
    assert page.get_by_text("网站标识码").is_visible()
    # Nothing sticks out sideways: a phone user never scrolls horizontally.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{kind} is {overflow}px wider than the {width}px window"
    assert tab.errors == []
    assert tab.external("file://") == []


def test_record_page_shows_index_table(site: Path, visit) -> None:
    page = visit(1280).page
    page.goto(url_of(site, PAGE_TYPES["record"]))
    table = page.locator("table.index-table")
    assert table.is_visible()
    labels = ["索引号", "发布机构", "生成日期", "发布日期", "文号", "主题分类", "公开方式", "有效性"]
    for label in labels:
        assert table.locator("th", has_text=label).first.is_visible(), label
    interpretation = "《白石乡村级集体资产资源公开招租管理办法》政策解读"
    assert page.get_by_role("link", name=interpretation).is_visible()


def run_axe(page, source: str) -> list[dict]:
    page.add_script_tag(content=source)
    result = page.evaluate("async () => JSON.stringify(await axe.run(document, {resultTypes: ['violations']}))")
    violations = json.loads(result)["violations"]
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in violations
        if v["impact"] in IMPACTS
    ]


@pytest.mark.parametrize("mode", ["standard", "high-contrast", "phone-xlarge"])
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_axe_finds_no_serious_violation(site: Path, visit, axe_source: str, kind: str, mode: str) -> None:
    tab = visit(375 if mode == "phone-xlarge" else 1280)
    page = tab.page
    page.goto(url_of(site, PAGE_TYPES[kind]))
    page.evaluate("localStorage.clear()")
    if mode == "high-contrast":
        page.get_by_role("button", name="高对比度").click()
    elif mode == "phone-xlarge":
        page.get_by_role("button", name="特大").click()
    # Open every <details> so that the tables inside are checked too.
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert run_axe(page, axe_source) == []
    if mode == "phone-xlarge":  # the largest text still fits a phone
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{kind} at 特大 is {overflow}px wider than the phone"
    assert tab.external("file://") == []
    page.evaluate("localStorage.clear()")


def root_state(page) -> dict:
    return page.evaluate("""() => ({
        classes: document.documentElement.className,
        fontSize: getComputedStyle(document.documentElement).fontSize,
        pressed: [...document.querySelectorAll('[aria-pressed=true]')]
            .map(b => b.textContent.trim()),
    })""")


@pytest.mark.parametrize("transport", ["file", "http"])
def test_display_switches_persist_across_pages(site: Path, server: str, visit, transport: str) -> None:
    base = site.as_uri() + "/" if transport == "file" else server
    tab = visit(1280)
    page = tab.page
    page.goto(base + "index.html")
    page.evaluate("localStorage.clear()")
    page.reload()
    assert root_state(page)["fontSize"] == "16px"
    assert root_state(page)["pressed"] == ["标准"]

    page.get_by_role("button", name="大", exact=True).click()
    assert root_state(page)["fontSize"] == "20px"
    page.get_by_role("link", name="政府信息公开目录").first.click()
    page.wait_for_url("**/directory.html")
    state = root_state(page)
    assert state["fontSize"] == "20px" and "font-large" in state["classes"]
    assert state["pressed"] == ["大"]

    page.get_by_role("button", name="特大").click()
    page.get_by_role("button", name="高对比度").click()
    page.goto(base + PAGE_TYPES["record"])
    state = root_state(page)
    assert state["fontSize"] == "24px"
    assert "high-contrast" in state["classes"]
    assert sorted(state["pressed"]) == sorted(["特大", "高对比度"])
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(0, 0, 0)"

    page.get_by_role("button", name="标准").click()
    page.get_by_role("button", name="高对比度").click()
    page.goto(base + "stats.html")
    state = root_state(page)
    assert state["fontSize"] == "16px" and "high-contrast" not in state["classes"]
    allowed = "file://" if transport == "file" else server
    assert tab.external(allowed) == []
    assert tab.errors == []


def test_keyboard_skip_link_and_switches(site: Path, visit) -> None:
    page = visit(1280).page
    page.goto(url_of(site, PAGE_TYPES["record"]))
    page.evaluate("localStorage.clear()")
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => {
        const el = document.activeElement, box = el.getBoundingClientRect();
        return {text: el.textContent, top: box.top, outline: getComputedStyle(el).outlineStyle};
    }""")
    assert focused["text"] == "跳到正文"
    assert focused["top"] >= 0  # shown on screen once focused
    assert focused["outline"] != "none"  # visible focus
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")

    # The font switch works from the keyboard too.
    page.goto(url_of(site, "index.html"))
    for _ in range(4):  # skip link, 标准, 大, 特大
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "特大"
    page.keyboard.press("Enter")
    assert root_state(page)["fontSize"] == "24px"
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    assert "high-contrast" in root_state(page)["classes"]
    page.evaluate("localStorage.clear()")


@pytest.mark.parametrize("kind", ["home", "item", "record", "directory", "stats"])
def test_pages_work_without_javascript(site: Path, visit, kind: str) -> None:
    tab = visit(375, javascript=False)
    page = tab.page
    page.goto(url_of(site, PAGE_TYPES[kind]))
    assert not page.locator(".display-tools").is_visible()  # switches need JavaScript
    assert page.locator("nav[aria-label='栏目导航'] a").count() >= 10
    assert page.locator("h1").is_visible()
    assert page.locator("footer svg.qr-code").is_visible()
    assert tab.external("file://") == []


def test_print_gives_the_record_without_navigation(site: Path, visit) -> None:
    page = visit(1280).page
    page.goto(url_of(site, PAGE_TYPES["record"]))
    page.emulate_media(media="print")
    for hidden in [
        "nav[aria-label='栏目导航']",
        ".breadcrumbs",
        ".display-tools",
        ".search-box",
        ".prev-next",
        "svg.qr-code",
    ]:
        assert not page.locator(hidden).is_visible(), hidden
    assert page.locator("table.index-table").is_visible()
    assert page.locator(".body").is_visible()
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize("mode", ["standard", "high-contrast"])
@pytest.mark.parametrize("kind", ["home", "record", "stats"])
def test_qr_code_scans_to_the_page_url(site: Path, visit, kind: str, mode: str) -> None:
    """A phone camera's view: the QR code as drawn on screen decodes to the page's online URL."""
    import io

    zxingcpp = pytest.importorskip("zxingcpp")
    image = pytest.importorskip("PIL.Image")
    page = visit(375).page
    page.goto(url_of(site, PAGE_TYPES[kind]))
    if mode == "high-contrast":
        page.get_by_role("button", name="高对比度").click()
    shot = page.locator("footer figure.qr").screenshot()
    page.evaluate("localStorage.clear()")
    found = [code.text for code in zxingcpp.read_barcodes(image.open(io.BytesIO(shot)))]
    assert found == ["https://www.qingxi.gov.cn/bsx/zwgk/" + PAGE_TYPES[kind]]
