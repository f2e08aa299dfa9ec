"""Decoding and front matter: what Windows tools and Chinese IMEs do to a clerk's file."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run
from tests.validation_util import (
    GOOD_FRONT,
    check_json,
    check_text,
    diag,
    problems,
    write_bytes,
    write_text,
)

FILE = "content/notices/x.md"


def test_gbk_file_is_named_as_such_with_the_fix(minimal: Path) -> None:
    text = f"---\n{GOOD_FRONT}---\n\n正文。\n"
    write_bytes(minimal, "notices/x.md", text.encode("gb18030"))
    assert problems(minimal) == [
        diag(
            "encoding-gbk",
            FILE,
            2,
            None,
            "文件是 GBK/GB18030 编码，不是 UTF-8",
            "请用记事本“另存为”，编码选择“UTF-8”（VS Code：右下角编码→通过编码保存→UTF-8）",
        ),
    ]


def test_gbk_file_in_text_output(minimal: Path) -> None:
    write_bytes(minimal, "notices/x.md", f"---\n{GOOD_FRONT}---\n\n正文。\n".encode("gbk"))
    assert check_text(minimal) == (
        "content/notices/x.md:2: 错误 encoding-gbk 文件是 GBK/GB18030 编码，不是 UTF-8\n"
        "    提示：请用记事本“另存为”，编码选择“UTF-8”（VS Code：右下角编码→通过编码保存→UTF-8）\n"
        "共 1 个错误，0 个警告。\n"
    )


def test_utf16_from_notepad_unicode(minimal: Path) -> None:
    write_bytes(minimal, "notices/x.md", f"---\n{GOOD_FRONT}---\n\n正文。\n".encode("utf-16"))
    assert problems(minimal) == [
        diag(
            "encoding-utf16",
            FILE,
            None,
            None,
            "文件是 UTF-16（记事本中的“Unicode”）编码，不是 UTF-8",
            "请用记事本“另存为”，编码选择“UTF-8”",
        ),
    ]


def test_bom_and_crlf_are_accepted_silently(minimal: Path) -> None:
    text = f"---\n{GOOD_FRONT}---\n\n正文。\n".replace("\n", "\r\n")
    write_bytes(minimal, "notices/x.md", b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert check_json(minimal) == (0, [])


def test_bom_and_crlf_keep_line_numbers_right(minimal: Path) -> None:
    text = f"---\n{GOOD_FRONT}kind: 通知\n---\n\n正文。\n".replace("\n", "\r\n")
    write_bytes(minimal, "notices/x.md", b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert problems(minimal) == [
        diag(
            "field-value",
            FILE,
            6,
            7,
            "文种（kind）“通知”无效，可选：规范性文件、政策文件、解读、公告公示、工作动态、年度报告、指南、其他",
            "您是不是想写“公告公示”？",
        ),
    ]


def test_fullwidth_colon_and_tab_and_the_rest_of_the_file(minimal: Path) -> None:
    """The IME's colon and a Tab are reported, repaired for parsing, and the other errors still show."""
    write_text(
        minimal,
        "notices/x.md",
        (
            "---\n"
            "title：关于测试的通知\n"
            "index_no: 11330000000000000X/2025-00010\n"
            "\tcreated: 2025-03-01\n"
            "published: 2025-02-30\n"
            "kind: 通知\n"
            "---\n\n正文。\n"
        ),
    )
    assert problems(minimal) == [
        diag(
            "fullwidth-colon",
            FILE,
            2,
            6,
            "使用了中文全角冒号“：”",
            "键后面要用英文冒号“:”加一个空格，例如 title: 关于……的通知（切换到英文输入法输入冒号）",
        ),
        diag("indent-tab", FILE, 4, 1, "缩进使用了制表符（Tab）", "请用英文空格缩进，不要用 Tab 键"),
        diag(
            "field-value",
            FILE,
            5,
            12,
            "发布日期（published）“2025-02-30”不是真实存在的日期",
            "2025年2月只有28天；请核对原件上的日期",
        ),
        diag(
            "field-value",
            FILE,
            6,
            7,
            "文种（kind）“通知”无效，可选：规范性文件、政策文件、解读、公告公示、工作动态、年度报告、指南、其他",
            "您是不是想写“公告公示”？",
        ),
    ]


def test_fullwidth_colon_in_text_output(minimal: Path) -> None:
    write_text(minimal, "notices/x.md", "---\n" + GOOD_FRONT.replace("title: ", "标题：") + "---\n\n正文。\n")
    assert check_text(minimal) == (
        "content/notices/x.md:2:3: 错误 fullwidth-colon 使用了中文全角冒号“：”\n"
        "    提示：键后面要用英文冒号“:”加一个空格，例如 title: 关于……的通知（切换到英文输入法输入冒号）\n"
        "共 1 个错误，0 个警告。\n"
    )


