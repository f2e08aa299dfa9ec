"""QR codes as inline SVG: every page carries one for its online URL (扫一扫在手机打开当前页).

This runs once per page, so it must be cheap: segno's general encoder takes about 1 ms
per code (13 ms if it also picks the best of eight masks), as much as rendering the page.
segno stays the reference and provides the symbol layout (function patterns, format and
version information, capacities, Reed-Solomon tables); what is done here is the insight
that, for one version, error level and mask, a QR symbol is an affine function of its
data codewords over GF(2): interleaving, Reed-Solomon parity and masking are all linear.
So each symbol layout is prepared once (a few milliseconds) as one big integer per
(codeword, nibble), and a code is then a few hundred integer XORs. Nothing is cached per
URL. A layout checks itself against segno when prepared and falls back to segno if they
ever disagree; tests compare the two for many inputs.
"""

from __future__ import annotations

from dataclasses import dataclass

import segno
from markupsafe import Markup, escape
from segno import consts, encoder

QUIET_ZONE = 2  # modules of white border; scanners read a screen QR well with 2
MASK = 4  # every mask is valid; a fixed one skips segno's costly evaluation of all eight
_ERROR = "l"  # then raised, like segno's boost_error, as far as the version allows
_LEVELS = (consts.ERROR_LEVEL_L, consts.ERROR_LEVEL_M, consts.ERROR_LEVEL_Q, consts.ERROR_LEVEL_H)
_MODULES = str.maketrans({"1": "h1", "0": "m1 0"})
# Larger symbols (texts over ~270 bytes; no page URL is that long) go to segno: their
# tables would cost megabytes.
MAX_FAST_VERSION = 10


def qr_svg(url: str, label: str = "") -> Markup:
    """The QR code of url as an inline <svg>, sized by CSS, dark modules on white.

    Each row is one stroked line through the module centres: "h1" draws a dark module,
    "m1 0" skips a light one, so a row becomes path text with a single str.translate.
    """
    rows = qr_rows(url)
    size = len(rows) + 2 * QUIET_ZONE
    path = "".join(
        f"M{QUIET_ZONE} {y}.5{row.rstrip('0').translate(_MODULES)}"
        for y, row in enumerate(rows, QUIET_ZONE)
        if "1" in row
    )
    name = escape(label or url)
    return Markup(
        f'<svg class="qr-code" viewBox="0 0 {size} {size}" role="img" aria-label="{name}" '
        f'shape-rendering="crispEdges" xmlns="http://www.w3.org/2000/svg">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path stroke="#000" stroke-width="1" d="{path}"/></svg>'
    )


def qr_rows(text: str) -> list[str]:
    """The symbol's rows as strings of "0" (light) and "1" (dark), without quiet zone."""
    if text.isascii():
        data = text.encode("ascii")
        choice = _choose(len(data))
        if choice is not None and choice[0] <= MAX_FAST_VERSION:
            layout = _layout(*choice)
            rows = layout.rows(data) if layout is not None else None
            if rows is not None:
                return rows
    return _segno_rows(text)


def _segno_rows(text: str) -> list[str]:
    code = segno.make_qr(text, error=_ERROR, boost_error=True, mask=MASK, mode="byte")
    return ["".join("1" if bit else "0" for bit in row) for row in code.matrix]


def _count_bits(version: int) -> int:
    return 8 if version < 10 else 16  # byte mode character count indicator


def _choose(length: int) -> tuple[int, int] | None:
    """Version and error level as segno picks them for byte mode with boost_error."""
    for version in range(1, 41):
        bits = 4 + _count_bits(version) + 8 * length
        capacity = consts.SYMBOL_CAPACITY[version]
        if capacity[consts.ERROR_LEVEL_L] >= bits:
            error = consts.ERROR_LEVEL_L
            for level in _LEVELS[1:]:
                if capacity[level] < bits:
                    break
                error = level
            return version, error
    return None


@dataclass
class _Layout:
    """One QR symbol layout (version, error level, mask) as XOR tables over module bits."""

    version: int
    width: int
    data_codewords: int
    base: int  # function patterns, format/version info, and the mask over an all-zero message
    nibbles: list[list[int]]  # [codeword * 2 + half][nibble value] → module bits it flips

    def rows(self, data: bytes) -> list[str] | None:
        codewords = _codewords(data, self.version, self.data_codewords)
        if len(codewords) != self.data_codewords:
            return None  # the text does not fit this layout
        matrix = self.base
        nibbles = self.nibbles
        for index, byte in enumerate(codewords):
            if byte:
                matrix ^= nibbles[2 * index][byte >> 4] ^ nibbles[2 * index + 1][byte & 15]
        width = self.width
        bits = format(matrix, f"0{width * width}b")
        return [bits[i : i + width] for i in range(0, width * width, width)]


