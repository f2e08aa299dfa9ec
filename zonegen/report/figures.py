"""The figures of one 年度报告 record, read from its `proactive`/`applications`/`appeals` maps.

Parsing walks the maps as the clerk wrote them (keys may be Chinese labels), records each
figure's position for diagnostics, and reports unknown keys, wrong shapes and counts that
are negative or not whole numbers. Missing figures are zero, except where the zone can
compute them (section 二 行政规范性文件, section 三 from data/applications.csv): those stay
"not written" so the computed value can be used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from zonegen.diagnostics import Diagnostics
from zonegen.report import schema as S
from zonegen.schema import unknown_key

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
    layout: S.Layout
    proactive: dict[str, dict[str, int | float]] = field(default_factory=dict)  # written section 二 figures only
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


def describe(path: Path, layout: S.Layout) -> str:
    """The national label of a figure's canonical path, for messages."""
    head = path[0]
    if head == "applications":
        rest = path[1:]
        column = ""
        if rest and rest[-1] in S.COLUMN_LABELS:
            column = f"（{S.COLUMN_LABELS[rest[-1]]}）"
            rest = rest[:-1]
        return _row_label(rest, layout) + column
    if head == "appeals":
        label = S.APPEAL_GROUP_LABELS.get(path[1], path[1]) if len(path) > 1 else "复议诉讼情况"
        if len(path) > 1 and path[1] != "review":
            label = f"{S.LAWSUIT_LABEL}—{label}"
        if len(path) > 2:
            label += "—" + dict(S.APPEAL_OUTCOMES).get(path[2], S.TOTAL_LABEL)
        return label
    if len(path) < 2:
        return "主动公开情况"
    found = layout.row(path[1])
    if found is None:
        return path[1]
    item, label = found
    if len(path) > 2 and not item.scalar:
        label += "—" + next((m.label for m in item.measures if m.key == path[2]), path[2])
    return label


def _row_label(rest: tuple[str, ...], layout: S.Layout) -> str:
    leaf = layout.leaf(rest)
    if leaf is not None:
        if len(rest) == 3:
            group = layout.group(rest[1])
            return f"{group.label if group else ''}{leaf.label}"
        return leaf.label
    if rest == ("results",):
        return S.RESULTS_LABEL
    if rest == ("results", "total"):
        return S.RESULTS_TOTAL_LABEL
    if len(rest) >= 2 and rest[0] == "results":
        group = layout.group(rest[1])
        if group is not None:
            return group.label + ("合计" if rest[-1] == "total" else "")
    if rest and rest[-1] == "total":
        return _row_label(rest[:-1], layout) + "的总计"
    return "申请情况" + ("." + ".".join(rest) if rest else "")


class _Reader:
    """Walks one report's maps; `raw` paths locate keys as written, canonical paths name figures."""

    def __init__(self, figures: Figures, locate: Locate, diags: Diagnostics) -> None:
        self.figures, self.locate, self.diags = figures, locate, diags
        self.layout = figures.layout
        self.other = S.other_layout(figures.layout)

    def describe(self, path: Path) -> str:
        return describe(path, self.layout)

    def foreign(self, raw: tuple[Any, ...], keys: list[Any], where: str, hint: str) -> None:
        """Something written in the other national layout: say which layout it is and what this year's wants.

        `keys` are the other layout's keys found in the map at `raw`; none means the shape of the
        value at `raw` (a number for a map, or a map for a number) is the other layout's.
        """
        line, col = self.locate((*raw, keys[0])) if keys else self.locate(raw)
        layout, other, year = self.layout, self.other, self.figures.year
        what = f"{where}中的" + "".join(f"“{key}”" for key in keys) if keys else f"{where}的写法"
        self.diags.error(
            "report-format",
            f"{what}属于 {other.short}（{other.name}）；{year} 年度报告使用 {layout.short}（{layout.name}）",
            line,
            col,
            hint,
        )

    def at(self, raw: tuple[Any, ...], path: Path) -> Position:
        position = self.locate(raw)
        self.figures.positions.setdefault(path, position)
        return position

    def unknown(self, raw: tuple[Any, ...], key: Any, known: dict[str, str], where: str) -> None:
        unknown_key(key, known, self.locate((*raw, key)), self.diags, where=where, code="report-key")

    def mapping(self, value: Any, raw: tuple[Any, ...], path: Path, example: str) -> dict | None:
        if value is None:
            return {}
        if isinstance(value, dict):
            return value
        line, col = self.at(raw, path)
        self.diags.error(
            "report-shape", f"{self.describe(path)}应为“键: 值”的组合，不能写“{value}”", line, col, f"写成 {example}"
        )
        return None

    def count(self, value: Any, raw: tuple[Any, ...], path: Path, signed: bool = False) -> int:
        """A whole, non-negative count (`signed`: a change, which may be negative); else reported, and 0."""
        line, col = self.at(raw, path)
        if value is None:
            return 0
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            shown = str(value).lower() if isinstance(value, bool) else value  # as YAML spells it
            self.diags.error(
                "report-number",
                f"{self.describe(path)}应为整数，不能写“{shown}”",
                line,
                col,
                "件数写阿拉伯数字，例如 3；没有的写 0" + ("；减少的写负数，例如 -2" if signed else ""),
            )
            return 0
        return value if signed else self._non_negative(value, line, col, path)

    def _non_negative(self, value: int, line: int | None, col: int | None, path: Path) -> int:
        if value < 0:
            self.diags.error("report-number", f"{self.describe(path)}不能为负数（{value}）", line, col, "件数最小为 0")
            return 0
        return value


