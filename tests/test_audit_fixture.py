"""The audit fixture zone: `zonegen audit` finds exactly the planted problems, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.audit_helpers import AS_OF, audit, copy_fixture, found
from tests.conftest import run

PLANTED = {
    ("timeliness", "late", "content/notices/2026-late.md"),
    # 3 working days from Friday 09-18 end on Tuesday 09-22 because Sunday 09-20 is a 调休 working day.
    ("timeliness", "late", "content/statutory/policies/2026-gf-1.md"),
    ("coverage", "missing", "content/domains/relief/temporary-relief"),
    ("blank-column", "blank", "content/domains/relief/temporary-relief"),
    ("freshness", "stale", "content/domains/relief/dibao/2026-08.md"),
    ("interpretation", "missing", "content/statutory/policies/2026-gf-3.md"),
    ("annual-report", "late", "content/annual-reports/2025.md"),
    ("expiry", "still-published", "content/domains/relief/dibao-publicity/2026-08-gs.md"),
    ("applications", "late", "data/applications.csv"),
    ("applications", "overdue", "data/applications.csv"),
}


@pytest.fixture(scope="module")
def zone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture, with a site built on 2026-08-15, while the 公示 was on."""
    target = copy_fixture(tmp_path_factory.mktemp("audit"))
    built = run(target, "build", "--as-of", "2026-08-15", "--quiet")
    assert built.code == 0, built.stderr
    return target


def test_audit_finds_exactly_the_planted_problems(zone: Path) -> None:
    data = audit(zone)
    assert data["as_of"] == AS_OF
    assert found(data) == PLANTED
    assert len(data["findings"]) == len(PLANTED)
    # YSQ-2026-002 answered late; 005 still open; 003 (补正) and 004 (third party) on time.
    assert [f["line"] for f in data["findings"] if f["rule"] == "applications"] == [3, 6]
    assert data["exit"] == 1


def test_every_finding_names_rule_place_due_and_basis(zone: Path) -> None:
    data = audit(zone)
    for finding in data["findings"]:
        assert set(finding) >= {"rule", "severity", "file", "line", "index_no", "node", "due", "basis", "message"}
        assert finding["basis"] and finding["message"]
    by_file = {f["file"]: f for f in data["findings"] if f["rule"] == "timeliness"}
    late = by_file["content/statutory/policies/2026-gf-1.md"]
    assert late == {
        **late,
        "severity": "error",
        "line": 5,
        "index_no": "11330000000000000X/2026-00003",
        "node": "statutory/policies",
        "due": "2026-09-22",
        "date": "2026-09-23",
        "basis": "规范性文件印发后3个工作日内公开（zone.yaml rules.normative_workdays: 3）",
        "url": "https://zone.example.gov.cn/cs/statutory/policies/2026-gf-1.html",
    }
    assert late["message"] == (
        "《关于印发《测审乡村级公益事业建设管理办法》的通知》生成于 2026-09-18，应于 2026-09-22 前发布；"
        "2026-09-23 发布，晚了 1 个工作日"
    )


def test_national_day_makes_a_record_on_time_and_approval_starts_the_clock(zone: Path) -> None:
    files = {f["file"] for f in audit(zone)["findings"]}
    assert "content/statutory/policies/2026-gf-2.md" not in files  # 09-29 + 3 working days = 10-09
    assert "content/domains/fiscal/budget/2026.md" not in files  # approved 03-10 + 20 days = 03-30


def test_stats_count_what_is_published_on_the_day(zone: Path) -> None:
    stats = audit(zone)["stats"]
    assert stats["records"] == 15  # every record published by then, the 公示 that has ended included
    assert stats["by_category"] == {
        "决策公开": 1,
        "执行公开": 0,
        "管理公开": 2,
        "服务公开": 1,
        "结果公开": 2,
        "未分类": 9,
    }
    assert stats["by_domain"] == {"社会救助": 5, "财政预决算": 1}
    assert stats["by_month"]["2026-09"] == 3
    assert stats["by_domain_month"]["社会救助"] == {"2026-02": 1, "2026-08": 2, "2026-09": 1, "2026-11": 1}
    assert stats["findings"]["applications"] == 2
    assert (stats["errors"], stats["warnings"]) == (9, 1)


def test_the_audit_writes_nothing(zone: Path) -> None:
    before = sorted((p.as_posix(), p.stat().st_mtime_ns) for p in zone.rglob("*"))
    for fmt in ("text", "json", "html"):
        run(zone, "audit", "--as-of", AS_OF, "--format", fmt)
    assert sorted((p.as_posix(), p.stat().st_mtime_ns) for p in zone.rglob("*")) == before


def test_text_is_a_table_per_rule(zone: Path) -> None:
    result = run(zone, "audit", "--as-of", AS_OF)
    assert result.code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "测审乡人民政府 政务公开自查（截至 2026-11-20）"
    assert "【发布时限】timeliness：2 项" in lines
    header = lines.index("【政策解读】interpretation：1 项") + 1
    assert lines[header].split() == ["级别", "位置", "索引号", "应于", "说明"]
    row = lines[header + 1]
    assert row.split()[:4] == [
        "错误",
        "content/statutory/policies/2026-gf-3.md:7",
        "11330000000000000X/2026-00005",
        "2026-06-05",
    ]
    # the basis stands under the 说明 column
    assert (
        lines[header + 2].strip()
        == "依据：解读材料在文件公开后3个工作日内发布（zone.yaml rules.interpretation_workdays: 3）"
    )
