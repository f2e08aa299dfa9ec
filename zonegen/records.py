"""One Markdown file → one Record: decoding, front matter, field types and the rendered body.

Parsing applies no policy: what a record is checked against lives in zonegen.rules, and the
loader runs both. A parse result is a pure function of (bytes, file, node, ParseSettings)
and pickles as it is, so it can be cached between builds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from zonegen.diagnostics import Diagnostic, Diagnostics
from zonegen.fields import PUBLIC, FieldError, coerce, to_date
from zonegen.markdown import render, summarize
from zonegen.schema import CORE_FIELDS, FRONT_MATTER, REVIEW, Schema, required_keys
from zonegen.source import decode, split_front_matter
from zonegen.yamlsrc import YamlDoc, YamlError, lint_and_repair, parse_yaml


def normalise_path(path: str) -> str:
    """Resolve `.` and `..` in a slash-separated path as text, without touching the disk."""
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return ("/" if path.startswith("/") else "") + "/".join(parts)


@dataclass(frozen=True, slots=True)
class Review:
    by: str
    date: dt.date


@dataclass(eq=False, slots=True)
class Record:
    """One piece of government information, as its file declares it."""

    file: str  # relative to the zone root, with forward slashes
    node: str  # catalog id path of its folder
    stem: str
    title: str
    index_no: str
    created: dt.date
    published: dt.date
    publisher: str
    kind: str = "其他"
    disclosure: str = PUBLIC
    doc_no: str = ""
    validity: str = ""
    repealed: dt.date | None = None
    interprets: str = ""
    summary: str = ""
    keywords: tuple[str, ...] = ()
    topic: str = ""
    attachments: tuple[str, ...] = ()
    review: Review | None = None
    pii_ok: str = ""
    also: tuple[str, ...] = ()
    approved: dt.date | None = None  # the approval that starts a deadline clock (预决算: 人大批准/财政批复)
    expires: dt.date | None = None  # last day of a 公示期: not published from the next day
    extra: dict[str, Any] = field(default_factory=dict)  # guide, report and county fields: never attributes
    lines: dict[str, int] = field(default_factory=dict)
    spots: dict[str, tuple[int, int]] = field(default_factory=dict)  # value (and list item) positions
    # Keys inside map fields (an annual report's figures), by (field key, key as written, …), so
    # that what checks them later never reads the file again.
    nested: dict[tuple[str, ...], tuple[int, int]] = field(default_factory=dict)
    body_line: int = 1
    html: str = ""
    text: str = ""
    headings: tuple[str, ...] = ()
    heading_lines: tuple[int, ...] = ()  # source line of each of `headings`

    @property
    def is_public(self) -> bool:
        return self.disclosure == PUBLIC

    def published_on(self, day: dt.date) -> bool:
        """Whether a build made on `day` publishes this record: 主动公开, and its 公示期 not over."""
        return self.disclosure == PUBLIC and (self.expires is None or day <= self.expires)

    def attachment_file(self, name: str) -> str:
        """The zone-relative path ("content/…") an attachment name points to, `..` resolved."""
        return normalise_path(f"{self.file.rsplit('/', 1)[0]}/{name}")

    def line_of(self, key: str) -> int | None:
        return self.lines.get(key)

    def at(self, key: str) -> tuple[int | None, int | None]:
        """(line, column) of a field's value, or of one list item as "attachments/0"."""
        if key in self.spots:
            return self.spots[key]
        return self.lines.get(key.split("/", 1)[0]), None


# The built-in fields that are Record attributes; review is built apart, everything else is `extra`.
_ATTRIBUTES = frozenset(f.key for f in CORE_FIELDS) - {"review"}
# Every name a record uses internally: a catalog field may not take one (catalog.py reserves them).
RESERVED_NAMES = frozenset(
    (*Record.__dataclass_fields__, *(n for n in dir(Record) if not n.startswith("_")), "url", "path", "id")
)


@dataclass(frozen=True)
class ParseSettings:
    """Everything parsing depends on besides the file itself; no policy."""

    schema: Schema
    publisher: str  # the zone's name, when a record names no 发布机构


@dataclass
class Parsed:
    """What parsing one file gives: the record (None when unusable), its diagnostics, and its text.

    The text is kept for the rules that read the file as written (the personal-data guard
    also checks a file too broken to become a record).
    """

    file: str
    record: Record | None
    diagnostics: list[Diagnostic]
    text: str | None


def parse_record(raw: bytes, file: str, node: str, settings: ParseSettings) -> Parsed:
    """Read one record file: decode, split, type the front matter and render the body."""
    diags = Diagnostics(file)
    text = decode(raw, diags)
    record = None if text is None else _parse_text(text, file, node, settings, diags)
    return Parsed(file, record, diags.items, text)


def _parse_text(text: str, file: str, node: str, settings: ParseSettings, diags: Diagnostics) -> Record | None:
    split = split_front_matter(text, diags)
    if split is None:
        return None
    front, fixes = lint_and_repair(split.front, split.front_line - 1)
    for fix in fixes:
        diags.error(fix.kind, fix.message, fix.line, fix.column, fix.hint)
    parsed = parse_yaml(front, split.front_line - 1)
    if isinstance(parsed, YamlError):
        diags.error("yaml-syntax", parsed.message, parsed.line, parsed.column, parsed.hint)
        return None
    if parsed.data is None:
        parsed.data = {}
    if not isinstance(parsed.data, dict):
        diags.error(
            "front-matter-format",
            "头部信息应由“键: 值”组成",
            split.front_line,
            1,
            "每行写一个“键: 值”，例如 title: 关于……的通知",
        )
        return None
    for path, line, col in parsed.duplicates:
        diags.error("duplicate-key", f"“{path[0]}”写了两次", line, col, "删除多余的一行")
    values, lines, spots = _typed_fields(parsed, settings.schema, diags, split.front_line)
    record = _assemble(values, lines, parsed, file, node, settings, diags, split.front_line)
    if record is None:
        return None
    record.spots = spots
    record.nested = _nested_positions(parsed, settings.schema, values)
    record.body_line = split.body_line
    rendered = render(split.body, file, split.body_line)
    diags.extend(rendered.diagnostics)
    record.html, record.text, record.headings = rendered.html, rendered.text, tuple(rendered.headings)
    record.heading_lines = tuple(rendered.heading_lines)
    if not record.summary:
        record.summary = summarize(rendered.text)
    return record


