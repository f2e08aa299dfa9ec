"""The sample zone's pages match their golden copy (regenerate: python -m tests.golden --update)."""

from pathlib import Path

from tests.golden import PAGES, build_pages, differences


def test_sample_zone_matches_golden_copy(tmp_path: Path) -> None:
    pages = build_pages(tmp_path / "public")
    assert set(pages) == set(PAGES)
    problems = differences(pages)
    hint = "如果改动是有意的：python -m tests.golden --update"
    assert not problems, "\n\n".join([*problems, hint])
