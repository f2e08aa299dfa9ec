"""The sample zone's pages match their golden copy (regenerate: python -m tests.golden --update)."""

from pathlib import Path

from tests.golden import PAGES, build_pages, differences
from tests.machine_outputs import parse_outputs


def test_sample_zone_matches_golden_copy(tmp_path: Path) -> None:
    pages = build_pages(tmp_path / "public")
    assert set(pages) == set(PAGES)
    problems = differences(pages)
    hint = "如果改动是有意的：python -m tests.golden --update"
    assert not problems, "\n\n".join([*problems, hint])
    outputs = parse_outputs(tmp_path / "public")
    assert {"annual-reports/2024.json", "annual-reports/2025.json"} <= set(outputs)
    directory = outputs["directory.json"]
    entries = outputs["feed.xml"].findall("{http://www.w3.org/2005/Atom}entry")
    assert [e.findtext("{http://www.w3.org/2005/Atom}title") for e in entries] == [r["title"] for r in directory][:50]
