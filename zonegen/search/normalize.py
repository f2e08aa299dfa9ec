"""Text normalisation shared (in spirit and in outcome) with the browser's search.js.

Both sides reduce text to a stream of lower-case letters and digits, so that a query
matches whatever it matches verbatim in a record regardless of punctuation, spacing,
brackets (黄政〔2025〕5号 = 黄政[2025]5号 = 黄政2025 5号), letter case or full/half width.

The definition is per code point: f(c) = the letters and digits (str.isalnum) of
NFKC(c).lower(); norm(s) = f(c) for every c in s, concatenated. search.js implements the
same function; a browser test compares the two over the whole Basic Multilingual Plane.
Doing NFKC per code point rather than over the whole string keeps the two sides equal even
for decomposed accents, which would otherwise compose on one side and not on the other.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

SEPARATOR = "\x00"  # kept by norm(); joins fields so no match spans two of them


def fold(char: str) -> str:
    """f(c): the normalised form of one code point ('' for punctuation and spaces)."""
    folded = "".join(ch for ch in unicodedata.normalize("NFKC", char).lower() if ch.isalnum())
    return folded.replace("ς", "σ")  # final sigma: lower-casing a whole text depends on context


@cache
def _changing() -> re.Pattern[str]:
    """The code points whose f(c) the fast path (lower-case, then strip) would get wrong.

    That is every code point NFKC changes, except punctuation and spaces that both ways
    reduce to nothing (they are most of the hits in Chinese text, and _STRIP removes them
    without a Python call per character).
    """
    change: list[str] = []
    for code in range(0x80, 0x10000):
        if 0xD800 <= code <= 0xDFFF or 0x4E00 <= code <= 0x9FFF:  # surrogates; stable ideographs
            continue
        char = chr(code)
        if unicodedata.normalize("NFKC", char) != char and (fold(char) or any(ch.isalnum() for ch in char.lower())):
            change.append(char)
    # Code points beyond the BMP are rare enough to fold one by one (cached below).
    return re.compile(f"[{char_class(change)}\U00010000-\U0010ffff]")


def char_class(chars: list[str]) -> str:
    """A regex character class body of ranges covering the given sorted characters."""
    parts: list[str] = []
    start = prev = -2
    for code in [ord(c) for c in chars] + [-1]:
        if code != prev + 1:
            if start >= 0:
                parts.append(
                    re.escape(chr(start)) if start == prev else f"{re.escape(chr(start))}-{re.escape(chr(prev))}"
                )
            start = code
        prev = code
    return "".join(parts)


@cache
def _fold_cached(char: str) -> str:
    if unicodedata.normalize("NFKC", char) == char:
        return char  # NFKC-stable: lower-casing and stripping below handle it
    return fold(char)


_STRIP = re.compile(r"[^\w\x00]+")  # \w is str.isalnum() plus "_", removed separately


def norm(text: str) -> str:
    """The normalised form of a text; SEPARATOR characters are kept."""
    text = _changing().sub(lambda m: _fold_cached(m.group()), text)
    return _STRIP.sub("", text.lower()).replace("_", "").replace("ς", "σ")


def terms(query: str) -> list[str]:
    """A query's terms: its whitespace-separated parts, normalised, empty ones dropped."""
    return [t for t in (norm(part) for part in query.split()) if t]
