"""The kiosk copy on a service-hall terminal (1080×1920, file://, a folder with spaces and Chinese):
a resident's whole visit, the idle reset, tap targets, accessibility, the 申请表, and no request
that leaves the machine."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.conftest import PAGE_TYPES, REPO, SCREENSHOTS, Visit
from tests.browser.test_pages import run_axe
from zonegen.export import export_kiosk, verify

TERMINAL = {"width": 1080, "height": 1920}
# Requests that stay inside the machine: the copy's own files and the browser's built-in PDF viewer.
LOCAL = ("file://", "data:", "blob:", "about:", "chrome://", "chrome-extension://")
KIOSK_PAGES = {
    **PAGE_TYPES,
    "search-results": "search.html?q=低保",
    "apply": "apply.html",
    "attachment-pdf": "_view/statutory/statistics/2024-tjgb.pdf.html",
    "attachment-image": "_view/statutory/statistics/2024-income-chart.png.html",
}
# A checkbox's target is its label; the skip link is off-screen until focused.
TAP_TARGETS = """() => {
  const found = [];
  const targets = 'a[href], button, input:not([type=hidden]), select, textarea, summary, label.apply-choice';
  for (const el of document.querySelectorAll(targets)) {
    if (el.closest('[hidden]') || (el.matches('input[type=checkbox]') && el.closest('label'))) continue;
    const box = el.getBoundingClientRect();
    if ((box.width === 0 && box.height === 0) || box.bottom < 0) continue;
    if (getComputedStyle(el).visibility === 'hidden') continue;
    const text = (el.textContent || el.value || el.name || '').trim().slice(0, 20);
    found.push({text, width: box.width, height: box.height});
  }
  return found;
}"""


@pytest.fixture(scope="module")
def kiosk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("usb") / "线下 专区（白石乡）"
    result = export_kiosk(REPO, folder)
    assert result.ok, [d.message for d in result.diagnostics if d.severity == "error"]
    return folder


class Terminal(Visit):
    """A kiosk browser: 1080×1920 portrait, every request and download recorded."""

    def __init__(self, browser: object, clock: bool = False) -> None:
        super().__init__(browser, TERMINAL["width"], height=TERMINAL["height"], clock=clock)

    def left_the_machine(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(LOCAL)]

    def settings(self) -> dict:
        return self.page.evaluate("""() => ({
            classes: document.documentElement.className,
            session: sessionStorage.length,
            local: localStorage.getItem('zonegen-display'),
            back: document.querySelector('[data-back]').disabled,
        })""")


@pytest.fixture
def terminal(browser: object):
    opened: list[Terminal] = []

    def open_terminal(clock: bool = False) -> Terminal:
        tab = Terminal(browser, clock)
        opened.append(tab)
        return tab

    yield open_terminal
    for tab in opened:
        tab.context.close()


def test_a_residents_visit_from_home_to_pdf_and_search_and_back(kiosk: Path, terminal) -> None:
    tab = terminal()
    page = tab.page
    page.goto((kiosk / "index.html").as_uri())
    assert tab.settings()["back"] is True  # nothing to go back to yet
    page.get_by_role("button", name="特大").click()
    page.get_by_role("link", name=re.compile("^法定主动公开内容")).first.click()
    page.get_by_role("link", name=re.compile("统计信息")).first.click()
    page.get_by_role("link", name="白石乡2024年国民经济和社会发展统计公报").first.click()
    page.wait_for_url("**/_records/*")
    record = page.url
    assert "_records/" in record
    page.locator("main a[href*='.pdf.html']").first.click()
    page.wait_for_url("**/_view/**")
    assert "/_view/" in page.url and page.locator("object.attachment-pdf").is_visible()
    page.get_by_role("button", name="返回").click()
    page.wait_for_url(record)
    page.locator("#site-search").fill("低保")
    page.locator("#site-search").press("Enter")
    page.wait_for_selector(".search-result a")
    results = page.url
    first = page.locator(".search-result a").first.inner_text()
    page.locator(".search-result a").first.click()
    page.wait_for_url("**/_records/*")
    assert page.locator("h1").inner_text() == first
    page.get_by_role("button", name="返回").click()
    page.wait_for_url(results)
    page.wait_for_selector(".search-result a")
    assert page.locator("#search-q").input_value() == "低保"
    assert "font-xlarge" in tab.settings()["classes"]  # the choice lasts the visit
    page.locator(".kiosk-home").click()
    page.wait_for_url("**/index.html")
    page.get_by_role("button", name="返回").click()
    page.wait_for_url(results)
    assert tab.downloads == [] and tab.errors == []
    assert tab.left_the_machine() == []


def test_idle_terminal_counts_down_then_goes_home_and_forgets_the_visit(kiosk: Path, terminal) -> None:
    tab = terminal(clock=True)
    page = tab.page
    page.goto((kiosk / PAGE_TYPES["record"]).as_uri())
    page.get_by_role("button", name="特大").click()
    page.get_by_role("button", name="高对比度").click()
    page.get_by_role("link", name="政府信息公开目录").first.click()
    assert "high-contrast" in tab.settings()["classes"]
    notice = page.locator("[data-idle-notice]")
    page.clock.run_for(140_000)
    assert not notice.is_visible()
    page.clock.run_for(15_000)  # 155 s untouched: the last 30 seconds are counted down
    assert notice.is_visible()
    assert re.fullmatch(
        r"无人操作，\d+ 秒后返回首页，并清除本次的搜索和显示设置。", page.locator("#kiosk-idle-text").inner_text()
    )
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "kiosk-idle-countdown.png"))
    page.get_by_role("button", name="继续使用").click()
    assert not notice.is_visible()
    page.clock.run_for(150_000)
    assert not page.url.endswith("index.html")  # touched at 155 s: the clock started again
    page.clock.run_for(40_000)
    page.wait_for_url((kiosk / "index.html").as_uri())
    page.wait_for_load_state()
    state = tab.settings()
    assert "high-contrast" not in state["classes"] and "font-xlarge" not in state["classes"]
    assert state["local"] is None and state["back"] is True
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "20px"
    assert tab.left_the_machine() == []


def test_settings_do_not_survive_the_browser(kiosk: Path, terminal) -> None:
    """The next person after a restart of the terminal's browser starts from the standard view."""
    first = terminal()
    first.page.goto((kiosk / "index.html").as_uri())
    first.page.get_by_role("button", name="高对比度").click()
    second = terminal()  # a new browser session on the same machine
    second.page.goto((kiosk / "index.html").as_uri())
    assert "high-contrast" not in second.settings()["classes"]


