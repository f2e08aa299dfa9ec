"""The last gate: personal data in what a build actually wrote, before it is swapped in.

The guard (pii.py) checks each record as it will be published, at its source line. This
gate scans every file the build wrote into its temporary folder — pages, feed, sitemap,
directory.json, annual-report data, search documents — as the text a reader gets. Pages are
scanned as they are written, by the process that renders them (`Scanned`: the very string
the file receives, so the 20,000 pages of a county are not read back); at the end every
other file in the folder, whoever wrote it, is read back and scanned. So what gets scanned
never depends on a writer remembering to ask. The text as a reader gets it: a tag between
two digits vanishes, character entities and JSON escapes are decoded,
invisible characters dropped. A hit means a number reached the output by a path the guard
does not see; the build stops before the output is swapped in, naming the output and the
record the number came from.

Pure and leaf: it takes a folder and plain values, and returns diagnostics.
"""

from __future__ import annotations

import html as htmllib
import json
import os
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from zonegen import pool
from zonegen.diagnostics import Diagnostic
from zonegen.safety.pii import HIDDEN, LABELS, published, reason_problem, scan, visible

if TYPE_CHECKING:
    from zonegen.records import Record

# Theme files are copied, not made from records; attachments have their own guard; the
# search index's lists (g/ record lists, x/ offsets, e/ whole 文号 and 索引号 as lookup keys,
# f/ filter codes) are numbers in letters and hashed characters, which no reader reads as a
# number; what results show (d/) and meta.js are text and are scanned.
_NOT_TEXT = ("_static/", "_search/g/", "_search/x/", "_search/e/", "_search/f/")
_MARKUP = (".html", ".htm", ".xml", ".svg")
_DATA = (".json", ".js")
_ENCODED_KEYS = frozenset(("facets",))  # meta.js: four code characters per record, not text
# Tags right after a digit (or an entity's ;, or an invisible character) that are not a block, a line break or a
# superscript: the page shows the digits on either side as one number (330281<em>1990</em>…).
_INLINE = r"<(?!br\b|/?(?:p|td|th|li|div|tr|h\d|dd|dt|ul|ol|table|sup|sub)\b)[^<>]*>"
_JOIN = re.compile(rf"<(?<=[0-9０-９;{HIDDEN}]<){_INLINE[1:]}(?:{_INLINE})*")
_JS_CALL = re.compile(r"^\s*[A-Za-z_$][\w$.]*\((.*)\);?\s*$", re.S)
PARALLEL_FILES = 300
MAX_REPORTED = 20


@dataclass(frozen=True, slots=True)
class Leak:
    """A number found in an output file."""

    output: str  # relative to the output folder
    kind: str
    masked: str
    digits: str


@dataclass
class Scanned:
    """Files scanned as they were written (their output paths) and what was found in them."""

    files: set[str] = field(default_factory=set)
    leaks: list[Leak] = field(default_factory=list)

    def add(self, rel: str, leaks: list[Leak]) -> None:
        self.files.add(rel)
        self.leaks.extend(leaks)

    def text(self, rel: str, text: str) -> None:
        """Scan text that is written to the output path rel."""
        self.add(rel, scan_text(rel, text))


def scan_text(rel: str, text: str) -> list[Leak]:
    """The numbers in the text of the output file rel, as a reader gets it."""
    return [Leak(rel, f.kind, f.masked, f.digits) for f in scan(output_text(rel, text))]


def final_gate(
    out: Path,
    skip: Collection[str],
    records: Sequence[Record],
    scanned: Scanned | None = None,
    workers: int | None = None,
) -> list[Diagnostic]:
    """Errors for every unmasked number in the files under `out` (none when all is well).

    `skip` holds output paths that are copies of attachments; `records` are the published
    records, to name where a number came from and to honour their `pii_ok`; `scanned`, the
    files already scanned as they were written — every other file is read back. A file whose
    scan killed its worker is an error too: what was not read is not published.
    """
    done = scanned or Scanned()
    leaks, lost = scan_output(out, {*skip, *done.files}, workers)
    leaks = sorted([*done.leaks, *leaks], key=lambda leak: leak.output)
    found = diagnose_leaks(leaks, records) if leaks else []
    return found + [pool.lost_diagnostic(file, "检查生成的文件中的个人信息") for file in lost]


