"""Charts as inline SVG, drawn at build time: no chart library, no script in the browser.

Bars are sized in percent of the chart's width and text keeps its real font size, so a
chart fits a 360 px phone and a 1280 px desktop without scaling its labels down. Colours
come from CSS classes (zonegen.css), so the high-contrast mode applies to charts too.
Every chart is an image with a text title; the page shows the same numbers as a table.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

ROW = 46  # height of one horizontal bar row: label line + bar
BAR = 18
LABEL_SPACE = 34  # room under a column chart for its axis labels
PLOT = 180  # height of a column chart's plotting area


def _pct(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") + "%"


def bar_chart(rows: Sequence[tuple[str, int]], title: str, unit: str = "条") -> Markup:
    """A horizontal bar chart: one labelled bar per row, the value after the bar."""
    top = max((value for _, value in rows), default=0) or 1
    height = max(1, len(rows)) * ROW
    parts = [_open(title, height, "bar-chart")]
    for position, (label, value) in enumerate(rows):
        y = position * ROW
        share = 85 * value / top  # leave room after the longest bar for its value
        parts.append(f'<text class="chart-label" x="0" y="{y + 15}">{escape(label)}</text>')
        if value:
            parts.append(
                f'<rect class="chart-bar" x="0" y="{y + 21}" width="{_pct(share)}" '
                f'height="{BAR}"><title>{escape(label)}：{value}{unit}</title></rect>'
            )
        parts.append(
            f'<text class="chart-value" x="{_pct(share)}" dx="{6 if value else 0}" y="{y + 35}">{value}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def column_chart(columns: Sequence[tuple[str, str, int]], title: str, unit: str = "条") -> Markup:
    """A vertical bar chart for a time series: (axis label, full label, value) per column.

    Axis labels are short (a month number) and may be empty to thin them out; the full
    label names the column in its tooltip.
    """
    top = max((value for _, _, value in columns), default=0) or 1
    count = max(1, len(columns))
    slot = 100 / count
    height = PLOT + LABEL_SPACE
    parts = [_open(title, height, "column-chart")]
    parts.append(f'<line class="chart-axis" x1="0" x2="100%" y1="{PLOT + 0.5}" y2="{PLOT + 0.5}"/>')
    for position, (axis, full, value) in enumerate(columns):
        bar = round(PLOT * value / top)
        x = slot * position + slot * 0.15
        if value:
            parts.append(
                f'<rect class="chart-bar" x="{_pct(x)}" y="{PLOT - bar}" '
                f'width="{_pct(slot * 0.7)}" height="{bar}">'
                f"<title>{escape(full)}：{value}{unit}</title></rect>"
            )
        if axis:
            center = _pct(slot * position + slot / 2)
            parts.append(
                f'<text class="chart-label" x="{center}" y="{PLOT + 20}" text-anchor="middle">{escape(axis)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def _open(title: str, height: int, kind: str) -> str:
    return (
        f'<svg class="chart {kind}" width="100%" height="{height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
    )
