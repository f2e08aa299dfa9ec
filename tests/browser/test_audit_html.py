"""The audit's HTML report opened from file:// in chromium: charts, links, no request leaves the machine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.audit_helpers import AS_OF, copy_fixture
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_pages import SERIOUS, run_axe
from tests.conftest import run


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    zone = copy_fixture(tmp_path_factory.mktemp("audit-html"))
    out = zone.parent / "自查报告.html"
    result = run(zone, "audit", "--as-of", AS_OF, "--format", "html", "--out", str(out))
    assert result.code == 1, result.stderr
    return out


@pytest.mark.parametrize("width", [1280, 375])
def test_report_opens_offline_with_its_charts(report: Path, visit, width: int) -> None:
    tab = visit(width)
    page = tab.page
    page.goto(report.as_uri())
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"audit-report-{width}.png"), full_page=True)
    assert tab.external("file://") == []
    assert tab.errors == []
    assert page.locator("script").count() == 0
    assert page.locator("link[rel=stylesheet], img, iframe").count() == 0
    assert page.locator("h1").inner_text() == "测审乡人民政府 政务公开自查报告"
    heatmap = page.locator("svg.heatmap")
    assert heatmap.is_visible()
    assert heatmap.locator("rect.cell").count() == 2 * 12  # two domains × twelve months
    assert page.locator("svg.bar-chart").is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the report is {overflow}px wider than the {width}px window"


def test_late_records_link_into_the_online_zone(report: Path, visit) -> None:
    page = visit(1280).page
    page.goto(report.as_uri())
    link = page.get_by_role("link", name="关于印发《测审乡村级公益事业建设管理办法》的通知").first
    assert link.get_attribute("href") == "https://zone.example.gov.cn/cs/statutory/policies/2026-gf-1.html"
    blank = page.locator("h2", has_text="空白栏目").locator("xpath=following-sibling::ul[1]")
    assert blank.inner_text().strip() == "临时救助对象名单（domains/relief/temporary-relief）"
    assert "空白栏目 1 个" in page.locator("p.pass").inner_text()


def test_report_is_accessible(report: Path, visit, axe_source: str) -> None:
    page = visit(1280).page
    page.goto(report.as_uri())
    serious = [v for v in run_axe(page, axe_source) if v["impact"] in SERIOUS]
    assert serious == [], json.dumps(serious, ensure_ascii=False, indent=1)
