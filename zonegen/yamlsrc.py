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

# libyaml's and PyYAML's wording of a problem → (Chinese message, hint, which mark to point at).
# "context" points where the broken construct began (an unclosed quote or bracket), which is
# where a clerk must look; "problem" points where the parser gave up.
_QUOTE_HINT = "值里有冒号、#、引号或以特殊符号开头时，请用英文引号把整个值括起来"
_PROBLEMS = [
    (
        "mapping values are not allowed",
        "此处不能出现英文冒号“:”",
        "值里含有英文冒号时，请用英文引号把整个值括起来；或检查这一行的缩进是否与上一行对齐",
        "problem",
    ),
    (
        "could not find expected ':'",
        "这一行缺少冒号“:”",
        "每一行应写成“键: 值”，冒号用英文冒号，后面留一个空格",
        "context",
    ),
    ("tab character", "使用了制表符（Tab）", "请用空格缩进", "problem"),
    ("found character '\\t'", "使用了制表符（Tab）", "请用空格缩进", "problem"),
    ("found undefined alias", "值不能以 * 开头", _QUOTE_HINT, "problem"),
    ("while scanning an alias", "值不能以 * 开头", _QUOTE_HINT, "context"),
    ("while scanning an anchor", "值不能以 & 开头", _QUOTE_HINT, "context"),
    ("found duplicate anchor", "值不能以 & 开头", _QUOTE_HINT, "problem"),
    (
        "while scanning a quoted scalar",
        "引号没有成对（这里开始的引号没有结束）",
        "检查这一行的引号是否成对；值里本身有引号时，改用中文引号“”",
        "context",
    ),
    (
        "found unknown escape character",
        "双引号中的反斜杠“\\”无效",
        "含反斜杠的值（例如 Windows 路径）请改用英文单引号括起来",
        "problem",
    ),
    (
        "expected hexdecimal number",
        "双引号中的反斜杠“\\”无效",
        "含反斜杠的值（例如 Windows 路径）请改用英文单引号括起来",
        "problem",
    ),
    ("while parsing a flow sequence", "方括号“[”没有闭合", "检查 [ ] 是否成对，列表项之间用英文逗号分隔", "context"),
    ("while parsing a flow mapping", "花括号“{”没有闭合", "检查 { } 是否成对，各项之间用英文逗号分隔", "context"),
    ("while scanning a block scalar", "“|”或“>”后面不能直接写文字", "文字写在下一行，并缩进两个空格", "problem"),
    ("expected a single document", "头部信息中不能再出现 --- 分隔线", "头部信息只能有一段", "problem"),
    ("did not find expected '-' indicator", "列表项的缩进不一致", "同一列表的各项（- 开头）应对齐", "problem"),
    (
        "did not find expected key",
        "这一行的缩进或写法不对",
        "同一层级的键应左对齐；值后面有多余文字时，请用英文引号把整个值括起来",
        "problem",
    ),
    ("expected <block end>", "这一行的缩进不一致", "同一层级的键应左对齐，子项多缩进两个空格", "problem"),
    ("did not find expected node content", "这里缺少值", _QUOTE_HINT, "problem"),
    ("could not determine a constructor for the tag", "值不能以 ! 开头", _QUOTE_HINT, "problem"),
    (
        "found unexpected end of stream",
        "文字意外结束（引号或括号没有成对）",
        "检查引号、方括号、花括号是否成对",
        "context",
    ),
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
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)  # where each value starts
    # The text of each scalar as written: YAML 1.1 turns 0571888 into an octal number and 8:30
    # into 510, so a field that is text by definition must read what the clerk typed.
    raw: dict[Path, str] = field(default_factory=dict)
    duplicates: list[tuple[Path, int, int]] = field(default_factory=list)

    def where(self, path: Path) -> tuple[int | None, int | None]:
        """Position of the key at path, or of its nearest ancestor that has one."""
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return (None, None)

    def value_at(self, path: Path) -> tuple[int | None, int | None]:
        """Position of the value at path (what a clerk must change), else of its key."""
        return self.values.get(path) or self.where(path)


