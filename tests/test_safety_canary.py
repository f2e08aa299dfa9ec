"""First law: nothing that is not 主动公开 reaches any output file.

tests/zones/canary holds 依申请公开 and 不予公开 records with canary strings in every field,
the body, headings, tables, link texts, file names and attachments (names and contents). The
built site — pages, feed, sitemap, directory.json, search index, copied files, and the names
of every output file — must contain none of them, in any encoding a page or index might use.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.conftest import ZONES, run

CANARY = ZONES / "canary"
# Index numbers of the records that must stay unpublished.
HIDDEN_INDEX_NOS = [f"11330000000000000X/2025-{n:05d}" for n in (901, 902, 903, 904)]


def canaries() -> list[str]:
    """Every canary token planted in the zone's sources and file names."""
    tokens: set[str] = set()
    for path in (CANARY / "content").rglob("*"):
        text = path.relative_to(CANARY).as_posix()
        if path.is_file():
            text += "\n" + path.read_text(encoding="utf-8")
        tokens.update(re.findall(r"CANARY-[A-Z]+-[A-Z-]+", text, flags=re.I))
        tokens.update(re.findall(r"金丝雀[甲乙]", text))
    return sorted(tokens)


def variants(token: str) -> set[str]:
    """The forms a string takes in HTML, URLs, JSON and XML."""
    return {
        token,
        token.lower(),
        token.upper(),
        html.escape(token),
        quote(token),
        quote(token.lower()),
        json.dumps(token)[1:-1],
        json.dumps(token, ensure_ascii=False)[1:-1],
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    zone = tmp_path_factory.mktemp("canary") / "zone"
    shutil.copytree(CANARY, zone)
    result = run(zone, "build")
    assert result.code == 0, result.stderr
    return zone / "public"


def test_the_zone_really_plants_canaries() -> None:
    tokens = canaries()
    assert len(tokens) >= 30, tokens
    assert {"CANARY-YSQ-TITLE", "CANARY-BYG-ATTACH", "CANARY-YSQ-REVIEWER", "金丝雀甲"} <= set(tokens)


def test_public_records_are_published(built: Path) -> None:
    """The zone is not simply empty: its 主动公开 records and their attachments are out."""
    assert (built / "_records/2025-00002.html").is_file()
    assert (built / "notices/补助标准.txt").is_file()
    assert (built / "_records/2025-00003.html").is_file()
    directory = json.loads((built / "directory.json").read_text(encoding="utf-8"))
    assert sorted(r["index_no"] for r in directory) == [
        "11330000000000000X/2025-00001",
        "11330000000000000X/2025-00002",
        "11330000000000000X/2025-00003",
    ]


def test_no_canary_in_any_output_file(built: Path) -> None:
    files = [p for p in built.rglob("*") if p.is_file()]
    assert len(files) > 10
    needles = {v: token for token in [*canaries(), *HIDDEN_INDEX_NOS] for v in variants(token)}
    leaks = []
    for path in files:
        name = path.relative_to(built).as_posix()
        text = name + "\n" + path.read_bytes().decode("utf-8", "replace")
        leaks.extend(f"{name}: {token}" for needle, token in needles.items() if needle in text)
    assert not leaks, "\n".join(sorted(set(leaks)))


def test_no_unpublished_attachment_is_copied(built: Path) -> None:
    hidden = [
        p
        for p in (CANARY / "content").rglob("*")
        if p.is_file() and p.suffix != ".md" and ("CANARY" in p.name or "金丝雀" in p.name)
    ]
    copied = {p.read_bytes() for p in built.rglob("*") if p.is_file()}
    assert len(hidden) == 3
    assert not {p.read_bytes() for p in hidden} & copied


def test_unpublished_personal_data_is_not_an_error() -> None:
    """The full ID numbers in the 不予公开 list are lawful to keep: they are never published."""
    result = run(CANARY, "check", "--format", "json")
    assert result.code == 0
    assert not [d for d in result.diagnostics if d["code"].startswith("pii")]