def _typed_fields(
    doc: YamlDoc, schema: Schema, diags: Diagnostics, first_line: int
) -> tuple[dict[str, Any], dict[str, int], dict[str, tuple[int, int]]]:
    """Each key to its field and typed value; lines of keys, and where values (and items) stand."""
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    spots: dict[str, tuple[int, int]] = {}
    written = schema.read(doc.data, (), lambda path: doc.positions.get(path, (first_line, 1)), diags)
    for key, name in written.items():
        spec, value = schema.by_key[key], doc.data[name]
        line, col = doc.positions.get((name,), (first_line, 1))
        lines[spec.key] = line
        spots[spec.key] = doc.values.get((name,), (line, col))
        if value is None or value == "" or value == []:
            continue  # an empty value is the same as leaving the key out
        value = _as_written(spec.type, value, (name,), doc)
        if isinstance(value, list):
            for index in range(len(value)):
                if (name, index) in doc.positions:
                    spots[f"{spec.key}/{index}"] = doc.positions[(name, index)]
        try:
            values[spec.key] = coerce(spec, value)
        except FieldError as exc:
            vline, vcol = spots[spec.key]
            diags.error("field-value", exc.message, vline, vcol, exc.hint)
    return values, lines, spots


def _nested_positions(doc: YamlDoc, schema: Schema, values: dict[str, Any]) -> dict[tuple[str, ...], tuple[int, int]]:
    """Where each key inside a map-valued field stands, under the field's canonical key."""
    found: dict[tuple[str, ...], tuple[int, int]] = {}
    maps = {}
    for name in doc.data:
        spec = schema.lookup(str(name))
        if spec is not None and isinstance(values.get(spec.key), dict):
            maps[str(name)] = spec.key
    if not maps:
        return found
    for path, position in doc.positions.items():
        key = maps.get(str(path[0]))
        if key is not None:
            found[(key, *(str(part) for part in path[1:]))] = position
    return found


def _as_written(kind: str, value: Any, path: tuple, doc: YamlDoc) -> Any:
    """Text fields take the scalar as typed (YAML would read 0571-… or 8:30 as numbers)."""
    if kind in ("string", "text"):
        if not isinstance(value, str) and path in doc.raw:
            return doc.raw[path]
    elif kind == "list" and isinstance(value, list):
        return [
            doc.raw.get((*path, i), item) if item is not None and not isinstance(item, str | list | dict) else item
            for i, item in enumerate(value)
        ]
    return value


def _assemble(
    values: dict[str, Any],
    lines: dict[str, int],
    doc: YamlDoc,
    file: str,
    node: str,
    settings: ParseSettings,
    diags: Diagnostics,
    first_line: int,
) -> Record | None:
    missing = [spec for spec in required_keys(settings.schema) if spec.key not in values]
    reported = {d.line for d in diags if d.code == "field-value"}
    for spec in missing:
        key = spec.key
        if key in lines:
            if lines[key] not in reported:  # an invalid value has its own diagnostic already
                diags.error(
                    "field-required",
                    f"{spec.label}（{key}）没有填写",
                    lines[key],
                    None,
                    f"在冒号后面填写{spec.label}；{spec.hint}",
                )
        else:
            diags.error(
                "field-required",
                f"缺少必填项{spec.label}（{key}）",
                first_line,
                1,
                f"在头部信息中添加一行 {key}: …；{spec.hint}",
            )
    if missing:
        return None
    review = _review(values.pop("review", None), lines.get("review"), doc, diags)
    # Only built-in fields become attributes: a county field can never collide with one.
    core = {k: values.pop(k) for k in list(values) if k in _ATTRIBUTES}
    stem = file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return Record(
        file=file,
        node=node,
        stem=stem,
        publisher=core.pop("publisher", settings.publisher),
        review=review,
        extra=values,
        lines=lines,
        **core,
    )


def _review(value: Any, line: int | None, doc: YamlDoc, diags: Diagnostics) -> Review | None:
    if value is None:
        return None
    by, date = "", None
    raw = next((name for name in doc.data if getattr(FRONT_MATTER.lookup(name), "key", "") == "review"), "review")
    written = REVIEW.read(value, (raw,), doc.where, diags)
    if "by" in written:
        by = str(value[written["by"]] or "").strip()
    if "date" in written:
        try:
            date = to_date(value[written["date"]])
        except FieldError as exc:
            diags.error("field-value", f"审查日期：{exc.message}", line, None, exc.hint)
    if not by:
        diags.error(
            "review-incomplete",
            "保密审查缺少审查人（by）",
            line,
            None,
            "写成 review: {by: 审查人姓名, date: 2025-03-01}",
        )
    if date is None:
        diags.error(
            "review-incomplete",
            "保密审查缺少审查日期（date）",
            line,
            None,
            "写成 review: {by: 审查人姓名, date: 2025-03-01}",
        )
    return Review(by, date) if by and date else None
