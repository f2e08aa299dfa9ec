"""The search page in headless chromium, from a web server and from file:// alike."""

from __future__ import annotations

import functools
import http.server
import random
import threading
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.conftest import REPO, run
from tests.search_index import URL, Index, normalised, site_documents, truth
from zonegen.search.normalize import fold, norm

FINISHED = "document.getElementById('search').dataset.state === 'done'"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Index]:
    out = tmp_path_factory.mktemp("browser") / "public"
    result = run(REPO, "build", "--out", str(out), "--quiet")
    assert result.code == 0, result.stdout + result.stderr
    return out, Index(out / "_search")


@pytest.fixture(scope="module")
def server(built: tuple[Path, Index]) -> Iterator[str]:
    """A static web server on a free loopback port, for this module only."""
    handler = functools.partial(_QuietHandler, directory=str(built[0]))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(params=["http", "file"])
def base(request: pytest.FixtureRequest, built: tuple[Path, Index], server: str) -> str:
    return server if request.param == "http" else built[0].as_uri() + "/"


@pytest.fixture
def page(browser, base: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1100, "height": 1300})
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    errors: list[str] = []
    outside: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.on("request", lambda req: None if req.url.startswith(base) else outside.append(req.url))
    yield tab
    context.close()
    assert not errors, errors
    assert not outside, f"请求了站外地址：{outside}"


