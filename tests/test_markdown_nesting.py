"""Bodies that nest absurdly deep are refused at their line instead of killing the parser (SIGSEGV).

Each case runs `zonegen check` in a child process: a crash then fails the test (exit 139)
instead of taking pytest down with it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import timeit
from pathlib import Path

import pytest

from tests.validation_util import GOOD_FRONT, write_text
from zonegen.markdown import render
from zonegen.nesting import MAX_DEPTH, MAX_RUN, nesting_problem

N = 50_000
_BLOCK = f"正文在这一行嵌套了超过 {MAX_DEPTH} 层引用或列表，无法处理"
_BLOCK_HINT = "这一行开头有一长串 >、-、* 或编号，或缩进极深：通常是误粘贴造成的，删除多余的符号和空格"
_TAG = f"正文中的 HTML 标签嵌套超过 {MAX_DEPTH} 层，无法处理"
_BRACKET = f"正文的方括号“[”套了超过 {MAX_DEPTH} 层，无法处理"

# body → (line within the body, column, message); the body's first line is line 8 of the file
CASES = {
    "block-quotes": (">" * N + " 引用\n", 1, MAX_DEPTH + 1, _BLOCK),
    "block-quotes-spaced": ("> " * N + "引用\n", 1, 2 * MAX_DEPTH + 1, _BLOCK),
    "bullets": ("- " * N + "项\n", 1, 2 * MAX_DEPTH + 1, _BLOCK),
    "numbers": ("1. " * N + "项\n", 1, 3 * MAX_DEPTH + 1, _BLOCK),
    "indented-lists": ("".join("  " * i + "- 项\n" for i in range(2_000)), MAX_DEPTH + 1, 2 * MAX_DEPTH + 1, _BLOCK),
    "quotes-in-lists": ("- > " * N + "项\n", 1, 2 * MAX_DEPTH + 1, _BLOCK),
    "brackets": ("[" * N + "链接" + "](a.pdf)" * N + "\n", 1, MAX_DEPTH + 1, _BRACKET),
    "stars": ("*" * N + "强调" + "*" * N + "\n", 1, 1, f"正文中连续写了 {N} 个“*”，无法处理"),
    "divs": ("<div>" * N + "内容\n", 1, 5 * MAX_DEPTH + 1, _TAG),
    "divs-on-lines": ("<div>\n" * N, MAX_DEPTH + 1, 1, _TAG),
    "spans": ("文字 <span>" * N + "内容\n", 1, len("文字 <span>") * MAX_DEPTH + 4, _TAG),
}


def _check(zone: Path) -> tuple[int, list[dict], float]:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "zonegen", "--zone", str(zone), "check", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.returncode, json.loads(result.stdout or "null"), time.perf_counter() - start


@pytest.mark.parametrize("case", list(CASES))
def test_deep_nesting_is_an_error_at_its_line_not_a_crash(minimal: Path, case: str) -> None:
    body, line, column, message = CASES[case]
    write_text(minimal, "notices/x.md", f"---\n{GOOD_FRONT}---\n\n{body}")
    code, items, seconds = _check(minimal)
    assert code == 1, f"exit {code} (139 is SIGSEGV)"
    assert [(d["file"], d["code"], d["line"], d["column"], d["message"]) for d in items] == [
        ("content/notices/x.md", "body-nesting", 7 + line, column, message)
    ]
    assert items[0]["hint"]
    assert seconds < 20  # the body is not parsed: no quadratic work behind the diagnostic


def test_block_nesting_hint(minimal: Path) -> None:
    [item] = render("> " * (MAX_DEPTH + 1), "x.md", 1).diagnostics
    assert (item.severity, item.hint) == ("error", _BLOCK_HINT)


@pytest.mark.parametrize(
    "body",
    [
        "- 一\n  - 二\n    - 三\n      > 引用\n      > - 四\n",
        "> " * MAX_DEPTH + "刚好一百层\n",
        "  " * (MAX_DEPTH - 1) + "- 深缩进\n",
        "姓名：" + "_" * MAX_RUN + "　电话：" + "_" * 30 + "\n",
        "*" * 300 + "\n\n" + "- - - " * 60 + "\n",  # thematic breaks, however long
        "<p>" * 500 + "段落\n\n" + "<br>" * 500 + "\n",  # elements that do not nest
        "".join(f"[链接{i}](a{i}.pdf)\n" for i in range(500)),
        "[" * MAX_DEPTH + "\n\n" + "[" * MAX_DEPTH + "\n",  # a blank line ends a paragraph
        "".join(f"<div>{i}</div>\n" for i in range(500)),
    ],
)
def test_ordinary_bodies_stay_within_the_bound(body: str) -> None:
    assert not [d for d in render(body, "x.md", 1).diagnostics if d.code == "body-nesting"]


def test_the_bound_costs_little_on_ordinary_bodies() -> None:
    body = "".join(f"## 第{i}节\n\n- 项目 [附件](a.pdf)\n  - 子项 **加粗**\n\n> 引用\n\n" for i in range(200))
    parse = min(timeit.repeat(lambda: render(body, "x.md", 1), number=10, repeat=5))
    bound = min(timeit.repeat(lambda: nesting_problem(body, "x.md", 1), number=10, repeat=5))
    assert bound < 0.1 * parse  # measured: about 2 %
