"""QR codes and charts: zonegen's own encoder draws exactly what segno (the oracle) encodes; charts are plain SVG."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
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
    for start, y, steps in re.findall(r"M(\d+) (\d+)\.5((?:h\d+|m\d+ 0)*)", path):
        x = int(start)
        for dark, light in re.findall(r"h(\d+)|m(\d+) 0", steps):
            for _ in range(int(dark or light)):
                grid[int(y)][x] = 1 if dark else 0
                x += 1
    assert re.sub(r"M\d+ \d+\.5(?:h\d+|m\d+ 0)*", "", path) == ""  # nothing else in the path
    inner = size - 2 * QUIET_ZONE
    return [row[QUIET_ZONE : QUIET_ZONE + inner] for row in grid[QUIET_ZONE : QUIET_ZONE + inner]]


def segno_matrix(url: str | bytes) -> list[list[int]]:
    """The modules of url's QR code as segno's public API draws it, with the mask zonegen fixes.

    Text is given to segno as UTF-8 bytes: zonegen encodes non-ASCII text as UTF-8, segno would
    try ISO-8859-1 and Shift_JIS first.
    """
    data = url.encode("utf-8") if isinstance(url, str) else url
    code = segno.make_qr(data, error="l", boost_error=True, mask=4, mode="byte")
    return [list(row) for row in code.matrix]


def _rows(matrix: list[list[int]]) -> list[str]:
    return ["".join(map(str, row)) for row in matrix]


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
        assert qr_rows(text) == _rows(segno_matrix(text)), length
    # The fast path (prepared XOR tables) served versions 1 to 10.
    assert {version for version, _ in qr._LAYOUTS} == set(range(1, 11))


def _boundaries() -> list[int]:
    """For every (version, level) zonegen chooses, the shortest and longest text that gets it."""
    by_choice: dict[tuple[int, str], list[int]] = {}
    for length in range(2954):
        by_choice.setdefault(qr._choose(length), []).append(length)  # type: ignore[arg-type]
    return sorted({n for lengths in by_choice.values() for n in (lengths[0], lengths[-1])})


def test_every_version_and_level_matches_segno() -> None:
    """Versions 1 to 40, each at the error levels a byte-mode text reaches, at both ends of its range."""
    lengths = _boundaries()
    choices = {qr._choose(n) for n in lengths}
    assert {version for version, _ in choices} == set(range(1, 41))  # type: ignore[misc]
    assert {level for _, level in choices} == {"L", "M", "Q", "H"}  # type: ignore[misc]
    for length in lengths:
        data = bytes((length * 31 + i * 7) % 256 for i in range(length))  # any byte, not only ASCII
        assert qr_rows(data) == _rows(segno_matrix(data)), length


def test_text_beyond_the_largest_symbol_has_no_code() -> None:
    assert len(qr_rows("a" * 2953)) == 177  # version 40
    assert qr_rows("a" * 2954) == [] and qr_svg("a" * 2954) == ""


def test_zonegen_does_not_import_segno() -> None:
    """segno is the test oracle only: no module of zonegen imports it (pyproject lists it under test)."""
    package = Path(qr.__file__).parent
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not [n for n in names if n.split(".")[0] == "segno"], path


def test_a_scanner_reads_chinese_text_as_utf8() -> None:
    zxingcpp = pytest.importorskip("zxingcpp")
    image = pytest.importorskip("PIL.Image")
    text = "https://政务公开.example.cn/通知公告/关于春耕的通知.html"
    rows = qr_rows(text)
    scale, size = 4, len(rows) + 8
    picture = image.new("L", (size * scale, size * scale), 255)
    for y, row in enumerate(rows):
        for x, cell in enumerate(row):
            if cell == "1":
                picture.paste(0, ((x + 4) * scale, (y + 4) * scale, (x + 5) * scale, (y + 5) * scale))
    assert [code.text for code in zxingcpp.read_barcodes(picture)] == [text]


def test_the_renderer_prepares_the_layouts_of_every_page_before_workers_fork(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zonegen.build as build_module
    from tests.conftest import REPO

    prepared: list[set[tuple[int, str]]] = []
    render_all = build_module.render_all

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        prepared.append(set(qr._LAYOUTS))
        return render_all(*args, **kwargs)

    qr._LAYOUTS.clear()
    monkeypatch.setattr(build_module, "render_all", spy)
    assert build_module.build(REPO, tmp_path / "public").ok
    assert prepared and prepared[0]  # built before the first page was rendered
    assert set(qr._LAYOUTS) == prepared[0]  # and nothing was left for the workers to build


@settings(max_examples=30, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x80, max_codepoint=0x9FFF), min_size=1, max_size=60))
def test_non_ascii_text_matches_segno_given_utf8(text: str) -> None:
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
