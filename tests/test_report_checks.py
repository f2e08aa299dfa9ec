"""Report checks: one failing case per rule, with its exact message and the figure's position."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run
from tests.report_helpers import FIGURES, line_of, write_normative, write_report

RULES_ZERO = "  rules: {issued: 0, repealed: 0, in_force: 0}\n"


def diagnostics(zone: Path, code: str) -> list[dict]:
    result = run(zone, "check", "--format", "json")
    return [d for d in result.diagnostics if d["code"] == code]


def position(path: Path, line_needle: str, key: str) -> tuple[int, int]:
    """(line, column) of key on the first line containing line_needle, as diagnostics give it."""
    line = line_of(path, line_needle)
    text = path.read_text(encoding="utf-8").split("\n")[line - 1]
    return line, text.index(key) + 1


def only(zone: Path, code: str) -> dict:
    found = diagnostics(zone, code)
    assert len(found) == 1, found
    return found[0]


def test_balanced_report_checks_clean(minimal: Path) -> None:
    write_report(minimal, 2025)
    result = run(minimal, "check")
    assert result.code == 0, result.stdout
    assert "检查通过" in result.stdout


def test_balance_per_column(minimal: Path) -> None:
    path = write_report(
        minimal, 2025, FIGURES.replace("carried_forward: {natural: 2,", "carried_forward: {natural: 3,")
    )
    found = only(minimal, "report-balance")
    assert found["severity"] == "error"
    assert found["message"] == (
        "申请数量不平衡（自然人）：本年新收 10 + 上年结转 2 = 12，但办理结果总计 10 + 结转下年度 3 = 13"
    )
    assert (found["line"], found["column"]) == position(path, "carried_forward:", "natural")
    assert found["file"] == "content/annual-reports/2025.md"


def test_report_that_does_not_add_up_does_not_build(minimal: Path) -> None:
    write_report(minimal, 2025, FIGURES.replace("new: {natural: 10,", "new: {natural: 11,"))
    result = run(minimal, "build")
    assert result.code == 1
    assert "report-balance" in result.stderr
    assert "未生成网站" in result.stderr
    assert not (minimal / "public").exists()


def test_typed_row_total_must_be_the_sum_of_its_columns(minimal: Path) -> None:
    path = write_report(minimal, 2025, FIGURES.replace("other_org: 5}", "other_org: 5, total: 26}"))
    found = only(minimal, "report-total")
    assert found["message"] == "一、本年新收政府信息公开申请数量的总计填写为 26，但各项之和为 25"
    assert (found["line"], found["column"]) == position(path, "total: 26", "total")


def test_typed_results_total_per_column(minimal: Path) -> None:
    figures = FIGURES.replace(
        "  results:\n",
        "  results:\n    total: {natural: 11, commercial: 2, research: 1, nonprofit: 2, legal: 3, other_org: 4}\n",
    )
    path = write_report(minimal, 2025, figures)
    found = only(minimal, "report-total")
    assert found["message"] == "三、本年度办理结果的总计（自然人）填写为 11，但各项之和为 10"
    assert (found["line"], found["column"]) == position(path, "total: {natural: 11", "natural")


RESULTS_TOTALS = "natural: 10, commercial: 2, research: 1, nonprofit: 2, legal: 3, other_org: 4"


@pytest.mark.parametrize("key", ["total", "总计", "（七）总计"])
def test_total_row_accepts_its_own_total_column(minimal: Path, key: str) -> None:
    """（七）总计 has a 总计 column like every other row: writing it is not an unknown key."""
    figures = FIGURES.replace("  results:\n", f"  results:\n    {key}: {{{RESULTS_TOTALS}, 总计: 22}}\n")
    write_report(minimal, 2025, figures)
    result = run(minimal, "check")
    assert result.code == 0, result.stdout


def test_total_column_of_the_total_row_is_checked(minimal: Path) -> None:
    figures = FIGURES.replace("  results:\n", f"  results:\n    总计: {{{RESULTS_TOTALS}, 总计: 23}}\n")
    path = write_report(minimal, 2025, figures)
    found = only(minimal, "report-total")
    assert found["message"] == "（七）总计填写为 23，但各项之和为 22"
    line = line_of(path, "总计: 23")
    assert (found["line"], found["column"]) == (line, path.read_text().split("\n")[line - 1].rindex("总计") + 1)


def test_total_hint_gives_the_computed_total_and_never_says_delete(minimal: Path) -> None:
    """Following the hint must not change the table: the old "可以删除这一项" read as "delete the row"."""
    write_report(minimal, 2025, FIGURES.replace("other_org: 5}", "other_org: 5, total: 26}"))
    hint = only(minimal, "report-total")["hint"]
    assert hint == (
        "各项之和为 25：若各项无误，把总计改为 25；若 26 才是正确的总计，说明有一项漏填或填错，请逐项核对。"
        "总计可以不写，不写时按各项自动计算"
    )
    assert "删除" not in hint


def test_columns_left_out_of_a_typed_total_are_not_checked(minimal: Path) -> None:
    write_report(minimal, 2025, FIGURES.replace("  results:\n", "  results:\n    total: {natural: 10}\n"))
    assert run(minimal, "check").code == 0


def test_typed_group_total_per_column(minimal: Path) -> None:
    figures = FIGURES.replace("    withheld:\n", "    withheld:\n      总计: {natural: 1, legal: 3, other_org: 2}\n")
    write_report(minimal, 2025, figures)
    found = diagnostics(minimal, "report-total")
    assert [d["message"] for d in found] == ["（三）不予公开的总计（法律服务机构）填写为 3，但各项之和为 2"]


def test_typed_appeal_total(minimal: Path) -> None:
    write_report(
        minimal,
        2025,
        FIGURES.replace(
            "review: {upheld: 1, corrected: 1, other: 0, pending: 0}",
            "review: {upheld: 1, corrected: 1, other: 0, pending: 0, 总计: 3}",
        ),
    )
    assert only(minimal, "report-total")["message"] == "行政复议的总计填写为 3，但各项之和为 2"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("-1", "一、本年新收政府信息公开申请数量（自然人）不能为负数（-1）"),
        ("1.5", "一、本年新收政府信息公开申请数量（自然人）应为整数，不能写“1.5”"),
        ("三件", "一、本年新收政府信息公开申请数量（自然人）应为整数，不能写“三件”"),
    ],
)
def test_counts_are_whole_and_not_negative(minimal: Path, written: str, message: str) -> None:
    path = write_report(minimal, 2025, FIGURES.replace("new: {natural: 10,", f"new: {{natural: {written},"))
    found = only(minimal, "report-number")
    assert found["message"] == message
    assert (found["line"], found["column"]) == position(path, "new:", "natural")
    assert not diagnostics(minimal, "report-balance")  # no echo of the same mistake


def test_negative_appeal_and_non_numeric_fees(minimal: Path) -> None:
    figures = FIGURES.replace("pending: 1}", "pending: -2}").replace("fees: 1.25", "fees: 1.25万元")
    write_report(minimal, 2025, figures)
    assert [d["message"] for d in diagnostics(minimal, "report-number")] == [
        "行政事业性收费金额应为数字（单位：万元），不能写“1.25万元”",
        "行政诉讼—未经复议直接起诉—尚未审结不能为负数（-2）",
    ]


@pytest.mark.parametrize(("written", "shown"), [(".nan", "nan"), (".inf", "inf"), ("-.inf", "-inf")])
def test_fees_that_are_not_a_number_are_refused(minimal: Path, written: str, shown: str) -> None:
    """YAML reads .nan and .inf as floats; before, .nan passed and made the report's JSON invalid."""
    write_report(minimal, 2025, FIGURES.replace("fees: 1.25", f"fees: {written}"))
    assert [d["message"] for d in diagnostics(minimal, "report-number")] == [
        f"行政事业性收费金额应为数字（单位：万元），不能写“{shown}”"
    ]