def scan_output(out: Path, skip: Collection[str], workers: int | None = None) -> tuple[list[Leak], list[str]]:
    """The leaks in every generated file, and the files that could not be scanned."""
    files = sorted(_files(out, set(skip)))
    root = str(out)
    results = pool.map_items(
        partial(_scan_one, root), files, chunk=100, parallel=len(files) >= PARALLEL_FILES, workers=workers
    )
    leaks: list[Leak] = []
    lost: list[str] = []
    for file, result in zip(files, results, strict=True):
        if isinstance(result, pool.Lost):
            lost.append(file)
        else:
            leaks.extend(result)
    return sorted(leaks, key=lambda leak: leak.output), lost


def _scan_one(root: str, file: str) -> list[Leak]:
    return _scan_files((root, [file]))


def _files(out: Path, skip: set[str]) -> Iterable[str]:
    root = str(out)
    for folder, _dirs, names in os.walk(root):
        prefix = folder[len(root) + 1 :].replace(os.sep, "/")
        for name in names:
            rel = f"{prefix}/{name}" if prefix else name
            if rel not in skip and not rel.startswith(_NOT_TEXT):
                yield rel


def _scan_files(job: tuple[str, list[str]]) -> list[Leak]:
    root, files = job
    leaks: list[Leak] = []
    for rel in files:
        try:
            raw = (Path(root) / rel).read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue  # not text: nothing a reader reads as a number
        leaks.extend(scan_text(rel, raw))
    return leaks


def output_text(rel: str, raw: str) -> str:
    """The text a reader (or a program reading the data) gets from one output file."""
    if rel.endswith(_DATA):
        text = _data_text(rel, raw)
    elif rel.endswith(_MARKUP):
        text = _JOIN.sub("", raw)
        if "&" in text:
            text = htmllib.unescape(text)
    else:
        text = raw
    # `scan` sees through invisible characters of the Basic Multilingual Plane itself; the
    # astral ones (tag characters) cost a pass of their own per page and are left to the guard.
    return text


def _data_text(rel: str, raw: str) -> str:
    """Every string and number of a JSON file or a JS file that calls one function with JSON."""
    payload = raw
    if rel.endswith(".js"):
        call = _JS_CALL.match(raw)
        if call is None:
            return raw
        payload = f"[{call.group(1)}]"
    try:
        data = json.loads(payload)
    except ValueError:
        return raw
    parts: list[str] = []
    _strings(data, parts)
    return "\n".join(parts)


def _strings(value: object, parts: list[str]) -> None:
    if isinstance(value, str):
        parts.append(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            parts.append(str(key))
            if key not in _ENCODED_KEYS:
                _strings(item, parts)
    elif isinstance(value, list):
        for item in value:
            _strings(item, parts)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        parts.append(str(value))


def diagnose_leaks(leaks: list[Leak], records: Sequence[Record]) -> list[Diagnostic]:
    """One error per number (with how many outputs hold it), naming the record it came from."""
    by_number: dict[str, list[Leak]] = {}
    for leak in leaks:
        by_number.setdefault(leak.digits, []).append(leak)
    holders = _holders(set(by_number), records)
    items: list[Diagnostic] = []
    for digits, found in by_number.items():
        owners = holders.get(digits, [])
        if owners and all(r.pii_ok and reason_problem(r.pii_ok) is None for r in owners):
            continue  # published on purpose: the records say why (pii-declared warned already)
        first = found[0]
        others = f"等 {len(found)} 个文件" if len(found) > 1 else ""
        owner = next((r for r in owners if not r.pii_ok), owners[0] if owners else None)
        source = f"来自记录 {owner.file}" if owner else "不来自任何记录（可能来自 zone.yaml、catalog.yaml 或主题）"
        items.append(
            Diagnostic(
                "error",
                "pii-output",
                owner.file if owner else None,
                None,
                None,
                f"生成的 {first.output}{others}中有未脱敏的{LABELS[first.kind]}（{first.masked}），"
                f"{source}；网站未更新",
                "请在来源中把它脱敏后重新生成；前面的检查没有发现它，请把这个情况告诉 zonegen 的维护者",
            )
        )
        if len(items) == MAX_REPORTED:
            break
    return items


def _holders(numbers: set[str], records: Sequence[Record]) -> dict[str, list[Record]]:
    """Which records publish each number (only run when the gate found something)."""
    found: dict[str, list[Record]] = {}
    for record in records:
        texts = [record.file, *(shown.text for shown in published(record))]
        digits = {f.digits for text in texts for f in scan(visible(text))}
        for number in digits & numbers:
            found.setdefault(number, []).append(record)
    return found
