"""The figures of one 年度报告 record, read from its `proactive`/`applications`/`appeals` maps.

Parsing walks the maps as the clerk wrote them (keys may be Chinese labels), records each
figure's position for diagnostics, and reports unknown keys, wrong shapes and counts that
are negative or not whole numbers. Missing figures are zero, except where the zone can
compute them (section 二 行政规范性文件, section 三 from data/applications.csv): those stay
"not written" so the computed value can be used.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from zonegen.diagnostics import Diagnostics
from zonegen.report import schema as S
from zonegen.suggest import nearest

Path = tuple[str, ...]
Position = tuple[int | None, int | None]
Locate = Callable[[tuple[Any, ...]], Position]
TOTAL_KEYS = ("total", S.TOTAL_LABEL)


@dataclass
class TypedTotal:
    """A 总计 a clerk wrote by hand: checked against the sum of its parts, never displayed.

    With `parts` empty it sums the columns of the row at `path[:-1]`; with `parts` it sums those
    rows, per column when `value` is a map, over all columns when it is one number (the 总计
    column of （七）总计 or of a reason group's total row).
    """

    path: Path  # canonical path of the total itself
    parts: tuple[Path, ...]  # canonical paths of the rows it sums
    value: dict[str, int] | int


@dataclass
class Figures:
    """What a report's front matter says, as numbers, with where each number was written."""

    year: int
    docs: dict[str, dict[str, int | None]] = field(default_factory=dict)  # rules/normative → counts
    decisions: dict[str, int] = field(default_factory=dict)  # licensing, penalties, enforcement
    fees: float = 0.0
    rows: dict[Path, dict[str, int]] = field(default_factory=dict)  # written application rows only
    appeals: dict[str, dict[str, int]] = field(default_factory=dict)
    totals: list[TypedTotal] = field(default_factory=list)
    positions: dict[Path, Position] = field(default_factory=dict)
    has_applications: bool = False

    def where(self, path: Path) -> Position:
        """Position of the figure at a canonical path, or of its nearest written ancestor."""
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return (None, None)


def describe(path: Path) -> str:
    """The national label of a figure's canonical path, for messages."""
    head = path[0]
    if head == "applications":
        rest = path[1:]
        column = ""
        if rest and rest[-1] in S.COLUMN_LABELS:
            column = f"（{S.COLUMN_LABELS[rest[-1]]}）"
            rest = rest[:-1]
        return _row_label(rest) + column
    if head == "appeals":
        label = S.APPEAL_GROUP_LABELS.get(path[1], path[1]) if len(path) > 1 else "复议诉讼情况"
        if len(path) > 1 and path[1] != "review":
            label = f"{S.LAWSUIT_LABEL}—{label}"
        if len(path) > 2:
            label += "—" + dict(S.APPEAL_OUTCOMES).get(path[2], S.TOTAL_LABEL)
        return label
    label = S.PROACTIVE_LABELS.get(path[1], path[1]) if len(path) > 1 else "主动公开情况"
    if len(path) > 2:
        label += "—" + dict(S.DOC_COUNTS).get(path[2], path[2])
    return label


def _row_label(rest: tuple[str, ...]) -> str:
    leaf = S.LEAF_BY_PATH.get(rest)
    if leaf is not None:
        if len(rest) == 3:
            group = next(g for g in S.RESULT_GROUPS if g.key == rest[1])
            return f"{group.label}{leaf.label}"
        return leaf.label
    if rest == ("results",):
        return S.RESULTS_LABEL
    if rest == ("results", "total"):
        return S.RESULTS_TOTAL_LABEL
    if len(rest) >= 2 and rest[0] == "results":
        group = next((g for g in S.RESULT_GROUPS if g.key == rest[1]), None)
        if group is not None:
            return group.label + ("合计" if rest[-1] == "total" else "")
    if rest and rest[-1] == "total":
        return _row_label(rest[:-1]) + "的总计"
    return "申请情况" + ("." + ".".join(rest) if rest else "")


class _Reader:
    """Walks one report's maps; `raw` paths locate keys as written, canonical paths name figures."""

    def __init__(self, figures: Figures, locate: Locate, diags: Diagnostics) -> None:
        self.figures, self.locate, self.diags = figures, locate, diags

    def at(self, raw: tuple[Any, ...], path: Path) -> Position:
        position = self.locate(raw)
        self.figures.positions.setdefault(path, position)
        return position

    def unknown(self, raw: tuple[Any, ...], key: Any, known: dict[str, str], where: str) -> None:
        line, col = self.locate((*raw, key))
        guess = nearest(str(key), known, cutoff=0.5)
        hint = f"您是不是想写“{known[guess]}”？" if guess else "可用的键：" + "、".join(dict.fromkeys(known.values()))
        self.diags.error("report-key", f"{where}中有未知的键“{key}”", line, col, hint)

    def mapping(self, value: Any, raw: tuple[Any, ...], path: Path, example: str) -> dict | None:
        if value is None:
            return {}
        if isinstance(value, dict):
            return value
        line, col = self.at(raw, path)
        self.diags.error(
            "report-shape", f"{describe(path)}应为“键: 值”的组合，不能写“{value}”", line, col, f"写成 {example}"
        )
        return None

    def count(self, value: Any, raw: tuple[Any, ...], path: Path) -> int:
        """A whole, non-negative count; anything else is reported and counts as 0."""
        line, col = self.at(raw, path)
        if value is None:
            return 0
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                return self._non_negative(int(value), line, col, path)
            shown = str(value).lower() if isinstance(value, bool) else value  # as YAML spells it
            self.diags.error(
                "report-number",
                f"{describe(path)}应为整数，不能写“{shown}”",
                line,
                col,
                "件数写阿拉伯数字，例如 3；没有的写 0",
            )
            return 0
        return self._non_negative(value, line, col, path)

    def _non_negative(self, value: int, line: int | None, col: int | None, path: Path) -> int:
        if value < 0:
            self.diags.error("report-number", f"{describe(path)}不能为负数（{value}）", line, col, "件数最小为 0")
            return 0
        return value


def _keys(canonical: tuple[str, ...], aliases: dict[str, str] | None = None) -> dict[str, str]:
    known = {key: key for key in canonical}
    known.update(aliases or {})
    return known


def read_figures(year: int, data: dict[str, Any], locate: Locate, diags: Diagnostics) -> Figures:
    """Parse the report maps of one record; `locate` finds a key path (top key canonical) in its file."""
    figures = Figures(year)
    reader = _Reader(figures, locate, diags)
    if "proactive" in data:
        _proactive(reader, data["proactive"], ("proactive",))
    if "applications" in data:
        figures.has_applications = True
        _applications(reader, data["applications"], ("applications",))
    if "appeals" in data:
        _appeals(reader, data["appeals"], ("appeals",))
    for key in data:
        figures.positions.setdefault((key,), locate((key,)))
    return figures


def _proactive(reader: _Reader, value: Any, raw: tuple[Any, ...]) -> None:
    figures = reader.figures
    body = reader.mapping(value, raw, ("proactive",), "proactive: {normative: {issued: 1, repealed: 0, in_force: 5}}")
    if body is None:
        return
    known = _keys(S.PROACTIVE_KEYS, {label: key for key, label in S.PROACTIVE_LABELS.items()})
    for key, item in body.items():
        canonical = known.get(str(key).strip())
        here, path = (*raw, key), ("proactive", canonical or str(key))
        if canonical is None:
            reader.unknown(raw, key, known, "主动公开情况（proactive）")
        elif canonical in ("rules", "normative"):
            figures.docs[canonical] = _doc_counts(reader, item, here, path)
        elif canonical == "fees":
            figures.fees = _fees(reader, item, here, path)
        else:
            figures.decisions[canonical] = reader.count(item, here, path)


def _doc_counts(reader: _Reader, value: Any, raw: tuple[Any, ...], path: Path) -> dict[str, int | None]:
    reader.at(raw, path)
    counts: dict[str, int | None] = dict.fromkeys(S.DOC_COUNT_KEYS)
    body = reader.mapping(value, raw, path, f"{path[-1]}: {{issued: 1, repealed: 0, in_force: 5}}")
    if body is None:
        return counts
    known = _keys(S.DOC_COUNT_KEYS, S.DOC_COUNT_ALIASES)
    for key, item in body.items():
        canonical = known.get(str(key).strip())
        if canonical is None:
            reader.unknown(raw, key, known, describe(path))
        else:
            counts[canonical] = reader.count(item, (*raw, key), (*path, canonical))
    return counts


def _fees(reader: _Reader, value: Any, raw: tuple[Any, ...], path: Path) -> float:
    line, col = reader.at(raw, path)
    if value is None:
        return 0.0
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        reader.diags.error(
            "report-number",
            f"行政事业性收费金额应为数字（单位：万元），不能写“{value}”",
            line,
            col,
            "只写数字，例如 fees: 1.25 表示 1.25 万元；没有收费写 0",
        )
        return 0.0
    if value < 0:
        reader.diags.error("report-number", f"行政事业性收费金额不能为负数（{value}）", line, col, "没有收费写 0")
        return 0.0
    return float(value)


_APPLICATION_KEYS = ("new", "carried_over", "results", "carried_forward")


def _applications(reader: _Reader, value: Any, raw: tuple[Any, ...]) -> None:
    body = reader.mapping(value, raw, ("applications",), "applications: {new: {natural: 1}, ...}")
    if body is None:
        return
    known = _keys(_APPLICATION_KEYS)
    for key, item in body.items():
        canonical = known.get(str(key).strip())
        if canonical is None:
            reader.unknown(raw, key, known, "申请情况（applications）")
        elif canonical == "results":
            _results(reader, item, (*raw, key))
        else:
            _row(reader, item, (*raw, key), (canonical,))


def _results(reader: _Reader, value: Any, raw: tuple[Any, ...]) -> None:
    path = ("applications", "results")
    reader.at(raw, path)
    body = reader.mapping(value, raw, path, "results: {disclosed: {natural: 1}, ...}")
    if body is None:
        return
    groups = {g.key: g for g in S.RESULT_GROUPS}
    known = _keys(tuple(groups), {k: "total" for k in (*TOTAL_KEYS, S.RESULTS_TOTAL_LABEL)})
    for key, item in body.items():
        canonical = known.get(str(key).strip())
        here = (*raw, key)
        if canonical is None:
            reader.unknown(raw, key, known, "本年度办理结果（results）")
        elif canonical == "total":
            parts = tuple(("applications", *leaf.path) for leaf in S.RESULT_LEAVES)
            columns = _columns(reader, item, here, (*path, "total"), parts)
            if columns is not None:
                reader.figures.totals.append(TypedTotal((*path, "total"), parts, columns))
        elif groups[canonical].reasons:
            _reason_group(reader, groups[canonical], item, here)
        else:
            _row(reader, item, here, ("results", canonical))


def _reason_group(reader: _Reader, group: S.Group, value: Any, raw: tuple[Any, ...]) -> None:
    path = ("applications", "results", group.key)
    reader.at(raw, path)
    first = group.reasons[0].path[-1]
    if (
        isinstance(value, dict)
        and value
        and all(str(k).strip() in (*S.COLUMN_KEYS, *S.COLUMN_ALIASES, *TOTAL_KEYS) for k in value)
    ):
        line, col = reader.at(raw, path)
        reader.diags.error(
            "report-shape",
            f"{group.label}没有合计行，应按理由分别填写",
            line,
            col,
            f"写在具体理由下面，例如 {group.key}: {{{first}: {{natural: 1}}}}；"
            "理由：" + "、".join(r.path[-1] for r in group.reasons),
        )
        return
    body = reader.mapping(value, raw, path, f"{group.key}: {{{first}: {{natural: 1}}}}")
    if body is None:
        return
    reasons = {r.path[-1]: r for r in group.reasons}
    known = _keys(tuple(reasons), {k: "total" for k in TOTAL_KEYS})
    for key, item in body.items():
        canonical = known.get(str(key).strip())
        here = (*raw, key)
        if canonical is None:
            reader.unknown(raw, key, known, describe(path))
        elif canonical == "total":
            parts = tuple(("applications", *r.path) for r in group.reasons)
            columns = _columns(reader, item, here, (*path, "total"), parts)
            if columns is not None:
                reader.figures.totals.append(TypedTotal((*path, "total"), parts, columns))
        else:
            _row(reader, item, here, reasons[canonical].path)


def _row(reader: _Reader, value: Any, raw: tuple[Any, ...], leaf: Path) -> None:
    path = ("applications", *leaf)
    reader.at(raw, path)
    columns = _columns(reader, value, raw, path)
    if columns is not None:
        reader.figures.rows[leaf] = columns


def _columns(
    reader: _Reader, value: Any, raw: tuple[Any, ...], path: Path, parts: tuple[Path, ...] = ()
) -> dict[str, int] | None:
    """A map of the six applicant columns; a written 总计 is kept aside to be checked.

    `parts` are the rows a total row sums, so that its own 总计 column is checked against them.
    """
    line, col = reader.at(raw, path)
    if isinstance(value, int | float) and not isinstance(value, bool):
        reader.diags.error(
            "report-shape",
            f"{describe(path)}应按申请人类型分列填写，不能只写一个数“{value}”",
            line,
            col,
            f"写成 {{natural: {value}}}（自然人），其他类型：" + "、".join(S.COLUMN_KEYS[1:]),
        )
        return None
    body = reader.mapping(value, raw, path, "{natural: 1, commercial: 0}")
    if body is None:
        return None
    known = _keys(S.COLUMN_KEYS, S.COLUMN_ALIASES)
    known.update({k: "total" for k in TOTAL_KEYS})
    counts = dict.fromkeys(S.COLUMN_KEYS, 0)
    for key, item in body.items():
        canonical = known.get(str(key).strip())
        if canonical is None:
            reader.unknown(raw, key, known, describe(path))
        elif canonical == "total":
            total = reader.count(item, (*raw, key), (*path, "total"))
            reader.figures.totals.append(TypedTotal((*path, "total"), parts, total))
        else:
            counts[canonical] = reader.count(item, (*raw, key), (*path, canonical))
    return counts


def _appeals(reader: _Reader, value: Any, raw: tuple[Any, ...]) -> None:
    example = "appeals: {review: {upheld: 0, corrected: 0, other: 0, pending: 0}}"
    body = reader.mapping(value, raw, ("appeals",), example)
    if body is None:
        return
    known = _keys(tuple(S.APPEAL_GROUP_LABELS), {label: key for key, label in S.APPEAL_GROUPS})
    for key, item in body.items():
        canonical = known.get(str(key).strip())
        here = (*raw, key)
        if canonical is None:
            reader.unknown(raw, key, known, "复议诉讼情况（appeals）")
            continue
        path = ("appeals", canonical)
        reader.at(here, path)
        group = reader.mapping(item, here, path, f"{canonical}: {{upheld: 0, corrected: 0, other: 0, pending: 0}}")
        if group is None:
            continue
        outcomes = _keys(S.APPEAL_OUTCOME_KEYS, S.APPEAL_ALIASES)
        outcomes.update({k: "total" for k in TOTAL_KEYS})
        counts = dict.fromkeys(S.APPEAL_OUTCOME_KEYS, 0)
        for name, number in group.items():
            outcome = outcomes.get(str(name).strip())
            if outcome is None:
                reader.unknown(here, name, outcomes, describe(path))
            elif outcome == "total":
                total = reader.count(number, (*here, name), (*path, "total"))
                reader.figures.totals.append(TypedTotal((*path, "total"), (), total))
            else:
                counts[outcome] = reader.count(number, (*here, name), (*path, outcome))
        reader.figures.appeals[canonical] = counts
