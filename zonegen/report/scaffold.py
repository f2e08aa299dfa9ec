"""`zonegen new annual-reports <year>`: a report with everything the zone already knows filled in.

Section 二's 行政规范性文件 counts come from the zone's 规范性文件 records, 上年结转 from last
year's report, section 三 from data/applications.csv when it covers the year; the rest is
zero, so a clerk only fills in what the zone cannot know.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from zonegen.catalog import Node
from zonegen.load import LoadedZone
from zonegen.report import schema as S
from zonegen.report.applications import CSV_FILE
from zonegen.report.collect import check_reports, is_report
from zonegen.report.normative import normative_counts
from zonegen.scaffold import next_index_no

_PLACEHOLDER = {
    "一": "填写本年度政府信息公开工作的总体情况：主动公开、依申请公开、政府信息管理、平台建设、监督保障等。",
    "二": "本部分的表格由 zonegen 根据头部的 proactive 数据生成，无需在此填写；在此写的文字显示在表格下方。",
    "三": "本部分的表格由 zonegen 根据头部的 applications 数据生成，无需在此填写；在此写的文字显示在表格下方。",
    "四": "本部分的表格由 zonegen 根据头部的 appeals 数据生成，无需在此填写；在此写的文字显示在表格下方。",
    "五": "写明上年度报告所列问题的整改情况、本年度存在的主要问题和改进措施；"
    "人民政府还应写明工作考核、社会评议和责任追究结果情况（条例第五十条第（四）项）。",
    "六": "写明信息处理费收取情况（依据《政府信息公开信息处理费管理办法》）、"
    "人大代表建议和政协提案办理结果公开情况等。",
}


class ReportExists(Exception):
    """The year already has a report; scaffolding would make a duplicate."""


def _columns(counts: dict[str, int]) -> str:
    written = [f"{key}: {counts[key]}" for key in S.COLUMN_KEYS if counts.get(key)]
    return "{" + ", ".join(written) + "}"


def _applications(lines: list[str], layout: S.Layout, carried: dict[str, int], source: str) -> None:
    lines += [
        "# 三、收到和处理政府信息公开申请情况：按申请人类型填写件数，natural 自然人、commercial 商业企业、",
        "# research 科研机构、nonprofit 社会公益组织、legal 法律服务机构、other_org 其他；",
        "# {} 表示全部为 0；各项总计由 zonegen 计算，不用填写。",
        "applications:",
        "  new: {}",
        f"  carried_over: {_columns(carried)}{source}",
        "  results:",
    ]
    for group in layout.groups:
        if not group.reasons:
            lines.append(f"    {group.key}: {{}}")
            continue
        lines.append(f"    {group.key}:")
        lines += [f"      {reason.path[-1]}: {{}}" for reason in group.reasons]
    lines.append("  carried_forward: {}")


def _proactive(layout: S.Layout, normative: dict[str, int]) -> list[str]:
    """Section 二 in the year's layout: computed rows filled in, the rest zero."""
    lines = [f"# 二、主动公开政府信息情况（{layout.short}，{layout.name}）："]
    for item in layout.items:
        rows = "、".join(f"{key} {label}" for key, label in item.rows)
        if item.scalar:
            lines.append(f"#   {rows}：填{item.measures[0].label}")
        else:
            lines.append(f"#   {rows}：填 " + "、".join(f"{m.key} {m.label}" for m in item.measures))
    if layout.computed:
        lines.append("# normative（行政规范性文件）由本专区的规范性文件记录计算得出，与实际不符时请补录或更正记录。")
    lines.append("proactive:")
    for item in layout.items:
        for key, _label in item.rows:
            if item.scalar:
                lines.append(f"  {key}: 0")
                continue
            source = normative if key in layout.computed else {}
            values = ", ".join(f"{m.key}: {source.get(m.key, 0)}" for m in item.measures)
            lines.append(f"  {key}: {{{values}}}")
    return lines


def report_text(loaded: LoadedZone, year: int, index_no: str, today: dt.date, reviewer: str | None) -> str:
    """The new report's Markdown source."""
    zone = loaded.zone
    layout = S.layout_for(year)
    published = [r for r in loaded.records if r.is_public]
    normative = normative_counts(published, year)
    reports, _diagnostics = check_reports(loaded)  # `check` reports them; here only the figures matter
    apps = reports.applications
    last = next((r for r in loaded.records if is_report(r) and r.extra["year"] == year - 1), None)
    last_report = reports.of(last) if last is not None else None
    lines = [
        "---",
        f"title: {json.dumps(f'{zone.name}{year}年政府信息公开工作年度报告', ensure_ascii=False)}",
        f"index_no: {index_no}",
        f"created: {today.isoformat()}",
        f"published: {today.isoformat()}",
        "kind: 年度报告",
        "disclosure: 主动公开",
        f"year: {year}",
    ]
    if reviewer:
        lines.append(f"review: {{by: {json.dumps(reviewer, ensure_ascii=False)}, date: {today.isoformat()}}}")
    lines += _proactive(layout, normative)
    if apps is not None and apps.covers(year):
        lines += [f"# 三、收到和处理政府信息公开申请情况：由 {CSV_FILE} 逐件统计，不用在此填写。"]
    else:
        carried = last_report.row(S.CARRIED_FORWARD) if last_report else {}
        source = f"   # 取自 {year - 1} 年度报告的结转下年度继续办理" if last_report else ""
        _applications(lines, layout, carried, source)
    lines += [
        "# 四、政府信息公开行政复议、行政诉讼情况：upheld 结果维持、corrected 结果纠正、other 其他结果、"
        "pending 尚未审结。",
        "appeals:",
    ]
    lines += [f"  {key}: {{upheld: 0, corrected: 0, other: 0, pending: 0}}" for key, _ in S.APPEAL_GROUPS]
    lines += [
        "---",
        "",
        f"本报告根据《中华人民共和国政府信息公开条例》和{layout.name}规定的格式编制，"
        f"统计期限为{year}年1月1日至12月31日。",
        "",
    ]
    for numeral, title in S.SECTIONS:
        lines += [f"## {title}", "", f"<!-- {_PLACEHOLDER[numeral]} -->", ""]
    return "\n".join(lines)


def new_annual_report(loaded: LoadedZone, node: Node, year: int, today: dt.date, reviewer: str | None) -> Path:
    """Write content/<node>/<year>.md; refuses a year that already has a report."""
    for record in loaded.records:
        if is_report(record) and record.extra["year"] == year:
            raise ReportExists(f"{year} 年度报告已存在：{record.file}")
    folder = loaded.zone.content_dir / node.path
    path = folder / f"{year}.md"
    if path.exists():
        raise ReportExists(f"文件已存在：{path.relative_to(loaded.zone.root).as_posix()}")
    folder.mkdir(parents=True, exist_ok=True)
    index_no = next_index_no(loaded.zone, today.year)
    path.write_text(report_text(loaded, year, index_no, today, reviewer), encoding="utf-8")
    return path
