"""The search index: documents in blocks, and which blocks hold each character bigram.

The browser loads `meta.js` first (facets of every record: a few bytes each), then for a
query only the postings shards of the query's bigrams, then the blocks those name; it
confirms every candidate against the record's own text, so results are exactly the
records whose normalised text contains every query term. Recall is exact because both
sides normalise alike (normalize.py): a term that occurs in a record's text has all its
bigrams in that record's block, so the block is loaded and the term found.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from zonegen.search.documents import Document, Facets
from zonegen.search.normalize import SEPARATOR, char_class, fold, norm

FORMAT = 1
BLOCK_CHARS = 12_000  # target raw text per block: a rare query loads a few of these
SHARD_CHARS = 16_000  # target size of one postings shard
MAX_SHARDS = 4096
SENTINEL = 0x110000  # SEPARATOR once folded: beyond every code point
HASH_MULTIPLIER = 65_599  # bucket = (first * M + second) % shards; search.js does the same
# Postings are delta-coded block numbers, each as base-32 digits: high digits from
# _MORE, the last from _LAST, so no separator is needed and no character needs escaping.
_LAST = "0123456789abcdefghijklmnopqrstuv"
_MORE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ()*+-."


@dataclass(frozen=True)
class IndexStats:
    documents: int
    blocks: int
    shards: int
    bigrams: int
    bytes: int
    files: int


def blocks_of(docs: list[Document]) -> list[int]:
    """Start index of each block: consecutive documents of about BLOCK_CHARS text."""
    starts: list[int] = []
    size = BLOCK_CHARS
    for index, doc in enumerate(docs):
        if size >= BLOCK_CHARS:
            starts.append(index)
            size = 0
        size += sum(len(f) for f in doc.searched())
    return starts


@cache
def _fold_table() -> tuple[np.ndarray, re.Pattern[str]]:
    """f(c) for every BMP code point that folds to one character (0: to nothing), and a
    regex for the code points that need the slower exact path (several characters, non-BMP)."""
    table = np.zeros(0x10000, dtype=np.uint32)
    several: list[str] = []
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        folded = fold(chr(code))
        if len(folded) == 1:
            table[code] = ord(folded)
        elif folded:
            several.append(chr(code))
    table[0] = SENTINEL
    return table, re.compile(f"[{char_class(several)}\U00010000-\U0010ffff]")


def folded_codes(text: str) -> np.ndarray:
    """The code points of norm(text), SEPARATOR as SENTINEL; a table lookup in the common case."""
    table, slow = _fold_table()
    if slow.search(text):
        codes = np.frombuffer(norm(text).encode("utf-32-le"), dtype=np.uint32).copy()
        codes[codes == 0] = SENTINEL
        return codes
    mapped = table[np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)]
    return mapped[mapped != 0]


# A bigram (two folded code points, each at most SENTINEL) as one number below 2**42, and
# with its block number in the low bits one sort key below 2**62: a single in-place sort
# of one uint64 array orders the postings, where an argsort and gathers cost several times
# the memory (the index is built beside the page renderers; see docs/performance.md).
_RADIX = SENTINEL + 1
_BLOCK_BITS = 20
_BLOCK_MASK = (1 << _BLOCK_BITS) - 1


def pair_text(pair: int) -> str:
    first, second = divmod(pair, _RADIX)
    return chr(first) + chr(second)


def postings(docs: list[Document], starts: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Every (bigram, block) pair once, sorted by bigram then block: (bigrams, blocks).

    Bigrams are numbered as in pair_text. numpy does the per-character work: in pure
    Python it took three times as long as rendering the pages it indexes.
    """
    if len(starts) > _BLOCK_MASK:
        raise ValueError(f"too many search blocks: {len(starts)}")
    bounds = [*starts, len(docs)]
    found: list[np.ndarray] = []
    for block in range(len(starts)):
        members = docs[bounds[block] : bounds[block + 1]]
        codes = folded_codes(SEPARATOR.join(SEPARATOR.join(d.searched()) for d in members))
        if len(codes) < 2:
            continue
        first, second = codes[:-1], codes[1:]
        real = (first != SENTINEL) & (second != SENTINEL)
        pairs = first[real].astype(np.uint64) * np.uint64(_RADIX) + second[real]
        pairs.sort()
        pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]
        pairs <<= np.uint64(_BLOCK_BITS)
        pairs |= np.uint64(block)
        found.append(pairs)
    keys = np.concatenate(found) if found else np.zeros(0, dtype=np.uint64)
    del found
    keys.sort()
    blocks = (keys & np.uint64(_BLOCK_MASK)).astype(np.int32)
    keys >>= np.uint64(_BLOCK_BITS)
    return keys, blocks


