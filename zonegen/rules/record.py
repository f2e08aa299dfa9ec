"""Per-record rules: what one parsed record must satisfy, knowing nothing of the others."""

from __future__ import annotations

import re
from dataclasses import dataclass

from zonegen.diagnostics import Diagnostic, Diagnostics
from zonegen.indexno import IndexFormat
from zonegen.records import Parsed, Record
from zonegen.safety.pii import guard_personal_data
from zonegen.safety.review import check_review
from zonegen.schema import GUIDE_FIELDS, GUIDE_REQUIRED, Schema


@dataclass(frozen=True)
class RecordPolicy:
    """What a record is checked against: everything per-file, nothing cross-record."""

    schema: Schema
    index_format: IndexFormat
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


def check_record(parsed: Parsed, rules: RecordPolicy) -> list[Diagnostic]:
    """The rules over one parsed file; its parse diagnostics come first, then these."""
    diags = Diagnostics(parsed.file)
    record = parsed.record
    if record is not None:
        _check_fields(record, rules, diags, parsed.diagnostics)
    if parsed.text is not None:
        diags.extend(guard_personal_data(parsed.text, parsed.file, record))
    return [*parsed.diagnostics, *diags.items]


def _check_fields(record: Record, rules: RecordPolicy, diags: Diagnostics, earlier: list[Diagnostic]) -> None:
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
    review = (record.review.by, record.review.date) if record.review else None
    check_review(
        review,
        line=record.line_of("review"),
        public=record.is_public,
        created=record.created,
        published=record.published,
        body_line=record.body_line,
        require_review=rules.require_review,
        earlier=earlier,
        diags=diags,
    )
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
