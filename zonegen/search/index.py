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
from dataclasses import dataclass
from pathlib import Path

from zonegen.search.documents import Document, Facets
from zonegen.search.normalize import SEPARATOR, norm

FORMAT = 1
BLOCK_CHARS = 12_000  # target raw text per block: a rare query loads a few of these
SHARD_CHARS = 16_000  # target size of one postings shard
MAX_SHARDS = 4096
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


def block_bigrams(text: str) -> set[int]:
    """Distinct bigrams of normalised text as ints (first | second << 32).

    Bigrams with a SEPARATOR in them are left in (no query contains one); write_index drops them.
    """
    raw = text.encode("utf-32-le")
    count = len(text)
    # Reading the UTF-32 bytes as 64-bit integers yields the bigrams at even positions;
    # shifted by one character, those at odd positions. No Python-level loop per character.
    keys = set(memoryview(raw if count % 2 == 0 else raw[:-4]).cast("Q"))
    keys.update(memoryview(raw[4:] if count % 2 else raw[4:-4]).cast("Q"))
    return keys


def postings(docs: list[Document], starts: list[int]) -> dict[int, list[int]]:
    """Bigram → the blocks holding it, ascending."""
    result: dict[int, list[int]] = {}
    get = result.get
    bounds = [*starts, len(docs)]
    for block in range(len(starts)):
        members = docs[bounds[block]:bounds[block + 1]]
        text = norm(SEPARATOR.join(SEPARATOR.join(d.searched()) for d in members))
        for key in block_bigrams(text):
            found = get(key)
            if found is None:
                result[key] = [block]
            else:
                found.append(block)
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


def shard_count(index: dict[int, list[int]]) -> int:
    total = sum(len(v) + 6 for v in index.values())
    count = 1
    while count * SHARD_CHARS < total and count < MAX_SHARDS:
        count *= 2
    return count


def bucket(key: int, shards: int) -> int:
    return ((key & 0xFFFFFFFF) * HASH_MULTIPLIER + (key >> 32)) % shards


def _js(call: str, *args: object) -> str:
    body = ",".join(json.dumps(a, ensure_ascii=False, separators=(",", ":")) for a in args)
    # JSON allows U+2028/U+2029 in strings; older script parsers do not.
    body = body.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"{call}({body});\n"


def write_index(docs: list[Document], found: Facets, out: Path) -> IndexStats:
    """Write meta.js, d/<block>.js and p/<shard>.js under out."""
    starts = blocks_of(docs)
    index = postings(docs, starts)
    shards = shard_count(index)
    by_shard: list[dict[str, str]] = [{} for _ in range(shards)]
    for key in sorted(index):
        first, second = key & 0xFFFFFFFF, key >> 32
        if first and second:  # 0 is SEPARATOR
            code = encode_postings(index[key], len(starts))
            by_shard[bucket(key, shards)][chr(first) + chr(second)] = code
    files: dict[str, str] = {}
    bounds = [*starts, len(docs)]
    for block, start in enumerate(starts):
        rows = [d.stored() for d in docs[start:bounds[block + 1]]]
        files[f"d/{block}.js"] = _js("zonegenSearch.block", block, rows)
    for number, entries in enumerate(by_shard):
        files[f"p/{number}.js"] = _js("zonegenSearch.shard", number, entries)
    # Four characters per record (code 48 + facet index) so that filters need no other file.
    facets = "".join(chr(48 + d.group) + chr(48 + d.kind) + chr(48 + d.category)
                     + chr(48 + d.year) for d in docs)
    meta = {
        "format": FORMAT, "count": len(docs), "shards": shards, "multiplier": HASH_MULTIPLIER,
        "blocks": starts, "groups": [list(g) for g in found.groups], "kinds": found.kinds,
        "categories": found.categories, "years": found.years, "facets": facets,
    }
    files["meta.js"] = _js("zonegenSearch.meta", meta)
    size = 0
    for name, text in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        size += len(data)
    return IndexStats(len(docs), len(starts), shards, len(index), size, len(files))
