"""Odd file names in a real browser, from file://: links, images and attachments open, old addresses forward."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import names_zone
from zonegen.build import build


@pytest.fixture(scope="module")
def names_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    zone = names_zone.make(tmp_path_factory.mktemp("names") / "zone")
    out = zone / "public"
    result = build(zone, out)
    assert result.ok, [d.message for d in result.diagnostics if d.severity == "error"]
    return out


def test_links_images_and_attachments_with_odd_names_open(names_site: Path, visit) -> None:  # type: ignore[no-untyped-def]
    tab = visit()
    page = tab.page
    page.goto((names_site / "_records/2025-0020.html").as_uri())
    image = page.get_by_alt_text("青山镇位置示意图")
    assert image.evaluate("img => img.complete && img.naturalWidth") == 1  # 图 1#.png was found
    page.get_by_role("link", name="文件名有井号的通知").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "通知4：文件名 a#b.md"
    page.go_back()
    page.get_by_role("link", name="附件一").click()
    page.wait_for_load_state()
    assert "附件正文" in page.content()  # 附件 1#&%.txt
    assert tab.errors == []
    assert tab.external("file://") == []


def test_a_former_address_forwards_to_the_record(names_site: Path, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit().page
    page.goto((names_site / "notices/有 空格.html").as_uri())
    page.wait_for_url("**/_records/2025-0004.html")
    assert page.locator("h1").inner_text() == "通知3：文件名 有 空格.md"
