"""QR codes as inline SVG: every page carries one for its online URL (扫一扫在手机打开当前页).

zonegen encodes QR codes itself (byte mode, ISO/IEC 18004, tables in qr_tables.py); segno is
only the test oracle. This runs once per page, so it must be cheap (a general encoder takes
about 1 ms per code, as much as rendering the page). The insight: for one version, error
level and mask, a QR symbol is an affine function of its data codewords over GF(2):
interleaving, Reed-Solomon parity and masking are all linear. So each symbol layout is
prepared once (a few milliseconds) as one big integer per (codeword, nibble), and a code is
then a few hundred integer XORs (about 0.1 ms). `prepare` builds the layouts a site needs
before the render workers fork, so each worker inherits them instead of building its own.
Nothing is cached per URL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

from zonegen import qr_tables as T

QUIET_ZONE = 2  # modules of white border; scanners read a screen QR well with 2
MASK = 4  # every mask is valid; a fixed one skips evaluating all eight (segno's mask=4)
_LEVELS = T.LEVELS  # level L, then raised as far as the version allows (segno's boost_error)
# A run of n dark modules draws "h<n>", a run of light ones moves "m<n> 0". Rows are split into
# runs by str methods and looked up here: no Python step per module or run (a code is ~500 runs).
# 177 modules: the widest symbol (version 40).
_RUN_PATH = {run: path for n in range(1, 178) for run, path in (("1" * n, f"h{n}"), ("0" * n, f"m{n} 0"))}
# Larger symbols (texts over ~270 bytes; no page URL is that long) are encoded directly:
# their XOR tables would cost megabytes.
MAX_FAST_VERSION = 10


def qr_svg(url: str, label: str = "") -> Markup:
    """The QR code of url as an inline <svg>, sized by CSS, dark modules on white.

    Each row is one stroked line through the module centres: "h3" draws three dark modules,
    "m2 0" skips two light ones. Runs, not modules: the path is a third of the size, and every
    page carries one.
    """
    rows = qr_rows(url)
    if not rows:  # longer than the largest symbol holds (2,953 bytes): no code can carry it
        return Markup("")
    size = len(rows) + 2 * QUIET_ZONE
    path = "".join(
        f"M{QUIET_ZONE} {y}.5{_row_path(row.rstrip('0'))}" for y, row in enumerate(rows, QUIET_ZONE) if "1" in row
    )
    name = escape(label or url)
    return Markup(
        f'<svg class="qr-code" viewBox="0 0 {size} {size}" role="img" aria-label="{name}" '
        f'shape-rendering="crispEdges" xmlns="http://www.w3.org/2000/svg">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path stroke="#000" stroke-width="1" d="{path}"/></svg>'
    )


def _row_path(row: str) -> str:
    return "".join(map(_RUN_PATH.__getitem__, row.replace("10", "1 0").replace("01", "0 1").split()))


def qr_rows(text: str | bytes) -> list[str]:
    """The symbol's rows as strings of "0" (light) and "1" (dark), without quiet zone.

    Text is encoded in byte mode as UTF-8 (what phone scanners expect); [] if it does not fit.
    """
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    choice = _choose(len(data))
    if choice is None:
        return []
    version, level = choice
    if version <= MAX_FAST_VERSION:
        return _layout(version, level).rows(data)
    return _direct_rows(data, version, level)


def prepare(texts: Iterable[str]) -> None:
    """Build the layouts these texts need now (before worker processes fork, so they share them)."""
    for text in texts:
        choice = _choose(len(text.encode("utf-8")))
        if choice is not None and choice[0] <= MAX_FAST_VERSION:
            _layout(*choice)


def _choose(length: int) -> tuple[int, str] | None:
    """The smallest version that holds length bytes at level L, and the highest level it then allows."""
    for version in range(1, 41):
        bits = 4 + T.byte_count_bits(version) + 8 * length
        if 8 * T.data_codewords(version, "L") >= bits:
            level = "L"
            for higher in _LEVELS[1:]:
                if 8 * T.data_codewords(version, higher) < bits:
                    break
                level = higher
            return version, level
    return None


def _codewords(data: bytes, version: int, count: int) -> bytes:
    """Data codewords for byte mode: mode, length, data, terminator, padding (ISO 18004 7.4)."""
    length_bits = T.byte_count_bits(version)
    value = (T.BYTE_MODE << length_bits | len(data)) << 8 * len(data) | int.from_bytes(data, "big")
    used = 4 + length_bits + 8 * len(data)
    capacity = 8 * count
    terminator = min(4, capacity - used)
    value <<= terminator
    used += terminator
    # As segno does: a whole zero byte when already on a byte boundary (a valid filler: a
    # reader stops at the terminator); a byte beyond the capacity is dropped below.
    pad = 8 - used % 8
    value <<= pad
    used += pad
    stream = value.to_bytes(used // 8, "big")[:count]
    filler = (bytes(T.PAD_CODEWORDS) * count)[: count - len(stream)]
    return stream + filler


@dataclass
class _Layout:
    """One QR symbol layout (version, error level, mask) as XOR tables over module bits."""

    version: int
    width: int
    data_codewords: int
    base: int  # function patterns, format/version info, and the mask over an all-zero message
    nibbles: list[list[int]]  # [codeword * 2 + half][nibble value] → module bits it flips

    def rows(self, data: bytes) -> list[str]:
        codewords = _codewords(data, self.version, self.data_codewords)
        matrix = self.base
        nibbles = self.nibbles
        for index, byte in enumerate(codewords):
            if byte:
                matrix ^= nibbles[2 * index][byte >> 4] ^ nibbles[2 * index + 1][byte & 15]
        return _split(matrix, self.width)


def _split(matrix: int, width: int) -> list[str]:
    bits = format(matrix, f"0{width * width}b")
    return [bits[i : i + width] for i in range(0, width * width, width)]


_LAYOUTS: dict[tuple[int, str], _Layout] = {}


def _layout(version: int, level: str) -> _Layout:
    key = (version, level)
    if key not in _LAYOUTS:
        _LAYOUTS[key] = _prepare(version, level)
    return _LAYOUTS[key]


@dataclass(frozen=True)
class _Symbol:
    """The fixed part of a symbol: its base modules (as an integer) and where message bits go."""

    width: int
    base: int
    order: list[int]  # bit (in the matrix integer) of each message bit, in placement order


def _symbol(version: int, level: str) -> _Symbol:
    """Function patterns, format and version information, and the mask over the data region."""
    width = 4 * version + 17
    grid: list[list[int | None]] = [[None] * width for _ in range(width)]
    for top, left in ((0, 0), (0, width - 7), (width - 7, 0)):  # 6.3.3 finder patterns and separators
        for i in range(-1, 8):
            for j in range(-1, 8):
                if 0 <= top + i < width and 0 <= left + j < width:
                    ring = max(abs(i - 3), abs(j - 3))
                    grid[top + i][left + j] = 1 if ring in (0, 1, 3) else 0
    for k in range(8, width - 8):  # 6.3.5 timing patterns
        grid[6][k] = grid[k][6] = 1 - k % 2
    centres = T.ALIGNMENT[version - 1]
    corners = {(centres[0], centres[0]), (centres[0], centres[-1]), (centres[-1], centres[0])} if centres else set()
    for r in centres:  # 6.3.6 alignment patterns, over the timing patterns but not the finders
        for c in centres:
            if (r, c) not in corners:
                for i in range(-2, 3):
                    for j in range(-2, 3):
                        grid[r + i][c + j] = 1 if max(abs(i), abs(j)) != 1 else 0
    fmt = T.format_bits(level, MASK)  # 7.9.1 format information, bit 0 the least significant
    for i in range(15):
        bit = fmt >> i & 1
        first = (i, 8) if i < 6 else (7, 8) if i == 6 else (8, 8) if i == 7 else (8, 7) if i == 8 else (8, 14 - i)
        second = (8, width - 1 - i) if i < 8 else (width - 15 + i, 8)
        grid[first[0]][first[1]] = grid[second[0]][second[1]] = bit
    grid[width - 8][8] = 1  # the dark module
    if version >= 7:  # 7.10 version information, two copies
        info = T.version_bits(version)
        for i in range(18):
            a, b = width - 11 + i % 3, i // 3
            grid[a][b] = grid[b][a] = info >> i & 1
    total = width * width
    order = [total - 1 - (i * width + j) for i, j in _placement(grid, width)]
    base = 0
    for i, row in enumerate(grid):
        for j, cell in enumerate(row):
            if cell if cell is not None else T.mask(MASK, i, j):  # data modules: the mask over zero bits
                base |= 1 << (total - 1 - (i * width + j))
    return _Symbol(width, base, order)


def _placement(grid: list[list[int | None]], size: int) -> list[tuple[int, int]]:
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
                if grid[i][j] is None:
                    order.append((i, j))
    return order


def _direct_rows(data: bytes, version: int, level: str) -> list[str]:
    """A symbol encoded the plain way: blocks, Reed-Solomon parity, interleaving, placement."""
    symbol = _symbol(version, level)
    layout = T.blocks(version, level)
    codewords = _codewords(data, version, sum(n for n, _ in layout))
    pieces, start = [], 0
    for n_data, _ in layout:
        pieces.append(codewords[start : start + n_data])
        start += n_data
    parities = [_parity(piece, ec) for piece, (_, ec) in zip(pieces, layout, strict=True)]
    message = bytearray()
    for column in range(max(n for n, _ in layout)):
        message += bytes(piece[column] for piece in pieces if column < len(piece))
    for column in range(layout[0][1]):
        message += bytes(parity[column] for parity in parities)
    matrix = symbol.base
    for index, byte in enumerate(message):
        for b in range(8):
            if byte & (0x80 >> b):
                matrix ^= 1 << symbol.order[8 * index + b]
    return _split(matrix, symbol.width)


def _parity(block: bytes, ec: int) -> bytes:
    """Reed-Solomon error correction codewords of one block (7.5.2)."""
    remainder = bytearray(block) + bytearray(ec)
    generator = T.generator_logs(ec)
    for k in range(len(block)):
        coef = remainder[k]
        if coef:
            lcoef = T.GF_LOG[coef]
            for n, glog in enumerate(generator):
                remainder[k + 1 + n] ^= T.GF_EXP[lcoef + glog]
    return bytes(remainder[len(block) :])


def _prepare(version: int, level: str) -> _Layout:
    symbol = _symbol(version, level)
    blocks = T.blocks(version, level)
    data_pos, ecc_pos = _interleave(blocks)
    ecc_len = blocks[0][1]
    units = _unit_parity(max(n for n, _ in blocks), ecc_len)
    data_count = sum(n for n, _ in blocks)
    order = symbol.order
    # per_bit[c][b]: the modules that bit b (from the most significant) of data codeword c
    # flips: its own module and the parity modules it changes. Codewords come block by block.
    per_bit = [[0] * 8 for _ in range(data_count)]
    codeword = 0
    for block, (n_data, _) in enumerate(blocks):
        for offset in range(n_data):
            for b in range(8):
                mark = 1 << order[8 * data_pos[block][offset] + b]
                parity = units[n_data - 1 - offset][7 - b]
                for k, byte in enumerate(parity):
                    start = 8 * ecc_pos[block][k]
                    for e in range(8):
                        if byte & (0x80 >> e):
                            mark ^= 1 << order[start + e]
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
    return _Layout(version, symbol.width, data_count, symbol.base, nibbles)


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
    gen = T.generator_logs(ecc_len)
    log, exp = T.GF_LOG, T.GF_EXP

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
