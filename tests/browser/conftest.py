"""Headless Debian chromium through Playwright: skipped without it, except under CI=true."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return "没有 Debian chromium（apt-get install -y chromium）"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "没有 Playwright（pip install -e '.[test]'）"
    return None


@pytest.fixture(scope="module")  # closed after each module: other tests start their own
def browser() -> Iterator[object]:
    reason = _missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"浏览器测试在 CI 中必须运行：{reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as play:
        chromium = play.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()
