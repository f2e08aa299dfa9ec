"""Each audit rule at its edges, and every deadline setting changing a finding."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.audit_helpers import append_yaml, audit, copy_fixture, found
from tests.conftest import run, write_record

ORG = "11330000000000000X"


@pytest.fixture
def zone(tmp_path: Path) -> Path:
    return copy_fixture(tmp_path)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def by_file(data: dict, rule: str) -> dict[str, dict]:
    return {f["file"]: f for f in data["findings"] if f["rule"] == rule}


# --- timeliness ---------------------------------------------------------------------------------

LATE = "content/notices/2026-late.md"
GF1 = "content/statutory/policies/2026-gf-1.md"


def test_published_on_the_due_day_is_on_time_and_the_next_working_day_is_late(zone: Path) -> None:
    edit(zone / LATE, "published: 2026-05-20", "published: 2026-04-30")
    assert LATE not in by_file(audit(zone), "timeliness")
    edit(zone / LATE, "published: 2026-04-30", "published: 2026-05-06")  # 05-01..05-05 is the 劳动节 holiday
    late = by_file(audit(zone), "timeliness")[LATE]
    assert late["due"] == "2026-04-30"
    assert late["message"].endswith("2026-05-06 发布，晚了 1 个工作日")


def test_normative_workdays_setting(zone: Path) -> None:
    assert GF1 in by_file(audit(zone), "timeliness")
    append_yaml(zone, "rules:\n  normative_workdays: 4\n")
    assert GF1 not in by_file(audit(zone), "timeliness")


def test_catalog_item_deadline_setting(zone: Path) -> None:
    july = "content/domains/relief/dibao/2026-07.md"  # created 07-31, published 08-05
    assert july not in by_file(audit(zone), "timeliness")
    edit(
        zone / "catalog.yaml",
        "        deadline: {workdays: 20}\n        refresh: monthly",
        "        deadline: {workdays: 2}\n        refresh: monthly",
    )
    late = by_file(audit(zone), "timeliness")[july]
    assert late["due"] == "2026-08-04"
    assert (
        late["basis"]
        == "目录事项“最低生活保障对象名单”的公开时限：信息形成或变更之日起20个工作日内（deadline: 2个工作日）"
    )


def test_catalog_defaults_deadline_setting_and_the_statute_without_it(zone: Path) -> None:
    assert (
        by_file(audit(zone), "timeliness")[LATE]["basis"] == "目录 defaults.deadline：20个工作日内公开（catalog.yaml）"
    )
    edit(zone / "catalog.yaml", "defaults:\n  deadline: {workdays: 20}\n", "defaults:\n  deadline: {workdays: 40}\n")
    assert LATE not in by_file(audit(zone), "timeliness")
    edit(zone / "catalog.yaml", "defaults:\n  deadline: {workdays: 40}\n", "")
    late = by_file(audit(zone), "timeliness")[LATE]
    assert late["basis"] == "条例第二十六条：自该政府信息形成或者变更之日起20个工作日内及时公开"


def test_approved_starts_the_clock_of_a_days_rule(zone: Path) -> None:
    budget = zone / "content/domains/fiscal/budget/2026.md"
    edit(budget, "published: 2026-03-25", "published: 2026-03-30")
    assert "content/domains/fiscal/budget/2026.md" not in by_file(audit(zone), "timeliness")
    edit(budget, "published: 2026-03-30", "published: 2026-03-31")
    late = by_file(audit(zone), "timeliness")["content/domains/fiscal/budget/2026.md"]
    assert (late["due"], late["message"].split("；")[0]) == (
        "2026-03-30",
        "《测审乡人民政府2026年部门预算》批准于 2026-03-10，应于 2026-03-30 前发布",
    )
    edit(budget, "approved: 2026-03-10\n", "")
    assert by_file(audit(zone), "timeliness")["content/domains/fiscal/budget/2026.md"]["due"] == "2026-02-04"


def test_a_date_the_calendar_does_not_know_is_a_finding(zone: Path) -> None:
    write_record(
        zone,
        "notices/2027-new.md",
        f"title: 关于元旦值班的通知\nindex_no: {ORG}/2026-00020\ncreated: 2026-12-28\npublished: 2027-01-10",
    )
    data = audit(zone, as_of="2027-02-01")
    unknown = [f for f in data["findings"] if f["code"] == "calendar-unknown" and f["rule"] == "timeliness"]
    assert [(f["severity"], f["file"], f["message"]) for f in unknown] == [
        (
            "warning",
            "content/notices/2027-new.md",
            "无法计算期限：不知道 2027-01-01 所在的 2027 年的节假日安排，2027 年的相关期限均未检查",
        )
    ]
    append_yaml(zone, "calendar:\n  holidays: [2027-01-01]\n  years: [2027]\n")
    data = audit(zone, as_of="2027-02-01")
    assert not [f for f in data["findings"] if f["code"] == "calendar-unknown" and f["rule"] == "timeliness"]


# --- coverage and blank-column ------------------------------------------------------------------


def test_items_of_another_level_and_on_request_items_are_not_coverage(zone: Path) -> None:
    (zone / "content/domains/relief/on-request/2026-guide.md").unlink()
    data = audit(zone)
    assert found(data, "coverage") == {("coverage", "missing", "content/domains/relief/temporary-relief")}
    assert ("blank-column", "blank", "content/domains/relief/on-request") in found(data, "blank-column")
    assert "content/domains/relief/county-funds" not in {f["file"] for f in data["findings"]}


def test_five_blank_columns_fail_the_site(zone: Path) -> None:
    for rel in ("relief/on-request/2026-guide.md", "fiscal/budget/2026.md"):
        (zone / "content/domains" / rel).unlink()
    data = audit(zone)  # blank: temporary-relief, on-request, budget, fiscal
    assert data["stats"]["blank_columns"] == 4
    assert not [f for f in data["findings"] if f["code"] == "blank-limit"]
    for rel in ("2026-spring.md", "2026-late.md"):
        (zone / "content/notices" / rel).unlink()
    data = audit(zone)
    limit = [f for f in data["findings"] if f["code"] == "blank-limit"]
    assert [(f["severity"], f["message"]) for f in limit] == [
        ("error", f"空白栏目共 5 个（可打开的栏目 {data['stats']['openable_columns']} 个），已达到单项否决的 5 个")
    ]


# --- freshness ----------------------------------------------------------------------------------


def test_a_later_record_keeps_an_item_fresh(zone: Path) -> None:
    write_record(
        zone,
        "domains/relief/dibao/2026-10.md",
        f"title: 2026年10月最低生活保障对象名单\nindex_no: {ORG}/2026-00021\n"
        "created: 2026-10-31\npublished: 2026-11-04",
    )
    assert not found(audit(zone), "freshness")


def test_the_period_under_way_is_not_due(zone: Path) -> None:
    # As of 2026-10-20, September's list is not due until 11-03 and August's is there.
    assert not found(audit(zone, as_of="2026-10-20"), "freshness")
    stale = by_file(audit(zone, as_of="2026-11-04"), "freshness")["content/domains/relief/dibao/2026-08.md"]
    assert stale["due"] == "2026-11-03"


def test_periods() -> None:
    import datetime as dt

    from zonegen.audit.coverage import period_name, period_of

    assert period_of(dt.date(2026, 11, 20), "quarterly") == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert period_of(dt.date(2026, 2, 1), "monthly") == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert period_of(dt.date(2026, 6, 30), "yearly") == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert period_name(dt.date(2026, 4, 1), "quarterly") == "2026年第2季度"


# --- interpretation -----------------------------------------------------------------------------

GF3 = "content/statutory/policies/2026-gf-3.md"


def test_an_interpretation_is_missing_only_after_its_deadline(zone: Path) -> None:
    assert GF3 not in by_file(audit(zone, as_of="2026-06-05"), "interpretation")
    missing = by_file(audit(zone, as_of="2026-06-06"), "interpretation")[GF3]
    assert (missing["severity"], missing["due"]) == ("error", "2026-06-05")


def test_a_policy_document_without_interpretation_is_a_warning(zone: Path) -> None:
    edit(zone / GF3, "kind: 规范性文件\nvalidity: 有效", "kind: 政策文件")
    assert by_file(audit(zone), "interpretation")[GF3]["severity"] == "warning"


def test_interpretation_workdays_setting(zone: Path) -> None:
    jd = "content/interpretations/2026-gf-2-jd.md"  # 解读 of a 10-09 document, published 10-12
    assert jd not in by_file(audit(zone), "interpretation")
    append_yaml(zone, "rules:\n  interpretation_workdays: 1\n")
    late = by_file(audit(zone), "interpretation")[jd]
    assert (late["code"], late["due"]) == ("late", "2026-10-10")  # Saturday 10-10 is a 调休 working day


# --- annual-report ------------------------------------------------------------------------------

REPORT = "content/annual-reports/2025.md"


def test_annual_report_due_setting(zone: Path) -> None:
    assert REPORT in by_file(audit(zone), "annual-report")
    append_yaml(zone, "rules:\n  annual_report_due: '03-31'\n")
    assert not found(audit(zone), "annual-report")


def test_annual_report_due_must_be_a_day(zone: Path) -> None:
    append_yaml(zone, "rules:\n  annual_report_due: '02-30'\n")
    result = run(zone, "check", "--format", "json")
    assert [d["message"] for d in json.loads(result.stdout) if d["code"] == "zone-type"] == [
        "rules.annual_report_due“02-30”不是“月-日”"
    ]


def test_a_missing_report(zone: Path) -> None:
    (zone / REPORT).unlink()
    missing = [f for f in audit(zone)["findings"] if f["rule"] == "annual-report"]
    assert [(f["code"], f["due"], f["message"]) for f in missing] == [
        ("missing", "2026-01-31", "2025 年度政府信息公开工作年度报告应于 2026-01-31 前公布，至 2026-11-20 仍没有")
    ]
    # On 2026-01-31 the 2025 report is still in time; the 2024 one is late.
    early = [f for f in audit(zone, as_of="2026-01-31")["findings"] if f["rule"] == "annual-report"]
    assert [(f["code"], f["due"]) for f in early] == [("missing", "2025-01-31")]


def test_rules_rows_and_unbalanced_figures(zone: Path) -> None:
    edit(zone / REPORT, "  licensing: 4\n", "  rules: {issued: 1}\n  licensing: 4\n")
    edit(zone / REPORT, "    disclosed: {natural: 2}", "    disclosed: {natural: 1}")
    codes = {f["code"] for f in audit(zone)["findings"] if f["rule"] == "annual-report"}
    assert codes == {"late", "rules-row", "report-balance"}


# --- expiry -------------------------------------------------------------------------------------

PUBLICITY = "content/domains/relief/dibao-publicity/2026-08-gs.md"


def published(site: Path) -> set[str]:
    return {entry["index_no"] for entry in json.loads((site / "directory.json").read_text(encoding="utf-8"))}


def test_build_stops_publishing_the_day_after_expires(zone: Path, tmp_path: Path) -> None:
    number = f"{ORG}/2026-00010"
    assert run(zone, "build", "--as-of", "2026-08-18", "--out", str(tmp_path / "on"), "-q").code == 0
    assert number in published(tmp_path / "on")
    assert run(zone, "build", "--as-of", "2026-08-19", "--out", str(tmp_path / "off"), "-q").code == 0
    assert number not in published(tmp_path / "off")
    assert not list((tmp_path / "off").rglob("2026-08-gs*"))
    assert "张*华" not in (tmp_path / "off" / "domains/relief/dibao-publicity/index.html").read_text(encoding="utf-8")


def test_expiry_against_the_built_site(zone: Path, tmp_path: Path) -> None:
    data = audit(zone)  # no public/: the audit cannot see the site and says so
    assert [(f["severity"], f["code"]) for f in data["findings"] if f["rule"] == "expiry"] == [
        ("warning", "site-unknown")
    ]
    run(zone, "build", "--as-of", "2026-08-15", "--out", str(tmp_path / "old"), "-q")
    still = by_file(audit(zone, "--site", str(tmp_path / "old")), "expiry")[PUBLICITY]
    assert (still["severity"], still["due"], still["line"]) == ("error", "2026-08-19", 6)
    run(zone, "build", "--as-of", "2026-11-20", "-q")  # the default public/
    assert not found(audit(zone), "expiry")


# --- applications -------------------------------------------------------------------------------

LEDGER = "data/applications.csv"


def test_correction_consultation_and_extension(zone: Path) -> None:
    ledger = zone / LEDGER
    assert [f["line"] for f in audit(zone)["findings"] if f["rule"] == "applications"] == [3, 6]
    edit(ledger, "2026-06-12,否,2026-05-20,,", "2026-06-12,否,,,")  # without the 补正 date
    edit(ledger, "2026-08-05,否,,2026-07-06,2026-07-17", "2026-08-05,否,,,")  # without the consultation
    edit(ledger, "2026-05-15,否,,,", "2026-05-15,是,,,")  # extended by 20 working days
    data = audit(zone)
    assert [f["line"] for f in data["findings"] if f["rule"] == "applications"] == [4, 5, 6]
    assert by_file(data, "applications")[LEDGER]["basis"].startswith("条例第三十三条：收到申请之日起20个工作日内答复")


def test_the_ledger_location_and_reply_settings(zone: Path) -> None:
    append_yaml(zone, "rules:\n  reply_workdays: 15\n")
    assert [f["line"] for f in audit(zone)["findings"] if f["rule"] == "applications"] == [3, 4, 5, 6]
    (zone / LEDGER).unlink()
    assert not found(audit(zone), "applications")


def test_bad_ledger_dates_are_check_diagnostics(zone: Path) -> None:
    edit(zone / LEDGER, "2026-07-06,2026-07-17", "2026-07-06,")
    result = run(zone, "check", "--format", "json")
    messages = [d["message"] for d in json.loads(result.stdout) if d["code"] == "applications-csv"]
    assert messages == ["申请台账第 5 行：征求意见日期和意见答复日期要同时填写"]


# --- the command --------------------------------------------------------------------------------


def test_exit_codes_and_strict(zone: Path) -> None:
    assert run(zone, "audit", "--as-of", "2026-13-01").code == 2
    assert run(zone.parent / "nowhere", "audit").code == 2
    assert run(zone, "audit", "--as-of", "2026-11-20").code == 1


CLEAN_REPORT = """\
title: 测试乡人民政府2024年政府信息公开工作年度报告
index_no: 11330000000000000X/2025-00009
created: 2025-01-10
published: 2025-01-15
kind: 年度报告
year: 2024
"""


def test_a_clean_zone_exits_0_and_warnings_fail_only_strict(minimal: Path) -> None:
    (minimal / "catalog.yaml").write_text(
        "version: 1\ncolumns:\n  - {id: guide, title: 政府信息公开指南, type: guide}\n"
        "  - {id: notices, title: 通知公告}\n"
        "  - {id: annual-reports, title: 政府信息公开工作年度报告, type: annual-reports}\n",
        encoding="utf-8",
    )
    for path in (minimal / "content/domains").rglob("*.md"):
        path.unlink()
    body = (
        "## 一、总体情况\n\n概况。\n\n## 五、存在的主要问题及改进情况\n\n问题。\n\n## 六、其他需要报告的事项\n\n无。\n"
    )
    write_record(minimal, "annual-reports/2024.md", CLEAN_REPORT, body)
    result = run(minimal, "audit", "--as-of", "2025-06-01", "--format", "json")
    assert (result.code, json.loads(result.stdout)["findings"]) == (0, [])
    assert run(minimal, "audit", "--as-of", "2025-06-01").stdout.rstrip().endswith("未发现问题。")
    (minimal / "content/notices/first.md").unlink()  # 通知公告 is now a blank column: a warning
    result = run(minimal, "audit", "--as-of", "2025-06-01", "--format", "json")
    assert [f["severity"] for f in json.loads(result.stdout)["findings"]] == ["warning"]
    assert result.code == 0
    assert run(minimal, "audit", "--as-of", "2025-06-01", "--strict").code == 1


def test_a_zone_with_errors_is_still_audited(zone: Path) -> None:
    (zone / "content/notices/broken.md").write_text("---\ntitle: [\n---\n正文\n", encoding="utf-8")
    result = run(zone, "audit", "--as-of", "2026-11-20", "--format", "json")
    data = json.loads(result.stdout)
    assert data["stats"]["check_errors"] >= 1
    assert ("timeliness", "late", LATE) in found(data)
    assert re.search(r"zonegen check 发现 \d+ 个错误", result.stderr)
