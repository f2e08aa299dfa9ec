"""Front-matter values: turning what a clerk wrote into a field's type (the keys are in schema.py)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from zonegen.schema import BUILT_IN, Key
from zonegen.schema import CORE_FIELDS as CORE_FIELDS  # re-exported: the fields used to be declared here
from zonegen.schema import DISCLOSURES as DISCLOSURES
from zonegen.schema import GUIDE_FIELDS as GUIDE_FIELDS
from zonegen.schema import GUIDE_REQUIRED as GUIDE_REQUIRED
from zonegen.schema import REPORT_FIELDS as REPORT_FIELDS
from zonegen.schema import VALIDITIES as VALIDITIES
from zonegen.schema import Schema as Schema
from zonegen.suggest import nearest
from zonegen.yamlsrc import InvalidDate

PUBLIC = "主动公开"
CORE_KEYS = frozenset(f.key for f in BUILT_IN)
CORE_LABELS = frozenset(f.label for f in BUILT_IN)
CORE_NAMES = frozenset(name for f in BUILT_IN for name in (f.key, f.label, *f.aliases))


# Everyday names of 文种 and 有效性 values, for the "did you mean" of an enum.
_VALUE_WORDS = {
    "通知": "公告公示", "公告": "公告公示", "公示": "公告公示", "通告": "公告公示", "政策解读": "解读",
    "图解": "解读", "动态": "工作动态", "新闻": "工作动态", "工作信息": "工作动态", "规范性": "规范性文件",
    "行政规范性文件": "规范性文件", "政策": "政策文件", "文件": "政策文件", "报告": "年度报告",
    "公开指南": "指南", "现行有效": "有效", "现行": "有效", "已废止": "废止", "已失效": "失效", "无效": "失效",
    "公开": "主动公开", "不公开": "不予公开", "依申请": "依申请公开",
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
    if year < 1:
        return f"年份 {year} 不是有效的年份（公元纪年从 1 年开始）；请核对原件上的日期"
    if not 1 <= month <= 12:
        return f"月份只能是 1 到 12，这里写的是 {month}"
    days = calendar.monthrange(year, month)[1]
    return f"{year}年{month}月只有{days}天；请核对原件上的日期"


def coerce(spec: Key, value: Any) -> Any:
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
