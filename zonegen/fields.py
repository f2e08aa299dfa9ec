"""The front-matter schema: built-in fields, the guide's fields, and a county's extra fields."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from zonegen.suggest import nearest
from zonegen.yamlsrc import InvalidDate

KINDS = ("规范性文件", "政策文件", "解读", "公告公示", "工作动态", "年度报告", "指南", "其他")
DISCLOSURES = ("主动公开", "依申请公开", "不予公开")
VALIDITIES = ("有效", "失效", "废止")
PUBLIC = "主动公开"


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    type: str  # string | text | date | int | bool | list | enum | map
    values: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    only_kind: str | None = None  # a field that belongs to one 文种 only
    heading: str | None = None  # what pages call it, where the national page layout differs from `label`


CORE_FIELDS = (
    Field("title", "标题", "string", aliases=("名称",), heading="名称"),
    Field("index_no", "索引号", "string"),
    Field("created", "生成日期", "date", aliases=("成文日期", "形成日期")),
    Field("published", "发布日期", "date"),
    Field("publisher", "发布机构", "string", aliases=("发文机关",)),
    Field("doc_no", "文号", "string", aliases=("发文字号",)),
    Field("kind", "文种", "enum", KINDS),
    Field("disclosure", "公开属性", "enum", DISCLOSURES, aliases=("公开方式",), heading="公开方式"),
    Field("validity", "有效性", "enum", VALIDITIES),
    Field("repealed", "废止日期", "date", aliases=("失效日期",)),
    Field("interprets", "解读对象", "string"),
    Field("summary", "内容概述", "text", aliases=("摘要",)),
    Field("keywords", "关键词", "list", aliases=("主题词",)),
    Field("topic", "主题分类", "string"),
    Field("attachments", "附件", "list"),
    Field("review", "保密审查", "map"),
    Field("pii_ok", "个人信息说明", "string"),
    Field("also", "同时发布于", "list"),
    Field("approved", "批准日期", "date"),
    Field("expires", "公示截止", "date", aliases=("公示截止日期",)),
)
GUIDE_FIELDS = (
    Field("office", "工作机构名称", "string", only_kind="指南"),
    Field("address", "办公地址", "string", only_kind="指南"),
    Field("hours", "办公时间", "string", only_kind="指南"),
    Field("phone", "联系电话", "string", only_kind="指南"),
    Field("fax", "传真号码", "string", aliases=("传真",), only_kind="指南"),
    Field("email", "电子邮箱", "string", only_kind="指南"),
    Field("web", "互联网联系方式", "string", aliases=("网址",), only_kind="指南"),
    Field("postcode", "邮政编码", "string", only_kind="指南"),
)
REPORT_FIELDS = (
    Field("year", "年度", "int", only_kind="年度报告"),
    Field("proactive", "主动公开情况", "map", only_kind="年度报告"),
    Field("applications", "申请情况", "map", only_kind="年度报告"),
    Field("appeals", "复议诉讼情况", "map", only_kind="年度报告"),
)
GUIDE_REQUIRED = ("office", "address", "hours", "phone")
CORE_KEYS = frozenset(f.key for f in CORE_FIELDS + GUIDE_FIELDS + REPORT_FIELDS)
CORE_LABELS = frozenset(f.label for f in CORE_FIELDS + GUIDE_FIELDS + REPORT_FIELDS)
REVIEW_KEYS = {"by": "by", "审查人": "by", "date": "date", "审查日期": "date"}


class Schema:
    """Every field a record may carry, reachable by English key, Chinese label or alias."""

    def __init__(self, extra: tuple[Field, ...] = ()) -> None:
        self.fields = CORE_FIELDS + GUIDE_FIELDS + REPORT_FIELDS + extra
        self.extra = extra
        self.by_name: dict[str, Field] = {}
        for spec in self.fields:
            for name in (spec.key, spec.label, *spec.aliases):
                self.by_name[name] = spec

    def lookup(self, name: str) -> Field | None:
        return self.by_name.get(name.strip())

    def suggest(self, name: str) -> str:
        """A “did you mean” hint for an unknown key; the list of main keys when nothing is close."""
        spec = self._nearest(name.strip())
        if spec is not None and _is_cjk(name):  # answer in the language the clerk wrote the key in
            return f"您是不是想写“{spec.label}”（{spec.key}）？"
        if spec is not None:
            return f"您是不是想写“{spec.key}”（{spec.label}）？"
        return "可用的键：" + "、".join(f"{f.key}（{f.label}）" for f in CORE_FIELDS[:10]) + " 等，详见用户手册"

    def _nearest(self, name: str) -> Field | None:
        if name in _MISNOMERS:
            return self.by_name[_MISNOMERS[name]]
        # Chinese labels are short: one wrong character of four is a ratio of 0.75, two are 0.5.
        cjk = _is_cjk(name)
        normalised = name.replace("时间", "日期") if cjk else name
        match = nearest(normalised, self.by_name, cutoff=0.5 if cjk else 0.6)
        return self.by_name[match] if match else None


def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


# Everyday names of 文种 and 有效性 values, for the "did you mean" of an enum.
_VALUE_WORDS = {
    "通知": "公告公示", "公告": "公告公示", "公示": "公告公示", "通告": "公告公示", "政策解读": "解读",
    "图解": "解读", "动态": "工作动态", "新闻": "工作动态", "工作信息": "工作动态", "规范性": "规范性文件",
    "行政规范性文件": "规范性文件", "政策": "政策文件", "文件": "政策文件", "报告": "年度报告",
    "公开指南": "指南", "现行有效": "有效", "现行": "有效", "已废止": "废止", "已失效": "失效", "无效": "失效",
    "公开": "主动公开", "不公开": "不予公开", "依申请": "依申请公开",
}  # fmt: skip


# Words clerks use for a field under another name; suggested, never silently accepted.
_MISNOMERS = {
    "date": "published", "日期": "published", "发文日期": "created", "印发日期": "created",
    "发文单位": "publisher", "来源": "publisher", "发布单位": "publisher", "author": "publisher",
    "文件编号": "doc_no", "编号": "index_no", "category": "topic", "分类": "topic", "tags": "keywords",
    "description": "summary", "简介": "summary", "status": "validity", "状态": "validity",
    "files": "attachments", "file": "attachments", "附件列表": "attachments", "类型": "kind",
    "公开类型": "disclosure", "公开形式": "disclosure",
}  # fmt: skip


class FieldError(ValueError):
    """A value that does not fit its field; carries the Chinese message and hint."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


