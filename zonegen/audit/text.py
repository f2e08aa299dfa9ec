"""The audit as a clerk reads it in a terminal (a table per rule), and as JSON for pipelines."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from zonegen.audit.coverage import BLANK_LIMIT
from zonegen.audit.model import RULES, SEVERITY_LABEL, Audit, Finding


def to_json(audit: Audit) -> str:
    """Contract: {"as_of", "findings": [...], "stats": {...}}."""
    stats = audit.stats
    data: dict[str, Any] = {
        "as_of": audit.as_of.isoformat(),
        "findings": [f.to_json() for f in audit.findings],
        "stats": {
            "records": stats.records,
            "by_category": stats.by_category,
            "by_domain": stats.by_domain,
            "by_month": stats.by_month,
            "by_domain_month": stats.by_domain_month,
            "blank_columns": stats.blank_columns,
            "openable_columns": stats.openable_columns,
            "findings": audit.by_rule(),
            "errors": audit.errors,
            "warnings": audit.warnings,
            "check_errors": audit.check_errors,
            "check_warnings": audit.check_warnings,
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Left-aligned columns; the last column is not padded and may run on over several lines."""
    sizes = [max(width(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
    lines = []
    for row in [header, *rows]:
        cells = [pad(cell, sizes[i]) for i, cell in enumerate(row[:-1])]
        first, *more = row[-1].split("\n")
        lines.append("  ".join([*cells, first]).rstrip())
        indent = " " * (sum(sizes) + 2 * len(sizes))
        lines.extend(indent + line for line in more)
    return lines


def _row(finding: Finding) -> list[str]:
    return [
        SEVERITY_LABEL[finding.severity],
        finding.where(),
        finding.index_no or "—",
        finding.due.isoformat() if finding.due else "—",
        f"{finding.message}\n依据：{finding.basis}",
    ]


def to_text(audit: Audit) -> str:
    stats = audit.stats
    lines = [f"{audit.zone_name} 政务公开自查（截至 {audit.as_of}）", ""]
    counts = audit.by_rule()
    summary = [[f"{RULES[rule]}（{rule}）", str(counts[rule])] for rule in RULES]
    lines += table(["检查项", "问题数"], summary)
    lines.append(
        f"合计 {len(audit.findings)} 项：错误 {audit.errors}，警告 {audit.warnings}；"
        f"已发布信息 {stats.records} 条，空白栏目 {stats.blank_columns} 个（{BLANK_LIMIT} 个即单项否决）"
    )
    if audit.check_errors:
        lines.append(
            f"注意：zonegen check 发现 {audit.check_errors} 个错误，有错误的文件可能未能审计，请先运行 zonegen check"
        )
    for rule, title in RULES.items():
        found = [f for f in audit.findings if f.rule == rule]
        if not found:
            continue
        lines += ["", f"【{title}】{rule}：{len(found)} 项"]
        lines += ["  " + line for line in table(["级别", "位置", "索引号", "应于", "说明"], [_row(f) for f in found])]
        for hint in dict.fromkeys(f.hint for f in found if f.hint):
            lines.append(f"  处理：{hint}")
    if not audit.findings:
        lines += ["", "未发现问题。"]
    return "\n".join(lines)
