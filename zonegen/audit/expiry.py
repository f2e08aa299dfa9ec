"""The `expiry` rule: a 公示 whose period ended must come down (个人信息保护法 第六、十九条)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from zonegen.audit.context import Context
from zonegen.audit.model import Finding, about
from zonegen.calendar import UnknownDay
from zonegen.records import Record

BASIS = (
    "公示期满后撤下含个人信息的名单：个人信息保护法第六条（最小必要）、第十九条（保存期限为实现目的所必要的最短时间）；"
    "zonegen build 自公示截止日（expires）次日起不再发布该记录"
)


def published_index_numbers(site_dir: Path) -> set[str] | None:
    """The 索引号 a built site publishes (its directory.json); None when there is no readable site."""
    try:
        data = json.loads((site_dir / "directory.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, list):
        return None
    return {str(entry.get("index_no")) for entry in data if isinstance(entry, dict)}


def expiry(ctx: Context) -> list[Finding]:
    """Records past their 公示期 that the built site still publishes, and 公示 lists that name no end."""
    return _unbounded(ctx) + _ended(ctx)


def _unbounded(ctx: Context) -> list[Finding]:
    """A record of an item whose 公开时限 names a 公示期 (catalog `publicity`) and carries no `expires`.

    Without `expires` the build publishes the list for ever; the end its 公示期 gives, counted from
    `published`, is what the clerk should write.
    """
    found: list[Finding] = []
    for record in sorted(
        (r for r in ctx.records if r.expires is None and r.published_on(ctx.as_of)), key=lambda r: r.file
    ):
        node = ctx.node(record)
        rule = node.item.publicity if node is not None and node.item is not None else None
        if rule is None:
            continue
        try:
            end = ctx.due(record.published, rule)
        except UnknownDay as exc:
            found += ctx.unknown(exc, "expiry", record)
            continue
        told = node.item.deadline_text or rule.describe()  # type: ignore[union-attr]
        basis = f"目录事项“{node.title}”的公开时限：{told}（publicity: {rule.describe()}）；{BASIS}"  # type: ignore[union-attr]
        found.append(
            Finding(
                "expiry",
                "warning",
                "no-expires",
                f"《{record.title}》所在事项的公开时限写明公示{rule.describe()}，记录没有写公示截止日期（expires）；"
                f"自发布日 {record.published} 起算，公示期至 {end} 结束",
                basis,
                f"在记录中写 expires: {end}（公示截止），公示期满后 zonegen build 不再发布这份名单",
                **about(record, "published"),
                due=end,
            )
        )
    return found


def _ended(ctx: Context) -> list[Finding]:
    ended = [r for r in ctx.records if r.expires is not None and r.expires < ctx.as_of]
    if not ended:
        return []
    site = ctx.site_dir
    online = published_index_numbers(site) if site is not None else None
    if online is None:
        where = site.as_posix() if site is not None else "public/"
        return [
            Finding(
                "expiry",
                "warning",
                "site-unknown",
                f"{len(ended)} 条记录的公示期已结束（最早一条 {min(r.expires for r in ended if r.expires)} 结束），"
                f"但没有找到已生成的网站 {where}，无法确认它们已从网站撤下",
                BASIS,
                "用 --site 指定已生成的网站目录（含 directory.json）再审计；"
                "并确认线上专区在公示截止日次日之后重新生成过",
            )
        ]
    return [_still_online(ctx, r) for r in ended if r.index_no in online]


def _still_online(ctx: Context, record: Record) -> Finding:
    assert record.expires is not None
    return Finding(
        "expiry",
        "error",
        "still-published",
        f"《{record.title}》的公示期于 {record.expires} 结束，已生成的网站仍在发布它",
        BASIS,
        "重新生成并发布网站（zonegen build）；流水线宜每天生成一次，使公示期满的名单按时撤下",
        **about(record, "expires"),
        due=record.expires + dt.timedelta(days=1),
    )