_CN_DATE = re.compile(r"^\s*(\d{4})\s*(?:年|/|\.|-)\s*(\d{1,2})\s*(?:月|/|\.|-)\s*(\d{1,2})\s*日?\s*$")


def to_date(value: Any) -> dt.date:
    """Accepts YAML dates and the forms clerks type: 2025年3月1日, 2025/3/1, 2025.3.1."""
    if isinstance(value, dt.date) and not isinstance(value, InvalidDate):
        return value
    match = _CN_DATE.match(str(value)) or _ISO_LIKE.match(str(value))
    if match:
        year, month, day = (int(g) for g in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise FieldError(f"日期“{value}”不存在", _why_impossible(year, month, day)) from None
    raise FieldError(f"“{value}”不是日期", "日期写成 2025-03-01")


_ISO_LIKE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def _why_impossible(year: int, month: int, day: int) -> str:
    if not 1 <= month <= 12:
        return f"月份只能是 1 到 12，这里写的是 {month}"
    days = calendar.monthrange(year, month)[1] if year >= 1 else 31
    return f"{year}年{month}月只有{days}天；请核对原件上的日期"


def coerce(spec: Field, value: Any) -> Any:
    """Turn a YAML value into the field's type, or raise FieldError."""
    kind = spec.type
    if kind in ("string", "text"):
        if isinstance(value, list | dict):
            raise FieldError(
                f"{spec.label}（{spec.key}）应为一段文字",
                "去掉 - 、[ ] 或 { }，直接写文字；文字中有英文冒号时，用英文引号把整个值括起来",
            )
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value).strip()
    if kind == "date":
        try:
            return to_date(value)
        except FieldError as exc:
            # named by field, so a clerk knows which of the dates on the line above is wrong
            what = "不是真实存在的日期" if exc.message.startswith("日期") else "不是日期"
            raise FieldError(f"{spec.label}（{spec.key}）“{value}”{what}", exc.hint) from None
    if kind == "enum":
        text = str(value).strip()
        if text not in spec.values:
            guess = _VALUE_WORDS.get(text) if _VALUE_WORDS.get(text) in spec.values else None
            guess = guess or nearest(text, spec.values, cutoff=0.3)
            hint = f"您是不是想写“{guess}”？" if guess else "从可选值中选一个，一字不差地照写"
            raise FieldError(f"{spec.label}（{spec.key}）“{text}”无效，可选：{'、'.join(spec.values)}", hint)
        return text
    if kind == "list":
        if isinstance(value, str):
            return tuple(v.strip() for v in re.split(r"[、,，;；]", value) if v.strip())
        if not isinstance(value, list) or any(isinstance(v, list | dict) for v in value):
            raise FieldError(f"{spec.label}（{spec.key}）应为列表", "写成 [甲, 乙] 或每行一个“- 甲”")
        return tuple(str(v).strip() for v in value if v is not None and str(v).strip())
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).strip().isdigit():
            example = "2024" if spec.key == "year" else "12"
            raise FieldError(f"{spec.label}（{spec.key}）“{value}”应为整数", f"只写阿拉伯数字，例如 {example}")
        return int(value)
    if kind == "bool":
        if isinstance(value, bool):
            return value
        if str(value) in ("是", "否"):
            return str(value) == "是"
        raise FieldError(
            f"{spec.label}（{spec.key}）“{value}”应为 true 或 false", "写 true 或 false（也可以写 是 或 否）"
        )
    if kind == "map":
        if not isinstance(value, dict):
            raise FieldError(
                f"{spec.label}（{spec.key}）应为“键: 值”的组合",
                "例如 review: {by: 审查人姓名, date: 2025-03-01}" if spec.key == "review" else None,
            )
        return value
    raise AssertionError(f"unknown field type {kind}")  # catalog validation prevents this
