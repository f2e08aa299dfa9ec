"""Checks across records and against the zone: 索引号, placement, attachments, 解读, the guide."""

from __future__ import annotations

import os
from pathlib import Path

from tests.validation_util import GOOD_FRONT, check_json, check_text, diag, problems, write_bytes, write_text

FILE = "content/notices/x.md"
FIRST = "content/notices/first.md"


def record(zone: Path, extra: str = "", front: str = GOOD_FRONT, rel: str = "notices/x.md") -> None:
    write_text(zone, rel, f"---\n{front}{extra}---\n\n正文。\n")


def test_duplicate_index_no_names_both_files(minimal: Path) -> None:
    record(minimal, front=GOOD_FRONT.replace("2025-00010", "2025-00002"))
    hint = "索引号在专区内唯一且永不复用：保留先发布的那条，另一条用 zonegen new 分配新的索引号"
    assert problems(minimal) == [
        diag("index-no-duplicate", FIRST, 3, 11, f"索引号“11330000000000000X/2025-00002”与 {FILE} 重复", hint),
        diag("index-no-duplicate", FILE, 3, 11, f"索引号“11330000000000000X/2025-00002”与 {FIRST} 重复", hint),
    ]


def test_duplicate_index_no_in_text_output(minimal: Path) -> None:
    record(minimal, front=GOOD_FRONT.replace("2025-00010", "2025-00002"))
    text = check_text(minimal)
    assert (
        "content/notices/x.md:3:11: 错误 index-no-duplicate 索引号“11330000000000000X/2025-00002”"
        "与 content/notices/first.md 重复\n"
        "    提示：索引号在专区内唯一且永不复用：保留先发布的那条，另一条用 zonegen new 分配新的索引号\n"
    ) in text
    assert "content/notices/first.md:3:11: 错误 index-no-duplicate" in text


def test_index_no_not_in_the_zone_format(minimal: Path) -> None:
    record(minimal, front=GOOD_FRONT.replace("11330000000000000X/2025-00010", "2025-00010"))
    assert problems(minimal) == [
        diag(
            "index-no-format",
            FILE,
            3,
            11,
            "索引号“2025-00010”不符合本专区的索引号格式",
            "应写成“11330000000000000X/2025-00010”这样的格式（zone.yaml 的 index_format："
            "{org_code}/{year}-{seq:05d}）；新建记录请用 zonegen new 自动分配索引号",
        ),
    ]


def test_index_no_year_differs_from_created(minimal: Path) -> None:
    record(minimal, front=GOOD_FRONT.replace("2025-00010", "2024-00010"))
    assert problems(minimal) == [
        diag(
            "index-no-year",
            FILE,
            3,
            11,
            "索引号中的年份 2024 与生成日期（2025-03-01）的年份不一致",
            "索引号的年份取生成日期所在的年份 2025；新的索引号请用 zonegen new 分配",
        ),
    ]


def _custom_format(zone: Path) -> None:
    """A locality's own scheme: 11330000000000000X-2025-0001."""
    zone_yaml = zone / "zone.yaml"
    zone_yaml.write_text(
        zone_yaml.read_text(encoding="utf-8") + "index_format: '{org_code}-{year}-{seq:04d}'\n", encoding="utf-8"
    )
    for path in (zone / "content").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("0X/2025-000", "0X-2025-00"), encoding="utf-8")


def test_custom_index_format_is_accepted(minimal: Path) -> None:
    _custom_format(minimal)
    assert check_json(minimal) == (0, [])


def test_custom_index_format_rejects_the_default_scheme(minimal: Path) -> None:
    _custom_format(minimal)
    record(minimal)  # 11330000000000000X/2025-00010: the national default, not this zone's
    assert problems(minimal) == [
        diag(
            "index-no-format",
            FILE,
            3,
            11,
            "索引号“11330000000000000X/2025-00010”不符合本专区的索引号格式",
            "应写成“11330000000000000X-2025-0010”这样的格式（zone.yaml 的 index_format："
            "{org_code}-{year}-{seq:04d}）；新建记录请用 zonegen new 自动分配索引号",
        ),
    ]


def test_folder_that_is_no_catalog_node(minimal: Path) -> None:
    record(minimal, rel="notice/x.md")
    assert problems(minimal) == [
        diag(
            "node-unknown",
            "content/notice/x.md",
            None,
            None,
            "文件夹“content/notice”不是目录中的栏目或事项",
            "您是不是想放在 content/notices/（通知公告）？",
        ),
    ]


def test_folder_named_after_a_column_title(minimal: Path) -> None:
    record(minimal, rel="通知公告/x.md")
    assert problems(minimal) == [
        diag(
            "node-unknown",
            "content/通知公告/x.md",
            None,
            None,
            "文件夹“content/通知公告”不是目录中的栏目或事项",
            "您是不是想放在 content/notices/（通知公告）？",
        ),
    ]


