"""The arithmetic of a report (errors) and its continuity with last year's report (warnings)."""

from __future__ import annotations

import difflib

from zonegen.diagnostics import Diagnostics
from zonegen.report import schema as S
from zonegen.report.applications import CSV_FILE
from zonegen.report.figures import describe
from zonegen.report.model import Report

SIMILAR = 0.95  # a section this close to last year's was copied, give or take a date


def check_report(report: Report, diags: Diagnostics) -> None:
    """Errors: typed totals that are not the sum of their parts; per column, 新收 + 上年结转 ≠ 办理结果 + 结转."""
    _typed_totals(report, diags)
    _balance(report, diags)
    _against_csv(report, diags)
    _against_records(report, diags)


def _total_hint(written: int, expected: int) -> str:
    """What to do about a wrong 总计, without ever suggesting a change that alters the table.

    The table shows the computed total whatever is written, so the clerk's choice is only
    which side is wrong: the typed total, or one of the figures it adds up.
    """
    return (
        f"各项之和为 {expected}：若各项无误，把总计改为 {expected}；若 {written} 才是正确的总计，"
        "说明有一项漏填或填错，请逐项核对。总计可以不写，不写时按各项自动计算"
    )


def _typed_totals(report: Report, diags: Diagnostics) -> None:
    figures = report.figures
    for total in figures.totals:
        path = total.path
        owner = path[:-1]
        label = describe(owner, report.layout)
        if isinstance(total.value, int):
            if total.parts:
                expected = sum(sum(report.rows[part[1:]].values()) for part in total.parts)
            elif owner[0] == "appeals":
                expected = sum(report.appeals[owner[1]].values())
            else:
                expected = sum(report.rows[owner[1:]].values())
            if total.value != expected:
                line, col = figures.where(path)
                of = "" if label.endswith(S.TOTAL_LABEL) else "的总计"
                diags.error(
                    "report-total",
                    f"{label}{of}填写为 {total.value}，但各项之和为 {expected}",
                    line,
                    col,
                    _total_hint(total.value, expected),
                )
            continue
        for column in S.COLUMN_KEYS:
            if (*path, column) not in figures.positions:
                continue  # a column left out of a typed total row is not a claim that it is 0
            expected = sum(report.rows[part[1:]][column] for part in total.parts)
            if total.value[column] != expected:
                line, col = figures.where((*path, column))
                of = "" if label.endswith(S.TOTAL_LABEL) else "的总计"
                diags.error(
                    "report-total",
                    f"{label}{of}（{S.COLUMN_LABELS[column]}）填写为 {total.value[column]}，但各项之和为 {expected}",
                    line,
                    col,
                    _total_hint(total.value[column], expected),
                )


def _balance(report: Report, diags: Diagnostics) -> None:
    results = report.results_total()
    new, over, forward = (report.row(leaf) for leaf in (S.NEW, S.CARRIED_OVER, S.CARRIED_FORWARD))
    for column in S.COLUMN_KEYS:
        left = new[column] + over[column]
        right = results[column] + forward[column]
        if left != right:
            line, col = report.figures.where(("applications", "carried_forward", column))
            diags.error(
                "report-balance",
                f"申请数量不平衡（{S.COLUMN_LABELS[column]}）：本年新收 {new[column]} + "
                f"上年结转 {over[column]} = {left}，"
                f"但办理结果总计 {results[column]} + 结转下年度 {forward[column]} = {right}",
                line,
                col,
                "第一项加第二项之和应等于第三项加第四项之和；请核对各项办理结果和结转数量",
            )


def _against_csv(report: Report, diags: Diagnostics) -> None:
    if report.csv_rows is None:
        return
    figures = report.figures
    for leaf, written in figures.rows.items():
        computed = report.csv_rows[leaf]
        for column in S.COLUMN_KEYS:
            if written[column] != computed[column]:
                path = ("applications", *leaf, column)
                line, col = figures.where(path)
                diags.error(
                    "report-csv",
                    f"{describe(path, report.layout)}填写为 {written[column]}，按 {CSV_FILE} 计算为 {computed[column]}",
                    line,
                    col,
                    f"删除手写的数字即可使用计算结果；如台账有误，请更正 {CSV_FILE}",
                )


def _against_records(report: Report, diags: Diagnostics) -> None:
    """Section 二 rows the zone computes from its records (2021: 行政规范性文件), where written by hand."""
    for key in report.layout.computed:
        written = report.figures.proactive.get(key, {})
        item, label = report.layout.item_of(key), report.layout.label(key)
        for measure in item.measures:
            value, computed = written.get(measure.key), report.normative_computed[measure.key]
            if value is not None and value != computed:
                line, col = report.figures.where(("proactive", key, measure.key))
                diags.warning(
                    "report-normative",
                    f"{label}{measure.label}填写为 {value}，按本专区的规范性文件记录计算为 {computed}",
                    line,
                    col,
                    "按 kind: 规范性文件 记录的生成日期、废止日期计算；专区缺少记录时请补录，"
                    "或删除手写的数字以使用计算结果",
                )


