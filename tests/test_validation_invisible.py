"""Invisible line breaks pasted into a title: named where they are, and never written by `zonegen new`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run
from tests.validation_util import GOOD_FRONT, check_json, diag, problems, write_text

_HINT = "这个字符通常随网页或 Word 中的文字粘贴进来，看不见；删除这个位置的字符（或删掉前后几个字重新输入）"
_NAMES = {"\u2028": "U+2028（行分隔符）", "\u2029": "U+2029（段落分隔符）", "\x85": "U+0085（下一行）"}


def _separator(file: str, line: int, column: int, char: str) -> dict:
    message = f"这一行第 {column} 列有不可见的换行字符 {_NAMES[char]}，YAML 会在这里断行"
    return diag("line-separator", file, line, column, message, _HINT)


@pytest.mark.parametrize("char", list(_NAMES))
def test_line_separator_in_a_record_title_is_named_at_its_own_line(minimal: Path, char: str) -> None:
    front = GOOD_FRONT.replace("关于测试的通知", f"关于测试{char}的通知")
    write_text(minimal, "notices/x.md", f"---\n{front}---\n\n正文。\n")
    # the title is line 2; nothing is reported on line 3 ("这一行缺少冒号" before)
    assert problems(minimal) == [_separator("content/notices/x.md", 2, 12, char)]


def test_line_separator_keeps_later_line_numbers_right(minimal: Path) -> None:
    front = GOOD_FRONT.replace("关于测试的通知", "关于\u2028测试\u2028的通知") + "titel: x\n"
    write_text(minimal, "notices/x.md", f"---\n{front}---\n\n正文。\n")
    items = problems(minimal)
    assert [(d["code"], d["line"], d["column"]) for d in items] == [
        ("line-separator", 2, 10),
        ("line-separator", 2, 13),
        ("unknown-key", 6, 1),
    ]


def test_line_separator_in_zone_yaml(minimal: Path) -> None:
    zone = minimal / "zone.yaml"
    zone.write_text(
        zone.read_text(encoding="utf-8").replace("测试乡人民政府", "测试乡\u2028人民政府", 1), encoding="utf-8"
    )
    code, items = check_json(minimal)
    assert code == 1
    assert items == [_separator("zone.yaml", 1, 10, "\u2028")]


def test_line_separator_in_catalog_yaml(minimal: Path) -> None:
    catalog = minimal / "catalog.yaml"
    text = catalog.read_text(encoding="utf-8").replace("title: 通知公告", "title: 通知\u2029公告")
    catalog.write_text(text, encoding="utf-8")
    code, items = check_json(minimal)
    assert code == 1
    line = text.split("\n").index("    title: 通知\u2029公告") + 1
    assert items == [_separator("catalog.yaml", line, 14, "\u2029")]


@pytest.mark.parametrize(
    ("title", "written"),
    [
        ("关于春耕的通知\n---\n补充说明", "关于春耕的通知 --- 补充说明"),
        ("关于春耕\r\n的通知", "关于春耕 的通知"),
        ("关于春耕\u2028的通知", "关于春耕 的通知"),
        ("关于\t春耕\x07的“通知”\x85", "关于 春耕 的“通知”"),
        ('带"引号"和\\反斜杠', '带"引号"和\\反斜杠'),
    ],
)
def test_new_folds_line_breaks_in_the_title_and_the_file_passes_check(minimal: Path, title: str, written: str) -> None:
    result = run(minimal, "new", "notices", title, "--date", "2025-04-01")
    assert result.code == 0, result.stderr
    path = minimal / "content/notices/2025-00004.md"
    path.write_text(path.read_text(encoding="utf-8") + "这是正文。\n", encoding="utf-8")
    assert check_json(minimal) == (0, [])
    built = minimal / "public"
    assert run(minimal, "build", "--out", str(built)).code == 0
    pages = [p.read_text(encoding="utf-8") for p in built.rglob("*.html")]
    shown = written.replace('"', "&#34;") if '"' in written else written
    assert any(shown in page or written in page for page in pages)


@pytest.mark.parametrize("title", ["\n", "\x07\x08", " \u2028 "])
def test_new_refuses_a_title_that_is_only_line_breaks(minimal: Path, title: str) -> None:
    result = run(minimal, "new", "notices", title, "--date", "2025-04-01")
    assert result.code == 2
    assert "标题不能为空" in result.stderr
    assert not (minimal / "content/notices/2025-00004.md").exists()


def test_new_refuses_a_title_that_was_not_utf8(minimal: Path) -> None:
    title = b"\xb9\xd8\xd3\xda".decode("utf-8", "surrogateescape")  # GBK 关于, as a non-UTF-8 shell hands it over
    result = run(minimal, "new", "notices", title, "--date", "2025-04-01")
    assert result.code == 2
    assert "标题含有无法识别的字符（终端的编码不是 UTF-8？）：请重新输入标题" in result.stderr
    assert not (minimal / "content/notices/2025-00004.md").exists()
