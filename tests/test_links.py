"""Links in bodies: refused URLs keep their label, dead links are diagnostics, hidden files never show."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import output_text, run, write_record
from tests.validation_util import GOOD_FRONT, check_json

PAGE = "public/_records/2025-00010.html"  # GOOD_FRONT's 索引号


def errors(zone: Path) -> list[tuple[str, int, int, str]]:
    _code, items = check_json(zone)
    return [(d["code"], d["line"], d["column"], d["message"]) for d in items if d["severity"] == "error"]


def test_a_javascript_link_keeps_its_label_with_a_warning(minimal: Path) -> None:
    body = "第一段。\n\n请[点击查看](javascript:alert(1))名单，代码 `[x](javascript:y)` 照写。\n"
    write_record(minimal, "notices/js.md", GOOD_FRONT, body)
    code, items = check_json(minimal)
    assert code == 0
    assert [(d["code"], d["line"], d["column"], d["message"]) for d in items] == [
        ("link-unsafe", 10, 2, "链接“点击查看”的地址以 javascript: 开头，不安全，已去掉链接，只保留文字")
    ]
    assert run(minimal, "build").code == 0
    page = (minimal / PAGE).read_text(encoding="utf-8")
    assert "<p>请点击查看名单，代码 <code>[x](javascript:y)</code> 照写。</p>" in page
    assert "[点击查看]" not in page


def test_an_image_whose_file_does_not_exist_is_an_error(minimal: Path) -> None:
    """The event handler is removed, but the image would still point at nothing (axe: image-alt)."""
    write_record(minimal, "notices/img.md", GOOD_FRONT, '位置图：<img src="x.png" onerror="alert(1)">\n')
    assert errors(minimal) == [("link-missing", 8, 10, "正文链接的文件“x.png”不存在")]
    assert run(minimal, "build").code == 1


def test_links_to_missing_or_unlisted_files_are_errors(minimal: Path) -> None:
    (minimal / "content/notices/名单.xlsx").write_bytes(b"PK")
    body = "见[名单](名单.xlsx)、[旧文](../notices/old.md)和[外站](https://www.gov.cn/)。\n"
    write_record(minimal, "notices/links.md", GOOD_FRONT, body)
    assert errors(minimal) == [
        ("link-unlisted", 8, 2, "正文链接的文件“名单.xlsx”没有列为附件，不会发布"),
        ("link-missing", 8, 16, "正文链接的文件“../notices/old.md”不存在"),
    ]


def test_a_link_to_an_unpublished_record_is_an_error_and_its_name_never_published(minimal: Path) -> None:
    write_record(
        minimal,
        "notices/内部请示-张三.md",
        "title: 内部请示\nindex_no: 11330000000000000X/2025-00040\ncreated: 2025-03-01\npublished: 2025-03-02\n"
        "disclosure: 不予公开\n",
    )
    write_record(minimal, "notices/links.md", GOOD_FRONT, "详见[请示](内部请示-张三.md)。\n")
    message = "正文链接的记录“内部请示-张三.md”不是主动公开的信息，不能链接"
    assert errors(minimal) == [("link-unpublished", 8, 3, message)]
    assert run(minimal, "build").code == 1
    assert not (minimal / "public").exists()
    # Once the clerk drops the link, the page carries neither the link nor the file's name.
    write_record(minimal, "notices/links.md", GOOD_FRONT, "详见请示。\n")
    assert run(minimal, "build").code == 0
    assert "内部请示-张三" not in output_text(minimal / "public")


def test_a_link_to_another_records_file_leads_to_its_page(minimal: Path) -> None:
    body = "依据[通知](first.md#二)和[低保名单](../domains/relief/dibao/2025-03.md)，另见[旧地址](first.html)。\n"
    write_record(minimal, "notices/links.md", GOOD_FRONT, body)
    assert errors(minimal) == []
    assert run(minimal, "build").code == 0
    page = (minimal / PAGE).read_text(encoding="utf-8")
    assert '<a href="../_records/2025-00002.html#%E4%BA%8C">通知</a>' in page
    assert '<a href="../_records/2025-00003.html">低保名单</a>' in page
    assert '<a href="../_records/2025-00002.html">旧地址</a>' in page


def test_each_attachment_is_listed_once(minimal: Path) -> None:
    """Attachments were listed twice: by the body's titles, then again by raw file names."""
    (minimal / "content/notices/fj1.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (minimal / "content/notices/fj2.txt").write_text("附件二。\n", encoding="utf-8")
    front = GOOD_FRONT + "attachments: [fj1.pdf, fj2.txt]\n"
    write_record(minimal, "notices/att.md", front, "附件：[关于测试的通知全文](fj1.pdf)\n")
    assert run(minimal, "build").code == 0
    page = (minimal / PAGE).read_text(encoding="utf-8")
    assert page.count("fj1.pdf") == 1
    assert '<a href="../notices/fj1.pdf">关于测试的通知全文</a><span class="meta">（PDF，15 B）</span>' in page
    section = page.split('<section class="attachments"', 1)[1].split("</section>", 1)[0]
    assert "fj1.pdf" not in section
    assert '<a href="../notices/fj2.txt" download>fj2.txt</a> <span class="meta">文本，13 B</span>' in section
