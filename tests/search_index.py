"""Read a built search index the way search.js does, for tests and the benchmark."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

from zonegen.search.index import _LAST, _MORE
from zonegen.search.normalize import SEPARATOR, norm, terms

SEARCHED = (0, 3, 4, 5, 6, 7, 8)  # search.js SEARCHED: stored positions of the searched fields


def _call(path: Path) -> list:
    text = path.read_text(encoding="utf-8")
    start = text.index("(")
    return json.loads("[" + text[start + 1 : text.rindex(")")] + "]")


def _decode(code: str, total: int) -> list[int]:
    out, value, delta = [], -1, 0
    for ch in code.lstrip("~"):
        if ch in _LAST:
            value += delta * 32 + _LAST.index(ch)
            out.append(value)
            delta = 0
        else:
            delta = delta * 32 + _MORE.index(ch)
    if code.startswith("~"):
        missing = set(out)
        return [b for b in range(total) if b not in missing]
    return out


class Index:
    """A built _search/ folder, searched with the same steps as search.js."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.meta = _call(folder / "meta.js")[0]
        self.shards: dict[int, dict[str, str]] = {}
        self.blocks: dict[int, list[list[str]]] = {}

    def shard(self, number: int) -> dict[str, str]:
        if number not in self.shards:
            self.shards[number] = _call(self.folder / "p" / f"{number}.js")[1]
        return self.shards[number]

    def block(self, number: int) -> list[list[str]]:
        if number not in self.blocks:
            self.blocks[number] = _call(self.folder / "d" / f"{number}.js")[1]
        return self.blocks[number]

    def rows(self) -> list[list[str]]:
        return [row for n in range(len(self.meta["blocks"])) for row in self.block(n)]

    def candidate_blocks(self, query_terms: list[str]) -> list[int]:
        total = len(self.meta["blocks"])
        result = set(range(total))
        for term in query_terms:
            for a, b in pairwise(term):
                bucket = (ord(a) * self.meta["multiplier"] + ord(b)) % self.meta["shards"]
                code = self.shard(bucket).get(a + b)
                result &= set(_decode(code, total)) if code is not None else set()
        return sorted(result)

    def search(self, query: str) -> list[str]:
        """URLs of the records that contain every term of the query."""
        query_terms = terms(query)
        if not query_terms:
            return []
        urls = []
        for number in self.candidate_blocks(query_terms):
            for row in self.block(number):
                text = norm(SEPARATOR.join(row[i] for i in SEARCHED))
                if all(t in text for t in query_terms):
                    urls.append(row[1])
        return urls
