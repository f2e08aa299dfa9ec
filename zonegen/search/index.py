"""The search index (format 2): which records hold each character and character pair, and where.

Every file is a plain script calling `zonegenSearch.<kind>(…)`, so the index loads from
file:// as from a web server (fetch() fails on file://). Records are numbered in Site.records
order (newest first) and cut into ranges of at most RANGE_DOCS records. Under _search/:

  meta.js                 counts, shard counts, range starts, filter labels, catalog terms
  g/<shard>.js            gram → the records whose searched text holds it, and those whose
                          title, 文号 or 索引号 ("head") holds it; grams are single characters
                          and character pairs of the normalised text, bucketed by gram_hash
  x/<pshard>-<range>.js   pair → its offsets in each record of the range that holds it
  e/<shard>.js            a whole normalised 文号 or 索引号 (also without the organisation code) → records
  t/0.js                  catalog terms offered when a query finds nothing
  f/<range>.js            four characters per record: filter values and rank class
  d/<chunk>.js            what a result shows, CHUNK records a file

A query of one or two characters is answered by one record list; a longer term by the lists
of its pairs, confirmed with the offsets of pairs that cover it, read only for the ranges
holding candidates. Nothing else is read: neither the text of records (the index holds none)
nor lists of grams the query lacks. Recall is exact: a term occurs in a record exactly when
its covering pairs occur at offsets that spell it (pairs never span two fields).
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from zonegen.search.codec import decode_numbers, encode_list, encode_numbers, encode_records, gram_hash
from zonegen.search.documents import Document, Facets
from zonegen.search.normalize import SEPARATOR, char_class, fold, norm

FORMAT = 2
RANGE_DOCS = 1024  # records per range: 10 bits of a sort key
RANGE_CHARS = 1 << 21  # raw characters per range, so folded offsets stay below 2**OFFSET_BITS
OFFSET_BITS = 23
CHUNK = 4  # records per d/ file: a page of 20 results reads at most 20 small files
SHARD_CHARS = 6_000  # target size of a g/ file
PART_CHARS = 8_000  # target size of an x/ file
MAX_SHARDS = 1 << 16
SENTINEL = 0x110000
_RADIX = SENTINEL + 1
HEAD_FIELDS = 3  # title, doc_no, index_no


@dataclass(frozen=True)
class IndexStats:
    documents: int
    ranges: int
    shards: int
    pshards: int
    grams: int
    bytes: int
    files: int


def range_starts(docs: list[Document]) -> list[int]:
    starts: list[int] = []
    size = count = RANGE_CHARS
    for index, doc in enumerate(docs):
        length = sum(len(f) for f in doc.searched())
        if count >= RANGE_DOCS or size + length > RANGE_CHARS:
            starts.append(index)
            size = count = 0
        size += length
        count += 1
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


@cache
def gram_text(key: int) -> str:
    if key < _RADIX:
        return chr(key)
    first, second = divmod(key, _RADIX)
    return chr(first) + chr(second)


def _fold(fields: list[list[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Folded code points of records' fields (SEPARATOR between fields, SENTINEL once folded),
    with the record (0-based in the list) of each position and each record's first position."""
    per = len(fields[0])
    text = SEPARATOR.join(f.replace(SEPARATOR, "") for record in fields for f in record)
    codes = folded_codes(text)
    ends = np.flatnonzero(codes == SENTINEL)[per - 1 :: per]
    marks = np.zeros(len(codes), dtype=np.int32)
    marks[ends] = 1
    return codes, np.cumsum(marks, dtype=np.int32), np.concatenate(([0], ends + 1))