@pytest.mark.parametrize(
    ("old", "new", "key", "message", "hint"),
    [
        (
            "carried_over:",
            "carried_overr:",
            "carried_overr",
            "申请情况（applications）中有未知的键“carried_overr”",
            "您是不是想写“carried_over”？",
        ),
        (
            "new: {natural: 10,",
            "new: {natual: 10,",
            "natual",
            "一、本年新收政府信息公开申请数量中有未知的键“natual”",
            "您是不是想写“natural”？",
        ),
        (
            "      third_party:",
            "      third_praty:",
            "third_praty",
            "（三）不予公开中有未知的键“third_praty”",
            "您是不是想写“third_party”？",
        ),
        (
            "  licensing:",
            "  licencing:",
            "licencing",
            "主动公开情况（proactive）中有未知的键“licencing”",
            "您是不是想写“licensing”？",
        ),
        (
            "review: {upheld: 1,",
            "review: {uphold: 1,",
            "uphold",
            "行政复议中有未知的键“uphold”",
            "您是不是想写“upheld”？",
        ),
    ],
)
def test_unknown_keys_with_did_you_mean(minimal: Path, old: str, new: str, key: str, message: str, hint: str) -> None:
    path = write_report(minimal, 2025, FIGURES.replace(old, new, 1))
    found = only(minimal, "report-key")
    assert found["severity"] == "error"
    assert found["message"] == message
    assert found["hint"] == hint
    assert (found["line"], found["column"]) == position(path, new.strip(), key)


def test_chinese_column_labels_are_accepted(minimal: Path) -> None:
    write_report(minimal, 2025, FIGURES.replace("new: {natural: 10, commercial: 2,", "new: {自然人: 10, 商业企业: 2,"))
    assert run(minimal, "check").code == 0


