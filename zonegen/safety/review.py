"""The 保密审查 gate: "未经审查和批准的，一律不得公开发布" (seed 002).

With `rules.require_review: true`, a 主动公开 record builds only with a complete
`review: {by, date}` dated between its creation and its publication.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zonegen.diagnostics import Diagnostics

if TYPE_CHECKING:  # records.py imports this module
    from zonegen.records import Record

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


def check_review(record: Record, require_review: bool, diags: Diagnostics) -> None:
    """Missing, empty, placeholder or mis-dated reviews; only a gate when the zone requires it."""
    review = record.review
    line = record.line_of("review")
    if review is None:
        if not (require_review and record.is_public):
            return
        if line is None:
            diags.error(
                "review-missing",
                "本专区要求发布前经过保密审查，但这条记录没有审查记录（review）",
                max(1, record.body_line - 1),
                None,
                f"审查通过后添加一行 {_EXAMPLE}（未经审查的信息不得发布）",
            )
        elif not any(d.line == line and d.code in _EXPLAINED for d in diags):
            diags.error(
                "review-missing",
                "保密审查（review）是空的",
                line,
                None,
                f"审查通过后写成 {_EXAMPLE}（未经审查的信息不得发布）",
            )
        return
    by, date = review.by, review.date
    if by.strip().lower() in _PLACEHOLDERS:
        diags.error(
            "review-incomplete",
            f"保密审查的审查人“{by}”不是真实的审查人",
            line,
            None,
            "审查通过后填写审查人（或审查部门）的名称",
        )
    if date > record.published:
        diags.error(
            "review-after-published",
            f"审查日期 {date} 晚于发布日期 {record.published}",
            line,
            None,
            "信息必须先审查、后发布；未审查的信息不得发布",
        )
    elif date < record.created:
        diags.warning(
            "review-before-created",
            f"审查日期 {date} 早于生成日期 {record.created}",
            line,
            None,
            "审查的是已经形成的信息；请核对审查日期和生成日期",
        )
