"""Report tables as plain cells, shaped exactly like the national format, for the templates."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from zonegen.report import schema as S
from zonegen.report.model import Report, format_amount
from zonegen.report.summary import summaries


@dataclass(frozen=True)
class Cell:
    text: str
    header: bool = False
    scope: str = ""  # col | colgroup | row | rowgroup, for header cells
    rowspan: int = 1
    colspan: int = 1
    number: bool = False


@dataclass(frozen=True)
class Table:
    name: str  # a CSS hook: proactive | applications | appeals
    head: tuple[tuple[Cell, ...], ...]
    body: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class SectionView:
    numeral: str
    title: str
    tables: tuple[Table, ...]
    prose: Markup
    note: str = ""
    summary: str = ""  # sentences made from the section's figures (二、三、四)


@dataclass(frozen=True)
class ReportView:
    year: int
    preamble: Markup
    sections: tuple[SectionView, ...]
    json_url: str


def _th(text: str, scope: str, rowspan: int = 1, colspan: int = 1) -> Cell:
    return Cell(text, True, scope, rowspan, colspan)


def _td(value: int | str) -> Cell:
    return Cell(str(value), number=True)


def _figure(measure: S.Measure, value: float) -> str:
    return format_amount(value) if measure.kind == "amount" else str(value)


def proactive_tables(report: Report) -> tuple[Table, ...]:
    """Section 二: one sub-table per 第二十条 item of the report's layout."""
    tables = []
    for item in report.layout.items:
        head = (
            (_th(f"第二十条第{item.item}项", "colgroup", colspan=1 + len(item.measures)),),
            (_th("信息内容", "col"), *(_th(m.label, "col") for m in item.measures)),
        )
        body = tuple(
            (_th(label, "row"), *(_td(_figure(m, report.proactive[key][m.key])) for m in item.measures))
            for key, label in item.rows
        )
        tables.append(Table("proactive", head, body))
    return tuple(tables)


def _numbers(columns: dict[str, int]) -> tuple[Cell, ...]:
    return (*(_td(columns[c]) for c in S.COLUMN_KEYS), _td(sum(columns.values())))


def applications_table(report: Report) -> Table:
    """Section 三: 3 label columns + 7 data columns, no subtotal rows for the reason groups.

    25 body rows in the 2021 format, 23 in the 2019 format, whose （六）其他处理 is a single row.
    """
    head = (
        (_th(S.BALANCE_NOTE, "", rowspan=3, colspan=3), _th(S.APPLICANT_HEADER, "colgroup", colspan=7)),
        (
            _th(S.COLUMN_LABELS["natural"], "col", rowspan=2),
            _th(S.ORG_HEADER, "colgroup", colspan=5),
            _th(S.TOTAL_LABEL, "col", rowspan=2),
        ),
        tuple(_th(label, "col") for key, label in S.COLUMNS[1:]),
    )
    rows: list[tuple[Cell, ...]] = [
        (_th(S.NEW.label, "row", colspan=3), *_numbers(report.row(S.NEW))),
        (_th(S.CARRIED_OVER.label, "row", colspan=3), *_numbers(report.row(S.CARRIED_OVER))),
    ]
    span = len(report.layout.result_leaves) + 1  # every outcome row plus （七）总计
    lead: tuple[Cell, ...] = (_th(S.RESULTS_LABEL, "rowgroup", rowspan=span),)
    for group in report.layout.groups:
        if not group.reasons:
            rows.append((*lead, _th(group.label, "row", colspan=2), *_numbers(report.rows[("results", group.key)])))
            lead = ()
            continue
        for index, reason in enumerate(group.reasons):
            label = (_th(group.label, "rowgroup", rowspan=len(group.reasons)),) if index == 0 else ()
            rows.append((*lead, *label, _th(reason.label, "row"), *_numbers(report.row(reason))))
            lead = ()
    rows.append((_th(S.RESULTS_TOTAL_LABEL, "row", colspan=2), *_numbers(report.results_total())))
    rows.append((_th(S.CARRIED_FORWARD.label, "row", colspan=3), *_numbers(report.row(S.CARRIED_FORWARD))))
    return Table("applications", head, tuple(rows))


def appeals_table(report: Report) -> Table:
    """Section 四: 行政复议 and the two kinds of 行政诉讼, 5 cells each (15), 总计 computed."""
    outcomes = (*tuple(label for _, label in S.APPEAL_OUTCOMES), S.TOTAL_LABEL)
    head = (
        (_th(S.APPEAL_GROUP_LABELS["review"], "colgroup", colspan=5), _th(S.LAWSUIT_LABEL, "colgroup", colspan=10)),
        (
            *(_th(label, "col", rowspan=2) for label in outcomes),
            _th(S.APPEAL_GROUP_LABELS["lawsuit"], "colgroup", colspan=5),
            _th(S.APPEAL_GROUP_LABELS["lawsuit_after_review"], "colgroup", colspan=5),
        ),
        tuple(_th(label, "col") for _ in range(2) for label in outcomes),
    )
    cells: list[Cell] = []
    for key, _ in S.APPEAL_GROUPS:
        cells += [_td(report.appeals[key][o]) for o in S.APPEAL_OUTCOME_KEYS]
        cells.append(_td(report.appeal_total(key)))
    return Table("appeals", head, (tuple(cells),))


def report_view(report: Report, json_url: str) -> ReportView:
    """All six sections in the national order: prose from the body, tables from the figures."""
    tables = {
        "二": proactive_tables(report),
        "三": (applications_table(report),),
        "四": (appeals_table(report),),
    }
    note = "本表数据根据本机关政府信息公开申请台账逐件统计生成。" if report.csv_rows is not None else ""
    sentences = summaries(report)
    sections = tuple(
        SectionView(
            numeral,
            title,
            tables.get(numeral, ()),
            Markup(report.body.sections.get(numeral, "")),
            note if numeral == "三" else "",
            sentences.get(numeral, ""),
        )
        for numeral, title in S.SECTIONS
    )
    return ReportView(report.year, Markup(report.body.preamble), sections, json_url)
