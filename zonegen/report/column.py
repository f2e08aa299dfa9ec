"""The annual-reports column: every year's report, and a small inline SVG chart across years."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from markupsafe import Markup

from zonegen.report import schema as S
from zonegen.report.model import Report

# Outcome groups as the chart stacks them, with colours that stay apart in greyscale print.
_OUTCOME_STYLE = (
    ("disclosed", "予以公开", "#1b5e20"),
    ("partial", "部分公开", "#66bb6a"),
    ("withheld", "不予公开", "#b71c1c"),
    ("unavailable", "无法提供", "#ef9a9a"),
    ("not_processed", "不予处理", "#4e342e"),
    ("other", "其他处理", "#bcaaa4"),
)
_NEW_COLOUR = "#0d47a1"


@dataclass(frozen=True)
class YearSummary:
    year: int
    title: str
    url: str
    json_url: str
    published: str
    received: int  # 本年新收
    carried_over: int
    handled: int  # 办理结果总计
    disclosed: int  # 予以公开 + 部分公开
    carried_forward: int


def summaries(reports: list[tuple[Report, str, str]]) -> list[YearSummary]:
    """(report, page url, json url) → one line per year, newest first."""
    lines = []
    for report, url, json_url in reports:
        outcomes = report.outcome_totals()
        lines.append(
            YearSummary(
                report.year,
                report.record.title,
                url,
                json_url,
                report.record.published.isoformat(),
                report.received,
                sum(report.row(S.CARRIED_OVER).values()),
                sum(outcomes.values()),
                outcomes["disclosed"] + outcomes["partial"],
                sum(report.row(S.CARRIED_FORWARD).values()),
            )
        )
    return sorted(lines, key=lambda s: s.year, reverse=True)


def chart(reports: list[Report]) -> Markup:
    """Per year: a bar of applications received, beside a bar of outcomes stacked by group.

    Plain SVG with <title> on each bar (hover and screen readers); the figures themselves
    are also in the table beside it, so nothing depends on seeing colours.
    """
    ordered = sorted(reports, key=lambda r: r.year)
    if not ordered:
        return Markup("")
    data = [(r.year, r.received, r.outcome_totals()) for r in ordered]
    top = max(max(received, sum(outcomes.values())) for _, received, outcomes in data)
    height, base, bar, gap = 120, 140, 22, 34
    width = max(350, 40 + len(data) * (2 * bar + 4 + gap))  # at least the legend's width
    scale = height / top if top else 0.0
    parts = [
        f'<svg class="report-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 214" '
        f'width="{width}" height="214" role="img" aria-labelledby="report-chart-title">',
        '<title id="report-chart-title">各年度收到政府信息公开申请数量和办理结果</title>',
        f'<line x1="30" y1="{base}" x2="{width - 5}" y2="{base}" stroke="#555" stroke-width="1"/>',
    ]
    for index, (year, received, outcomes) in enumerate(data):
        x = 36 + index * (2 * bar + 4 + gap)
        h = round(received * scale, 1)
        parts.append(
            f'<rect x="{x}" y="{base - h}" width="{bar}" height="{h}" fill="{_NEW_COLOUR}">'
            f"<title>{year}年 本年新收申请 {received} 件</title></rect>"
        )
        parts.append(
            f'<text x="{x + bar / 2}" y="{base - h - 4}" font-size="11" text-anchor="middle">{received}</text>'
        )
        y = float(base)
        for key, label, colour in _OUTCOME_STYLE:
            count = outcomes[key]
            if not count:
                continue
            h = round(count * scale, 1)
            y = round(y - h, 1)
            parts.append(
                f'<rect x="{x + bar + 4}" y="{y}" width="{bar}" height="{h}" fill="{colour}">'
                f"<title>{year}年 {label} {count} 件</title></rect>"
            )
        handled = sum(outcomes.values())
        parts.append(
            f'<text x="{x + bar * 1.5 + 4}" y="{round(y - 4, 1)}" font-size="11" text-anchor="middle">{handled}</text>'
        )
        parts.append(f'<text x="{x + bar + 2}" y="{base + 16}" font-size="12" text-anchor="middle">{year}</text>')
    legend = [("本年新收", _NEW_COLOUR), *((label, colour) for _, label, colour in _OUTCOME_STYLE)]
    for index, (label, colour) in enumerate(legend):
        lx = 30 + (index % 4) * 78
        ly = 180 + (index // 4) * 16
        parts.append(f'<rect x="{lx}" y="{ly - 9}" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{lx + 14}" y="{ly}" font-size="11">{escape(label)}</text>')
    parts.append("</svg>")
    # Built only from integers and fixed labels above; nothing a clerk wrote reaches it.
    return Markup("".join(parts))
