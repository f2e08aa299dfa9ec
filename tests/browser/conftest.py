"""Browser fixtures: the sample zone built once, Debian's chromium driven by Playwright, axe-core.

Without chromium (or Playwright, or axe-core) these tests skip with the reason; under CI
(CI=true) a missing piece is a failure, so CI can never pass without running them.
`bash tests/browser/setup.sh` installs everything they need.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from zonegen.build import build

HERE = Path(__file__).parent
REPO = HERE.parent.parent
CHROMIUM = Path(os.environ.get("ZONEGEN_CHROMIUM", "/usr/bin/chromium"))
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = HERE / "screenshots"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# One page of every type in the sample zone (the repository root is the sample zone).
PAGE_TYPES = {
    "home": "index.html",
    "column": "statutory/index.html",
    "column-page-2": "domains/index-2.html",
    "domains": "domains/index.html",
    "domain": "domains/social-assistance/index.html",
    "item": "domains/social-assistance/dibao-recipients/index.html",
    "record": "_records/2024-00012.html",
    "record-attachments": "_records/2025-00014.html",
    "interpretation": "_records/2024-00013.html",
    "guide": "guide/index.html",
    "guide-record": "_records/2026-00004.html",
    "annual-reports": "annual-reports/index.html",
    "annual-report": "_records/2026-00001.html",
    "directory": "directory.html",
    "stats": "stats.html",
}


def require(condition: bool, reason: str) -> None:
    """Skip a browser test on a developer machine; fail it under CI."""
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run; see tests/browser/setup.sh)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "public"
    result = build(REPO, out)
    assert result.ok, [d.message for d in result.diagnostics if d.severity == "error"]
    return out


@pytest.fixture(scope="module")  # Playwright's sync API allows one running instance at a time
def browser() -> Iterator[object]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Playwright for Python is not installed (pip install -e '.[test]')")
    require(CHROMIUM.exists(), f"chromium not found at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists() and shutil.which("npm"):
        # axe-core comes from the npm registry, pinned in tests/browser/package-lock.json.
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--prefix", str(HERE)],
            check=False,
            capture_output=True,
            timeout=300,
        )
    require(AXE.exists(), "axe-core is not installed (bash tests/browser/setup.sh)")
    return AXE.read_text(encoding="utf-8")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    """The built site over http://127.0.0.1, as `zonegen serve` or a web server shows it."""
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


class Visit:
    """A browser tab that records every request the pages make (and every download)."""

    def __init__(
        self, browser: object, width: int, javascript: bool = True, height: int = 900, clock: bool = False
    ) -> None:
        self.context = browser.new_context(  # type: ignore[attr-defined]
            viewport={"width": width, "height": height}, java_script_enabled=javascript, accept_downloads=True
        )
        if clock:  # a fake clock the test moves on (Playwright's clock API)
            self.context.clock.install()
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.downloads: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("download", lambda download: self.downloads.append(download.url))

    def external(self, allowed: str) -> list[str]:
        """Requests that left the site: anything but file:// (or the local test server)."""
        return [url for url in self.requests if not (url.startswith(allowed) or url.startswith("data:"))]

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: object) -> Iterator[object]:
    opened: list[Visit] = []

    def open_tab(width: int = 1280, javascript: bool = True) -> Visit:
        tab = Visit(browser, width, javascript)
        opened.append(tab)
        return tab

    yield open_tab
    for tab in opened:
        tab.close()
