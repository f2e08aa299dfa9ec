"""YAML with source positions, so every problem can be reported at its line and column.

The document is composed once (with libyaml when present) and constructed from the node
tree; positions of mapping keys are recorded on the side, keyed by their path.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # libyaml is an order of magnitude faster on 10,000+ records
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader

Path = tuple[Any, ...]


class InvalidDate(str):
    """A scalar shaped like a date that names no real day (e.g. 2025-02-30)."""


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    pass


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        value = yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return InvalidDate(node.value)
    if isinstance(value, dt.datetime):
        # Clerks mean a day; a time of day (and a time zone) would only confuse ordering.
        return value.date()
    return value


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)

_PROBLEMS = [
    ("mapping values are not allowed here", "此处不能出现冒号“:”", "值里含有冒号时，请用英文引号把整个值括起来"),
    ("could not find expected ':'", "缺少冒号“:”", "每一行应写成“键: 值”，冒号后留一个空格"),
    ("found character '\\t' that cannot start any token", "使用了制表符（Tab）", "请用空格缩进"),
    ("found undefined alias", "引用了未定义的别名（*）", "值以 * 开头时，请用引号括起来"),
    ("found unexpected end of stream", "文本意外结束（引号或括号未闭合）", "检查引号、方括号、花括号是否成对"),
    ("did not find expected key", "缩进不一致或缺少键", "同一层级的键应对齐"),
    ("expected <block end>, but found", "缩进不一致", "同一层级的键应对齐，子项多缩进两个空格"),
    ("while scanning a quoted scalar", "引号未闭合", "检查引号是否成对"),
    ("found duplicate anchor", "重复的锚点（&）", "值以 & 开头时，请用引号括起来"),
    ("while parsing a flow", "方括号或花括号未闭合", "检查 [ ] 和 { } 是否成对"),
    ("found character '%' that cannot start any token", "值不能以 % 开头", "请用引号括起来"),
    ("found character '@' that cannot start any token", "值不能以 @ 开头", "请用引号括起来"),
    ("found character '`' that cannot start any token", "值不能以 ` 开头", "请用引号括起来"),
]


@dataclass
class YamlError:
    line: int
    column: int
    message: str
    hint: str


@dataclass
class YamlDoc:
    """A parsed YAML document and where each mapping key stands (1-based line, column)."""

    data: Any
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    duplicates: list[tuple[Path, int, int]] = field(default_factory=list)

    def where(self, path: Path) -> tuple[int | None, int | None]:
        """Position of the key at path, or of its nearest ancestor that has one."""
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return (None, None)


def parse_yaml(text: str, line_offset: int = 0) -> YamlDoc | YamlError:
    """Parse one YAML document; positions are shifted by line_offset (for front matter)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDoc(None)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        return _translate(exc, line_offset)
    except yaml.YAMLError as exc:  # non-marked errors are rare (e.g. reader errors)
        return YamlError(line_offset + 1, 1, f"YAML 格式错误：{exc}", "请检查这一段的写法")
    finally:
        loader.dispose()
    doc = YamlDoc(data)
    _record_positions(node, (), doc, line_offset)
    return doc


def _translate(exc: yaml.MarkedYAMLError, line_offset: int) -> YamlError:
    mark = exc.problem_mark or exc.context_mark
    line = (mark.line + 1 if mark else 1) + line_offset
    column = mark.column + 1 if mark else 1
    raw = f"{exc.context or ''} {exc.problem or ''}"
    for needle, message, hint in _PROBLEMS:
        if needle in raw:
            return YamlError(line, column, f"YAML 格式错误：{message}", hint)
    problem = (exc.problem or exc.context or "").strip()
    return YamlError(
        line, column, f"YAML 格式错误：{problem}", "请对照示例检查这一行的缩进、冒号和引号"
    )


def _record_positions(node: yaml.Node, path: Path, doc: YamlDoc, offset: int) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is None:
                continue
            pos = (key_node.start_mark.line + 1 + offset, key_node.start_mark.column + 1)
            sub = (*path, key)
            if key in seen:
                doc.duplicates.append((sub, *pos))
            seen.add(key)
            doc.positions[sub] = pos
            _record_positions(value_node, sub, doc, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            sub = (*path, index)
            doc.positions[sub] = (item.start_mark.line + 1 + offset, item.start_mark.column + 1)
            _record_positions(item, sub, doc, offset)


_FULLWIDTH_COLON = re.compile(r"^(?P<indent>[ \t\u3000]*)(?P<key>[^\s:：#'\"\-][^:：\n]*?)\s*：")
_BAD_INDENT = re.compile(r"^[ ]*([\t\u3000]+)")
_BLOCK_START = re.compile(r"[:：]\s*[|>][-+0-9]*\s*$")


@dataclass
class LintFix:
    line: int
    column: int
    kind: str  # "fullwidth-colon" | "tab" | "ideographic-space"


def lint_and_repair(text: str, line_offset: int = 0) -> tuple[str, list[LintFix]]:
    """Find what Chinese IMEs and editors typically break in YAML, and repair it.

    Each problem is still reported as an error; the repair only lets parsing go on so
    that every other problem in the file is reported in the same run.
    """
    fixes: list[LintFix] = []
    out: list[str] = []
    block_indent: int | None = None  # inside a `|` or `>` block scalar deeper than this
    for number, line in enumerate(text.split("\n"), start=1 + line_offset):
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None:
            if not line.strip() or indent > block_indent:
                out.append(line)
                continue
            block_indent = None
        if _BLOCK_START.search(line):
            block_indent = indent
        bad = _BAD_INDENT.match(line)
        if bad:
            kind = "tab" if "\t" in bad.group(1) else "ideographic-space"
            fixes.append(LintFix(number, bad.start(1) + 1, kind))
            line = line[: bad.start(1)] + bad.group(1).replace("\t", "  ").replace(
                "\u3000", "  "
            ) + line[bad.end(1) :]
        match = _FULLWIDTH_COLON.match(line)
        if match and ":" not in line[: match.end()]:
            fixes.append(LintFix(number, match.end(), "fullwidth-colon"))
            line = line[: match.end() - 1] + ": " + line[match.end() :]
        out.append(line)
    return "\n".join(out), fixes
