"""data/applications.csv end to end: section 三 computed from it, checked against it, deadlines audited."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.conftest import run
from tests.report_helpers import line_of, write_report
from zonegen.calendar import UnknownDay, WorkCalendar

# 2025: three received (one carried over from 2024, one still open at year end).
CSV = """\
收到日期,申请人类型,办理结果,答复日期,是否延期
2024-12-20,自然人,予以公开,2025-01-08,否
2025-03-03,自然人,部分公开,2025-03-20,否
2025-04-07,商业企业,保护第三方合法权益,2025-05-20,是
2025-09-22,法律服务机构,本机关不掌握相关政府信息,2025-11-10,否
2025-12-15,自然人,,,
"""

NO_APPLICATIONS = """\
proactive:
  licensing: 2
"""


def write_csv(zone: Path, text: str, encoding: str = "utf-8") -> Path:
    path = zone / "data" / "applications.csv"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def applications_rows(page: str) -> dict[str, list[str]]:
    """Section 三 rows by their last label: the seven figures after it."""
    import re

    table = re.search(r'<table class="report-table report-applications">.*?</table>', page, re.S).group(0)
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S):
        labels = re.findall(r"<th[^>]*>(.*?)</th>", row)
        rows[labels[-1]] = re.findall(r"<td>(.*?)</td>", row)
    return rows


def test_section_three_computed_from_csv(minimal: Path) -> None:
    write_csv(minimal, CSV)
    write_report(minimal, 2025, NO_APPLICATIONS)
    result = run(minimal, "build")
    assert result.code == 0, result.stderr
    page = (minimal / "public/annual-reports/2025.html").read_text(encoding="utf-8")
    rows = applications_rows(page)
    assert rows["一、本年新收政府信息公开申请数量"] == ["2", "1", "0", "0", "1", "0", "4"]
    assert rows["二、上年结转政府信息公开申请数量"] == ["1", "0", "0", "0", "0", "0", "1"]
    assert rows["（一）予以公开"] == ["1", "0", "0", "0", "0", "0", "1"]
    assert rows["4.保护第三方合法权益"] == ["0", "1", "0", "0", "0", "0", "1"]
    assert rows["1.本机关不掌握相关政府信息"] == ["0", "0", "0", "0", "1", "0", "1"]
    assert rows["（七）总计"] == ["2", "1", "0", "0", "1", "0", "4"]
    assert rows["四、结转下年度继续办理"] == ["1", "0", "0", "0", "0", "0", "1"]
    assert "本表数据根据本机关政府信息公开申请台账逐件统计生成" in page
    data = json.loads((minimal / "public/annual-reports/2025.json").read_text(encoding="utf-8"))
    assert data["applications"]["source"] == "data/applications.csv"
    assert data["applications"]["new"]["total"] == 4
    # The ledger itself is never published.
    assert not list((minimal / "public").rglob("*.csv"))


def test_hand_written_figures_must_agree_with_csv(minimal: Path) -> None:
    write_csv(minimal, CSV)
    figures = NO_APPLICATIONS + "applications:\n  new: {natural: 3, commercial: 1, legal: 1}\n"
    path = write_report(minimal, 2025, figures)
    result = run(minimal, "check", "--format", "json")
    assert result.code == 1
    found = [d for d in result.diagnostics if d["code"] == "report-csv"]
    assert [d["message"] for d in found] == [
        "一、本年新收政府信息公开申请数量（自然人）填写为 3，按 data/applications.csv 计算为 2"
    ]
    assert found[0]["line"] == line_of(path, "new: {natural: 3")
    assert run(minimal, "build").code == 1


def test_agreeing_hand_written_figures_pass(minimal: Path) -> None:
    write_csv(minimal, CSV)
    write_report(
        minimal,
        2025,
        NO_APPLICATIONS + "applications:\n  new: {natural: 2, commercial: 1, legal: 1}\n"
        "  carried_forward: {natural: 1}\n",
    )
    result = run(minimal, "check")
    assert result.code == 0, result.stdout


def test_late_reply_is_reported(minimal: Path) -> None:
    # 2025-09-22 + 20 working days (National Day 10-01..10-08 off, 09-28 and 10-11 worked) = 2025-10-24.
    write_csv(minimal, CSV)
    write_report(minimal, 2025, NO_APPLICATIONS)
    result = run(minimal, "check", "--format", "json")
    late = [d for d in result.diagnostics if d["code"] == "reply-late"]
    assert [(d["file"], d["line"], d["message"]) for d in late] == [
        (
            "data/applications.csv",
            5,
            "申请台账第 5 行：2025-09-22 收到的申请于 2025-11-10 答复，"
            "超过 20 个工作日的答复期限（应不晚于 2025-10-24）",
        )
    ]
    assert late[0]["severity"] == "warning"


def test_extension_allows_forty_working_days(minimal: Path) -> None:
    # 2025-04-07 + 40 working days = 2025-06-05 (May Day 05-01..05-05 off, Sunday 04-27 worked,
    # Dragon Boat 05-31..06-02 off).
    write_csv(minimal, CSV.replace("2025-05-20,是", "2025-06-05,是"))
    write_report(minimal, 2025, NO_APPLICATIONS)
    late = [d for d in run(minimal, "check", "--format", "json").diagnostics if d["code"] == "reply-late"]
    assert len(late) == 1  # only the 2025-09-22 one
    write_csv(minimal, CSV.replace("2025-05-20,是", "2025-06-06,是"))
    late = [d for d in run(minimal, "check", "--format", "json").diagnostics if d["code"] == "reply-late"]
    assert "超过 40 个工作日的答复期限（已延期）（应不晚于 2025-06-05）" in late[0]["message"]


def test_reply_rules_from_zone_yaml(minimal: Path) -> None:
    zone_yaml = minimal / "zone.yaml"
    zone_yaml.write_text(zone_yaml.read_text(encoding="utf-8") + "rules:\n  reply_workdays: 15\n", encoding="utf-8")
    write_csv(minimal, "received,applicant,outcome,replied\n2025-03-03,natural,disclosed,2025-03-25\n")
    late = [d for d in run(minimal, "check", "--format", "json").diagnostics if d["code"] == "reply-late"]
    assert [d["message"] for d in late] == [
        "申请台账第 2 行：2025-03-03 收到的申请于 2025-03-25 答复，超过 15 个工作日的答复期限（应不晚于 2025-03-24）"
    ]


def test_working_days_calendar() -> None:
    calendar = WorkCalendar()
    assert calendar.add_workdays(dt.date(2025, 9, 22), 20) == dt.date(2025, 10, 24)
    assert calendar.add_workdays(dt.date(2025, 9, 22), 20, from_next_day=False) == dt.date(2025, 10, 23)
    # Received on a Saturday: counting starts on Monday either way.
    assert calendar.add_workdays(dt.date(2025, 3, 1), 1) == dt.date(2025, 3, 3)
    assert calendar.add_workdays(dt.date(2025, 3, 1), 1, from_next_day=False) == dt.date(2025, 3, 3)
    with pytest.raises(UnknownDay):
        calendar.add_workdays(dt.date(2027, 3, 1), 20)
    zone_calendar = WorkCalendar(
        holidays=frozenset({dt.date(2027, 3, 2)}), workdays=frozenset({dt.date(2027, 3, 6)}), years=frozenset({2027})
    )
    # 2027-03-01 is a Monday; 03-02 is a holiday, Saturday 03-06 a working day.
    assert zone_calendar.add_workdays(dt.date(2027, 3, 1), 4) == dt.date(2027, 3, 6)
    assert zone_calendar.add_workdays(dt.date(2027, 3, 1), 5) == dt.date(2027, 3, 8)


def test_unknown_calendar_year_is_reported_not_guessed(minimal: Path) -> None:
    write_csv(minimal, "received,applicant,outcome,replied\n2027-03-01,natural,disclosed,2027-03-10\n")
    found = [d for d in run(minimal, "check", "--format", "json").diagnostics if d["code"] == "calendar-unknown"]
    assert [d["message"] for d in found] == ["无法计算答复期限：不知道 2027 年的节假日安排"]
    zone_yaml = minimal / "zone.yaml"
    original = zone_yaml.read_text(encoding="utf-8")
    # One holiday of 2027 does not make the rest of 2027 known.
    zone_yaml.write_text(original + "calendar:\n  holidays: [2027-01-01]\n", encoding="utf-8")
    codes = {d["code"] for d in run(minimal, "check", "--format", "json").diagnostics}
    assert "calendar-unknown" in codes
    zone_yaml.write_text(original + "calendar:\n  holidays: [2027-01-01]\n  years: [2027]\n", encoding="utf-8")
    codes = {d["code"] for d in run(minimal, "check", "--format", "json").diagnostics}
    assert "calendar-unknown" not in codes and "reply-late" not in codes


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("received,applicant,result\n", 1, "申请台账有未知的列“result”"),
        ("received,outcome\n", 1, "申请台账缺少“applicant”列"),
        ("received,applicant\n2025-02-30,natural\n", 2, "申请台账第 2 行：收到日期：日期“2025-02-30”不存在"),
        ("received,applicant\n2025-02-03,个人\n", 2, "申请台账第 2 行：申请人类型“个人”无效"),
        (
            "received,applicant,outcome,replied\n2025-02-03,natural,同意公开,2025-02-10\n",
            2,
            "申请台账第 2 行：办理结果“同意公开”不是国家年报格式中的结果",
        ),
        (
            "received,applicant,outcome\n2025-02-03,natural,disclosed\n",
            2,
            "申请台账第 2 行：写了办理结果但没有答复日期",
        ),
        (
            "received,applicant,outcome,replied\n2025-02-03,natural,disclosed,2025-01-10\n",
            2,
            "申请台账第 2 行：答复日期 2025-01-10 早于收到日期 2025-02-03",
        ),
    ],
)
def test_csv_problems_are_diagnostics(minimal: Path, text: str, line: int, message: str) -> None:
    write_csv(minimal, text)
    result = run(minimal, "check", "--format", "json")
    assert result.code == 1
    found = [d for d in result.diagnostics if d["code"] == "applications-csv"]
    assert [(d["file"], d["line"], d["message"]) for d in found] == [("data/applications.csv", line, message)]


def test_excel_gbk_csv_with_english_keys_and_dotted_outcomes(minimal: Path) -> None:
    write_csv(
        minimal,
        "收到日期,申请人类型,办理结果,答复日期\n2025年3月3日,法律服务机构,withheld.third_party,2025/3/20\n",
        encoding="gbk",
    )
    write_report(minimal, 2025, NO_APPLICATIONS)
    assert run(minimal, "build").code == 0
    page = (minimal / "public/annual-reports/2025.html").read_text(encoding="utf-8")
    assert applications_rows(page)["4.保护第三方合法权益"] == ["0", "0", "0", "0", "1", "0", "1"]


def test_year_before_the_ledger_keeps_its_hand_written_figures(minimal: Path) -> None:
    # 2024's only row is the application carried into 2025: the ledger does not speak for 2024.
    write_csv(minimal, CSV)
    write_report(
        minimal,
        2024,
        "applications:\n  new: {natural: 5}\n  results:\n    disclosed: {natural: 4}\n"
        "  carried_forward: {natural: 1}\n",
    )
    write_report(minimal, 2025, NO_APPLICATIONS)
    result = run(minimal, "check", "--format", "json")
    assert result.code == 0, result.stdout
    assert not [d for d in result.diagnostics if d["code"] in ("report-csv", "report-balance", "report-carry-over")]
