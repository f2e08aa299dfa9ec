"""Each year in its own national format: 2019 and 2020 in the 2019 format, 2021 on in the 2021 format.

The 2019 format (国办公开办函〔2019〕60号) is accepted with its own keys; a report written in the
other year's format is told which format it is and what its rows become, never guessed at.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run
from tests.report_helpers import FIGURES, FIGURES_2019, line_of, write_report
from tests.test_report_tables import _Tables, grid

FORMAT_2019 = "2019 年格式（国办公开办函〔2019〕60号）"
FORMAT_2021 = "2021 年格式（国办公开办函〔2021〕30号）"


def diagnostics(zone: Path, code: str) -> list[dict]:
    return [d for d in run(zone, "check", "--format", "json").diagnostics if d["code"] == code]


def tables(zone: Path, year: int) -> _Tables:
    parser = _Tables()
    parser.feed((zone / f"public/annual-reports/{year}.html").read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize("year", [2019, 2020])
def test_2019_format_report_builds_in_its_own_format(minimal: Path, year: int) -> None:
    write_report(minimal, year, FIGURES_2019)
    result = run(minimal, "build")
    assert result.code == 0, result.stderr + result.stdout
    proactive = [t for t in tables(minimal, year).tables if "report-proactive" in t["class"]]
    assert [grid(t["thead"])[0][0] for t in proactive] == [
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
        "第二十条第（九）项",
    ]
    assert grid(proactive[0]["thead"])[1] == ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"]
    assert grid(proactive[0]["tbody"]) == [["规章", "0", "0", "0"], ["规范性文件", "2", "2", "7"]]
    assert grid(proactive[1]["thead"])[1] == ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"]
    assert grid(proactive[1]["tbody"]) == [["行政许可", "12", "-2", "30"], ["其他对外管理服务事项", "3", "1", "4"]]
    assert grid(proactive[3]["tbody"]) == [["行政事业性收费", "2", "-1"]]
    assert grid(proactive[4]["thead"])[1] == ["信息内容", "采购项目数量", "采购总金额"]
    assert grid(proactive[4]["tbody"]) == [["政府集中采购", "3", "12.5"]]


def test_2019_format_section_three_has_one_other_row(minimal: Path) -> None:
    write_report(minimal, 2020, FIGURES_2019)
    assert run(minimal, "build").code == 0
    (table,) = [t for t in tables(minimal, 2020).tables if "report-applications" in t["class"]]
    body = grid(table["tbody"])
    assert len(body) == 23  # 2021 has 25: （六）'s three reasons are one row in 2019
    labels = {tuple(dict.fromkeys(row[:3])): row[3:] for row in body}
    assert labels[("三、本年度办理结果", "（六）其他处理")] == ["0", "1", "0", "0", "0", "1", "2"]
    assert labels[("三、本年度办理结果", "（七）总计")] == ["10", "2", "1", "2", "3", "4", "22"]
    assert sum(1 for row in body if row[0] == "三、本年度办理结果") == 20


def test_2019_format_json_has_its_own_keys_and_format(minimal: Path) -> None:
    write_report(minimal, 2020, FIGURES_2019)
    assert run(minimal, "build").code == 0
    data = json.loads((minimal / "public/annual-reports/2020.json").read_text(encoding="utf-8"))
    assert data["format"] == "国办公开办函〔2019〕60号"
    assert data["proactive"]["licensing"] == {"last_year": 12, "change": -2, "decisions": 30}
    assert data["proactive"]["procurement"] == {"projects": 3, "amount": 12.5}
    assert data["applications"]["results"]["other"] == {
        "natural": 0,
        "commercial": 1,
        "research": 0,
        "nonprofit": 0,
        "legal": 0,
        "other_org": 1,
        "total": 2,
    }
    assert data["applications"]["results"]["total"]["total"] == 22


def test_2021_report_in_the_2019_format_is_told_which_format_it_is(minimal: Path) -> None:
    path = write_report(minimal, 2021, FIGURES_2019)
    found = diagnostics(minimal, "report-format")
    assert not diagnostics(minimal, "report-key")  # no "did you mean issued?" guesses
    by_line = {d["line"]: d for d in found}
    normative = by_line[line_of(path, "normative:")]
    assert normative["severity"] == "error"
    assert normative["message"] == (
        f"行政规范性文件中的“made”“published”“public_total”属于 {FORMAT_2019}；2021 年度报告使用 {FORMAT_2021}"
    )
    assert normative["hint"] == (
        "2021 年格式的行政规范性文件写成 normative: {issued: …, repealed: …, in_force: …}"
        "（issued 本年制发件数、repealed 本年废止件数、in_force 现行有效件数）；"
        "2019 年格式的“本年新制作数量”即“本年制发件数”；“本年新公开数量”“对外公开总数量”在 2021 年格式中没有对应的栏目"
    )
    licensing = by_line[line_of(path, "licensing:")]
    assert licensing["message"] == f"行政许可的写法属于 {FORMAT_2019}；2021 年度报告使用 {FORMAT_2021}"
    assert licensing["hint"].startswith("2021 年格式的行政许可只填本年处理决定数量一个数，写成 licensing: 数字")
    procurement = by_line[line_of(path, "procurement:")]
    assert procurement["message"] == (
        f"主动公开情况（proactive）中的“procurement”属于 {FORMAT_2019}；2021 年度报告使用 {FORMAT_2021}"
    )
    assert procurement["hint"].startswith("2021 年格式没有“政府集中采购”这一项")
    other = by_line[line_of(path, "    other:")]
    assert other["message"] == f"（六）其他处理的写法属于 {FORMAT_2019}；2021 年度报告使用 {FORMAT_2021}"
    assert other["hint"].startswith("2021 年格式把（六）其他处理分为3项，按理由填写，例如 other: {no_correction:")
    assert len(found) == 9  # one per row written the 2019 way, each at its own line
    assert run(minimal, "build").code == 1


def test_2020_report_in_the_2021_format_is_told_which_format_it_is(minimal: Path) -> None:
    path = write_report(minimal, 2020, FIGURES)
    found = {d["line"]: d for d in diagnostics(minimal, "report-format")}
    assert not diagnostics(minimal, "report-key")
    rules = found[line_of(path, "rules:")]
    assert rules["message"] == (
        f"规章中的“issued”“repealed”“in_force”属于 {FORMAT_2021}；2020 年度报告使用 {FORMAT_2019}"
    )
    assert rules["hint"] == (
        "2019 年格式的规章写成 rules: {made: …, published: …, public_total: …}"
        "（made 本年新制作数量、published 本年新公开数量、public_total 对外公开总数量）；"
        "2021 年格式的“本年制发件数”即“本年新制作数量”；“本年废止件数”“现行有效件数”在 2019 年格式中没有对应的栏目"
    )
    fees = found[line_of(path, "fees:")]
    assert fees["hint"] == (
        "2019 年格式的行政事业性收费分栏填写：写成 fees: {last_year: …, change: …}（last_year 上一年项目数量、"
        "change 本年增/减）；“本年收费金额（单位：万元）”在 2019 年格式中没有对应的栏目"
    )
    no_fee = found[line_of(path, "no_fee:")]
    assert no_fee["message"] == f"（六）其他处理中的“no_fee”属于 {FORMAT_2021}；2020 年度报告使用 {FORMAT_2019}"
    assert no_fee["hint"] == "2019 年格式的（六）其他处理是一行，不分理由：把各理由的件数相加，写成 other: {natural: 1}"


def test_2019_format_change_may_be_negative_but_counts_may_not(minimal: Path) -> None:
    write_report(minimal, 2020, FIGURES_2019.replace("last_year: 12,", "last_year: -1,"))
    found = diagnostics(minimal, "report-number")
    assert [d["message"] for d in found] == ["行政许可—上一年项目数量不能为负数（-1）"]


def test_ledger_folds_the_2021_other_reasons_into_the_2019_row(minimal: Path) -> None:
    (minimal / "data").mkdir()
    (minimal / "data/applications.csv").write_text(
        "收到日期,申请人类型,办理结果,答复日期\n"
        "2020-03-02,自然人,申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请,2020-04-10\n"
        "2020-05-06,自然人,予以公开,2020-05-20\n",
        encoding="utf-8",
    )
    write_report(minimal, 2020, FIGURES_2019.split("applications:")[0])
    result = run(minimal, "build")
    assert result.code == 0, result.stderr + result.stdout
    data = json.loads((minimal / "public/annual-reports/2020.json").read_text(encoding="utf-8"))
    assert data["applications"]["source"] == "data/applications.csv"
    assert data["applications"]["results"]["other"]["natural"] == 1
    assert data["applications"]["results"]["total"]["total"] == 2


def test_carry_over_is_checked_across_the_change_of_format(minimal: Path) -> None:
    write_report(minimal, 2020, FIGURES_2019)
    write_report(minimal, 2021, FIGURES.replace("carried_over: {natural: 2, legal: 1}", "carried_over: {natural: 2}"))
    messages = [d["message"] for d in diagnostics(minimal, "report-carry-over")]
    assert "上年结转（社会公益组织）为 0，但 2020 年度报告的结转下年度继续办理为 1" in messages


def test_report_before_2019_has_no_national_format(minimal: Path) -> None:
    path = write_report(minimal, 2018, "")
    (found,) = diagnostics(minimal, "report-format")
    assert found["message"] == (
        "2018 年度报告早于国家统一的年度报告格式（国办公开办函〔2019〕60号，自 2019 年度报告起使用）"
    )
    assert found["line"] == line_of(path, "year: 2018")
    assert run(minimal, "build").code == 1


def test_new_2020_report_is_scaffolded_in_the_2019_format(minimal: Path) -> None:
    result = run(minimal, "new", "annual-reports", "2020", "--date", "2021-01-12")
    assert result.code == 0, result.stderr
    text = (minimal / "content/annual-reports/2020.md").read_text(encoding="utf-8")
    assert "  licensing: {last_year: 0, change: 0, decisions: 0}\n" in text
    assert "  procurement: {projects: 0, amount: 0}\n" in text
    assert "    other: {}\n" in text and "no_correction" not in text
    assert "国办公开办函〔2019〕60号规定的格式编制" in text
    assert not diagnostics(minimal, "report-format")
    assert not diagnostics(minimal, "report-key")


def test_2019_format_item_counts_carry_over(minimal: Path) -> None:
    """2020's 上一年项目数量 is 2019's 上一年项目数量 + 本年增/减 (12 − 2 = 10 for 行政许可)."""
    write_report(minimal, 2019, FIGURES_2019)
    path = write_report(
        minimal,
        2020,
        FIGURES_2019.replace(
            "carried_over: {natural: 2, legal: 1}", "carried_over: {natural: 2, nonprofit: 1, legal: 2, other_org: 1}"
        ).replace(
            "new: {natural: 10, commercial: 2, research: 1, nonprofit: 3, legal: 4, other_org: 5}",
            "new: {natural: 10, commercial: 2, research: 1, nonprofit: 2, legal: 3, other_org: 4}",
        ),
    )
    found = [d for d in diagnostics(minimal, "report-in-force") if d["file"].endswith("2020.md")]
    messages = [d["message"] for d in found]
    assert "行政许可上一年项目数量为 12，但 2019 年度报告的上一年项目数量 12 + 本年增/减 -2 = 10" in messages
    assert "行政事业性收费上一年项目数量为 2，但 2019 年度报告的上一年项目数量 2 + 本年增/减 -1 = 1" in messages
    assert "行政处罚上一年项目数量为 5，但 2019 年度报告的上一年项目数量 5 + 本年增/减 0 = 5" not in messages
    (licensing,) = [d for d in found if d["message"].startswith("行政许可")]
    assert licensing["line"] == line_of(path, "licensing:")
    assert licensing["severity"] == "warning"
