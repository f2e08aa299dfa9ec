"""索引号: the zone's index-number template, turned into a matcher and a generator."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

_FIELDS = {"org_code", "year", "seq"}


class IndexFormatError(ValueError):
    pass


@dataclass(frozen=True)
class IndexFormat:
    template: str
    org_code: str | None  # None: unknown (zone.yaml has none, or an invalid one): any code matches
    pattern: re.Pattern[str]

    def match(self, index_no: str) -> re.Match[str] | None:
        return self.pattern.fullmatch(index_no)

    def example(self, year: int, seq: int = 1) -> str:
        return self.template.format(org_code=self.org_code or "统一社会信用代码", year=year, seq=seq)


def compile_format(template: str, org_code: str | None) -> IndexFormat:
    """Turn `{org_code}/{year}-{seq:05d}` into a regular expression with year and seq groups."""
    parts: list[str] = []
    seen: set[str] = set()
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise IndexFormatError(f"花括号不成对（{template}）") from exc
    for literal, name, spec, _conv in parsed:
        parts.append(re.escape(literal))
        if name is None:
            continue
        if name not in _FIELDS:
            raise IndexFormatError(f"未知的占位符“{{{name}}}”")
        if name in seen:
            raise IndexFormatError(f"占位符“{{{name}}}”重复")
        seen.add(name)
        if name == "org_code":
            code = re.escape(org_code) if org_code else r"[0-9A-Z]{18}|[0-9A-Z]{8}[0-9X]"
            parts.append(f"(?P<org>{code})")
        elif name == "year":
            parts.append(r"(?P<year>\d{4})")
        else:
            width = re.fullmatch(r"0?(\d*)d?", spec or "")
            if width is None:
                raise IndexFormatError(f"序号格式“{spec}”无效，应类似 05d")
            digits = width.group(1)
            parts.append(rf"(?P<seq>\d{{{digits}}})" if digits else r"(?P<seq>\d+)")
    if "seq" not in seen:
        raise IndexFormatError("缺少序号占位符 {seq}")
    return IndexFormat(template, org_code, re.compile("".join(parts)))
