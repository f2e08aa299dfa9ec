"""The 保密审查 gate: "未经审查和批准的，一律不得公开发布" (seed 002).

With `rules.require_review: true`, a 主动公开 record builds only with a complete
`review: {by, date}` dated between its creation and its publication.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from zonegen.diagnostics import Diagnostic, Diagnostics

_EXAMPLE = "review: {by: 审查人姓名, date: 2025-03-01}"
# What clerks write when the review has not happened yet.
_PLACEHOLDERS = frozenset(
    (
        "待定",
        "待审查",
        "待审",
        "未审查",
        "未审",
        "无",
        "暂无",
        "待填",
        "todo",
        "tbd",
        "xxx",
        "某某",
        "审查人",
        "审查人姓名",
        "-",
        "—",
    )
)
# Diagnostics that already explain why a given `review` value could not be used.
_EXPLAINED = frozenset(("field-value", "review-incomplete", "unknown-key"))


def check_review(
    review: tuple[str, dt.date] | None,
    *,
    line: int | None,
    public: bool,
    created: dt.date,
    published: dt.date,
    body_line: int,
    require_review: bool,
    earlier: Iterable[Diagnostic],
    diags: Diagnostics,
) -> None:
    """Missing, empty, placeholder or mis-dated reviews; only a gate when the zone requires it.

    `review` is (by, date) as written, `line` where the key stands, and `earlier` the
    diagnostics already given for the file (a value already explained is not reported again).
    """
    if review is None:
        if not (require_review and public):
            return
        if line is None:
            diags.error(
                "review-missing",
                "本专区要求发布前经过保密审查，但这条记录没有审查记录（review）",
                max(1, body_line - 1),
                None,
                f"审查通过后添加一行 {_EXAMPLE}（未经审查的信息不得发布）",
            )
        elif not any(d.line == line and d.code in _EXPLAINED for d in earlier):
            diags.error(
                "review-missing",
                "保密审查（review）是空的",
                line,
                None,
                f"审查通过后写成 {_EXAMPLE}（未经审查的信息不得发布）",
            )
        return
    by, date = review
    if by.strip().lower() in _PLACEHOLDERS:
        diags.error(
            "review-incomplete",
            f"保密审查的审查人“{by}”不是真实的审查人",
            line,
            None,
            "审查通过后填写审查人（或审查部门）的名称",
        )
    if date > published:
        diags.error(
            "review-after-published",
            f"审查日期 {date} 晚于发布日期 {published}",
            line,
            None,
            "信息必须先审查、后发布；未审查的信息不得发布",
        )
    elif date < created:
        diags.warning(
            "review-before-created",
            f"审查日期 {date} 早于生成日期 {created}",
            line,
            None,
            "审查的是已经形成的信息；请核对审查日期和生成日期",
        )