def encode_all(bigrams: np.ndarray, blocks: np.ndarray, total: int) -> dict[str, str]:
    """Bigram → encoded block list (as encode_postings), for all bigrams at once."""
    if not len(bigrams):
        return {}
    new = np.empty(len(bigrams), dtype=bool)
    new[0] = True
    np.not_equal(bigrams[1:], bigrams[:-1], out=new[1:])
    delta = np.empty(len(blocks), dtype=np.int32)
    delta[0] = blocks[0] + 1
    np.subtract(blocks[1:], blocks[:-1], out=delta[1:])
    delta[new] = blocks[new] + 1  # a bigram's first block counts from -1
    digits = np.ones(len(delta), dtype=np.uint8)
    for n in range(1, 7):
        digits += delta >= (1 << (5 * n))
    ends = np.cumsum(digits, dtype=np.int64)
    chars = np.empty(int(ends[-1]), dtype=np.uint8)
    alphabets = (np.frombuffer(_LAST.encode(), dtype=np.uint8), np.frombuffer(_MORE.encode(), dtype=np.uint8))
    for place in range(int(digits.max())):
        mask = digits > place
        value = (delta[mask] >> (5 * place)) & 31
        chars[(ends - 1 - place)[mask]] = alphabets[min(place, 1)][value]
    del delta, digits
    text = chars.tobytes().decode("ascii")
    del chars
    heads = np.flatnonzero(new)
    firsts = heads.tolist()
    lasts = [*firsts[1:], len(bigrams)]
    # Text offsets of each bigram's run, taken per bigram (not per posting: a list of every
    # posting's offset would be the largest object of the whole build).
    begins = np.concatenate(([0], ends))[heads].tolist()
    finishes = ends[np.asarray(lasts) - 1].tolist()
    result: dict[str, str] = {}
    everything = np.arange(total, dtype=np.int32)
    for first, last, begin, finish, key in zip(firsts, lasts, begins, finishes, bigrams[heads].tolist(), strict=True):
        pair = pair_text(key)
        if (last - first) * 2 > total:  # most blocks: list those without it
            missing = np.setdiff1d(everything, blocks[first:last], assume_unique=True)
            result[pair] = "~" + encode_list(missing.tolist())
        else:
            result[pair] = text[begin:finish]
    return result


def encode_postings(blocks: list[int], total: int) -> str:
    """A bigram's blocks; "~" + the blocks without it when that is shorter (common bigrams)."""
    if len(blocks) * 2 <= total:
        return encode_list(blocks)
    return "~" + encode_list(sorted(set(range(total)).difference(blocks)))


def encode_list(values: list[int]) -> str:
    """Ascending non-negative integers as delta varints (see _LAST and _MORE)."""
    out: list[str] = []
    previous = -1
    for value in values:
        delta = value - previous
        previous = value
        digits = _LAST[delta & 31]
        delta >>= 5
        while delta:
            digits = _MORE[delta & 31] + digits
            delta >>= 5
        out.append(digits)
    return "".join(out)


def shard_count(index: dict[str, str]) -> int:
    total = sum(len(code) + 8 for code in index.values())
    count = 1
    while count * SHARD_CHARS < total and count < MAX_SHARDS:
        count *= 2
    return count


def bucket(pair: str, shards: int) -> int:
    return (ord(pair[0]) * HASH_MULTIPLIER + ord(pair[1])) % shards


def _js(call: str, *args: object) -> str:
    body = ",".join(json.dumps(a, ensure_ascii=False, separators=(",", ":")) for a in args)
    # JSON allows U+2028/U+2029 in strings; older script parsers do not.
    body = body.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"{call}({body});\n"


def write_index(docs: list[Document], found: Facets, out: Path) -> IndexStats:
    """Write meta.js, d/<block>.js and p/<shard>.js under out."""
    starts = blocks_of(docs)
    index = encode_all(*postings(docs, starts), len(starts))
    shards = shard_count(index)
    by_shard: list[dict[str, str]] = [{} for _ in range(shards)]
    for pair, code in index.items():
        by_shard[bucket(pair, shards)][pair] = code
    written = {"bytes": 0, "files": 0}

    def emit(name: str, text: str) -> None:
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)  # written at once: holding every file would double the peak
        written["bytes"] += len(data)
        written["files"] += 1

    bounds = [*starts, len(docs)]
    for block, start in enumerate(starts):
        rows = [d.stored() for d in docs[start : bounds[block + 1]]]
        emit(f"d/{block}.js", _js("zonegenSearch.block", block, rows))
    for number, entries in enumerate(by_shard):
        emit(f"p/{number}.js", _js("zonegenSearch.shard", number, entries))
    # Four characters per record (code 48 + facet index) so that filters need no other file.
    facets = "".join(chr(48 + d.group) + chr(48 + d.kind) + chr(48 + d.category) + chr(48 + d.year) for d in docs)
    meta = {
        "format": FORMAT,
        "count": len(docs),
        "shards": shards,
        "multiplier": HASH_MULTIPLIER,
        "blocks": starts,
        "groups": [list(g) for g in found.groups],
        "kinds": found.kinds,
        "categories": found.categories,
        "years": found.years,
        "facets": facets,
    }
    emit("meta.js", _js("zonegenSearch.meta", meta))
    return IndexStats(len(docs), len(starts), shards, len(index), written["bytes"], written["files"])
