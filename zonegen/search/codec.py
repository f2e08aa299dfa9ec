"""Number lists as ASCII for the search index's script files, and the hash both sides bucket by.

A number is written in base 30, most significant digit first: every digit but the last from
MORE, the last from LAST, so numbers need no separator and nothing needs escaping in a
JavaScript string. In offset lists the last number of each record ends in END instead of
LAST, which ends that record's list without a count. search.js decodes the same way.

A record list (the records holding a gram) is written in the shortest of three forms:
  deltas of ascending record numbers (the first counted from -1),
  "~" + the deltas of the records *without* it (a gram in most records),
  "!" + a bitmap, five records per BITS character (record i is bit i % 5 of character i // 5).
"""

from __future__ import annotations

import numpy as np

BASE = 30
LAST = "0123456789abcdefghijklmnopqrst"
MORE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ()*+"
END = "uvwxyz!#$%&',-./:;<=?@[]^_`{|}"
BITS = LAST + "uv"
_LAST_BYTES = np.frombuffer(LAST.encode(), dtype=np.uint8)
_MORE_BYTES = np.frombuffer(MORE.encode(), dtype=np.uint8)
_END_BYTES = np.frombuffer(END.encode(), dtype=np.uint8)
_BITS_BYTES = np.frombuffer(BITS.encode(), dtype=np.uint8)
FNV_OFFSET = 2166136261
FNV_PRIME = 16777619


def gram_hash(text: str) -> int:
    """FNV-1a over code points, 32 bits (search.js `hashOf` computes the same)."""
    h = FNV_OFFSET
    for char in text:
        h = ((h ^ ord(char)) * FNV_PRIME) & 0xFFFFFFFF
    return h


def digit_counts(values: np.ndarray) -> np.ndarray:
    digits = np.ones(len(values), dtype=np.int64)
    power = BASE
    while power <= (int(values.max()) if len(values) else 0):
        digits += values >= power
        power *= BASE
    return digits


def encode_numbers(values: np.ndarray, final: np.ndarray | None = None) -> tuple[str, np.ndarray]:
    """Non-negative integers → (text, end offset of each number in the text).

    Numbers flagged in `final` end in END (the last offset of a record), the others in LAST.
    """
    values = np.asarray(values, dtype=np.int64)
    if not len(values):
        return "", np.zeros(0, dtype=np.int64)
    digits = digit_counts(values)
    width = int(digits.max())
    matrix = np.empty((len(values), width), dtype=np.uint8)
    rest = values.copy()
    for column in range(width - 1, -1, -1):
        matrix[:, column] = _MORE_BYTES[rest % BASE]
        rest //= BASE
    last = _LAST_BYTES[values % BASE]
    if final is not None:
        last[final] = _END_BYTES[values[final] % BASE]
    matrix[:, width - 1] = last
    keep = np.arange(width) >= (width - digits)[:, None]
    return matrix[keep].tobytes().decode("ascii"), np.cumsum(digits)


def encode_number(value: int) -> str:
    digits = LAST[value % BASE]
    value //= BASE
    while value:
        digits = MORE[value % BASE] + digits
        value //= BASE
    return digits


def encode_list(values: list[int]) -> str:
    """A short ascending list in the plain delta form (no numpy: most are one number)."""
    out, previous = [], -1
    for value in values:
        out.append(encode_number(value - previous))
        previous = value
    return "".join(out)


_VALUE = np.full(128, -1, dtype=np.int64)
for _alphabet in (_MORE_BYTES, _LAST_BYTES, _END_BYTES):
    _VALUE[_alphabet] = np.arange(BASE)
_BIT_VALUE = np.full(128, -1, dtype=np.int64)
_BIT_VALUE[_BITS_BYTES] = np.arange(32)
_IS_LAST = np.zeros(128, dtype=bool)
_IS_LAST[_LAST_BYTES] = True
_IS_LAST[_END_BYTES] = True


def decode_numbers(text: str) -> np.ndarray:
    if not text:
        return np.zeros(0, dtype=np.int64)
    raw = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    last = _IS_LAST[raw]
    ends = np.flatnonzero(last)
    number = np.concatenate(([0], np.cumsum(last)[:-1]))  # which number each character belongs to
    exponent = ends[number] - np.arange(len(raw))
    return np.bincount(number, weights=_VALUE[raw] * BASE**exponent).astype(np.int64)


def encode_records(records: np.ndarray, total: int) -> str:
    """Ascending record numbers (all below total) in the shortest of the three forms."""
    count = len(records)
    if not count:
        return ""
    deltas = np.diff(np.asarray(records, dtype=np.int64), prepend=-1)
    plain = int(digit_counts(deltas).sum())
    bitmap = 1 + (total + 4) // 5
    missing_count = total - count
    if missing_count < plain and missing_count < bitmap:
        missing = np.setdiff1d(np.arange(total, dtype=np.int64), records, assume_unique=True)
        gaps = np.diff(missing, prepend=-1)
        if 1 + int(digit_counts(gaps).sum()) < min(plain, bitmap):
            return "~" + encode_numbers(gaps)[0]
    if bitmap < plain:
        bits = np.zeros((bitmap - 1) * 5, dtype=np.int64)
        bits[records] = 1
        values = bits.reshape(-1, 5) @ np.array([1, 2, 4, 8, 16], dtype=np.int64)
        return "!" + _BITS_BYTES[values].tobytes().decode("ascii")
    return encode_numbers(deltas)[0]


def decode_records(code: str, total: int) -> np.ndarray:
    """The inverse of encode_records (tests and the benchmark read the index with it)."""
    if not code:
        return np.zeros(0, dtype=np.int64)
    if code[0] == "!":
        values = _BIT_VALUE[np.frombuffer(code[1:].encode("ascii"), dtype=np.uint8)]
        bits = (values[:, None] >> np.arange(5)) & 1
        return np.flatnonzero(bits.reshape(-1)).astype(np.int64)
    if code[0] == "~":
        missing = np.cumsum(decode_numbers(code[1:])) - 1
        return np.setdiff1d(np.arange(total, dtype=np.int64), missing, assume_unique=True)
    return np.cumsum(decode_numbers(code)) - 1