def _grams(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(character keys, their positions, pair keys, their positions) of real text."""
    chars = np.flatnonzero(codes != SENTINEL)
    first, second = codes[:-1], codes[1:]
    pairs = np.flatnonzero((first != SENTINEL) & (second != SENTINEL))
    keys = first[pairs].astype(np.uint64) * np.uint64(_RADIX) + second[pairs]
    return codes[chars].astype(np.uint64), chars, keys, pairs


def _record_pairs(
    keys: np.ndarray, where: np.ndarray, record_of: np.ndarray, base: int
) -> tuple[np.ndarray, np.ndarray]:
    """Each (gram, record) once, sorted: (grams, global record numbers)."""
    combined = (keys << np.uint64(10)) | record_of[where].astype(np.uint64)
    combined.sort()  # in place: np.unique's hashing took ten times as long
    keep = np.empty(len(combined), dtype=bool)
    keep[:1] = True
    np.not_equal(combined[1:], combined[:-1], out=keep[1:])
    combined = combined[keep]
    return combined >> np.uint64(10), (combined & np.uint64(1023)).astype(np.int64) + base


class RecordLists:
    """gram → the records holding it, accumulated range by range (records ascend across calls)."""

    def __init__(self) -> None:
        self.parts: defaultdict[int, list[str]] = defaultdict(list)
        self.last: dict[int, int] = {}
        self.count: Counter[int] = Counter()

    def add(self, keys: np.ndarray, records: np.ndarray) -> None:
        if not len(keys):
            return
        new = np.empty(len(keys), dtype=bool)
        new[0] = True
        np.not_equal(keys[1:], keys[:-1], out=new[1:])
        starts = np.flatnonzero(new)
        run_keys = keys[starts].tolist()
        deltas = np.diff(records, prepend=0)
        deltas[starts] = records[starts] - np.array([self.last.get(k, -1) for k in run_keys], dtype=np.int64)
        text, ends = encode_numbers(deltas)
        bounds = np.concatenate(([0], ends))
        stops = np.concatenate((starts[1:], [len(keys)]))
        for key, begin, end, last, size in zip(
            run_keys,
            bounds[starts].tolist(),
            bounds[stops].tolist(),
            records[stops - 1].tolist(),
            (stops - starts).tolist(),
            strict=True,
        ):
            self.parts[key].append(text[begin:end])
            self.last[key] = last
            self.count[key] += size

    def finish(self, total: int) -> dict[int, str]:
        """gram → encoded record list (codec.encode_records)."""
        result: dict[int, str] = {}
        bitmap = 1 + (total + 4) // 5
        for key in sorted(self.parts):
            code = "".join(self.parts[key])
            if len(code) > bitmap or self.count[key] * 2 > total:
                code = encode_records(np.cumsum(decode_numbers(code)) - 1, total)
            result[key] = code
        self.parts.clear()
        return result


def _offsets(
    keys: np.ndarray, where: np.ndarray, record_of: np.ndarray, record_start: np.ndarray, total_codes: int
) -> tuple[list[int], list[str], np.ndarray, np.ndarray]:
    """Per pair (ascending): its offsets blob; and the (pair, record) list of the range.

    A pair's blob holds, for each record of the range that has it (in order), its first offset
    and the gaps to the next ones, the last ending in codec.END.
    """
    if total_codes < 1 << OFFSET_BITS:
        combined = (keys << np.uint64(OFFSET_BITS)) | where.astype(np.uint64)
        combined.sort()
        keys = combined >> np.uint64(OFFSET_BITS)
        where = (combined & np.uint64((1 << OFFSET_BITS) - 1)).astype(np.int64)
    else:  # a range of records with huge texts: the slower two-key sort
        order = np.lexsort((where, keys))
        keys, where = keys[order], where[order].astype(np.int64)
    if not len(keys):
        return [], [], keys, where
    record = record_of[where]
    offset = where - record_start[record]
    new_key = np.empty(len(keys), dtype=bool)
    new_key[0] = True
    np.not_equal(keys[1:], keys[:-1], out=new_key[1:])
    new_record = new_key.copy()
    new_record[1:] |= record[1:] != record[:-1]
    heads = np.flatnonzero(new_record)
    gaps = np.diff(offset, prepend=0)
    gaps[heads] = offset[heads]
    final = np.empty(len(keys), dtype=bool)
    final[-1] = True
    final[:-1] = new_record[1:]
    text, ends = encode_numbers(gaps, final)
    bounds = np.concatenate(([0], ends))
    begins = bounds[np.flatnonzero(new_key)]
    finishes = np.concatenate((begins[1:], [len(text)]))
    blobs = [text[b:e] for b, e in zip(begins.tolist(), finishes.tolist(), strict=True)]
    return keys[new_key].tolist(), blobs, keys[heads], record[heads]


def _pow2(value: float, cap: int = MAX_SHARDS) -> int:
    count = 1
    while count < value and count < cap:
        count *= 2
    return count


def _js(call: str, *args: object) -> str:
    body = ",".join(json.dumps(a, ensure_ascii=False, separators=(",", ":")) for a in args)
    # JSON allows U+2028/U+2029 in strings; older script parsers do not.
    body = body.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"zonegenSearch.{call}({body});\n"


def exact_keys(doc: Document) -> set[str]:
    """The whole-number forms a query may type exactly: 文号, 索引号, 索引号 after its '/'."""
    keys = {norm(doc.doc_no), norm(doc.index_no)}
    if "/" in doc.index_no:
        keys.add(norm(doc.index_no.split("/", 1)[1]))
    return {k for k in keys if k and SEPARATOR not in k}


class _Writer:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.bytes = 0
        self.files = 0
        self.made: set[Path] = set()

    def __call__(self, name: str, text: str) -> None:
        path = self.out / name
        if path.parent not in self.made:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.made.add(path.parent)
        data = text.encode("utf-8")
        path.write_bytes(data)  # written at once: holding every file would multiply the peak
        self.bytes += len(data)
        self.files += 1


def write_index(
    docs: list[Document],
    found: Facets,
    out: Path,
    aliases: list[list[str]] | None = None,
    terms: list[list[str]] | None = None,
) -> IndexStats:
    """Write the whole index under out (see the module docstring)."""
    emit = _Writer(out)
    total = len(docs)
    starts = range_starts(docs)
    bounds = [*starts, total]
    raw = sum(len(f) for d in docs for f in d.searched())
    pshards = _pow2(2 * raw / PART_CHARS / max(1, len(starts)), 1 << 12)
    body, head = RecordLists(), RecordLists()
    for number, begin in enumerate(starts):
        members = docs[begin : bounds[number + 1]]
        codes, record_of, record_start = _fold([d.searched() for d in members])
        char_keys, char_at, pair_keys, pair_at = _grams(codes)
        char_list, char_records = _record_pairs(char_keys, char_at, record_of, begin)
        grams, blobs, pair_list, pair_records = _offsets(pair_keys, pair_at, record_of, record_start, len(codes))
        # Character keys are below every pair key: one sorted list for both.
        body.add(np.concatenate((char_list, pair_list)), np.concatenate((char_records, pair_records + begin)))
        files: defaultdict[int, dict[str, str]] = defaultdict(dict)
        for key, blob in zip(grams, blobs, strict=True):
            gram = gram_text(key)
            files[gram_hash(gram) % pshards][gram] = blob
        for shard in sorted(files):
            emit(f"x/{shard}-{number}.js", _js("x", shard, number, files[shard]))
        codes, record_of, _start = _fold([[d.title, d.doc_no, d.index_no] for d in members])
        char_keys, char_at, pair_keys, pair_at = _grams(codes)
        keys = np.concatenate((char_keys, pair_keys))
        head.add(*_record_pairs(keys, np.concatenate((char_at, pair_at)), record_of, begin))
        facets = "".join(
            chr(48 + d.group) + chr(48 + d.kind) + chr(48 + d.category) + chr(48 + d.rank) for d in members
        )
        emit(f"f/{number}.js", _js("f", number, facets))
    for chunk in range(0, total, CHUNK):
        emit(f"d/{chunk // CHUNK}.js", _js("d", chunk // CHUNK, [d.shown() for d in docs[chunk : chunk + CHUNK]]))
    body_codes, head_codes = body.finish(total), head.finish(total)
    entries: dict[str, object] = {}
    for key, code in body_codes.items():
        in_head = head_codes.get(key, "")
        entries[gram_text(key)] = [code, in_head] if in_head else code
    size = sum(len(g) + len(v) + 6 if isinstance(v, str) else len(v[0]) + len(v[1]) + 10 for g, v in entries.items())
    shards = _pow2(size / SHARD_CHARS)
    by_shard: list[dict[str, object]] = [{} for _ in range(shards)]
    for gram, entry in entries.items():
        by_shard[gram_hash(gram) % shards][gram] = entry
    for number, part in enumerate(by_shard):
        emit(f"g/{number}.js", _js("g", number, part))
    exact: defaultdict[str, list[int]] = defaultdict(list)
    for index, doc in enumerate(docs):
        for key in sorted(exact_keys(doc)):
            exact[key].append(index)
    eshards = _pow2(len(exact) / 200)
    by_eshard: list[dict[str, str]] = [{} for _ in range(eshards)]
    for key in sorted(exact):
        by_eshard[gram_hash(key) % eshards][key] = encode_list(exact[key])
    for number, part in enumerate(by_eshard):
        emit(f"e/{number}.js", _js("e", number, part))
    first_of: dict[int, int] = {}
    for index, doc in enumerate(docs):
        first_of.setdefault(doc.year, index)
    year_starts = [first_of.get(y, total) for y in range(len(found.years))]  # records are newest first
    meta = {
        "format": FORMAT,
        "count": total,
        "shards": shards,
        "pshards": pshards,
        "eshards": eshards,
        "ranges": starts,
        "chunk": CHUNK,
        "groups": [list(g) for g in found.groups],
        "kinds": found.kinds,
        "categories": found.categories,
        "years": found.years,
        "yearStarts": year_starts,
        "aliases": aliases or [],
    }
    emit("t/0.js", _js("t", 0, terms or []))
    emit("meta.js", _js("meta", meta))
    return IndexStats(total, len(starts), shards, pshards, len(entries), emit.bytes, emit.files)