def test_group_without_reasons_is_a_shape_error(minimal: Path) -> None:
    figures = FIGURES.replace("      third_party: {natural: 1, legal: 2}\n      process_info: {other_org: 2}\n", "")
    figures = figures.replace("    withheld:\n", "    withheld: {natural: 1, legal: 2, other_org: 2}\n")
    write_report(minimal, 2025, figures)
    found = only(minimal, "report-shape")
    assert found["message"] == "（三）不予公开没有合计行，应按理由分别填写"


def test_row_written_as_a_single_number(minimal: Path) -> None:
    write_report(minimal, 2025, FIGURES.replace("carried_over: {natural: 2, legal: 1}", "carried_over: 3"))
    found = only(minimal, "report-shape")
    assert found["message"] == "二、上年结转政府信息公开申请数量应按申请人类型分列填写，不能只写一个数“3”"


# ---------------------------------------------------------------- warnings against last year

LAST_YEAR = """\
proactive:
  rules: {issued: 0, repealed: 0, in_force: 0}
applications:
  new: {natural: 3}
  results:
    disclosed: {natural: 2}
  carried_forward: {natural: 1}
"""


def test_carry_over_and_documents_in_force_against_last_year(minimal: Path) -> None:
    write_report(minimal, 2024, LAST_YEAR)
    path = write_report(minimal, 2025)
    result = run(minimal, "check", "--format", "json")
    assert result.code == 0  # warnings: corrections happen
    carry = [d for d in result.diagnostics if d["code"] == "report-carry-over"]
    assert [d["message"] for d in carry] == [
        "上年结转（自然人）为 2，但 2024 年度报告的结转下年度继续办理为 1",
        "上年结转（法律服务机构）为 1，但 2024 年度报告的结转下年度继续办理为 0",
    ]
    assert all(d["severity"] == "warning" for d in carry)
    assert (carry[0]["line"], carry[0]["column"]) == position(path, "carried_over:", "natural")
    (in_force,) = [d for d in result.diagnostics if d["code"] == "report-in-force"]
    assert in_force["message"] == "规章现行有效件数为 3，但上年 0 + 本年制发 1 − 本年废止 0 = 1"
    assert (in_force["line"], in_force["column"]) == position(path, "rules:", "in_force")
    assert run(minimal, "build", "--strict").code == 1


def test_normative_in_force_continuity(minimal: Path) -> None:
    write_normative(minimal, "甲办法", "2024-02-01", 10)
    write_report(minimal, 2024, LAST_YEAR.replace("proactive:\n", "proactive:\n  normative: {in_force: 2}\n"))
    write_report(minimal, 2025, FIGURES)
    messages = [d["message"] for d in diagnostics(minimal, "report-in-force")]
    assert "行政规范性文件现行有效件数为 1，但上年 2 + 本年制发 0 − 本年废止 0 = 2" in messages


def test_hand_written_normative_counts_disagreeing_with_records(minimal: Path) -> None:
    write_normative(minimal, "甲办法", "2025-02-01", 10)
    figures = FIGURES.replace("proactive:\n", "proactive:\n  normative: {issued: 2, in_force: 1}\n")
    path = write_report(minimal, 2025, figures)
    found = only(minimal, "report-normative")
    assert found["severity"] == "warning"
    assert found["message"] == "行政规范性文件本年制发件数填写为 2，按本专区的规范性文件记录计算为 1"
    assert (found["line"], found["column"]) == position(path, "normative:", "issued")


SAME_BODY = """\
## 一、总体情况

全年主动公开政府信息100条，依申请公开工作依法规范。

## 五、存在的主要问题及改进情况

政策解读形式单一，下一年将增加图解。

## 六、其他需要报告的事项

未收取信息处理费。
"""


def test_prose_copied_from_last_year(minimal: Path) -> None:
    write_report(minimal, 2024, LAST_YEAR.replace("natural: 1}", "natural: 1, legal: 0}"), body=SAME_BODY)
    path = write_report(
        minimal,
        2025,
        FIGURES.replace("carried_over: {natural: 2, legal: 1}", "carried_over: {natural: 1}")
        .replace("new: {natural: 10,", "new: {natural: 11,")
        .replace("legal: 4,", "legal: 5,"),
        body=SAME_BODY,
    )
    copied = diagnostics(minimal, "report-copied")
    assert [d["message"] for d in copied] == [
        "“一、总体情况”部分与 2024 年度报告完全相同",
        "“五、存在的主要问题及改进情况”部分与 2024 年度报告完全相同",
    ]
    assert copied[0]["line"] == line_of(path, "## 一、总体情况")
    assert all(d["severity"] == "warning" for d in copied)


def test_missing_and_empty_prose_sections(minimal: Path) -> None:
    body = "## 一、总体情况\n\n<!-- 待填写 -->\n\n## 六、其他需要报告的事项\n\n无。\n"
    write_report(minimal, 2025, body=body)
    assert [d["message"] for d in diagnostics(minimal, "report-section")] == [
        "年度报告缺少“五、存在的主要问题及改进情况”部分",
        "年度报告的“一、总体情况”部分没有内容",
    ]
