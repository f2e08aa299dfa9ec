"""One Markdown file → one Record: decoding, front matter, field types and per-record rules."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zonegen.diagnostics import Diagnostic, Diagnostics
from zonegen.fields import (
    GUIDE_FIELDS,
    GUIDE_REQUIRED,
    PUBLIC,
    REVIEW_KEYS,
    FieldError,
    Schema,
    coerce,
    to_date,
)
from zonegen.indexno import IndexFormat
from zonegen.markdown import render, summarize
from zonegen.safety.html import allow_listed
from zonegen.safety.pii import guard_personal_data
from zonegen.safety.review import check_review
from zonegen.source import decode, split_front_matter
from zonegen.suggest import did_you_mean
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
    extra: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    spots: dict[str, tuple[int, int]] = field(default_factory=dict)  # value (and list item) positions
    body_line: int = 1
    html: str = ""
    text: str = ""
    headings: tuple[str, ...] = ()

    @property
    def is_public(self) -> bool:
        return self.disclosure == PUBLIC

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


@dataclass(frozen=True)
class RecordRules:
    """What a record is checked against: everything per-file, nothing cross-record."""

    schema: Schema
    index_format: IndexFormat
    publisher: str
    require_review: bool
    required_extra: tuple[str, ...] = ()


# Any bracket pair around the year other than 〔〕: [2025], 【2025】, (2025), ﹝2025﹞ (a look-alike), 〔2025]…
_DOC_NO_BRACKETS = re.compile(r"(?!〔\s*\d{4}\s*〕)[\[【（(［﹝〖〔{｛]\s*(\d{4})\s*[\]】）)］﹞〗〕}｝]")
# A guide section is present when some heading contains any of its words.
_GUIDE_SECTIONS = (
    ("分类与编排体系", ("分类", "编排")),
    ("主动公开", ("主动公开",)),
    ("依申请公开", ("申请公开",)),
    ("监督和救济", ("监督", "救济")),
)


def parse_record(raw: bytes, file: str, node: str, rules: RecordRules) -> tuple[Record | None, list[Diagnostic]]:
    """Read one record file; returns the record (None when unusable) and its diagnostics."""
    diags = Diagnostics(file)
    text = decode(raw, diags)
    if text is None:
        return None, diags.items
    record = _parse_text(text, file, node, rules, diags)
    if record is not None:
        record.html = allow_listed(record.html)  # held to the allow-list whatever the Markdown walk found
    diags.extend(guard_personal_data(text, file, record))
    return record, diags.items


def _parse_text(text: str, file: str, node: str, rules: RecordRules, diags: Diagnostics) -> Record | None:
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
    values, lines, spots = _typed_fields(parsed, rules.schema, diags, split.front_line)
    record = _assemble(values, lines, file, node, rules, diags, split.front_line)
    if record is None:
        return None
    record.spots = spots
    record.body_line = split.body_line
    rendered = render(split.body, file, split.body_line)
    diags.extend(rendered.diagnostics)
    record.html, record.text, record.headings = rendered.html, rendered.text, tuple(rendered.headings)
    if not record.summary:
        record.summary = summarize(rendered.text)
    _check_record(record, rules, diags)
    return record


def _typed_fields(
    doc: YamlDoc, schema: Schema, diags: Diagnostics, first_line: int
) -> tuple[dict[str, Any], dict[str, int], dict[str, tuple[int, int]]]:
    """Each key to its field and typed value; lines of keys, and where values (and items) stand."""
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    spots: dict[str, tuple[int, int]] = {}
    for name, value in doc.data.items():
        line, col = doc.positions.get((name,), (first_line, 1))
        spec = schema.lookup(str(name))
        if spec is None:
            diags.error("unknown-key", f"未知的键“{name}”", line, col, schema.suggest(str(name)))
            continue
        if spec.key in values or spec.key in lines:
            diags.error("duplicate-key", f"“{name}”与前面的“{spec.key}”是同一个字段", line, col, "删除其中一行")
            continue
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
    file: str,
    node: str,
    rules: RecordRules,
    diags: Diagnostics,
    first_line: int,
) -> Record | None:
    missing = [key for key in ("title", "index_no", "created", "published") if key not in values]
    labels = {"title": "标题", "index_no": "索引号", "created": "生成日期", "published": "发布日期"}
    how = {
        "index_no": "新建记录时用 zonegen new 自动分配索引号",
        "created": "日期写成 2025-03-01",
        "published": "日期写成 2025-03-01",
        "title": "标题写文件或信息的全称",
    }
    reported = {d.line for d in diags if d.code == "field-value"}
    for key in missing:
        if key in lines:
            if lines[key] not in reported:  # an invalid value has its own diagnostic already
                diags.error(
                    "field-required",
                    f"{labels[key]}（{key}）没有填写",
                    lines[key],
                    None,
                    f"在冒号后面填写{labels[key]}；{how[key]}",
                )
        else:
            diags.error(
                "field-required",
                f"缺少必填项{labels[key]}（{key}）",
                first_line,
                1,
                f"在头部信息中添加一行 {key}: …；{how[key]}",
            )
    if missing:
        return None
    review = _review(values.pop("review", None), lines.get("review"), diags)
    core = {k: values.pop(k) for k in list(values) if k in Record.__dataclass_fields__}
    stem = file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return Record(
        file=file,
        node=node,
        stem=stem,
        publisher=core.pop("publisher", rules.publisher),
        review=review,
        extra=values,
        lines=lines,
        **core,
    )


def _review(value: Any, line: int | None, diags: Diagnostics) -> Review | None:
    if value is None:
        return None
    by, date = "", None
    for key, item in value.items():
        canonical = REVIEW_KEYS.get(str(key))
        if canonical is None:
            diags.error(
                "unknown-key",
                f"保密审查（review）中有未知的键“{key}”",
                line,
                None,
                "只能写 by（审查人）和 date（审查日期）",
            )
        elif canonical == "by":
            by = str(item or "").strip()
        else:
            try:
                date = to_date(item)
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


def _check_record(record: Record, rules: RecordRules, diags: Diagnostics) -> None:
    line = record.line_of
    if record.published < record.created:
        diags.error(
            "published-before-created",
            f"发布日期 {record.published} 早于生成日期 {record.created}",
            *record.at("published"),
            "发布日期不能早于信息形成（成文）的日期",
        )
    _check_index_no(record, rules.index_format, diags)
    if record.doc_no:
        bad = _DOC_NO_BRACKETS.search(record.doc_no)
        if bad:
            fixed = _DOC_NO_BRACKETS.sub(lambda m: f"〔{m.group(1)}〕", record.doc_no)
            diags.error(
                "doc-no-brackets",
                f"文号“{record.doc_no}”的年份括号应为六角括号〔〕",
                *record.at("doc_no"),
                f"改为“{fixed}”",
            )
    if record.kind == "规范性文件" and "validity" not in record.lines:  # an invalid value is reported already
        diags.error(
            "validity-missing",
            "规范性文件必须注明有效性（validity）",
            *record.at("kind"),
            "添加一行 validity: 有效（或 失效、废止）",
        )
    if record.validity in ("废止", "失效") and record.repealed is None:
        diags.error(
            "repealed-missing",
            f"有效性为“{record.validity}”时必须写明废止日期（repealed）",
            *record.at("validity"),
            "添加一行 repealed: 2025-06-30",
        )
    if record.repealed and record.repealed < record.created:
        diags.error(
            "repealed-before-created",
            f"废止日期 {record.repealed} 早于生成日期 {record.created}",
            *record.at("repealed"),
            "检查废止日期",
        )
    if record.repealed and record.validity == "有效":
        diags.warning(
            "repealed-but-valid",
            "写了废止日期，但有效性仍为“有效”",
            *record.at("repealed"),
            "文件已废止或失效时，把 validity 改为 废止 或 失效",
        )
    if record.kind == "解读" and not record.interprets:
        diags.error(
            "interprets-missing",
            "解读必须写明解读对象（interprets：被解读文件的索引号）",
            *record.at("kind"),
            "添加一行 interprets: 被解读文件的索引号",
        )
    for key in list(record.extra):
        spec = rules.schema.lookup(key)
        if spec and spec.only_kind and spec.only_kind != record.kind:
            diags.error(
                "field-kind",
                f"“{key}”（{spec.label}）只用于文种为“{spec.only_kind}”的记录",
                line(key),
                record.at(key)[1],
                f"删除这一行，或把 kind 改为 {spec.only_kind}",
            )
    for key in rules.required_extra:
        if key not in record.extra:
            spec = rules.schema.lookup(key)
            label = spec.label if spec else key
            diags.error(
                "field-required",
                f"缺少本目录要求的字段“{key}”（{label}）",
                line(key) or record.body_line - 1,
                None,
                f"添加一行 {key}: …",
            )
    if record.kind == "指南":
        _check_guide(record, diags)
    if record.kind == "年度报告" and "year" not in record.extra:
        diags.error(
            "report-year",
            "年度报告必须写明年度（year）",
            *record.at("kind"),
            f"添加一行 year: {record.created.year - 1}（报告的是哪一年的工作）",
        )
    check_review(record, rules.require_review, diags)
    if not record.text.strip() and not record.attachments and record.kind != "年度报告":
        diags.error(
            "body-empty", "正文为空", record.body_line, None, "在第二个 --- 下面写正文，或在 attachments 中列出附件"
        )


_TRAILING_SEQ = re.compile(r"(\d{4})\D{0,3}?(\d{1,8})\s*$")


def _check_index_no(record: Record, fmt: IndexFormat, diags: Diagnostics) -> None:
    match = fmt.match(record.index_no)
    line, col = record.at("index_no")
    year = record.created.year
    if match is None:
        # "2025-00016" without the org code, or "…/2025-16": keep the clerk's serial in the suggestion
        found = _TRAILING_SEQ.search(record.index_no)
        guess = fmt.example(year, int(found.group(2))) if found and int(found.group(2)) else None
        if guess and fmt.match(guess):
            hint = f"应写成“{guess}”这样的格式（zone.yaml 的 index_format：{fmt.template}）"
        else:
            hint = f"例如 {fmt.example(year, 1)}（zone.yaml 的 index_format：{fmt.template}）"
        diags.error(
            "index-no-format",
            f"索引号“{record.index_no}”不符合本专区的索引号格式",
            line,
            col,
            hint + "；新建记录请用 zonegen new 自动分配索引号",
        )
    elif int(match.group("year")) != year:
        diags.error(
            "index-no-year",
            f"索引号中的年份 {match.group('year')} 与生成日期（{record.created}）的年份不一致",
            line,
            col,
            f"索引号的年份取生成日期所在的年份 {year}；新的索引号请用 zonegen new 分配",
        )


def _check_guide(record: Record, diags: Diagnostics) -> None:
    line, col = record.at("kind")
    for key in GUIDE_REQUIRED:
        if not record.extra.get(key):
            label = next(f.label for f in GUIDE_FIELDS if f.key == key)
            diags.error(
                "guide-field",
                f"政府信息公开指南缺少{label}（{key}）",
                line,
                col,
                f"条例第十二条要求指南写明{label}；在头部信息中添加一行 {key}: …",
            )
    if not record.extra.get("email") and not record.extra.get("web"):
        diags.error(
            "guide-field",
            "政府信息公开指南缺少互联网联系方式（email 或 web，至少写一项）",
            line,
            col,
            "添加一行 email: 电子邮箱，或 web: 网上申请地址",
        )
    for section, words in _GUIDE_SECTIONS:
        if not any(word in heading for heading in record.headings for word in words):
            diags.error(
                "guide-section",
                f"政府信息公开指南缺少“{section}”部分",
                record.body_line,
                None,
                f"添加一个标题含“{section}”的章节，例如 ## {section}",
            )


def attachment_problems(record: Record, content_dir: Path, zone_root: Path) -> list[tuple[int, str, str, str]]:
    """(index, code, message, hint) for each attachment that is missing, unsafe or outside content/."""
    problems = []
    folder = (zone_root / record.file).parent
    for index, name in enumerate(record.attachments):
        if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or "\\" in name:
            problems.append(
                (
                    index,
                    "attachment-path",
                    f"附件“{name}”使用了绝对路径或反斜杠",
                    "把附件放在记录旁边，attachments 中只写文件名，例如 附件1.pdf",
                )
            )
            continue
        if re.search(r"[\x00-\x1f\x7f]", name):
            shown = name.encode("unicode_escape").decode()
            problems.append(
                (
                    index,
                    "attachment-path",
                    f"附件名“{shown}”含有控制字符",
                    "把附件放在记录旁边，attachments 中只写文件名，例如 附件1.pdf",
                )
            )
            continue
        target = folder / name
        parts = Path(name).parts
        if ".." in parts:
            try:
                target.resolve().relative_to(content_dir.resolve())
                inside = True
            except ValueError:
                inside = False
            if not inside:
                problems.append(
                    (
                        index,
                        "attachment-escape",
                        f"附件“{name}”在 content 目录之外，不能发布",
                        "附件必须放在 content 目录中（通常就在记录旁边），attachments 中只写文件名",
                    )
                )
                continue
        if _has_symlink(target, content_dir):
            problems.append(
                (
                    index,
                    "attachment-symlink",
                    f"附件“{name}”是符号链接",
                    "请放入真实文件，不要用链接（链接可能指向不应公开的文件）",
                )
            )
            continue
        if not target.is_file():
            siblings = sorted(
                p.name for p in folder.iterdir() if p.is_file() and not p.is_symlink() and not p.name.endswith(".md")
            )
            problems.append(
                (
                    index,
                    "attachment-missing",
                    f"找不到附件“{name}”",
                    did_you_mean(name, siblings) or "把附件文件放在记录旁边，文件名与 attachments 中一致",
                )
            )
            continue
        if target.suffix.lower() in _FORBIDDEN_SUFFIXES:
            problems.append(
                (index, "attachment-type", f"附件“{name}”的类型不允许发布", "附件可以是 PDF、Office 文档、图片或压缩包")
            )
    return problems


_FORBIDDEN_SUFFIXES = {".html", ".htm", ".xhtml", ".js", ".mjs", ".svg", ".exe", ".bat", ".cmd", ".sh", ".php", ".md"}


def _has_symlink(target: Path, content_dir: Path) -> bool:
    path = target
    while True:
        if path.is_symlink():
            return True
        if path == content_dir or path.parent == path:
            return False
        path = path.parent