def test_tab_indented_list_items(minimal: Path) -> None:
    write_text(minimal, "notices/x.md", "---\n" + GOOD_FRONT + "keywords:\n\t- 低保\n\t- 救助\n---\n\n正文。\n")
    assert problems(minimal) == [
        diag("indent-tab", FILE, 7, 1, "缩进使用了制表符（Tab）", "请用英文空格缩进，不要用 Tab 键"),
        diag("indent-tab", FILE, 8, 1, "缩进使用了制表符（Tab）", "请用英文空格缩进，不要用 Tab 键"),
    ]


def test_ideographic_space_indent(minimal: Path) -> None:
    write_text(minimal, "notices/x.md", "---\n" + GOOD_FRONT + "keywords:\n\u3000\u3000- 低保\n---\n\n正文。\n")
    assert problems(minimal) == [
        diag("indent-ideographic-space", FILE, 7, 1, "缩进使用了全角空格", "请切换到英文输入法，用英文空格缩进"),
    ]


def test_colon_without_space(minimal: Path) -> None:
    write_text(minimal, "notices/x.md", "---\n" + GOOD_FRONT.replace("title: ", "title:") + "---\n\n正文。\n")
    assert problems(minimal) == [
        diag(
            "colon-space",
            FILE,
            2,
            6,
            "冒号“:”后面缺少英文空格",
            "写成“键: 值”，冒号后留一个英文空格，例如 title: 关于……的通知",
        ),
    ]


def test_broken_yaml_unclosed_bracket_points_at_its_line(minimal: Path) -> None:
    write_text(minimal, "notices/x.md", "---\n" + GOOD_FRONT + "keywords: [低保, 救助\n---\n\n正文。\n")
    assert problems(minimal) == [
        diag(
            "yaml-syntax",
            FILE,
            6,
            11,
            "YAML 格式错误：方括号“[”没有闭合",
            "检查 [ ] 是否成对，列表项之间用英文逗号分隔",
        ),
    ]


def test_broken_yaml_in_text_output(minimal: Path) -> None:
    write_text(minimal, "notices/x.md", "---\n" + GOOD_FRONT + 'summary: "未闭合的引号\n---\n\n正文。\n')
    assert check_text(minimal) == (
        "content/notices/x.md:6:10: 错误 yaml-syntax YAML 格式错误：引号没有成对（这里开始的引号没有结束）\n"
        "    提示：检查这一行的引号是否成对；值里本身有引号时，改用中文引号“”\n"
        "共 1 个错误，0 个警告。\n"
    )


def test_broken_yaml_colon_in_value(minimal: Path) -> None:
    write_text(minimal, "notices/x.md", "---\n" + GOOD_FRONT + "summary: 时间: 上午九点\n---\n\n正文。\n")
    assert problems(minimal) == [
        diag(
            "yaml-syntax",
            FILE,
            6,
            12,
            "YAML 格式错误：此处不能出现英文冒号“:”",
            "值里含有英文冒号时，请用英文引号把整个值括起来；或检查这一行的缩进是否与上一行对齐",
        ),
    ]


def test_broken_yaml_line_without_colon(minimal: Path) -> None:
    write_text(minimal, "notices/x.md", "---\n" + GOOD_FRONT + "这一行不是键值\nkind: 其他\n---\n\n正文。\n")
    assert problems(minimal) == [
        diag(
            "yaml-syntax",
            FILE,
            6,
            1,
            "YAML 格式错误：这一行缺少冒号“:”",
            "每一行应写成“键: 值”，冒号用英文冒号，后面留一个空格",
        ),
    ]


def test_control_character_pasted_from_word(minimal: Path) -> None:
    write_text(minimal, "notices/x.md", "---\n" + GOOD_FRONT + "summary: 概述\x0b内容\n---\n\n正文。\n")
    assert problems(minimal) == [
        diag(
            "yaml-syntax",
            FILE,
            6,
            12,
            "YAML 格式错误：含有不可见的控制字符（U+000B）",
            "这通常是从 Word 或 PDF 粘贴带来的；删除这个位置的字符后重新输入",
        ),
    ]


def test_no_front_matter(minimal: Path) -> None:
    write_text(minimal, "notices/x.md", "关于测试的通知\n\n正文。\n")
    assert problems(minimal) == [
        diag(
            "front-matter-missing",
            FILE,
            1,
            1,
            "文件开头没有头部信息（应以 --- 开头的一段“键: 值”）",
            "在文件第一行写 ---，接着写 title、index_no、created、published 等，再写一行 --- 结束",
        ),
    ]


