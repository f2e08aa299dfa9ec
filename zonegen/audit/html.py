"""The audit as one self-contained HTML file a clerk can email to the county.

No script, no external file, no font or image from the network: styles are inline and
the charts are inline SVG. Links point at the online zone (`base_url`), where the
inspector will look, so they work from an email as well as from file://.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from zonegen.audit.coverage import BLANK_LIMIT
from zonegen.audit.model import RULES, SEVERITY_LABEL, Audit
from zonegen.charts import bar_chart

MONTHS = 12  # the heatmap's span, ending with the audit month
CELL, LABEL, HEAD = 34, 150, 44


@dataclass(frozen=True)
class Month:
    key: str  # 2026-03
    label: str  # 3月
    year: str  # 2026年 over January and over the first month shown, else ""


def months_until(day: dt.date, count: int = MONTHS) -> list[Month]:
    year, month = day.year, day.month
    result = []
    for _ in range(count):
        result.append(Month(f"{year}-{month:02d}", f"{month}月", f"{year}年" if month == 1 else ""))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    result.reverse()
    if len(result) > 1 and not result[0].year and not result[1].year:  # no room beside a January
        result[0] = Month(result[0].key, result[0].label, result[0].key[:4] + "年")
    return result


def heatmap(grid: dict[str, dict[str, int]], domains: list[str], months: list[Month]) -> Markup:
    """Domains × months: one cell per month, darker for more records, hatched where none."""
    top = max((grid.get(d, {}).get(m.key, 0) for d in domains for m in months), default=0) or 1
    width, height = LABEL + CELL * len(months), HEAD + CELL * max(1, len(domains))
    parts = [
        f'<svg class="heatmap" viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px" role="img" '
        f'aria-label="各领域每月发布信息条数（近{len(months)}个月）" xmlns="http://www.w3.org/2000/svg">'
    ]
    for column, month in enumerate(months):
        x = LABEL + column * CELL + CELL / 2
        parts.append(f'<text class="axis" x="{x}" y="{HEAD - 8}" text-anchor="middle">{escape(month.label)}</text>')
        if month.year:
            parts.append(f'<text class="axis" x="{x}" y="{HEAD - 26}" text-anchor="middle">{month.year}</text>')
    for row, domain in enumerate(domains):
        y = HEAD + row * CELL
        parts.append(
            f'<text class="axis" x="{LABEL - 6}" y="{y + CELL / 2 + 5}" text-anchor="end">{escape(domain)}</text>'
        )
        for column, month in enumerate(months):
            value = grid.get(domain, {}).get(month.key, 0)
            x = LABEL + column * CELL
            level = 0 if not value else 1 + min(3, int(3 * value / top))
            parts.append(
                f'<rect class="cell l{level}" x="{x + 1}" y="{y + 1}" width="{CELL - 2}" height="{CELL - 2}">'
                f"<title>{escape(domain)} {escape(month.key)}：{value}条</title></rect>"
            )
            if value:
                parts.append(
                    f'<text class="count" x="{x + CELL / 2}" y="{y + CELL / 2 + 5}" text-anchor="middle">{value}</text>'
                )
    parts.append("</svg>")
    return Markup("".join(parts))


def to_html(audit: Audit) -> str:
    env = Environment(
        loader=PackageLoader("zonegen.audit", "."),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    stats = audit.stats
    months = months_until(audit.as_of)
    domains = list(stats.by_domain)
    counts = audit.by_rule()
    template = env.get_template("report.html")
    return template.render(
        audit=audit,
        stats=stats,
        rules=RULES,
        counts=counts,
        severity=SEVERITY_LABEL,
        limit=BLANK_LIMIT,
        months=months,
        heatmap=heatmap(stats.by_domain_month, domains, months),
        category_chart=bar_chart(list(stats.by_category.items()), "按五公开类别统计的已发布信息条数"),
        blank=[f for f in audit.findings if f.rule == "blank-column" and f.code == "blank"],
        overdue=[f for f in audit.findings if f.rule in ("timeliness", "freshness", "interpretation", "expiry")],
    ).rstrip("\n")
