"""A catalog item's `source` and the agreement of its 公开时限 text with its machine rules.

The bundled catalog is the product's domain knowledge: each item says which national 标准指引
and which county 标准目录 its row was taken from, and which attributes those sources do not
give. A county's catalog may leave `source` out (a local item); what it writes is checked here.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from zonegen.schema import ITEM, SOURCE

if TYPE_CHECKING:
    from zonegen.catalog import Deadline, Source, _Reader

_TEXT_KEYS = ("guideline", "catalog", "url", "note")
# Attributes an item may leave out because its sources do not give them.
UNSOURCEABLE = tuple(
    spec.key for spec in ITEM.keys if spec.key not in ("id", "title", "source", "description", "aliases")
)
_EXAMPLE = (
    "例如 source: {guideline: 《社会救助领域基层政务公开标准指引》（民办函〔2019〕52号）,"
    " catalog: 某县社会救助领域基层政务公开标准目录（2023年）}"
)

# "10个工作日内" / "20日内" / "公示7个工作日" / "公示时间不少于7个工作日", as the catalogs write them.
_LIMIT = re.compile(r"(\d+)\s*个?\s*(工作日|日|天)内")
_PUBLICITY = re.compile(r"公示(?:期|时间)?(?:不少于|不得少于|为)?\s*(\d+)\s*个?\s*(工作日|日|天)")


def read_source(reader: _Reader, value: Any, where: tuple, inherited: Source) -> Source:
    """The item's (or domain's) `source`, over what it inherits from its domain."""
    from zonegen.catalog import Source

    if value is None:
        return inherited
    path = (*where, "source")
    if isinstance(value, str):
        value = {"guideline": value}
    elif not isinstance(value, dict):
        reader.bad_value("catalog-source", "source 应为“键: 值”的组合（或一段文字）", path, _EXAMPLE)
        return inherited
    else:
        reader.keys(value, SOURCE, path)
    fields: dict[str, Any] = {}
    for key in _TEXT_KEYS:
        text = value.get(key)
        if text is None:
            continue
        if not isinstance(text, str) or not text.strip():
            reader.bad_value("catalog-source", f"source 的 {key} 应为一段文字", (*path, key), _EXAMPLE)
            continue
        fields[key] = text.strip()
    url = fields.get("url", "")
    if url and not re.match(r"^https?://\S+$", url):
        reader.bad_value(
            "catalog-source", f"source 的 url“{url}”不是完整的网址", (*path, "url"), "以 http:// 或 https:// 开头"
        )
    guideline = fields.get("guideline", "")
    if guideline and "《" not in guideline:
        reader.warn_value(
            "catalog-source-name",
            f"source 的 guideline“{guideline}”没有写出文件名称",
            (*path, "guideline"),
            "用书名号写出标准指引的名称和文号，例如《社会救助领域基层政务公开标准指引》（民办函〔2019〕52号）",
        )
    unsourced = _unsourced(reader, value.get("unsourced"), (*path, "unsourced"))
    # the address and the note describe the domain's county catalog: an item naming another one has its own
    other = "catalog" in fields
    merged = Source(
        fields.get("guideline", inherited.guideline),
        fields.get("catalog", inherited.catalog),
        fields.get("url", "" if other else inherited.url),
        fields.get("note", "" if other else inherited.note),
        unsourced if "unsourced" in value else inherited.unsourced,
    )
    if not merged:
        reader.bad_value(
            "catalog-source",
            "source 既没有写标准指引（guideline），也没有写参照的标准目录（catalog）",
            path,
            _EXAMPLE,
        )
    return merged


def _unsourced(reader: _Reader, value: Any, path: tuple) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [v for v in re.split(r"[、,，]\s*", value) if v]
    if not isinstance(value, list):
        reader.bad_value("catalog-source", "source 的 unsourced 应为列表，例如 [subject, channels]", path)
        return ()
    keys: list[str] = []
    for index, entry in enumerate(value):
        key = ITEM.canonical(entry)
        if key not in UNSOURCEABLE:
            reader.bad_value(
                "catalog-source",
                f"unsourced 中的“{entry}”不是公开事项的属性",
                (*path, index),
                "可写的属性：" + "、".join(UNSOURCEABLE),
            )
            continue
        keys.append(str(key))
    return tuple(keys)


def check_unsourced(reader: _Reader, raw: dict, where: tuple, source: Source) -> None:
    """An attribute said to be missing from the sources must not also be given a value."""
    for key in source.unsourced:
        if raw.get(key) not in (None, "", []):
            reader.warn_value(
                "catalog-source-conflict",
                f"source 说“{key}”在来源中找不到，但本事项写了 {key}",
                (*where, key),
                f"删除 {key}，或在 source 中写明它的来源并从 unsourced 中去掉",
            )


def check_deadline_text(
    reader: _Reader, where: tuple, text: str, deadline: Deadline | None, publicity: Deadline | None
) -> None:
    """A machine rule that says another number than the 公开时限 text beside it is the catalog's error to show."""
    if not text:
        return
    without_publicity = _PUBLICITY.sub("", text)
    limit = _LIMIT.search(without_publicity)
    if limit and deadline is not None and not _same(deadline, limit):
        reader.warn_value(
            "catalog-deadline-text",
            f"公开时限写的是“{limit.group(0)}”，deadline 却是 {deadline.describe()}",
            (*where, "deadline"),
            "deadline 应与公开时限（deadline_text）一致；确有不同时在 source 的 note 中说明原因",
        )
    shown = _PUBLICITY.search(text)
    if shown and publicity is not None and not _same(publicity, shown):
        reader.warn_value(
            "catalog-deadline-text",
            f"公开时限写的是“{shown.group(0)}”，publicity 却是 {publicity.describe()}",
            (*where, "publicity"),
            "publicity 应与公开时限中的公示期一致",
        )


def _same(rule: Deadline, match: re.Match[str]) -> bool:
    unit = "workdays" if match.group(2) == "工作日" else "days"
    return rule.amount == int(match.group(1)) and rule.unit == unit