def test_front_matter_not_closed(minimal: Path) -> None:
    write_text(minimal, "notices/x.md", "---\n" + GOOD_FRONT + "\n正文。\n")
    assert problems(minimal) == [
        diag(
            "front-matter-unclosed",
            FILE,
            1,
            1,
            "头部信息没有结束（缺少第二行 ---）",
            "在头部信息的最后一个“键: 值”后面单独写一行 ---",
        ),
    ]


def test_empty_file(minimal: Path) -> None:
    write_bytes(minimal, "notices/x.md", b"")
    assert problems(minimal) == [
        diag("file-empty", FILE, 1, 1, "文件是空的", "请填写头部信息（--- 之间）和正文，或删除这个文件"),
    ]


def test_file_with_only_a_bom_and_blank_lines_is_empty(minimal: Path) -> None:
    write_bytes(minimal, "notices/x.md", b"\xef\xbb\xbf\r\n\r\n")
    assert [d["code"] for d in problems(minimal)] == ["file-empty"]


def test_binary_file(minimal: Path) -> None:
    write_bytes(minimal, "notices/x.md", b"\x00\x01\x02\x03binary")
    assert problems(minimal) == [
        diag(
            "file-binary",
            FILE,
            None,
            None,
            "这不是文本文件（可能是 Word、PDF 或图片）",
            "记录必须是 UTF-8 编码的 Markdown 文本；附件请放在记录旁边并在 attachments 中列出",
        ),
    ]


def test_word_document_renamed_to_md_is_binary(minimal: Path) -> None:
    write_bytes(minimal, "notices/x.md", b"PK\x03\x04" + "[Content_Types].xml 正文".encode())
    assert [d["code"] for d in problems(minimal)] == ["file-binary"]


def test_no_diagnostic_ever_comes_as_a_traceback(minimal: Path) -> None:
    """Odd but possible front matter: a list, a bare scalar, a non-string key, nested junk."""
    oddities = {
        "a.md": "---\n- 列表\n- 不是键值\n---\n\n正文。\n",
        "b.md": "---\n只有一句话\n---\n\n正文。\n",
        "c.md": "---\n2025: 数字键\n" + GOOD_FRONT.replace("00010", "00011") + "---\n\n正文。\n",
        "d.md": "---\ntitle: [列表, 标题]\nindex_no: {a: 1}\ncreated: 昨天\npublished: 2025-13-01\n---\n\n正文。\n",
        "e.md": "---\n" + GOOD_FRONT.replace("00010", "00012") + "review: 张三\nattachments: {a: b}\n---\n\n正文。\n",
    }
    for name, text in oddities.items():
        write_text(minimal, f"notices/{name}", text)
    result = run(minimal, "check", "--format", "json")
    assert result.code == 1
    files = {d["file"] for d in result.diagnostics}
    assert files == {f"content/notices/{name}" for name in oddities}


def test_blank_lines_above_the_front_matter(minimal: Path) -> None:
    """Reported, and the rest of the file is still read with the right line numbers."""
    write_text(minimal, "notices/x.md", "\n\n---\n" + GOOD_FRONT + "kind: 通知\n---\n\n正文。\n")
    assert problems(minimal) == [
        diag("front-matter-blank", FILE, 1, 1, "头部信息前面有空行", "删除 --- 上面的空行，让 --- 成为文件的第一行"),
        diag(
            "field-value",
            FILE,
            8,
            7,
            "文种（kind）“通知”无效，可选：规范性文件、政策文件、解读、公告公示、工作动态、年度报告、指南、其他",
            "您是不是想写“公告公示”？",
        ),
    ]


def test_fence_typed_with_the_chinese_ime(minimal: Path) -> None:
    write_text(minimal, "notices/x.md", "———\n" + GOOD_FRONT + "---\n\n正文。\n")
    assert problems(minimal) == [
        diag("front-matter-fence", FILE, 1, 1, "头部信息的分隔线应为三个英文减号 ---", "请切换到英文输入法输入 ---"),
    ]


def test_closing_fence_typed_with_the_chinese_ime(minimal: Path) -> None:
    write_text(minimal, "notices/x.md", "---\n" + GOOD_FRONT + "———\n\n正文。\n")
    assert problems(minimal) == [
        diag("front-matter-fence", FILE, 6, 1, "头部信息的分隔线应为三个英文减号 ---", "请切换到英文输入法输入 ---"),
    ]
