"""QR codes and charts: the inline SVG says exactly what segno encodes, charts are plain SVG."""

from __future__ import annotations

import re

import segno
from hypothesis import given, settings
from hypothesis import strategies as st

from zonegen import qr
from zonegen.charts import bar_chart, column_chart
from zonegen.qr import QUIET_ZONE, qr_rows, qr_svg


def matrix_from_svg(svg: str) -> list[list[int]]:
    """Read the dark modules back out of the row lines the SVG path draws."""
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))  # type: ignore[union-attr]
    grid = [[0] * size for _ in range(size)]
    path = re.search(r'<path stroke="#000" stroke-width="1" d="([^"]*)"', svg).group(1)  # type: ignore[union-attr]
    for start, y, steps in re.findall(r"M(\d+) (\d+)\.5((?:h1|m1 0)*)", path):
        x = int(start)
        for step in re.findall(r"h1|m1 0", steps):
            if step == "h1":
                grid[int(y)][x] = 1
            x += 1
    assert re.sub(r"M\d+ \d+\.5(?:h1|m1 0)*", "", path) == ""  # nothing else in the path
    inner = size - 2 * QUIET_ZONE
    return [row[QUIET_ZONE : QUIET_ZONE + inner] for row in grid[QUIET_ZONE : QUIET_ZONE + inner]]


def segno_matrix(url: str) -> list[list[int]]:
    """The modules of url's QR code as segno draws it with the mask zonegen fixes."""
    code = segno.make_qr(url, error="l", boost_error=True, mask=4, mode="byte")
    return [list(row) for row in code.matrix]


def test_qr_svg_draws_the_code_segno_encodes() -> None:
    url = "https://www.example.gov.cn/zwgk/domains/social-assistance/dibao-recipients/2025-09.html"
    svg = qr_svg(url)
    assert matrix_from_svg(svg) == segno_matrix(url)
    assert svg.startswith('<svg class="qr-code" viewBox=')
    assert 'role="img"' in svg and f'aria-label="{url}"' in svg


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=400))
def test_fast_qr_matches_segno_for_any_ascii_text(text: str) -> None:
    assert matrix_from_svg(qr_svg(text)) == segno_matrix(text)


def test_fast_qr_matches_segno_at_every_length() -> None:
    # Lengths 0..339 cross every version and error-level boundary up to version 12 (past the
    # fast path's limit), including the lengths where segno pads a whole zero byte.
    for length in range(340):
        text = "".join(chr(33 + (length * 7 + i * 13) % 94) for i in range(length))
        assert qr_rows(text) == ["".join(map(str, row)) for row in segno_matrix(text)], length
    # The fast path was taken (its self-check against segno passed) for versions 1 to 10.
    fast = {version for (version, _), layout in qr._LAYOUTS.items() if layout is not None}
    assert fast == set(range(1, 11))


@settings(max_examples=30, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x80, max_codepoint=0x9FFF), min_size=1, max_size=60))
def test_non_ascii_text_is_encoded_by_segno(text: str) -> None:
    assert matrix_from_svg(qr_svg(text)) == segno_matrix(text)


def test_qr_label_is_escaped() -> None:
    svg = qr_svg("https://x.example/?a=1&b=<2>", label='当前页"二维码"')
    assert 'aria-label="当前页&#34;二维码&#34;"' in svg


def test_bar_chart_scales_bars_to_the_largest_value() -> None:
    svg = bar_chart([("决策公开", 10), ("执行公开", 5), ("服务公开", 0)], "按类别")
    assert svg.count('<rect class="chart-bar"') == 2  # a zero draws no bar but keeps its label
    assert 'width="85%"' in svg and 'width="42.5%"' in svg
    assert ">服务公开</text>" in svg and ">0</text>" in svg
    assert 'role="img" aria-label="按类别"' in svg


def test_chart_labels_are_escaped() -> None:
    svg = bar_chart([("<script>alert(1)</script>", 1)], "a&b")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and 'aria-label="a&amp;b"' in svg


def test_column_chart_draws_one_column_per_nonzero_value() -> None:
    svg = column_chart([("2025年", "2025年1月", 4), ("", "2025年2月", 0), ("", "2025年3月", 2)], "每月")
    assert svg.count('<rect class="chart-bar"') == 2
    assert 'height="180"' in svg and 'height="90"' in svg  # 4 fills the plot, 2 half of it
    assert "<title>2025年1月：4条</title>" in svg
    assert ">2025年</text>" in svg


def test_empty_charts_render() -> None:
    assert "<svg" in bar_chart([], "空") and "<svg" in column_chart([], "空")
