"""Section 二's 行政规范性文件 counts, computed from the zone's own 规范性文件 records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from zonegen.records import Record

NORMATIVE = "规范性文件"


def normative_counts(records: Iterable[Record], year: int) -> dict[str, int]:
    """本年制发 (created in the year), 本年废止 (repealed or expired in it), 现行有效 (at year end).

    Only published records count: the figures appear on a page, and only 主动公开 records
    may feed any output. A 规范性文件 must be published anyway (国办发〔2018〕37号).
    """
    end = dt.date(year, 12, 31)
    issued = repealed = in_force = 0
    for record in records:
        if record.kind != NORMATIVE or not record.is_public:
            continue
        if record.created.year == year:
            issued += 1
        if record.repealed is not None and record.repealed.year == year:
            repealed += 1
        if record.created <= end and (record.repealed is None or record.repealed > end):
            in_force += 1
    return {"issued": issued, "repealed": repealed, "in_force": in_force}