def _keys(canonical: tuple[str, ...], aliases: dict[str, str] | None = None) -> dict[str, str]:
    known = {key: key for key in canonical}
    known.update(aliases or {})
    return known


def read_figures(year: int, data: dict[str, Any], locate: Locate, diags: Diagnostics) -> Figures:
    """Parse the report maps of one record; `locate` finds a key path (top key canonical) in its file."""
    figures = Figures(year, S.layout_for(year))
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


def _row_keys(layout: S.Layout) -> dict[str, str]:
    """Row keys and national labels of section 二 → row key."""
    return {
        **{key: key for key in layout.row_keys},
        **{label: key for item in layout.items for key, label in item.rows},
    }


def _measure_keys(item: S.Item) -> dict[str, str]:
    return {**{m.key: m.key for m in item.measures}, **{m.label: m.key for m in item.measures}}


def _written_as(item: S.Item, row: str) -> str:
    """How a row of a section 二 item is written: `licensing: 3` or `rules: {issued: 1, …}`."""
    if item.scalar:
        return f"只填{item.measures[0].label}一个数，写成 {row}: 数字"
    keys = ", ".join(f"{m.key}: …" for m in item.measures)
    return f"写成 {row}: {{{keys}}}（" + "、".join(f"{m.key} {m.label}" for m in item.measures) + "）"


def _proactive(reader: _Reader, value: Any, raw: tuple[Any, ...]) -> None:
    layout, other = reader.layout, reader.other
    first = layout.items[0]
    example = f"proactive: {{normative: {{{', '.join(f'{m.key}: 0' for m in first.measures)}}}}}"
    body = reader.mapping(value, raw, ("proactive",), example)
    if body is None:
        return
    known, foreign = _row_keys(layout), _row_keys(other)
    for key, item in body.items():
        name = str(key).strip()
        here = (*raw, key)
        if name in known:
            _proactive_row(reader, known[name], item, here)
        elif name in foreign:
            rows = "；".join(
                f"第{it.item}项 " + "、".join(f"{k}（{label}）" for k, label in it.rows) for it in layout.items
            )
            reader.foreign(
                raw,
                [key],
                "主动公开情况（proactive）",
                f"{layout.short}没有“{other.label(foreign[name])}”这一项；第二十条各项：{rows}",
            )
        else:
            reader.unknown(raw, key, known, "主动公开情况（proactive）")


def _proactive_row(reader: _Reader, key: str, value: Any, raw: tuple[Any, ...]) -> None:
    """One section 二 row: a number (an item with one measure) or a map of its measures."""
    layout, other = reader.layout, reader.other
    item, found = layout.item_of(key), other.row(key)
    theirs = found[0] if found is not None else None
    label = layout.label(key)
    path = ("proactive", key)
    line, col = reader.at(raw, path)
    where = f"{layout.short}的{label}"
    if value is None:
        return
    if item.scalar:
        measure = item.measures[0]
        if not isinstance(value, dict):
            reader.figures.proactive[key] = {measure.key: _value(reader, measure, value, raw, path)}
        elif theirs is not None and not theirs.scalar and set(map(str, value)) & set(_measure_keys(theirs)):
            reader.foreign(raw, [], label, f"{where}{_written_as(item, key)}{_same(layout, other, theirs, item)}")
        else:
            reader.diags.error(
                "report-shape", f"{label}不能写成“键: 值”", line, col, f"{where}{_written_as(item, key)}"
            )
        return
    if isinstance(value, int | float) and not isinstance(value, bool) and theirs is not None and theirs.scalar:
        reader.foreign(raw, [], label, f"{where}分栏填写：{_written_as(item, key)}{_same(layout, other, theirs, item)}")
        return
    body = reader.mapping(value, raw, path, _written_as(item, key).removeprefix("写成 "))
    if body is None:
        return
    known, foreign = _measure_keys(item), _measure_keys(theirs) if theirs is not None else {}
    strays: list[Any] = []
    counts: dict[str, int | float] = {}
    for name, number in body.items():
        measure = next((m for m in item.measures if m.key == known.get(str(name).strip())), None)
        if measure is not None:
            counts[measure.key] = _value(reader, measure, number, (*raw, name), (*path, measure.key))
        elif str(name).strip() in foreign:
            strays.append(name)
        else:
            reader.unknown(raw, name, known, reader.describe(path))
    if strays and theirs is not None:
        reader.foreign(raw, strays, label, f"{where}{_written_as(item, key)}{_same(layout, other, theirs, item)}")
    reader.figures.proactive[key] = counts


