"""What only a browser shows: the report printed on A4, its tables within the page width."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import run
from tests.report_helpers import write_report

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
A4_CONTENT_WIDTH = 657  # px at 96 dpi: 210 mm − 18 mm margins on each side = 174 mm


def _browser():  # type: ignore[no-untyped-def]
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs Debian chromium and playwright for the browser tests")
        pytest.skip("chromium (apt-get install chromium) or playwright is not installed")
    return sync_playwright


@pytest.fixture
def report_page(minimal: Path) -> Path:
    write_report(minimal, 2025)
    result = run(minimal, "build")
    assert result.code == 0, result.stderr
    return minimal / "public/_records/2026-00925.html"


def test_report_prints_on_a4_with_tables_inside_the_page(report_page: Path) -> None:
    sync_playwright = _browser()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": A4_CONTENT_WIDTH, "height": 1000})
        page.goto(report_page.as_uri())
        page.emulate_media(media="print")
        assert not page.locator(".site-header").is_visible()
        assert not page.locator(".site-footer").is_visible()
        widths = page.eval_on_selector_all(".report-table", "ts => ts.map(t => t.getBoundingClientRect().width)")
        assert len(widths) == 6
        assert all(0 < width <= A4_CONTENT_WIDTH for width in widths), widths
        pdf = page.pdf(prefer_css_page_size=True)
        browser.close()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert boxes, "no page in the PDF"
    for width, height in boxes:  # A4 is 595 × 842 points
        assert abs(float(width) - 595.3) < 1.5 and abs(float(height) - 841.9) < 1.5
    assert 2 <= len(boxes) <= 5