def _open(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    page.wait_for_function(FINISHED)


def _result_urls(page, base: str) -> list[str]:  # type: ignore[no-untyped-def]
    hrefs = page.eval_on_selector_all("#search-results h2 a", "els => els.map(a => a.href)")
    return [unquote(h.removeprefix(base)) for h in hrefs]


def _expected(index: Index, query: str) -> list[str]:
    return [unquote(u) for u in index.search(query)]


def _titles(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.eval_on_selector_all("#search-results h2 a", "els => els.map(a => a.textContent)")


def test_query_in_url_shows_the_matching_records(page, base: str, built) -> None:  # type: ignore[no-untyped-def]
    _out, index = built
    expected = _expected(index, "临时救助")
    assert 5 <= len(expected) <= 20
    _open(page, base + "search.html?q=临时救助")
    assert page.inner_text("#search-status") == f"找到 {len(expected)} 条结果。"
    assert sorted(_result_urls(page, base)) == sorted(expected)
    assert page.input_value("#search-q") == "临时救助"
    assert page.locator("#search-results mark").count() >= len(expected)
    page.screenshot(path=str(Path(built[0]).parent / f"search-{base[:4]}.png"))


def test_typing_a_document_number_with_other_brackets(page, base: str, built) -> None:  # type: ignore[no-untyped-def]
    _out, index = built
    row = next(r for r in index.rows() if "〔" in r[3])
    query = row[3].replace("〔", "[").replace("〕", "]")
    _open(page, base + "search.html")
    page.fill("#search-q", query)
    page.press("#search-q", "Enter")
    page.wait_for_function(f"{FINISHED} && document.querySelector('#search-results li')")
    assert _result_urls(page, base)[0] == unquote(row[URL])  # an exact 文号 ranks first


def test_filter_then_follow_a_result(page, base: str, built) -> None:  # type: ignore[no-untyped-def]
    _out, index = built
    query = "低保"
    _open(page, base + "search.html?q=" + query)
    count = int(page.get_attribute("#search", "data-count"))
    urls = set(_result_urls(page, base))
    page.click("#search-pages button:has-text('下一页')")
    page.wait_for_function("document.getElementById('search-status').innerText.includes('第 2')")
    urls |= set(_result_urls(page, base))
    assert len(urls) == count  # 低保 and 最低生活保障: two pages
    rows = [r for r in index.rows() if unquote(r[URL]) in urls]
    year = max({r[2][:4] for r in rows}, key=lambda y: (sum(r[2][:4] == y for r in rows), y))
    in_year = [r for r in rows if r[2].startswith(year)]
    assert 0 < len(in_year) < len(rows)
    _open(page, base + "search.html?q=" + query)
    label = page.locator("#search-year option", has_text=f"{year}年").inner_text()
    assert label == f"{year}年（{len(in_year)}）"
    page.select_option("#search-year", label=label)
    page.wait_for_function(
        "n => document.getElementById('search-status').textContent.startsWith('找到 ' + n + ' 条')", arg=len(in_year)
    )
    status = page.inner_text("#search-status")
    assert status.startswith(f"找到 {len(in_year)} 条结果")
    shown = _result_urls(page, base)
    assert set(shown) <= {unquote(r[URL]) for r in in_year}
    first = page.locator("#search-results h2 a").first
    title = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == title
    assert unquote(page.url).endswith(shown[0])


def test_header_box_on_any_page_searches(page, base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base + "index.html")
    page.fill("#site-search", "养老")
    page.press("#site-search", "Enter")
    page.wait_for_url("**/search.html?q=*")
    page.wait_for_function(f"{FINISHED} && document.querySelector('#search-results li')")
    assert page.inner_text("#search-status").startswith("找到")


def test_pages_and_sort_by_date(page, base: str, built) -> None:  # type: ignore[no-untyped-def]
    _out, index = built
    expected = _expected(index, "白石乡")
    assert len(expected) > 20
    _open(page, base + "search.html?q=白石乡&sort=date")
    first_page = _result_urls(page, base)
    assert first_page == expected[:20]  # the index is newest first, as the site lists records
    page.click("#search-pages button:has-text('下一页')")
    page.wait_for_function("document.getElementById('search-status').innerText.includes('第 2')")
    assert _result_urls(page, base) == expected[20:40]


def test_recall_in_the_browser(page, base: str, built) -> None:  # type: ignore[no-untyped-def]
    """Random verbatim pieces of records, one character and up, find exactly the records holding
    them through search.js itself (plain: no widening by catalog aliases)."""
    _out, _index = built
    docs = site_documents(REPO)
    texts = [normalised(d) for d in docs]
    rng = random.Random(7)
    cases = ["公", "的", "公开", "人民政府", "最低生活保障 名单"]
    for doc in rng.sample(docs, 40):
        field = rng.choice([f for f in doc.searched() if f] or [doc.title])
        length = rng.randint(1, min(10, len(field)))
        start = rng.randint(0, len(field) - length)
        if norm(field[start : start + length]):
            cases.append(field[start : start + length])
    _open(page, base + "search.html")
    found = page.evaluate("cases => Promise.all(cases.map(c => zonegenSearch.records(c, true)))", cases)
    for query, records in zip(cases, found, strict=True):
        assert records == truth(texts, query), query


def test_ranking_puts_what_residents_mean_first(page, base: str) -> None:  # type: ignore[no-untyped-def]
    """The cases of issue #12 on the sample zone."""
    _open(page, base + "search.html?q=低保标准")
    assert _titles(page)[0] == "关于转发《清溪县人民政府关于调整2026年城乡最低生活保障标准的通知》的通知"
    _open(page, base + "search.html?q=低保")
    assert _titles(page)[:2] == [
        "关于转发《清溪县人民政府关于调整2026年城乡最低生活保障标准的通知》的通知",
        "白石乡城乡最低生活保障办事指南",
    ]
    assert page.inner_text("#search-note") == "也搜索了：最低生活保障"
    _open(page, base + "search.html?q=白政发")
    titles = _titles(page)
    numbered = page.eval_on_selector_all(
        "#search-results li", "els => els.map(li => /白政发〔/.test(li.querySelector('.result-meta').textContent))"
    )
    assert numbered == sorted(numbered, reverse=True) and numbered.count(True) == 11, titles
    _open(page, base + "search.html?q=低保怎么申请")
    assert _titles(page)[0] == "白石乡城乡最低生活保障办事指南"
    assert page.inner_text("#search-note") == "也搜索了：最低生活保障　已略去：怎么"
    _open(page, base + "search.html?q=高龄补贴")
    assert "白石乡2025年第四季度高龄津贴发放情况公示" in _titles(page)


def test_no_result_suggests_catalog_terms(page, base: str) -> None:  # type: ignore[no-untyped-def]
    _open(page, base + "search.html?q=养老补助")
    assert page.inner_text("#search-status").startswith("没有找到")
    offered = page.eval_on_selector_all("#search-suggest li > a:first-child", "els => els.map(a => a.textContent)")
    assert "养老服务补贴" in offered
    page.click("#search-suggest li > a:first-child")
    page.wait_for_function(f"{FINISHED} && document.querySelector('#search-results li')")
    assert page.input_value("#search-q") == offered[0]


def test_browser_and_build_normalise_alike(page, base: str) -> None:  # type: ignore[no-untyped-def]
    """search.js folds every assigned BMP code point exactly as normalize.py does."""
    if not base.startswith("http"):
        pytest.skip("the comparison does not depend on how the page is loaded")
    chars = [
        chr(c)
        for c in range(0x20, 0x10000)
        if not 0xD800 <= c <= 0xDFFF and unicodedata.category(chr(c)) not in ("Cn", "Co")
    ]
    _open(page, base + "search.html")
    folded = page.evaluate("chars => chars.map(c => zonegenSearch.norm(c))", chars)
    pairs = zip(chars, folded, strict=True)
    differ = [(hex(ord(c)), fold(c), js) for c, js in pairs if fold(c) != js]
    assert not differ, differ[:20]


def test_qr_code_carries_the_query_and_filters(page, base: str) -> None:  # type: ignore[no-untyped-def]
    """The footer's QR code is redrawn for the search's own address (and equals zonegen/qr.py's)."""
    from zonegen.qr import qr_rows

    _open(page, base + "search.html?q=低保&year=2025")
    label = page.get_attribute("figure.qr svg", "aria-label")
    online = page.get_attribute("#search", "data-online")
    assert label == f"当前页二维码：{online}?q=%E4%BD%8E%E4%BF%9D&year=2025"
    for text in (label.removeprefix("当前页二维码："), "https://example.gov.cn/" + "x" * 300, "短"):
        rows = page.evaluate("t => zonegenSearch.qrRows(t).map(r => r.join(''))", text)
        assert rows == qr_rows(text), text
