"""The minimal zone checks clean and builds every page the contract lists."""

from pathlib import Path

from tests.conftest import run


def test_minimal_zone_checks_clean(minimal: Path) -> None:
    result = run(minimal, "check")
    assert result.code == 0, result.stdout
    assert "检查通过" in result.stdout


def test_minimal_zone_builds_contract_pages(minimal: Path) -> None:
    result = run(minimal, "build")
    assert result.code == 0, result.stderr
    out = minimal / "public"
    for page in [
        "index.html",
        "guide/index.html",
        "notices/index.html",
        "domains/index.html",
        "domains/relief/index.html",
        "domains/relief/dibao/index.html",
        "annual-reports/index.html",
        "_records/2025-00002.html",
        "_records/2025-00003.html",
        "_records/2025-00001.html",
        "directory.html",
        "sitemap.xml",
        "directory.json",
        "feed.xml",
    ]:
        assert (out / page).is_file(), page
    record = (out / "_records/2025-00002.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in record
    assert "11330000000000000X/2025-00002" in record
    assert "测政〔2025〕1号" in record
