"""The `applications` rule: replies to 依申请公开 applications within 条例 第三十三条's time."""

from __future__ import annotations

from zonegen.audit.context import Context
from zonegen.audit.model import Finding
from zonegen.calendar import UnknownDay
from zonegen.diagnostics import Diagnostics
from zonegen.report.applications import CSV_FILE, Application, load_applications, reply_deadline


def _basis(ctx: Context, app: Application) -> str:
    rules = ctx.loaded.zone.rules
    text = (
        f"条例第三十三条：收到申请之日起{rules.reply_workdays}个工作日内答复，"
        f"延长不超过{rules.reply_extension_workdays}个工作日"
        "（zone.yaml rules.reply_workdays、reply_extension_workdays）"
    )
    if app.corrected:
        text += f"；第三十条：补正后自 {app.corrected} 收到补正的申请之日起计算"
    if app.consulted:
        text += f"；第三十二条：征求第三方意见（{app.consulted[0]} 至 {app.consulted[1]}）所需时间不计算在内"
    return text


def applications(ctx: Context) -> list[Finding]:
    """Replies later than their deadline, and open applications whose deadline passed before as_of."""
    apps = load_applications(ctx.loaded.zone, Diagnostics())  # ledger errors are `check`'s to report
    if apps is None:
        return []
    found: list[Finding] = []
    for app in apps.items:
        if app.received > ctx.as_of:
            continue
        try:
            due = reply_deadline(app, ctx.loaded.zone, ctx.calendar)
        except UnknownDay as exc:
            found.extend(ctx.unknown(exc, "applications", file=CSV_FILE, line=app.line))
            continue
        replied = app.replied if app.replied is not None and app.replied <= ctx.as_of else None
        label = f"{app.ident}（{app.received} 收到）" if app.ident else f"{app.received} 收到的申请"
        extended = "（已延期）" if app.extended else ""
        if replied is not None and replied > due:
            message = f"申请台账第 {app.line} 行：{label}应于 {due} 前答复{extended}，{replied} 才答复"
            hint = "今后在期限内答复；需要延长的，经机构负责人同意并告知申请人，在台账“是否延期”写“是”"
        elif replied is None and due < ctx.as_of:
            message = f"申请台账第 {app.line} 行：{label}应于 {due} 前答复{extended}，至 {ctx.as_of} 仍未答复"
            hint = "尽快答复申请人；答复后在台账中填写办理结果和答复日期"
        else:
            continue
        found.append(
            Finding(
                "applications",
                "error",
                "late" if replied else "overdue",
                message,
                _basis(ctx, app),
                hint,
                file=CSV_FILE,
                line=app.line,
                title=app.ident,
                due=due,
                on=replied,
            )
        )
    return found
