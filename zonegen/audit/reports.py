"""The `annual-report` rule: each year's report there, on time, adding up, with possible figures."""

from __future__ import annotations

import datetime as dt

from zonegen.audit.context import Context
from zonegen.audit.model import Finding, about
from zonegen.records import Record
from zonegen.report import is_report

# The report checks (zonegen/report/checks.py) whose diagnostics are figures that do not add up.
FIGURE_CODES = (
    "report-total",
    "report-balance",
    "report-csv",
    "report-normative",
    "report-carry-over",
    "report-in-force",
)
_FIGURES_BASIS = "政府信息公开工作年度报告格式（国办公开办函〔2021〕30号）：各项数字之和应等于总计，且与上年报告衔接"
# Who makes 规章 (立法法 第九十三条): provinces and 设区的市; no 县级 or 乡级 body does.
_RULES_BASIS = "立法法第九十三条：规章由省、自治区、直辖市和设区的市、自治州的人民政府制定，县级、乡级不制定规章"


def report_due(ctx: Context, year: int) -> dt.date:
    """The last day for a year's report: rules.annual_report_due (MM-DD) of the next year."""
    month, day = (int(part) for part in ctx.loaded.zone.rules.annual_report_due.split("-"))
    return dt.date(year + 1, month, day)


def annual_reports(ctx: Context) -> list[Finding]:
    due_text = ctx.loaded.zone.rules.annual_report_due
    basis = (
        f"条例第四十九条：每年1月31日前公布本机关上一年度政府信息公开工作年度报告"
        f"（本专区 zone.yaml rules.annual_report_due: {due_text}）"
    )
    reports: dict[int, Record] = {}
    for record in ctx.records:
        if is_report(record):
            reports.setdefault(record.extra["year"], record)
    last = ctx.as_of.year - 1 if ctx.as_of > report_due(ctx, ctx.as_of.year - 1) else ctx.as_of.year - 2
    column = ctx.loaded.catalog.of_type("annual-reports")
    found: list[Finding] = []
    for year in range(min([*reports, last]), last + 1):
        if year not in reports:
            found.append(
                Finding(
                    "annual-report",
                    "error",
                    "missing",
                    f"{year} 年度政府信息公开工作年度报告应于 {report_due(ctx, year)} 前公布，至 {ctx.as_of} 仍没有",
                    basis,
                    f"用 zonegen new {column.path if column else 'annual-reports'} {year} 新建年度报告，填写后发布",
                    file=f"content/{column.path}" if column else None,
                    node=column.path if column else None,
                    title=f"{year} 年度报告",
                    due=report_due(ctx, year),
                )
            )
    for year, record in sorted(reports.items()):
        due = report_due(ctx, year)
        if record.published > due:
            found.append(
                Finding(
                    "annual-report",
                    "error",
                    "late",
                    f"{year} 年度报告应于 {due} 前公布，{record.published} 才发布",
                    basis,
                    "下一年度的报告在期限前发布；年度报告可用 zonegen new 提前生成草稿",
                    **about(record),
                    due=due,
                    on=record.published,
                    url=ctx.url(record),
                )
            )
    return found + _figures(ctx) + _rules_rows(ctx)


def _figures(ctx: Context) -> list[Finding]:
    """The report checks' own diagnostics, as findings: reused, not recomputed."""
    by_file = {r.file: r for r in ctx.records}
    found = []
    for diag in ctx.diagnostics:
        if diag.code not in FIGURE_CODES:
            continue
        record = by_file.get(diag.file or "")
        found.append(
            Finding(
                "annual-report",
                diag.severity,
                diag.code,
                diag.message,
                _FIGURES_BASIS,
                diag.hint,
                file=diag.file,
                line=diag.line,
                index_no=record.index_no if record else None,
                node=record.node if record else None,
                title=record.title if record else "",
                url=ctx.url(record) if record else None,
            )
        )
    return found


def _rules_rows(ctx: Context) -> list[Finding]:
    """规章 figures in a county's or township's report: it cannot have made any."""
    found = []
    resolved = ctx.loaded.reports
    for record in ctx.records:
        report = resolved.of(record) if resolved is not None and is_report(record) else None
        if report is None:
            continue
        written = {key: value for key, value in report.proactive["rules"].items() if value}
        if not written:
            continue
        measures = report.layout.item_of("rules").measures  # the 规章 row exists in both national formats
        shown = "、".join(f"{m.label} {written[m.key]}" for m in measures if m.key in written)
        found.append(
            Finding(
                "annual-report",
                "error",
                "rules-row",
                f"{report.year} 年度报告的“规章”一行填写了 {shown}，但{ctx.loaded.zone.level}机关不制定规章",
                _RULES_BASIS,
                "规章一行填 0；本机关制发的文件计入“行政规范性文件”一行",
                **about(record, "proactive"),
                url=ctx.url(record),
            )
        )
    return found
