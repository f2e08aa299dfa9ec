"""The tables of ISO/IEC 18004:2015 (QR Code) that zonegen's encoder needs, owned here as data.

zonegen used to read them from segno's private modules, which "may change without warning";
segno is now only the test oracle (tests/test_theme_qr.py compares whole symbols with
`segno.make(...).matrix`). Indexed by version 1–40 (index 0 is version 1) and by error
correction level L, M, Q, H.
"""

from __future__ import annotations

LEVELS = ("L", "M", "Q", "H")

# Table 1: total number of codewords (data and error correction) per version.
TOTAL_CODEWORDS = (
    26, 44, 70, 100, 134, 172, 196, 242, 292, 346, 404, 466, 532, 581, 655, 733, 815, 901, 991, 1085,
    1156, 1258, 1364, 1474, 1588, 1706, 1828, 1921, 2051, 2185, 2323, 2465, 2611, 2761, 2876, 3034, 3196, 3362,
    3532, 3706,
)  # fmt: skip

# Table 9: error correction codewords per block, and the number of blocks. Where the codewords
# do not divide evenly, the later blocks hold one data codeword more (Table 9's second group).
EC_PER_BLOCK = {
    "L": (7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28,
          28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30),
    "M": (10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
          26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28),
    "Q": (13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30,
          28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30),
    "H": (17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28,
          30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30),
}  # fmt: skip
EC_BLOCKS = {
    "L": (1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8,
          8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25),
    "M": (1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
          17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49),
    "Q": (1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20,
          23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68),
    "H": (1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25,
          25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81),
}  # fmt: skip

# Annex E, Table E.1: row/column coordinates of the alignment pattern centres.
ALIGNMENT = (
    (), (6, 18), (6, 22), (6, 26), (6, 30), (6, 34), (6, 22, 38), (6, 24, 42), (6, 26, 46), (6, 28, 50),
    (6, 30, 54), (6, 32, 58), (6, 34, 62), (6, 26, 46, 66), (6, 26, 48, 70), (6, 26, 50, 74), (6, 30, 54, 78),
    (6, 30, 56, 82), (6, 30, 58, 86), (6, 34, 62, 90), (6, 28, 50, 72, 94), (6, 26, 50, 74, 98),
    (6, 30, 54, 78, 102), (6, 28, 54, 80, 106), (6, 32, 58, 84, 110), (6, 30, 58, 86, 114), (6, 34, 62, 90, 118),
    (6, 26, 50, 74, 98, 122), (6, 30, 54, 78, 102, 126), (6, 26, 52, 78, 104, 130), (6, 30, 56, 82, 108, 134),
    (6, 34, 60, 86, 112, 138), (6, 30, 58, 86, 114, 142), (6, 34, 62, 90, 118, 146),
    (6, 30, 54, 78, 102, 126, 150), (6, 24, 50, 76, 102, 128, 154), (6, 28, 54, 80, 106, 132, 158),
    (6, 32, 58, 84, 110, 136, 162), (6, 26, 54, 82, 110, 138, 166), (6, 30, 58, 86, 114, 142, 170),
)  # fmt: skip

# 7.9 and Annex C: format information is 2 bits of level and 3 of mask, a BCH(15,5) code with
# generator 0x537, XORed with 0x5412. Table 12 gives the level indicators.
FORMAT_LEVEL_BITS = {"L": 0b01, "M": 0b00, "Q": 0b11, "H": 0b10}
FORMAT_GENERATOR, FORMAT_MASK = 0x537, 0x5412
# 7.10 and Annex D: version information (versions 7+) is a BCH(18,6) code with generator 0x1F25.
VERSION_GENERATOR = 0x1F25

# 7.4.1 and Table 3: mode indicator and character count bits of the byte mode.
BYTE_MODE = 0b0100
PAD_CODEWORDS = (0xEC, 0x11)  # 7.4.10


def byte_count_bits(version: int) -> int:
    """Table 3: length of the byte mode's character count indicator."""
    return 8 if version < 10 else 16


def data_codewords(version: int, level: str) -> int:
    """Data codewords of a symbol: its total minus the error correction codewords (Table 9)."""
    return TOTAL_CODEWORDS[version - 1] - EC_PER_BLOCK[level][version - 1] * EC_BLOCKS[level][version - 1]


def blocks(version: int, level: str) -> list[tuple[int, int]]:
    """(data codewords, error correction codewords) of each block, in order (Table 9)."""
    count, ec = EC_BLOCKS[level][version - 1], EC_PER_BLOCK[level][version - 1]
    total = TOTAL_CODEWORDS[version - 1]
    short = count - total % count  # blocks of the first group
    per_block = total // count - ec
    return [(per_block if b < short else per_block + 1, ec) for b in range(count)]


def mask(pattern: int, i: int, j: int) -> bool:
    """Table 10: whether the data mask pattern inverts the module at row i, column j."""
    return (
        (i + j) % 2 == 0,
        i % 2 == 0,
        j % 3 == 0,
        (i + j) % 3 == 0,
        (i // 2 + j // 3) % 2 == 0,
        (i * j) % 2 + (i * j) % 3 == 0,
        ((i * j) % 2 + (i * j) % 3) % 2 == 0,
        ((i + j) % 2 + (i * j) % 3) % 2 == 0,
    )[pattern]


def _bch(value: int, generator: int, bits: int) -> int:
    """value followed by the remainder of its division by generator (a BCH code word)."""
    remainder = value << bits
    for shift in range(remainder.bit_length() - generator.bit_length(), -1, -1):
        if remainder & (1 << (shift + generator.bit_length() - 1)):
            remainder ^= generator << shift
    return value << bits | remainder


def format_bits(level: str, pattern: int) -> int:
    """The 15 format information bits for a level and mask pattern (Annex C)."""
    return _bch(FORMAT_LEVEL_BITS[level] << 3 | pattern, FORMAT_GENERATOR, 10) ^ FORMAT_MASK


def version_bits(version: int) -> int:
    """The 18 version information bits (Annex D); only versions 7 and above carry them."""
    return _bch(version, VERSION_GENERATOR, 12)


# 7.5.2: Reed-Solomon arithmetic in GF(2^8) with the prime modulus polynomial x^8+x^4+x^3+x^2+1.
GF_EXP = [0] * 512
GF_LOG = [0] * 256
_value = 1
for _power in range(255):
    GF_EXP[_power], GF_LOG[_value] = _value, _power
    _value <<= 1
    if _value & 0x100:
        _value ^= 0x11D
for _power in range(255, 512):
    GF_EXP[_power] = GF_EXP[_power - 255]


def generator_logs(degree: int) -> list[int]:
    """The generator polynomial (x - α^0)…(x - α^(degree-1)) (Annex A), its coefficients after
    the leading 1 as logarithms."""
    poly = [1]
    for power in range(degree):
        poly = [
            (poly[k] if k < len(poly) else 0) ^ (GF_EXP[GF_LOG[poly[k - 1]] + power] if k and poly[k - 1] else 0)
            for k in range(len(poly) + 1)
        ]
    return [GF_LOG[c] for c in poly[1:]]