def test_misspelled_item_folder_under_a_domain(minimal: Path) -> None:
    record(minimal, rel="domains/relief/dibo/x.md")
    assert problems(minimal) == [
        diag(
            "node-unknown",
            "content/domains/relief/dibo/x.md",
            None,
            None,
            "文件夹“content/domains/relief/dibo”不是目录中的栏目或事项",
            "您是不是想放在 content/domains/relief/dibao/（最低生活保障对象名单）？",
        ),
    ]


def test_record_directly_in_content(minimal: Path) -> None:
    record(minimal, rel="x.md")
    assert problems(minimal) == [
        diag(
            "node-none",
            "content/x.md",
            None,
            None,
            "记录不能直接放在 content 目录下",
            "请放进它所属栏目或事项的文件夹，例如 content/notices/",
        ),
    ]


def test_missing_attachment(minimal: Path) -> None:
    write_bytes(minimal, "notices/附件1.jpg", b"\xff\xd8\xff\xe0 jpeg")
    record(minimal, "attachments: [附件1.jpg, 附件２.jpg]\n")
    assert problems(minimal) == [
        diag("attachment-missing", FILE, 6, 24, "找不到附件“附件２.jpg”", "您是不是想写“附件1.jpg”？"),
    ]


def test_attachment_that_escapes_the_zone(minimal: Path) -> None:
    record(minimal, "attachments:\n  - ../../zone.yaml\n")
    assert problems(minimal) == [
        diag(
            "attachment-escape",
            FILE,
            7,
            5,
            "附件“../../zone.yaml”在 content 目录之外，不能发布",
            "附件必须放在 content 目录中（通常就在记录旁边），attachments 中只写文件名",
        ),
    ]


def test_attachment_with_absolute_path(minimal: Path) -> None:
    record(minimal, "attachments: ['C:\\Users\\文件.pdf']\n")
    assert problems(minimal) == [
        diag(
            "attachment-path",
            FILE,
            6,
            15,
            "附件“C:\\Users\\文件.pdf”使用了绝对路径或反斜杠",
            "把附件放在记录旁边，attachments 中只写文件名，例如 附件1.pdf",
        ),
    ]


def test_attachment_that_is_a_symlink(minimal: Path) -> None:
    os.symlink("../../zone.yaml", minimal / "content/notices/link.pdf")
    record(minimal, "attachments: [link.pdf]\n")
    assert problems(minimal) == [
        diag(
            "attachment-symlink",
            FILE,
            6,
            15,
            "附件“link.pdf”是符号链接",
            "请放入真实文件，不要用链接（链接可能指向不应公开的文件）",
        ),
    ]


def test_attachment_of_a_forbidden_type(minimal: Path) -> None:
    write_bytes(minimal, "notices/page.html", b"<script>alert(1)</script>")
    record(minimal, "attachments: [page.html]\n")
    assert problems(minimal) == [
        diag(
            "attachment-type",
            FILE,
            6,
            15,
            "附件“page.html”的类型不允许发布",
            "附件可以是 PDF、Office 文档、图片或压缩包",
        ),
    ]


def test_interpretation_of_an_unknown_record(minimal: Path) -> None:
    record(minimal, "kind: 解读\ninterprets: 11330000000000000X/2025-09999\n")
    assert problems(minimal) == [
        diag(
            "interprets-unknown",
            FILE,
            7,
            13,
            "解读对象“11330000000000000X/2025-09999”不是本专区任何记录的索引号",
            "interprets 写被解读文件的索引号（见该文件头部的 index_no）",
        ),
    ]


def test_interpretation_with_a_typo_in_the_number(minimal: Path) -> None:
    write_text(
        minimal,
        "notices/policy.md",
        "---\ntitle: 测试乡补助办法\nindex_no: 11330000000000000X/2025-00011\n"
        "created: 2025-03-01\npublished: 2025-03-02\nkind: 规范性文件\nvalidity: 有效\n---\n\n正文。\n",
    )
    record(minimal, "kind: 解读\ninterprets: 11330000000000000X/2025-00017\n")
    assert problems(minimal) == [
        diag(
            "interprets-unknown",
            FILE,
            7,
            13,
            "解读对象“11330000000000000X/2025-00017”不是本专区任何记录的索引号",
            "您是不是想写“11330000000000000X/2025-00011”（测试乡补助办法）？",
        ),
    ]


def test_interpretation_of_itself(minimal: Path) -> None:
    record(minimal, "kind: 解读\ninterprets: 11330000000000000X/2025-00010\n")
    assert problems(minimal) == [
        diag(
            "interprets-self",
            FILE,
            7,
            13,
            "解读对象（interprets）写的是这条解读自己的索引号",
            "interprets 写被解读文件的索引号（见该文件头部的 index_no）",
        ),
    ]


