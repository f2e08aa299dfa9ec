"""Read a built search index the way search.js does, for tests and the benchmark; and the truth.

`Index.search(query)` follows search.js step by step (record lists of characters and pairs,
offsets of covering pairs in the ranges of candidates); `truth(docs, query)` is plain substring
search over the records' normalised text, which recall is measured against.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np

from zonegen.search.codec import _IS_LAST, _VALUE, BASE, END, decode_records, gram_hash
from zonegen.search.documents import SHOWN_FIELDS, Document, documents, facets
from zonegen.search.normalize import SEPARATOR, norm, terms

URL = SHOWN_FIELDS.index("url")
_END = set(END)


def _call(path: Path) -> list:
    text = path.read_text(encoding="utf-8")
    start = text.index("(")
    return json.loads("[" + text[start + 1 : text.rindex(")")] + "]")


def site_documents(root: Path, day: dt.date | None = None) -> list[Document]:
    """The documents a build of the zone at root indexes (in record-number order)."""
    from zonegen.build import check
    from zonegen.site import plan

    loaded, diags = check(root)
    assert loaded is not None, [d.message for d in diags if d.severity == "error"][:3]
    site = plan(loaded, day or dt.date.today())
    return documents(site, facets(site))


def normalised(doc: Document) -> str:
    return norm(SEPARATOR.join(doc.searched()))


def truth(texts: list[str], query: str) -> list[int]:
    """Record numbers whose normalised text holds every term of the query (no widening)."""
    found = terms(query)
    return [i for i, text in enumerate(texts) if found and all(t in text for t in found)]


class Index:
    """A built _search/ folder, searched with the same steps as search.js."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.meta = _call(folder / "meta.js")[0]
        self.total = self.meta["count"]
        self.ranges = self.meta["ranges"]
        self.files: dict[str, object] = {}
        self.read: list[str] = []  # files read, in order (what the browser would load)

    def _file(self, name: str, position: int) -> object:
        if name not in self.files:
            self.files[name] = _call(self.folder / f"{name}.js")[position]
            self.read.append(name)
        return self.files[name]

    def entry(self, gram: str) -> tuple[np.ndarray, np.ndarray]:
        shard = self._file(f"g/{gram_hash(gram) % self.meta['shards']}", 1)
        raw = shard.get(gram)  # type: ignore[attr-defined]
        if raw is None:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        body, head = (raw, "") if isinstance(raw, str) else raw
        return decode_records(body, self.total), decode_records(head, self.total)

    def range_of(self, record: int) -> int:
        return int(np.searchsorted(self.ranges, record, side="right")) - 1

    def offsets(self, pair: str, range_: int, records: np.ndarray) -> dict[int, list[int]]:
        blob = self._file(f"x/{gram_hash(pair) % self.meta['pshards']}-{range_}", 2).get(pair, "")  # type: ignore[attr-defined]
        end = self.ranges[range_ + 1] if range_ + 1 < len(self.ranges) else self.total
        members = [int(r) for r in records if self.ranges[range_] <= r < end]
        result: dict[int, list[int]] = {}
        current: list[int] = []
        number = 0
        for char in blob:
            number = number * BASE + int(_VALUE[ord(char)])
            if not _IS_LAST[ord(char)]:
                continue
            current.append(current[-1] + number if current else number)
            number = 0
            if char in _END:
                result[members[len(result)]] = current
                current = []
        return result

    def term(self, term: str) -> tuple[set[int], set[int]]:
        """(records holding the normalised term, those of them holding it in their head)."""
        if len(term) <= 2:
            body, head = self.entry(term)
            return set(body.tolist()), set(head.tolist())
        pairs = [term[i : i + 2] for i in range(len(term) - 1)]
        lists = [self.entry(p) for p in pairs]
        candidates = set(lists[0][0].tolist())
        head = set(lists[0][1].tolist())
        for body_list, head_list in lists[1:]:
            candidates &= set(body_list.tolist())
            head &= set(head_list.tolist())
        cover = list(range(0, len(term) - 1, 2))
        if cover[-1] != len(term) - 2:
            cover.append(len(term) - 2)
        found: set[int] = set()
        by_range: dict[int, list[int]] = {}
        for record in sorted(candidates):
            by_range.setdefault(self.range_of(record), []).append(record)
        for range_, records in by_range.items():
            maps = [self.offsets(pairs[o], range_, lists[o][0]) for o in cover]
            for record in records:
                spots = [m.get(record) for m in maps]
                if all(spots) and any(
                    all(p + o - cover[0] in set(s) for o, s in zip(cover, spots, strict=True)) for p in spots[0]
                ):  # type: ignore[union-attr, arg-type]
                    found.add(record)
        return found, head & found

    def records(self, query: str) -> list[int]:
        """Record numbers containing every term (no widening), ascending."""
        query_terms = terms(query)
        if not query_terms:
            return []
        result: set[int] | None = None
        for term in query_terms:
            body, _head = self.term(term)
            result = body if result is None else result & body
        return sorted(result or set())

    def row(self, record: int) -> list[str]:
        chunk = self.meta["chunk"]
        return self._file(f"d/{record // chunk}", 1)[record % chunk]  # type: ignore[index]

    def rows(self) -> list[list[str]]:
        return [self.row(i) for i in range(self.total)]

    def search(self, query: str) -> list[str]:
        """URLs of the records that contain every term of the query (newest first)."""
        return [self.row(r)[URL] for r in self.records(query)]