@pytest.mark.parametrize("size", ["normal", "large", "xlarge"])
@pytest.mark.parametrize("kind", KIOSK_PAGES)
def test_every_tap_target_is_at_least_48px(kiosk: Path, terminal, kind: str, size: str) -> None:
    tab = terminal()
    page = tab.page
    page.goto((kiosk / KIOSK_PAGES[kind]).as_uri() if "?" not in KIOSK_PAGES[kind] else _with_query(kiosk, kind))
    page.locator(f"[data-font={size}]").click()
    if kind == "search-results":
        page.wait_for_selector(".search-result a")
    targets = page.evaluate(TAP_TARGETS)
    assert len(targets) >= 10
    small = [t for t in targets if t["width"] < 48 or t["height"] < 48]
    assert small == [], small
    assert page.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0
    if size == "xlarge":
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"kiosk-{kind}-xlarge.png"))
    assert tab.downloads == [] and tab.left_the_machine() == []


def _with_query(kiosk: Path, kind: str) -> str:
    path, query = KIOSK_PAGES[kind].split("?", 1)
    return (kiosk / path).as_uri() + "?" + query


@pytest.mark.parametrize("mode", ["kiosk", "kiosk-xlarge", "kiosk-high-contrast"])
@pytest.mark.parametrize("kind", KIOSK_PAGES)
def test_axe_finds_nothing_in_the_kiosk(kiosk: Path, terminal, axe_source: str, kind: str, mode: str) -> None:
    tab = terminal()
    page = tab.page
    page.goto(_with_query(kiosk, kind) if "?" in KIOSK_PAGES[kind] else (kiosk / KIOSK_PAGES[kind]).as_uri())
    if mode == "kiosk-xlarge":
        page.get_by_role("button", name="特大").click()
    elif mode == "kiosk-high-contrast":
        page.get_by_role("button", name="高对比度").click()
    if kind == "search-results":
        page.wait_for_selector(".search-result a")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert run_axe(page, axe_source) == []
    assert tab.left_the_machine() == []


def test_apply_form_is_filled_and_printed_on_one_a4_page_and_sends_nothing(kiosk: Path, terminal) -> None:
    tab = terminal()
    page = tab.page
    page.goto((kiosk / "apply.html").as_uri())
    page.get_by_label("姓名", exact=True).fill("李某某")
    page.get_by_label("联系电话").first.fill("0578-6000000")
    page.get_by_label("所需信息的名称").fill("2025年白石乡农村危房改造补助对象名单")
    page.get_by_label("所需信息的内容描述").fill("2025年度农村危房改造补助对象的姓名、所在村组和补助金额。" * 3)
    page.get_by_label("纸质", exact=True).check()
    page.get_by_label("自行领取").check()
    page.get_by_label("所需信息的名称").press("Enter")  # no submission, no navigation
    assert page.url == (kiosk / "apply.html").as_uri()
    page.evaluate("window.print = () => { window.printed = true; }")
    page.get_by_role("button", name="打印申请表").click()
    assert page.evaluate("window.printed") is True
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible() and not page.locator(".kiosk-bar").is_visible()
    for part in ["申请人信息", "所需信息情况", "获取方式"]:
        assert page.locator("legend", has_text=part).first.is_visible()
    pdf = page.pdf(format="A4", print_background=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "kiosk-apply-print.png"), full_page=True)
    stored = page.evaluate("JSON.stringify(Object.assign({}, localStorage, sessionStorage))")
    assert "李某某" not in stored
    assert tab.left_the_machine() == [] and all("李某某" not in url for url in tab.requests)
    page.emulate_media(media="screen")
    page.get_by_role("button", name="清空重填").click()
    assert page.get_by_label("姓名", exact=True).input_value() == ""


def test_copy_on_the_terminal_verifies(kiosk: Path) -> None:
    assert verify(kiosk).ok