def check_continuity(report: Report, last: Report, diags: Diagnostics) -> None:
    """Warnings against last year's report: carry-over, documents in force, copied prose."""
    forward, over = last.row(S.CARRIED_FORWARD), report.row(S.CARRIED_OVER)
    for column in S.COLUMN_KEYS:
        if over[column] != forward[column]:
            line, col = report.figures.where(("applications", "carried_over", column))
            diags.warning(
                "report-carry-over",
                f"上年结转（{S.COLUMN_LABELS[column]}）为 {over[column]}，但 {last.year} 年度报告的"
                f"结转下年度继续办理为 {forward[column]}",
                line,
                col,
                f"核对 {last.record.file}；确有更正时请在报告中说明",
            )
    if report.layout is S.LAYOUT_2019 and last.layout is S.LAYOUT_2019:
        _projects_continuity(report, last, diags)
    if report.layout is not S.LAYOUT_2021 or last.layout is not S.LAYOUT_2021:
        return  # 现行有效 carries over only within the 2021 format; the 2019 format counts no such thing
    for key, label in S.LAYOUT_2021.items[0].rows:
        now, before = report.proactive[key], last.proactive[key]
        expected = before["in_force"] + now["issued"] - now["repealed"]
        if now["in_force"] != expected:
            line, col = report.figures.where(("proactive", key, "in_force"))
            diags.warning(
                "report-in-force",
                f"{label}现行有效件数为 {now['in_force']}，"
                f"但上年 {before['in_force']} + 本年制发 {now['issued']}"
                f" − 本年废止 {now['repealed']} = {expected}",
                line,
                col,
                f"核对本年制发、本年废止件数和 {last.record.file} 的现行有效件数",
            )


def _projects_continuity(report: Report, last: Report, diags: Diagnostics) -> None:
    """2019 format: this year's 上一年项目数量 is last year's 上一年项目数量 + 本年增/减."""
    for item in report.layout.items:
        if "last_year" not in (m.key for m in item.measures):
            continue
        for key, label in item.rows:
            now, before = report.proactive[key], last.proactive[key]
            expected = before["last_year"] + before["change"]
            if now["last_year"] != expected:
                line, col = report.figures.where(("proactive", key, "last_year"))
                diags.warning(
                    "report-in-force",
                    f"{label}上一年项目数量为 {now['last_year']}，但 {last.year} 年度报告的上一年项目数量 "
                    f"{before['last_year']} + 本年增/减 {before['change']} = {expected}",
                    line,
                    col,
                    f"核对 {last.record.file} 的上一年项目数量和本年增/减",
                )


def check_sections(report: Report, last: Report | None, heading_lines: dict[str, int], diags: Diagnostics) -> None:
    """Prose sections 一、五、六 must be there and written for this year, not copied."""
    record = report.record
    for numeral in S.PROSE_SECTIONS:
        title = dict(S.SECTIONS)[numeral]
        line = heading_lines.get(numeral, record.body_line)
        if numeral not in report.body.sections:
            diags.warning(
                "report-section",
                f"年度报告缺少“{title}”部分",
                record.body_line,
                None,
                f"在正文中添加标题 ## {title} 并填写内容",
            )
            continue
        text = report.body.text(numeral)
        if not text:
            diags.warning("report-section", f"年度报告的“{title}”部分没有内容", line, None, "请填写这一部分")
            continue
        if last is None or numeral == "六":
            continue
        before = last.body.text(numeral)
        if not before:
            continue
        if text == before:
            diags.warning(
                "report-copied",
                f"“{title}”部分与 {last.year} 年度报告完全相同",
                line,
                None,
                "年度报告应写明本年度的情况，不要照搬上年内容",
            )
        else:
            matcher = difflib.SequenceMatcher(None, text, before, autojunk=False)
            if matcher.quick_ratio() >= SIMILAR and matcher.ratio() >= SIMILAR:
                diags.warning(
                    "report-copied",
                    f"“{title}”部分与 {last.year} 年度报告高度相似（{matcher.ratio():.0%}）",
                    line,
                    None,
                    "年度报告应写明本年度的情况，不要照搬上年内容",
                )


# 条例 第五十条（四）: what the report of a 人民政府 (any level) must also contain, by the words that name it.
_GOVERNMENT_TOPICS = (("工作考核", ("考核",)), ("社会评议", ("评议",)), ("责任追究结果", ("追究",)))
FEE_RULES_FROM = 2021  # 《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）applies from 2021


def check_contents(report: Report, government: bool, heading_lines: dict[str, int], diags: Diagnostics) -> None:
    """条例 第五十条: contents the tables cannot show, looked for in sections 五 and 六."""
    record = report.record
    five, six = report.body.text("五"), report.body.text("六")
    if government and five + six:
        missing = [name for name, words in _GOVERNMENT_TOPICS if not any(w in five + six for w in words)]
        if missing:
            diags.warning(
                "report-content",
                "人民政府的年度报告应写明工作考核、社会评议和责任追究结果情况，缺少：" + "、".join(missing),
                heading_lines.get("五", record.body_line),
                None,
                "条例第五十条第（四）项：写在“五、存在的主要问题及改进情况”或“六、其他需要报告的事项”中；"
                "没有的也写明，例如“本年度未发生政府信息公开工作责任追究情况”",
            )
    if report.year >= FEE_RULES_FROM and six and "信息处理费" not in six:
        diags.warning(
            "report-content",
            "“六、其他需要报告的事项”没有写明信息处理费的收取情况",
            heading_lines.get("六", record.body_line),
            None,
            "依据《政府信息公开信息处理费管理办法》写明本年度是否收取信息处理费，例如“本年度未收取信息处理费”",
        )