def parse_yaml(text: str, line_offset: int = 0) -> YamlDoc | YamlError:
    """Parse one YAML document; positions are shifted by line_offset (for front matter)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDoc(None)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        return _translate(exc, text, line_offset)
    except yaml.reader.ReaderError as exc:  # a control character pasted from Word or a PDF
        # libyaml counts bytes, PyYAML characters: find the character itself instead
        found = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
        before = text[: found if found >= 0 else exc.position]
        line = before.count("\n") + 1 + line_offset
        column = len(before) - (before.rfind("\n") + 1) + 1
        return YamlError(
            line,
            column,
            f"YAML 格式错误：含有不可见的控制字符（U+{exc.character:04X}）",
            "这通常是从 Word 或 PDF 粘贴带来的；删除这个位置的字符后重新输入",
        )
    except yaml.YAMLError as exc:  # pragma: no cover - every libyaml error is marked or a reader error
        return YamlError(line_offset + 1, 1, f"YAML 格式错误：{exc}", "请检查这一段的写法")
    finally:
        loader.dispose()
    doc = YamlDoc(data)
    _record_positions(node, (), doc, line_offset)
    return doc


def _translate(exc: yaml.MarkedYAMLError, text: str, line_offset: int) -> YamlError:
    raw = f"{exc.context or ''} {exc.problem or ''}"
    for needle, message, hint, which in _PROBLEMS:
        if needle in raw:
            mark = (exc.context_mark if which == "context" else exc.problem_mark) or exc.problem_mark
            line, column = _position(mark, line_offset)
            return YamlError(line, column, f"YAML 格式错误：{message}", hint)
    line, column = _position(exc.problem_mark or exc.context_mark, line_offset)
    if "cannot start any token" in raw and exc.problem_mark is not None:
        char = _char_at(text, exc.problem_mark.line, exc.problem_mark.column)
        return YamlError(line, column, f"YAML 格式错误：值不能以“{char}”开头", _QUOTE_HINT)
    problem = (exc.problem or exc.context or "").strip()
    return YamlError(line, column, f"YAML 格式错误：{problem}", "请对照示例检查这一行的缩进、冒号和引号")


def _position(mark: yaml.Mark | None, line_offset: int) -> tuple[int, int]:
    if mark is None:
        return line_offset + 1, 1
    return mark.line + 1 + line_offset, mark.column + 1


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    if line < len(lines) and column < len(lines[line]):
        return lines[line][column]
    return "?"


_KEYS = yaml.constructor.SafeConstructor()


def _constructed_key(node: yaml.ScalarNode) -> Any:
    try:
        key = _KEYS.construct_object(node)
    except ValueError:  # 2025-02-30: the document keeps it as InvalidDate text
        return InvalidDate(node.value)
    return key.date() if isinstance(key, dt.datetime) else key


def _record_positions(node: yaml.Node, path: Path, doc: YamlDoc, offset: int) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key = key_node.value
            if key_node.tag != "tag:yaml.org,2002:str":  # `~:`, `2025:`, `yes:`: keyed as constructed
                key = _constructed_key(key_node)
            pos = (key_node.start_mark.line + 1 + offset, key_node.start_mark.column + 1)
            sub = (*path, key)
            if key in seen:
                doc.duplicates.append((sub, *pos))
            seen.add(key)
            doc.positions[sub] = pos
            doc.values[sub] = (value_node.start_mark.line + 1 + offset, value_node.start_mark.column + 1)
            if isinstance(value_node, yaml.ScalarNode):
                doc.raw[sub] = value_node.value
            else:
                _record_positions(value_node, sub, doc, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            sub = (*path, index)
            doc.positions[sub] = (item.start_mark.line + 1 + offset, item.start_mark.column + 1)
            if isinstance(item, yaml.ScalarNode):
                doc.raw[sub] = item.value
            else:
                _record_positions(item, sub, doc, offset)


_FULLWIDTH_COLON = re.compile(r"^(?P<indent>[ \t\u3000]*)(?P<key>[^\s:：#'\"\-][^:：\n]*?)\s*：")
_BAD_INDENT = re.compile(r"^[ ]*([\t\u3000]+)[ \t\u3000]*")
_BLOCK_START = re.compile(r"[:：]\s*[|>][-+0-9]*\s*$")
# `key:value` and `key:　value`: a key made of letters or Chinese characters, then a colon with
# no ASCII space after it. YAML reads the whole line as one word, so the key silently vanishes.
_COLON_NO_SPACE = re.compile(r"^(?P<head>[ ]*[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff]*):(?P<gap>\u3000*)(?=[^\s/])")
# Anything any of the patterns above could match (a superset), searched once per document.
_SUSPECT = re.compile(r"[\t\u3000：]|^[ ]*[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff]*:(?=[^\s/])", re.M)

_LINT_TEXT = {
    "fullwidth-colon": (
        "使用了中文全角冒号“：”",
        "键后面要用英文冒号“:”加一个空格，例如 title: 关于……的通知（切换到英文输入法输入冒号）",
    ),
    "indent-tab": ("缩进使用了制表符（Tab）", "请用英文空格缩进，不要用 Tab 键"),
    "indent-ideographic-space": ("缩进使用了全角空格", "请切换到英文输入法，用英文空格缩进"),
    "colon-space": ("冒号“:”后面缺少英文空格", "写成“键: 值”，冒号后留一个英文空格，例如 title: 关于……的通知"),
}


@dataclass
class LintFix:
    line: int
    column: int
    kind: str  # a key of _LINT_TEXT; also the diagnostic code

    @property
    def message(self) -> str:
        return _LINT_TEXT[self.kind][0]

    @property
    def hint(self) -> str:
        return _LINT_TEXT[self.kind][1]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _expected_indent(previous: list[str], is_item: bool) -> int:
    """Where a tab-indented line most likely belongs, judged from the lines above it."""
    meaningful = [p for p in previous if p.strip() and not p.lstrip().startswith("#")]
    if not meaningful:
        return 0
    prev = meaningful[-1]
    indent, text = _indent(prev), prev.strip()
    if text.endswith(":"):
        return indent + 2  # the line opens a block: its content is indented under it
    if text.startswith("- ") and not is_item:
        # a key after a list goes back to the level of the key that opened the list
        for earlier in reversed(meaningful[:-1]):
            if _indent(earlier) < indent and earlier.strip().endswith(":"):
                return _indent(earlier)
        return 0
    return indent


def lint_and_repair(text: str, line_offset: int = 0) -> tuple[str, list[LintFix]]:
    """Find what Chinese IMEs and editors typically break in YAML, and repair it.

    Each problem is still reported as an error; the repair only lets parsing go on so
    that every other problem in the file is reported in the same run.
    """
    if not _SUSPECT.search(text):  # the common case: nothing to repair, no per-line work
        return text, []
    fixes: list[LintFix] = []
    out: list[str] = []
    block_indent: int | None = None  # inside a `|` or `>` block scalar deeper than this
    for number, line in enumerate(text.split("\n"), start=1 + line_offset):
        indent = _indent(line)
        if block_indent is not None:
            if not line.strip() or indent > block_indent:
                out.append(line)
                continue
            block_indent = None
        bad = _BAD_INDENT.match(line)
        if bad and line.strip():
            kind = "indent-tab" if "\t" in bad.group(1) else "indent-ideographic-space"
            fixes.append(LintFix(number, bad.start(1) + 1, kind))
            rest = line[bad.end() :]
            line = " " * _expected_indent(out, rest.startswith("-")) + rest
            indent = _indent(line)
        if _BLOCK_START.search(line):
            block_indent = indent
        match = _FULLWIDTH_COLON.match(line)
        if match and ":" not in line[: match.end()]:
            fixes.append(LintFix(number, match.end(), "fullwidth-colon"))
            line = line[: match.end() - 1] + ": " + line[match.end() :]
        else:
            match = _COLON_NO_SPACE.match(line)
            if match:
                fixes.append(LintFix(number, match.end("head") + 1, "colon-space"))
                line = match.group("head") + ": " + line[match.end() :]
        out.append(line)
    return "\n".join(out), fixes
