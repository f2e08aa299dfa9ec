"""The summary sentences of sections 二、三、四, written from the same figures as the tables.

A clerk who types "予以公开及部分公开258件" above a table that adds up to 275 publishes a report
that contradicts itself; these sentences are made from the resolved figures, so they cannot.
"""

from __future__ import annotations

from zonegen.report import schema as S
from zonegen.report.model import Report, format_amount

_OUTCOME_WORDS = (
    ("disclosed", "予以公开"),
    ("partial", "部分公开"),
    ("withheld", "不予公开"),
    ("unavailable", "无法提供"),
    ("not_processed", "不予处理"),
    ("other", "其他处理"),
)


def _listed(parts: list[tuple[str, int]], unit: str = "件") -> str:
    """“甲1件、乙2件”, leaving out what is zero."""
    return "、".join(f"{label}{count}{unit}" for label, count in parts if count)


def proactive_summary(report: Report) -> str:
    """Section 二 in words: what the 第二十条 tables show."""
    p = report.proactive
    if report.layout is S.LAYOUT_2021:
        docs = [
            ("制发", "issued"),
            ("废止", "repealed"),
            ("现行有效", "in_force"),
        ]
        first = "，".join(f"{verb}规章{p['rules'][key]}件、行政规范性文件{p['normative'][key]}件" for verb, key in docs)
        decisions = "、".join(
            f"{label}{p[key]['decisions']}件"
            for key, label in (("licensing", "行政许可"), ("penalties", "行政处罚"), ("enforcement", "行政强制"))
        )
        fees = format_amount(p["fees"]["amount"])
        return f"本年度{first}；本年处理决定：{decisions}；本年行政事业性收费金额{fees}万元。"
    docs = [("新制作", "made"), ("新公开", "published")]
    first = "，".join(f"本年{verb}规章{p['rules'][key]}件、规范性文件{p['normative'][key]}件" for verb, key in docs)
    total = f"对外公开规章总数{p['rules']['public_total']}件、规范性文件总数{p['normative']['public_total']}件"
    rows = (
        ("licensing", "行政许可"),
        ("other_services", "其他对外管理服务事项"),
        ("penalties", "行政处罚"),
        ("enforcement", "行政强制"),
    )
    decisions = "、".join(f"{label}{p[key]['decisions']}件" for key, label in rows)
    procurement = p["procurement"]
    buying = f"政府集中采购项目{procurement['projects']}个，采购总金额{format_amount(procurement['amount'])}"
    return f"{first}，{total}；处理决定：{decisions}；{buying}。"


def applications_summary(report: Report) -> str:
    """Section 三 in words: received, carried over, answered by outcome, carried forward."""
    received, over = report.received, sum(report.row(S.CARRIED_OVER).values())
    forward = sum(report.row(S.CARRIED_FORWARD).values())
    outcomes = report.outcome_totals()
    handled = sum(outcomes.values())
    if not (received or over or handled or forward):
        return "本年度未收到政府信息公开申请，也没有上年结转的申请。"
    text = f"本年度新收政府信息公开申请{received}件，上年结转{over}件；本年度办理完结{handled}件"
    parts = [f"{word}{outcomes[key]}件" for key, word in _OUTCOME_WORDS if outcomes[key]]
    if outcomes["disclosed"] and outcomes["partial"]:  # the pair reports most often quote, and get wrong
        parts[1] += f"（二者合计{outcomes['disclosed'] + outcomes['partial']}件）"
    if parts:
        text += "，其中" + "、".join(parts)
    return text + f"；结转下年度继续办理{forward}件。"


def appeals_summary(report: Report) -> str:
    """Section 四 in words: reviews and lawsuits, and their outcomes."""
    review = report.appeal_total("review")
    lawsuits = report.appeal_total("lawsuit") + report.appeal_total("lawsuit_after_review")
    if not (review or lawsuits):
        return "本年度没有因政府信息公开工作被申请行政复议或者提起行政诉讼。"
    sentences = []
    for total, name, groups in (
        (review, "被申请行政复议", ("review",)),
        (lawsuits, "被提起行政诉讼", ("lawsuit", "lawsuit_after_review")),
    ):
        if not total:
            sentences.append(f"没有{name}")
            continue
        outcomes = _listed([(label, sum(report.appeals[g][key] for g in groups)) for key, label in S.APPEAL_OUTCOMES])
        sentences.append(f"{name}{total}件（{outcomes}）")
    return "本年度因政府信息公开工作" + "，".join(sentences) + "。"


def summaries(report: Report) -> dict[str, str]:
    """By section numeral."""
    return {"二": proactive_summary(report), "三": applications_summary(report), "四": appeals_summary(report)}
