"""Rules on what the zone holds: `coverage`, `blank-column` and `freshness`."""

from __future__ import annotations

import datetime as dt

from zonegen.audit.context import Context
from zonegen.audit.model import Finding
from zonegen.calendar import UnknownDay
from zonegen.catalog import Deadline, Node
from zonegen.records import Record

BLANK_LIMIT = 5  # inspectors fail a site outright at this many 空白栏目 (issue 10; 政府网站检查指标 单项否决)
_PERIOD = {"monthly": "月", "quarterly": "季度", "yearly": "年"}


def applicable_items(ctx: Context) -> list[Node]:
    level = ctx.loaded.zone.level
    return [n for n in ctx.loaded.catalog.nodes.values() if n.item is not None and n.applies_to(level)]


def records_of(ctx: Context) -> dict[str, list[Record]]:
    """Published records filed in each node or naming it in `also`."""
    homes: dict[str, list[Record]] = {}
    for record in ctx.records:
        for home in dict.fromkeys([record.node, *(p.strip("/").removeprefix("content/") for p in record.also)]):
            homes.setdefault(home, []).append(record)
    return homes


def _item_basis(node: Node) -> str:
    info = node.item
    assert info is not None
    levels = "、".join(info.levels) or "各级"
    parts = [f"目录事项“{node.title}”（公开层级：{levels}；公开方式：{info.mode}）"]
    if info.basis:
        parts.append(f"公开依据：{info.basis}")
    return "；".join(parts)


def coverage(ctx: Context) -> list[Finding]:
    """Each 主动 item that applies at the zone's level and has no published record."""
    homes = records_of(ctx)
    found = []
    for node in applicable_items(ctx):
        assert node.item is not None
        if node.item.mode != "主动" or homes.get(node.path):
            continue
        found.append(
            Finding(
                "coverage",
                "error",
                "missing",
                f"公开事项“{node.title}”适用于{ctx.loaded.zone.level}，但没有任何已发布的信息",
                _item_basis(node),
                '在该事项的文件夹中发布信息（zonegen new 事项路径 "标题"）；确实没有这类信息时，'
                "发布一条说明（如“本年度无此类事项”）",
                file=f"content/{node.path}",
                node=node.path,
                title=node.title,
                url=ctx.node_url(node),
            )
        )
    return found


def blank_nodes(ctx: Context) -> tuple[list[Node], list[Node]]:
    """(openable, blank): the nodes a visitor can open, and those among them that list no record."""
    level = ctx.loaded.zone.level
    openable = [n for n in ctx.loaded.catalog.nodes.values() if n.applies_to(level)]
    return openable, [n for n in openable if not ctx.site.by_node.get(n.path)]


def blank_columns(ctx: Context) -> list[Finding]:
    """空白栏目: each column, domain or item a visitor can open that lists no record."""
    openable, blank = blank_nodes(ctx)
    basis = f"空白栏目（打开后没有任何信息的栏目）达到 {BLANK_LIMIT} 个的，政府网站检查中单项否决"
    found = [
        Finding(
            "blank-column",
            "warning",
            "blank",
            f"{_what(n)}“{n.title}”是空白栏目：访问者打开后没有任何信息",
            basis,
            "发布这一栏目的信息；栏目不需要时从 catalog.yaml 中删除",
            file=f"content/{n.path}",
            node=n.path,
            title=n.title,
            url=ctx.node_url(n),
        )
        for n in blank
    ]
    if len(blank) >= BLANK_LIMIT:
        found.append(
            Finding(
                "blank-column",
                "error",
                "blank-limit",
                f"空白栏目共 {len(blank)} 个（可打开的栏目 {len(openable)} 个），已达到单项否决的 {BLANK_LIMIT} 个",
                basis,
                "优先为上面列出的空白栏目发布信息，使空白栏目少于 5 个",
            )
        )
    return found


def _what(node: Node) -> str:
    return {"column": "栏目", "domain": "领域", "item": "事项"}[node.kind]


def period_of(day: dt.date, refresh: str) -> tuple[dt.date, dt.date]:
    """The month, quarter or year containing day, as (first day, last day)."""
    if refresh == "yearly":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    months = 3 if refresh == "quarterly" else 1
    first_month = (day.month - 1) // months * months + 1
    start = dt.date(day.year, first_month, 1)
    end_month = first_month + months
    end = dt.date(day.year + (end_month > 12), (end_month - 1) % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


def period_name(start: dt.date, refresh: str) -> str:
    if refresh == "yearly":
        return f"{start.year}年"
    if refresh == "quarterly":
        return f"{start.year}年第{(start.month + 2) // 3}季度"
    return f"{start.year}年{start.month}月"


def freshness(ctx: Context) -> list[Finding]:
    """Items with `refresh` with no record formed in the latest period that is due, nor after it.

    A period's information is due by the item's deadline counted from the period's last
    day; the latest period whose deadline passed before the audit date is the one checked.
    Items with no record at all are `coverage` findings instead.
    """
    homes = records_of(ctx)
    found: list[Finding] = []
    for node in applicable_items(ctx):
        info = node.item
        assert info is not None
        records = homes.get(node.path)
        if not info.refresh or not records:
            continue
        rule = info.deadline or ctx.default_deadline()[0]
        try:
            start, _end, due = _latest_due_period(ctx, info.refresh, rule)
        except UnknownDay as exc:
            found.extend(ctx.unknown(exc, "freshness", node=node.path))
            continue
        if any(r.created >= start for r in records):  # this period's record, or a later one
            continue
        newest = max(records, key=lambda r: (r.created, r.published))
        name = period_name(start, info.refresh)
        every = _PERIOD[info.refresh]
        told = info.deadline_text or f"{rule.describe()}内"
        found.append(
            Finding(
                "freshness",
                "error",
                "stale",
                f"公开事项“{node.title}”应每{every}更新，{name}的信息应于 {due} 前发布，至 {ctx.as_of} 仍没有；"
                f"最新一条是 {newest.created} 生成的《{newest.title}》",
                f"目录事项“{node.title}”：每{every}更新（refresh: {info.refresh}），公开时限：{told}",
                '发布这一期的信息（zonegen new 事项路径 "标题"），生成日期（created）写该期信息形成的日期',
                file=newest.file,
                line=newest.line_of("created"),
                index_no=newest.index_no,
                node=node.path,
                title=node.title,
                due=due,
                url=ctx.node_url(node),
            )
        )
    return found


def _latest_due_period(ctx: Context, refresh: str, rule: Deadline) -> tuple[dt.date, dt.date, dt.date]:
    """The latest period whose deadline is before the audit date: (start, end, due)."""
    start, end = period_of(ctx.as_of, refresh)
    if end >= ctx.as_of:  # the period under way is not due yet
        start, end = period_of(start - dt.timedelta(days=1), refresh)
    while True:
        due = ctx.due(end, rule)
        if due < ctx.as_of:
            return start, end, due
        start, end = period_of(start - dt.timedelta(days=1), refresh)
