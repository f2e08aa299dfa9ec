"""The review gate: with rules.require_review, nothing unreviewed is published."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run, write_record

FRONT = """\
title: 关于公布2025年度惠民项目的通知
index_no: 11330000000000000X/2025-00040
created: 2025-03-01
published: 2025-03-05
kind: 公告公示
"""


@pytest.fixture
def gated(minimal: Path) -> Path:
    """The minimal zone with the gate on and its three records reviewed."""
    zone_yaml = minimal / "zone.yaml"
    zone_yaml.write_text(zone_yaml.read_text(encoding="utf-8") + "rules:\n  require_review: true\n", encoding="utf-8")
    for path in (minimal / "content").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        head, rest = text.split("\n---\n", 1)
        published = next(line.split(": ")[1] for line in head.splitlines() if line.startswith("published"))
        path.write_text(f"{head}\nreview: {{by: 党政办, date: {published}}}\n---\n{rest}", encoding="utf-8")
    assert run(minimal, "check").code == 0
    return minimal


def codes(zone: Path) -> list[tuple[str, str, int | None]]:
    return [(d["severity"], d["code"], d["line"]) for d in run(zone, "check", "--format", "json").diagnostics]


def test_missing_review_does_not_build(gated: Path) -> None:
    write_record(gated, "notices/a.md", FRONT)
    assert codes(gated) == [("error", "review-missing", 7)]  # the closing ---: add it above
    result = run(gated, "build")
    assert result.code == 1 and "review-missing" in result.stderr
    assert not (gated / "public").exists()


def test_empty_review_does_not_build(gated: Path) -> None:
    write_record(gated, "notices/a.md", FRONT + "review:\n")
    assert codes(gated) == [("error", "review-missing", 7)]


@pytest.mark.parametrize(
    ("review", "expected"),
    [
        ("{by: 党政办}", [("error", "review-incomplete", 7)]),
        ("{date: 2025-03-04}", [("error", "review-incomplete", 7)]),
        ("{by: 党政办, date: 2025-02-30}", [("error", "field-value", 7), ("error", "review-incomplete", 7)]),
        ("{by: 待审查, date: 2025-03-04}", [("error", "review-incomplete", 7)]),
        ("{by: 党政办, date: 2025-03-06}", [("error", "review-after-published", 7)]),
        ("{by: 党政办, date: 2025-02-20}", [("warning", "review-before-created", 7)]),
        ("{by: 党政办, when: 2025-03-04}", [("error", "review-incomplete", 7), ("error", "unknown-key", 7)]),
        ("党政办", [("error", "field-value", 7)]),
    ],
)
def test_incomplete_or_misdated_review(gated: Path, review: str, expected: list) -> None:
    write_record(gated, "notices/a.md", FRONT + f"review: {review}\n")
    assert sorted(codes(gated)) == sorted(expected)


def test_chinese_keys_and_same_day_review(gated: Path) -> None:
    write_record(gated, "notices/a.md", FRONT + "保密审查: {审查人: 党政办, 审查日期: 2025-03-05}\n")
    assert codes(gated) == []
    assert run(gated, "build").code == 0


def test_reviewed_after_published_never_builds_even_without_the_gate(minimal: Path) -> None:
    write_record(minimal, "notices/a.md", FRONT + "review: {by: 党政办, date: 2025-04-01}\n")
    assert codes(minimal) == [("error", "review-after-published", 7)]


def test_unpublished_records_need_no_review(gated: Path) -> None:
    write_record(gated, "notices/a.md", FRONT + "disclosure: 依申请公开\n")
    assert codes(gated) == []


def test_without_the_gate_a_missing_review_is_fine(minimal: Path) -> None:
    write_record(minimal, "notices/a.md", FRONT)
    assert codes(minimal) == []


def test_init_zones_have_the_gate_and_build(tmp_path: Path) -> None:
    zone = tmp_path / "new"
    assert run(None, "init", str(zone)).code == 0
    assert "require_review: true" in (zone / "zone.yaml").read_text(encoding="utf-8")
    assert run(zone, "build").code == 0
    guide = next((zone / "content").rglob("*.md"))
    text = guide.read_text(encoding="utf-8")
    guide.write_text(
        "\n".join(line for line in text.splitlines() if not line.startswith("review:")) + "\n", encoding="utf-8"
    )
    result = run(zone, "build")
    assert result.code == 1 and "review-missing" in result.stderr
