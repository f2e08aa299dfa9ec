"""A cheap bound on how deeply a record body nests, checked before the Markdown parser sees it.

markdown-it.rs recurses once per nested container: a body of 50,000 `>` (or `- `, `1. `, or
list items indented one level more each) overflows its stack and the process dies with
SIGSEGV, no message. Thousands of nested HTML tags or emphasis delimiters do not crash but
make the parser and the sanitiser quadratic (10,000 nested `<div>`: seconds per record).
No document a clerk writes nests more than a handful of levels; markdown-it's own
`maxNesting` is 100. A body beyond the bound is refused with its line, not parsed.
"""

from __future__ import annotations

import re

from zonegen.diagnostics import Diagnostic

MAX_DEPTH = 100  # block containers, brackets, HTML elements
MAX_RUN = 200  # one run of emphasis delimiters (a 填空 line of underscores stays well below)

# Each container level costs at least one character at the start of its line, so a line can
# only be too deep when it begins with MAX_DEPTH characters a container prefix is made of.
_LONG_PREFIX = re.compile(rf"^[ \t>*+\-.)0-9]{{{MAX_DEPTH}}}", re.M)
# One level: a block-quote marker, a list marker with its space, or two columns of indentation
# (a nested list item sits at least two columns right of its parent's marker).
_LEVEL = re.compile(r"> ?|[-+*](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|\t| {2}")
_RUN = re.compile(rf"[*_~]{{{MAX_RUN + 1},}}")
_BRACKET = re.compile(r"[\[\]]|\n[ \t]*\n")
_THEMATIC_BREAK = re.compile(r" {0,3}([-*_])(?:[ \t]*\1)*[ \t]*$")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)\b[^<>]*?(/?)>")
# Elements that never nest: void elements, and those whose end tag HTML lets a writer omit
# (Word's HTML leaves <p> and <li> open; the parser closes them, they do not pile up).
_VOID = ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr")
_FLAT = frozenset((*_VOID, "p", "li", "dt", "dd", "tr", "td", "th", "option"))
_HINT_BLOCK = "这一行开头有一长串 >、-、* 或编号，或缩进极深：通常是误粘贴造成的，删除多余的符号和空格"
_HINT_BRACKET = "检查方括号“[ ]”是否成对；正文中的方括号不要层层套用"
_HINT_RUN = f"用于加粗、倾斜和删除线的 *、_、~ 不要连续写超过 {MAX_RUN} 个；填空横线请改短"
_HINT_TAG = "检查 <div> 等标签是否成对关闭（多为从网页或 Word 粘贴的代码）；请“只粘贴文本”后改用 Markdown 写法"


def nesting_problem(source: str, file: str, first_line: int) -> Diagnostic | None:
    """An error at the first place the body nests deeper than the bounds, else None."""
    found = _block_depth(source) or _run_length(source) or _bracket_depth(source) or _tag_depth(source)
    if found is None:
        return None
    offset, message, hint = found
    before = source[:offset]
    line_start = before.rfind("\n") + 1
    return Diagnostic(
        "error", "body-nesting", file, first_line + before.count("\n"), offset - line_start + 1, message, hint
    )


def _block_depth(source: str) -> tuple[int, str, str] | None:
    for prefix in _LONG_PREFIX.finditer(source):
        if _THEMATIC_BREAK.match(source, prefix.start(), _line_end(source, prefix.start())):
            continue
        depth, pos = 0, prefix.start()
        while (level := _LEVEL.match(source, pos)) is not None and level.end() > pos:
            depth, pos = depth + 1, level.end()
            if depth > MAX_DEPTH:
                return level.start(), f"正文在这一行嵌套了超过 {MAX_DEPTH} 层引用或列表，无法处理", _HINT_BLOCK
    return None


def _run_length(source: str) -> tuple[int, str, str] | None:
    for run in _RUN.finditer(source):
        line_start = source.rfind("\n", 0, run.start()) + 1
        if not _THEMATIC_BREAK.match(source, line_start, _line_end(source, run.end())):
            return run.start(), f"正文中连续写了 {len(run.group())} 个“{run.group()[0]}”，无法处理", _HINT_RUN
    return None


def _line_end(source: str, pos: int) -> int:
    end = source.find("\n", pos)
    return len(source) if end < 0 else end


def _bracket_depth(source: str) -> tuple[int, str, str] | None:
    if source.count("[") <= MAX_DEPTH:
        return None
    depth = 0
    for mark in _BRACKET.finditer(source):
        char = mark.group()
        if char == "[":
            depth += 1
            if depth > MAX_DEPTH:
                return mark.start(), f"正文的方括号“[”套了超过 {MAX_DEPTH} 层，无法处理", _HINT_BRACKET
        elif char == "]":
            depth = max(depth - 1, 0)
        else:  # a blank line ends the paragraph, and with it every open bracket
            depth = 0
    return None


def _tag_depth(source: str) -> tuple[int, str, str] | None:
    if source.count("<") <= MAX_DEPTH:
        return None
    depth = 0
    for tag in _TAG.finditer(source):
        if tag.group(3) or tag.group(2).lower() in _FLAT:
            continue
        if tag.group(1):
            depth = max(depth - 1, 0)
            continue
        depth += 1
        if depth > MAX_DEPTH:
            return tag.start(), f"正文中的 HTML 标签嵌套超过 {MAX_DEPTH} 层，无法处理", _HINT_TAG
    return None
