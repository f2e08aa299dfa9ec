"""Rules on when records were published: `timeliness` and `interpretation`."""

from __future__ import annotations

import datetime as dt

from zonegen.audit.context import Context, workdays_late
from zonegen.audit.model import Finding, about
from zonegen.calendar import UnknownDay
from zonegen.catalog import Deadline
from zonegen.records import Record

INTERPRETED_KINDS = ("规范性文件", "政策文件")
# Kinds with rules of their own: the annual report (annual-report), 解读 (interpretation), the guide.
_OWN_RULES = ("年度报告", "解读", "指南")


def deadline_of(ctx: Context, record: Record) -> tuple[dt.date, Deadline, str]:
    """(start, rule, basis) for a record: the item's rule, else its kind's, else the zone default.

    The clock starts at `approved` when the record carries it (预决算: 人大批准/财政批复后20日),
    else at `created` (印发/形成).
    """
    start = record.approved or record.created
    node = ctx.node(record)
    info = node.item if node is not None else None
    if info is not None and info.deadline is not None:
        told = info.deadline_text or f"{info.deadline.describe()}内"
        return start, info.deadline, f"目录事项“{node.title}”的公开时限：{told}（deadline: {info.deadline.describe()}）"
    if record.kind == "规范性文件":
        days = ctx.loaded.zone.rules.normative_workdays
        return (
            start,
            Deadline(days, "workdays"),
            f"规范性文件印发后{days}个工作日内公开（zone.yaml rules.normative_workdays: {days}）",
        )
    rule, basis = ctx.default_deadline()
    return start, rule, basis


def timeliness(ctx: Context) -> list[Finding]:
    """Every public record published after its deadline, or not yet published when it was due."""
    found: list[Finding] = []
    for record in sorted((r for r in ctx.loaded.records if r.is_public), key=lambda r: r.file):
        if record.kind in _OWN_RULES or record.published < record.created:
            continue
        start, rule, basis = deadline_of(ctx, record)
        try:
            due = ctx.due(start, rule)
        except UnknownDay as exc:
            found.extend(ctx.unknown(exc, "timeliness", record))
            continue
        late = _late(ctx, record, due)
        if late is None:
            continue
        clock = "批准" if record.approved else "生成"
        found.append(
            Finding(
                "timeliness",
                "error",
                "late",
                f"《{record.title}》{clock}于 {start}，应于 {due} 前发布；{late}",
                basis,
                "今后在期限内发布；确因特殊情况延迟的，在正文中说明原因。生成日期（created）或批准日期（approved）"
                "写错时请按原件更正",
                **about(record),
                due=due,
                on=record.published if record.published <= ctx.as_of else None,
                url=ctx.url(record),
            )
        )
    return found


def _late(ctx: Context, record: Record, due: dt.date) -> str | None:
    """How late a record is as of the audit date, or None when it is not."""
    if record.published > ctx.as_of:
        return f"截至 {ctx.as_of} 尚未发布" if due < ctx.as_of else None
    if record.published <= due:
        return None
    return f"{record.published} 发布，{workdays_late(ctx, due, record.published)}"


def interpretation(ctx: Context) -> list[Finding]:
    """规范性文件/政策文件 with no 解读 once the 解读 is due, and 解读 published late."""
    rules = ctx.loaded.zone.rules
    days = rules.interpretation_workdays
    rule = Deadline(days, "workdays")
    basis = f"解读材料在文件公开后{days}个工作日内发布（zone.yaml rules.interpretation_workdays: {days}）"
    interpreted: dict[str, list[Record]] = {}
    for record in ctx.records:
        if record.kind == "解读" and record.interprets:
            interpreted.setdefault(record.interprets, []).append(record)
    found: list[Finding] = []
    for record in ctx.records:
        if record.kind in INTERPRETED_KINDS:
            found.extend(_uninterpreted(ctx, record, rule, basis, interpreted.get(record.index_no)))
        elif record.kind == "解读" and record.interprets in ctx.by_index_no:
            found.extend(_late_interpretation(ctx, record, ctx.by_index_no[record.interprets], rule, basis))
    return found


def _uninterpreted(
    ctx: Context, record: Record, rule: Deadline, basis: str, interpretations: list[Record] | None
) -> list[Finding]:
    if interpretations:
        return []
    try:
        due = ctx.due(record.published, rule)
    except UnknownDay as exc:
        return ctx.unknown(exc, "interpretation", record)
    if due >= ctx.as_of:  # there is still time
        return []
    normative = record.kind == "规范性文件"
    return [
        Finding(
            "interpretation",
            "error" if normative else "warning",
            "missing",
            f"{record.kind}《{record.title}》于 {record.published} 公开，没有解读（应于 {due} 前发布）",
            basis,
            "发布解读：新建一条 kind: 解读 的记录，interprets 写被解读文件的索引号",
            file=record.file,
            line=record.line_of("kind") or record.line_of("title"),
            index_no=record.index_no,
            node=record.node,
            title=record.title,
            due=due,
            url=ctx.url(record),
        )
    ]


def _late_interpretation(ctx: Context, record: Record, target: Record, rule: Deadline, basis: str) -> list[Finding]:
    try:
        due = ctx.due(target.published, rule)
    except UnknownDay as exc:
        return ctx.unknown(exc, "interpretation", record)
    if record.published <= due:
        return []
    return [
        Finding(
            "interpretation",
            "error",
            "late",
            f"《{record.title}》解读的文件于 {target.published} 公开，解读应于 {due} 前发布，"
            f"{record.published} 发布，{workdays_late(ctx, due, record.published)}",
            basis,
            "今后解读与文件同步起草，文件公开后及时发布解读",
            **about(record),
            due=due,
            on=record.published,
            url=ctx.url(record),
        )
    ]