def _codewords(data: bytes, version: int, count: int) -> bytes:
    """Data codewords for byte mode: mode, length, data, terminator, padding (ISO 18004 7.4)."""
    length_bits = _count_bits(version)
    value = (0b0100 << length_bits | len(data)) << 8 * len(data) | int.from_bytes(data, "big")
    used = 4 + length_bits + 8 * len(data)
    capacity = 8 * count
    if used > capacity:
        return b""  # does not fit: the caller falls back to segno
    terminator = min(4, capacity - used)
    value <<= terminator
    used += terminator
    # As segno does: a whole zero byte when already on a byte boundary; a byte beyond the
    # capacity is dropped when the blocks are cut.
    pad = 8 - used % 8
    value <<= pad
    used += pad
    stream = value.to_bytes(used // 8, "big")[:count]
    filler = (b"\xec\x11" * count)[: count - len(stream)]
    return stream + filler


_LAYOUTS: dict[tuple[int, int], _Layout | None] = {}


def _layout(version: int, error: int) -> _Layout | None:
    key = (version, error)
    if key not in _LAYOUTS:
        layout = _prepare(version, error)
        _LAYOUTS[key] = layout if _agrees_with_segno(layout, error) else None
    return _LAYOUTS[key]


def _agrees_with_segno(layout: _Layout, error: int) -> bool:
    """Self-check with probe texts of the layout's size: the fast path must equal segno."""
    key = (layout.version, error)
    lengths = [n for n in range(1, _max_length(layout.version) + 1) if _choose(n) == key]
    for length in {lengths[0], lengths[-1]} if lengths else ():
        for probe in (b"a", b"\x7f"):
            text = (probe * length).decode("ascii")
            fast = layout.rows(text.encode("ascii"))
            if fast is not None and fast != _segno_rows(text):
                return False
    return True


def _max_length(version: int) -> int:
    capacity = consts.SYMBOL_CAPACITY[version][consts.ERROR_LEVEL_L]
    return (capacity - 4 - _count_bits(version)) // 8


def _prepare(version: int, error: int) -> _Layout:
    width = encoder.calc_matrix_size(version)
    grid = encoder.make_matrix(width, width)
    encoder.add_finder_patterns(grid, width, width)
    encoder.add_alignment_patterns(grid, width, width)
    order = _placement(grid, width)  # module of each bit of the final message, in order
    mask = encoder.get_data_mask_functions(False)[MASK]
    for i, j in order:
        grid[i][j] = 1 if mask(i, j) else 0  # data region: the mask over zero bits
    for row in grid:
        for j, cell in enumerate(row):
            if cell == 0x2:  # remainder modules are data region too
                row[j] = 0
    encoder.add_format_info(grid, version, error, MASK)
    encoder.add_version_info(grid, version)
    total = width * width

    def bit(cell: tuple[int, int]) -> int:
        return 1 << (total - 1 - (cell[0] * width + cell[1]))

    base = 0
    for i, row in enumerate(grid):
        for j, cell in enumerate(row):
            if cell:
                base |= bit((i, j))
    blocks = [
        (info.num_data, info.num_total - info.num_data)
        for info in consts.ECC[version][error]
        for _ in range(info.num_blocks)
    ]
    data_pos, ecc_pos = _interleave(blocks)
    ecc_len = blocks[0][1]
    units = _unit_parity(max(n for n, _ in blocks), ecc_len)
    data_count = sum(n for n, _ in blocks)
    # per_bit[c][b]: the modules that bit b (from the most significant) of data codeword c
    # flips: its own module and the parity modules it changes. Codewords come block by block.
    per_bit = [[0] * 8 for _ in range(data_count)]
    codeword = 0
    for block, (n_data, _) in enumerate(blocks):
        for offset in range(n_data):
            for b in range(8):
                mark = bit(order[8 * data_pos[block][offset] + b])
                parity = units[n_data - 1 - offset][7 - b]
                for k, byte in enumerate(parity):
                    start = 8 * ecc_pos[block][k]
                    for e in range(8):
                        if byte & (0x80 >> e):
                            mark ^= bit(order[start + e])
                per_bit[codeword][b] = mark
            codeword += 1
    nibbles = []
    for codeword in range(data_count):
        for half in (0, 4):
            table = [0] * 16
            for value in range(1, 16):
                low = value & -value
                table[value] = table[value ^ low] ^ per_bit[codeword][half + 3 - (low.bit_length() - 1)]
            nibbles.append(table)
    return _Layout(version, width, data_count, base, nibbles)


def _placement(grid: tuple[bytearray, ...], size: int) -> list[tuple[int, int]]:
    """Data modules in placement order: two-module columns, right to left, zigzag (ISO 7.7.3)."""
    order = []
    for right in range(size - 1, 0, -2):
        if right <= 6:
            right -= 1
        for vertical in range(size):
            for z in (0, 1):
                j = right - z
                upwards = ((right & 2) == 0) ^ (j < 6)
                i = size - 1 - vertical if upwards else vertical
                if grid[i][j] == 0x2:
                    order.append((i, j))
    return order


def _interleave(blocks: list[tuple[int, int]]) -> tuple[list[list[int]], list[list[int]]]:
    """Codeword positions in the final message of each block's data and parity (ISO 7.6)."""
    data = [[0] * n for n, _ in blocks]
    position = 0
    for column in range(max(n for n, _ in blocks)):
        for block, (n, _) in enumerate(blocks):
            if column < n:
                data[block][column] = position
                position += 1
    parity = [[0] * e for _, e in blocks]
    for column in range(blocks[0][1]):
        for block in range(len(blocks)):
            parity[block][column] = position
            position += 1
    return data, parity


def _unit_parity(length: int, ecc_len: int) -> list[list[bytes]]:
    """Reed-Solomon parity of a block holding one set bit: [bytes from the end][bit] → parity.

    Parity is linear, so any block's parity is the XOR of these. Shifting a byte one place
    towards the front multiplies its parity polynomial by x modulo the generator.
    """
    gen = consts.GEN_POLY[ecc_len]
    log, exp = consts.GALIOS_LOG, consts.GALIOS_EXP

    def reduce(block: bytearray) -> bytearray:
        coef = block[0]
        if coef:
            lcoef = log[coef]
            for n in range(ecc_len):
                block[n + 1] ^= exp[lcoef + gen[n]]
        return block[1:]

    table: list[list[bytes]] = [[b""] * 8 for _ in range(length)]
    for b in range(8):
        parity = reduce(bytearray([1 << b]) + bytearray(ecc_len))
        for distance in range(length):
            table[distance][b] = bytes(parity)
            parity = reduce(parity + bytearray(1))
    return table