def _same(layout: S.Layout, other: S.Layout, theirs: S.Item, item: S.Item) -> str:
    """Which columns of the other layout's row count the same as this one's, and which have no match here."""
    notes, matched = [], set()
    for measure in item.measures:
        for a, b in S.EQUIVALENT_MEASURES:
            their = b if measure.key == a else a if measure.key == b else None
            found = next((m for m in theirs.measures if m.key == their), None)
            if found is not None:
                notes.append(f"{other.short}的“{found.label}”即“{measure.label}”")
                matched.add(found.key)
    missing = [m.label for m in theirs.measures if m.key not in matched]
    if missing:
        notes.append("".join(f"“{label}”" for label in missing) + f"在 {layout.short}中没有对应的栏目")
    return "".join(f"；{note}" for note in notes)


def _value(reader: _Reader, measure: S.Measure, value: Any, raw: tuple[Any, ...], path: Path) -> int | float:
    if measure.kind == "amount":
        return _amount(reader, measure, value, raw, path)
    return reader.count(value, raw, path, signed=measure.kind == "change")


def _amount(reader: _Reader, measure: S.Measure, value: Any, raw: tuple[Any, ...], path: Path) -> float:
    """An amount of money: a number ≥ 0, as written (万元 where the format says so)."""
    line, col = reader.at(raw, path)
    what = reader.describe(path) + ("金额" if len(path) == 2 else "")  # a one-number row is its amount
    wan = "万元" in measure.label
    if value is None:
        return 0.0
    if isinstance(value, bool) or not isinstance(value, int | float):
        reader.diags.error(
            "report-number",
            f"{what}应为数字{'（单位：万元）' if wan else ''}，不能写“{value}”",
            line,
            col,
            f"只写数字，例如 {path[1]}: 1.25{' 表示 1.25 万元' if wan else ''}；没有的写 0",
        )
        return 0.0
    if value < 0:
        reader.diags.error("report-number", f"{what}不能为负数（{value}）", line, col, "没有的写 0")
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
    groups = {g.key: g for g in reader.layout.groups}
    known = _keys(tuple(groups), {k: "total" for k in (*TOTAL_KEYS, S.RESULTS_TOTAL_LABEL)})
    for key, item in body.items():
        canonical = known.get(str(key).strip())
        here = (*raw, key)
        if canonical is None:
            reader.unknown(raw, key, known, "本年度办理结果（results）")
        elif canonical == "total":
            parts = tuple(("applications", *leaf.path) for leaf in reader.layout.result_leaves)
            columns = _columns(reader, item, here, (*path, "total"), parts)
            if columns is not None:
                reader.figures.totals.append(TypedTotal((*path, "total"), parts, columns))
        elif groups[canonical].reasons:
            _reason_group(reader, groups[canonical], item, here)
        elif _reasons_of_other_layout(reader, canonical, item, here):
            continue
        else:
            _row(reader, item, here, ("results", canonical))


def _reasons_of_other_layout(reader: _Reader, key: str, value: Any, raw: tuple[Any, ...]) -> bool:
    """A group that is one row here but has reasons in the other layout, written with those reasons."""
    theirs = reader.other.group(key)
    if theirs is None or not theirs.reasons or not isinstance(value, dict):
        return False
    reasons = {r.path[-1] for r in theirs.reasons}
    strays = [name for name in value if str(name).strip() in reasons]
    if not strays:
        return False
    group = reader.layout.group(key)
    label = group.label if group else key
    reader.foreign(
        raw,
        strays,
        label,
        f"{reader.layout.short}的{label}是一行，不分理由：把各理由的件数相加，写成 {key}: {{natural: 1}}",
    )
    return True


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
        theirs = reader.other.group(group.key)
        if theirs is not None and not theirs.reasons:  # one row in the other layout: say which it is
            reasons = "、".join(f"{r.path[-1]}（{r.label}）" for r in group.reasons)
            reader.foreign(
                raw,
                [],
                group.label,
                f"{reader.layout.short}把{group.label}分为{len(group.reasons)}项，按理由填写，"
                f"例如 {group.key}: {{{first}: {{natural: 1}}}}；理由：{reasons}",
            )
            return
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
            reader.unknown(raw, key, known, reader.describe(path))
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
            f"{reader.describe(path)}应按申请人类型分列填写，不能只写一个数“{value}”",
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
            reader.unknown(raw, key, known, reader.describe(path))
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
                reader.unknown(here, name, outcomes, reader.describe(path))
            elif outcome == "total":
                total = reader.count(number, (*here, name), (*path, "total"))
                reader.figures.totals.append(TypedTotal((*path, "total"), (), total))
            else:
                counts[outcome] = reader.count(number, (*here, name), (*path, outcome))
        reader.figures.appeals[canonical] = counts