def _guide(zone: Path, front: str, body: str) -> None:
    write_text(zone, "guide/guide.md", f"---\n{front}---\n\n{body}")


GUIDE_FRONT = """\
title: 测试乡政府信息公开指南
index_no: 11330000000000000X/2025-00001
created: 2025-01-02
published: 2025-01-03
kind: 指南
"""


def test_guide_missing_required_fields_and_sections(minimal: Path) -> None:
    _guide(minimal, GUIDE_FRONT + "office: 测试乡党政办\n", "## 一、主动公开\n\n内容。\n")
    reg = "条例第十二条要求指南写明"
    assert problems(minimal) == [
        diag(
            "guide-field",
            "content/guide/guide.md",
            6,
            7,
            "政府信息公开指南缺少互联网联系方式（email 或 web，至少写一项）",
            "添加一行 email: 电子邮箱，或 web: 网上申请地址",
        ),
        diag(
            "guide-field",
            "content/guide/guide.md",
            6,
            7,
            "政府信息公开指南缺少办公地址（address）",
            f"{reg}办公地址；在头部信息中添加一行 address: …",
        ),
        diag(
            "guide-field",
            "content/guide/guide.md",
            6,
            7,
            "政府信息公开指南缺少办公时间（hours）",
            f"{reg}办公时间；在头部信息中添加一行 hours: …",
        ),
        diag(
            "guide-field",
            "content/guide/guide.md",
            6,
            7,
            "政府信息公开指南缺少联系电话（phone）",
            f"{reg}联系电话；在头部信息中添加一行 phone: …",
        ),
        diag(
            "guide-section",
            "content/guide/guide.md",
            9,
            None,
            "政府信息公开指南缺少“依申请公开”部分",
            "添加一个标题含“依申请公开”的章节，例如 ## 依申请公开",
        ),
        diag(
            "guide-section",
            "content/guide/guide.md",
            9,
            None,
            "政府信息公开指南缺少“分类与编排体系”部分",
            "添加一个标题含“分类与编排体系”的章节，例如 ## 分类与编排体系",
        ),
        diag(
            "guide-section",
            "content/guide/guide.md",
            9,
            None,
            "政府信息公开指南缺少“监督和救济”部分",
            "添加一个标题含“监督和救济”的章节，例如 ## 监督和救济",
        ),
    ]


def test_guide_in_the_wrong_column(minimal: Path) -> None:
    record(minimal, "kind: 指南\n")
    found = problems(minimal)
    assert diag("kind-node", FILE, 6, 7, "政府信息公开指南应放在指南栏目中", "把文件移到 content/guide/") in found


def test_second_guide(minimal: Path) -> None:
    text = (minimal / "content/guide/guide.md").read_text(encoding="utf-8")
    write_text(minimal, "guide/guide2.md", text.replace("2025-00001", "2025-00010"))
    assert problems(minimal) == [
        diag(
            "guide-duplicate",
            "content/guide/guide2.md",
            None,
            None,
            "指南栏目只能有一条记录，已有 content/guide/guide.md",
            "把两份指南合并为一份",
        ),
    ]


def test_record_that_is_a_symlink(minimal: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("---\n" + GOOD_FRONT + "---\n\n机密。\n", encoding="utf-8")
    os.symlink(secret, minimal / "content/notices/x.md")
    assert problems(minimal) == [
        diag(
            "record-symlink",
            FILE,
            None,
            None,
            "记录文件是符号链接",
            "请把记录文件本身放在这里，不要用链接（链接可能指向不应公开的文件）",
        ),
    ]


def test_folder_that_is_a_symlink(minimal: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", minimal / "content/notices/more")
    assert problems(minimal) == [
        diag(
            "folder-symlink",
            "content/notices/more",
            None,
            None,
            "content 中的文件夹是符号链接，其中的文件不会读取",
            "请把文件真实地放在 content 目录中，不要用链接",
        ),
    ]


def test_draft_file_is_not_skipped_silently(minimal: Path) -> None:
    record(minimal, rel="notices/_草稿.md")
    assert check_json(minimal) == (
        0,
        [
            diag(
                "file-draft",
                "content/notices/_草稿.md",
                None,
                None,
                "以下划线开头的文件视为草稿，不会发布",
                "要发布时去掉文件名开头的下划线“_”",
                severity="warning",
            ),
        ],
    )


def test_record_saved_with_another_extension(minimal: Path) -> None:
    record(minimal, rel="notices/通知.txt")
    assert check_json(minimal) == (
        0,
        [
            diag(
                "file-extension",
                "content/notices/通知.txt",
                None,
                None,
                "扩展名“.txt”的文件不会作为记录读取",
                "如果这是一条记录，把文件名改为 通知.md；如果是附件，在所属记录的 attachments 中列出它",
                severity="warning",
            ),
        ],
    )
