"""The guard reads attachments: PDF, XLSX, DOCX, CSV; what it cannot read is a warning."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.conftest import run, write_record
from tests.safety_files import docx_parts, make_docx, make_package, make_pdf, make_xlsx, make_xlsx_bomb

ID_18 = "330281199001011235"
MOBILE_NO = "13812345678"
FOLDER = "domains/relief/dibao"


def record(zone: Path, attachment: str, extra: str = "") -> None:
    write_record(
        zone,
        f"{FOLDER}/2025-04.md",
        f"""\
title: 2025年4月最低生活保障对象名单
index_no: 11330000000000000X/2025-00020
created: 2025-04-01
published: 2025-04-03
kind: 公告公示
attachments: [{attachment}]
{extra}""",
        "名单见附件。\n",
    )


def diagnostics(zone: Path) -> list[dict]:
    return run(zone, "check", "--format", "json").diagnostics


def folder(zone: Path) -> Path:
    return zone / "content" / FOLDER


def test_pdf_personal_data_is_an_error_naming_the_page(minimal: Path) -> None:
    make_pdf(folder(minimal) / "名单.pdf", [["Name  Village  Amount"], ["Wang  No.1", f"ID {ID_18}"]])
    record(minimal, "名单.pdf")
    [found] = [d for d in diagnostics(minimal) if d["code"].startswith("pii")]
    assert found["severity"] == "error" and found["code"] == "pii-id-card"
    assert found["file"] == f"content/{FOLDER}/名单.pdf"
    assert "第2页" in found["message"]
    assert "330281********1235" in found["hint"]
    assert f"content/{FOLDER}/2025-04.md" in found["hint"]  # where pii_ok would go
    assert run(minimal, "build").code == 1


def test_xlsx_personal_data_names_sheet_and_cell(minimal: Path) -> None:
    rows = [
        ["姓名", "身份证号", "电话"],
        ["王*明", ID_18, int(MOBILE_NO)],
        ["李*华", "330281********1235", "138****5678"],
    ]
    make_xlsx(folder(minimal) / "名单.xlsx", rows)
    record(minimal, "名单.xlsx")
    found = [(d["code"], d["message"]) for d in diagnostics(minimal) if d["code"].startswith("pii")]
    assert found == [
        ("pii-id-card", "附件中有未脱敏的居民身份证号（工作表“名单”B2），公开前必须脱敏"),
        ("pii-mobile", "附件中有未脱敏的手机号码（工作表“名单”C2），公开前必须脱敏"),
    ]


def test_docx_personal_data_in_paragraphs_and_tables(minimal: Path) -> None:
    make_docx(folder(minimal) / "名单.docx", ["救助对象名单", f"身份证号 {ID_18}"], [["王*明", MOBILE_NO]])
    record(minimal, "名单.docx")
    found = [(d["code"], d["message"]) for d in diagnostics(minimal) if d["code"].startswith("pii")]
    assert [code for code, _ in found] == ["pii-id-card", "pii-mobile"]
    assert "正文第2段" in found[0][1] and "正文第4段" in found[1][1]


def test_csv_in_gbk_is_read(minimal: Path) -> None:
    (folder(minimal) / "名单.csv").write_bytes(f"姓名,电话\n王*明,{MOBILE_NO}\n".encode("gb18030"))
    record(minimal, "名单.csv")
    [found] = [d for d in diagnostics(minimal) if d["code"].startswith("pii")]
    assert found["code"] == "pii-mobile" and "第2行" in found["message"]


def test_masked_attachments_pass(minimal: Path) -> None:
    make_xlsx(folder(minimal) / "名单.xlsx", [["王*明", "330281********1235", "138****5678", "0574-62000000"]])
    make_pdf(folder(minimal) / "名单.pdf", [["ID 330281********1235  Tel 0574-62000000  2025-03-15"]])
    record(minimal, "名单.xlsx, 名单.pdf")
    assert diagnostics(minimal) == []
    assert run(minimal, "build").code == 0


def test_pii_ok_of_the_record_covers_its_attachments(minimal: Path) -> None:
    make_xlsx(folder(minimal) / "名单.xlsx", [["王*明", MOBILE_NO], ["李*华", "13912345678"]])
    record(minimal, "名单.xlsx", "pii_ok: 联系人电话经本人同意公开\n")
    [found] = diagnostics(minimal)
    assert (found["severity"], found["code"]) == ("warning", "pii-declared")
    assert "手机号码 2 处" in found["message"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("名单.pdf", b"%PDF-1.4 not really a pdf", "PDF 文件已损坏"),
        ("名单.xlsx", b"PK\x03\x04 broken zip", "文件已损坏或不是 Office 文档"),
        ("名单.docx", b"not a zip at all", "文件已损坏或不是 Office 文档"),
        ("名单.doc", b"\xd0\xcf\x11\xe0 old word", "旧版 Word 文档（.doc）无法检查"),
        ("名单.xls", b"\xd0\xcf\x11\xe0 old excel", "旧版 Excel 表格（.xls）无法检查"),
        ("名单.zip", b"PK\x05\x06" + b"\0" * 18, "压缩包无法检查"),
    ],
)
def test_unreadable_attachment_is_a_warning_not_a_pass(minimal: Path, name: str, content: bytes, message: str) -> None:
    (folder(minimal) / name).write_bytes(content)
    record(minimal, name)
    [found] = diagnostics(minimal)
    assert (found["severity"], found["code"]) == ("warning", "attachment-unchecked")
    assert found["file"] == f"content/{FOLDER}/{name}"
    assert message in found["message"]
    assert run(minimal, "build", "--strict").code == 1


def test_scanned_pdf_without_text_is_a_warning(minimal: Path) -> None:
    make_pdf(folder(minimal) / "扫描件.pdf", [[], []])
    record(minimal, "扫描件.pdf")
    [found] = diagnostics(minimal)
    assert found["code"] == "attachment-unchecked" and "扫描件" in found["message"]


def test_encrypted_pdf_is_a_warning(minimal: Path) -> None:
    from pypdf import PdfWriter

    plain = make_pdf(minimal / "plain.pdf", [[f"ID {ID_18}"]])
    writer = PdfWriter(clone_from=plain)
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    writer.write(folder(minimal) / "加密.pdf")
    plain.unlink()
    record(minimal, "加密.pdf")
    [found] = diagnostics(minimal)
    assert found["code"] == "attachment-unchecked" and "已加密" in found["message"]


def test_attachments_of_unpublished_records_are_not_scanned(minimal: Path) -> None:
    make_xlsx(folder(minimal) / "名单.xlsx", [["王*明", ID_18]])
    record(minimal, "名单.xlsx", "disclosure: 依申请公开\n")
    assert diagnostics(minimal) == []


def test_many_attachments_are_scanned_in_parallel(minimal: Path) -> None:
    names = []
    for index in range(12):
        name = f"名单{index:02d}.pdf"
        make_pdf(folder(minimal) / name, [[f"Tel 1391234{index:04d}"]])
        names.append(name)
    record(minimal, ", ".join(names))
    found = sorted(d["file"] for d in diagnostics(minimal) if d["code"] == "pii-mobile")
    assert found == [f"content/{FOLDER}/{name}" for name in names]


# --- every part a reader can see; every type scanned or reported (issue 16 item 2) -----------


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        ("名单.tsv", f"姓名\t电话\n王*明\t{MOBILE_NO}\n", "第2行"),
        (
            "名单.json",
            '{"名单": [{"电话": "\\u0031\\u0033\\u0038\\u0031\\u0032\\u0033\\u0034\\u0035\\u0036\\u0037\\u0038"}]}',
            "解析后的内容",
        ),
        ("名单.xml", "<名单><人 电话='&#49;3812345678'/></名单>", "解析后的内容"),
        ("名单", f"王*明 {MOBILE_NO}\n", "第1行"),  # no extension: recognised as text
    ],
)
def test_text_formats_are_scanned_like_csv(minimal: Path, name: str, content: str, where: str) -> None:
    (folder(minimal) / name).write_text(content, encoding="utf-8")
    record(minimal, name)
    [found] = [d for d in diagnostics(minimal) if d["code"].startswith("pii")]
    assert found["code"] == "pii-mobile" and where in found["message"]
    assert run(minimal, "build").code == 1


def test_docm_and_an_office_file_without_extension_are_read(minimal: Path) -> None:
    make_docx(folder(minimal) / "名单.docm", [f"电话 {MOBILE_NO}"])
    make_docx(folder(minimal) / "名单副本", [f"身份证号 {ID_18}"])
    record(minimal, "名单.docm, 名单副本")
    found = sorted((d["file"].rsplit("/", 1)[-1], d["code"]) for d in diagnostics(minimal))
    assert found == [("名单.docm", "pii-mobile"), ("名单副本", "pii-id-card")]


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@pytest.mark.parametrize(
    ("part", "content", "where"),
    [
        (
            "word/document.xml",
            f"<w:document {W}><w:body><w:p><w:r><w:t>见</w:t></w:r><w:del><w:r><w:delText>{MOBILE_NO}</w:delText>"
            "</w:r></w:del></w:p></w:body></w:document>",
            "正文第1段",
        ),
        (
            "docProps/core.xml",
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:creator>王明 {MOBILE_NO}</dc:creator></cp:coreProperties>",
            "文档属性",
        ),
        ("word/afchunk.mht", f"Content-Type: text/html\n\n<p>电话 {MOBILE_NO}</p>\n", "嵌入的“word/afchunk.mht”"),
        ("word/afchunk.htm", "<p>电话 1381234&#53;678</p>", "嵌入的“word/afchunk.htm”"),
        ("word/header1.xml", f"<w:hdr {W}><w:p><w:r><w:t>{MOBILE_NO}</w:t></w:r></w:p></w:hdr>", "页眉1第1段"),
    ],
)
def test_every_part_of_a_word_file_is_read(minimal: Path, part: str, content: str, where: str) -> None:
    parts = docx_parts(["救助对象名单"])
    parts[part] = content
    make_package(folder(minimal) / "名单.docx", parts)
    record(minimal, "名单.docx")
    [found] = [d for d in diagnostics(minimal) if d["code"].startswith("pii")]
    assert found["code"] == "pii-mobile" and where in found["message"], found["message"]


def test_an_embedded_ole_object_is_reported_unchecked(minimal: Path) -> None:
    parts = docx_parts(["救助对象名单"])
    parts["word/embeddings/oleObject1.bin"] = b"\xd0\xcf\x11\xe0" + b"\0" * 64
    make_package(folder(minimal) / "名单.docx", parts)
    record(minimal, "名单.docx")
    [found] = diagnostics(minimal)
    assert found["code"] == "attachment-unchecked" and "oleObject1.bin" in found["message"]


def test_xlsx_comments_headers_and_properties_are_read(minimal: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    for what in ("comment", "header", "property"):
        book = Workbook()
        sheet = book.active
        sheet.title = "名单"
        sheet["A1"] = "王*明"
        if what == "comment":
            sheet["A1"].comment = Comment(f"电话 {MOBILE_NO}", "经办人")
        elif what == "header":
            sheet.oddHeader.center.text = f"联系人 {MOBILE_NO}"
        else:
            book.properties.creator = f"经办人 {MOBILE_NO}"
        book.save(folder(minimal) / f"{what}.xlsx")
    record(minimal, "comment.xlsx, header.xlsx, property.xlsx")
    found = sorted((d["file"].rsplit("/", 1)[-1], d["code"], d["message"]) for d in diagnostics(minimal))
    assert [(name, code) for name, code, _ in found] == [
        ("comment.xlsx", "pii-mobile"),
        ("header.xlsx", "pii-mobile"),
        ("property.xlsx", "pii-mobile"),
    ]
    assert "批注" in found[0][2] and "页眉页脚" in found[1][2] and "文档属性" in found[2][2]


def test_pdf_metadata_annotations_and_bookmarks_are_read(minimal: Path) -> None:
    from pypdf import PdfWriter
    from pypdf.annotations import Text

    for what in ("metadata", "annotation", "bookmark"):
        plain = make_pdf(minimal / "plain.pdf", [["Relief list, see the office."]])
        writer = PdfWriter(clone_from=plain)
        if what == "metadata":
            writer.add_metadata({"/Author": f"Wang {MOBILE_NO}"})
        elif what == "annotation":
            writer.add_annotation(0, Text(text=f"Tel {MOBILE_NO}", rect=(50, 550, 200, 650)))
        else:
            writer.add_outline_item(title=f"Tel {MOBILE_NO}", page_number=0)
        writer.write(folder(minimal) / f"{what}.pdf")
    plain.unlink()
    record(minimal, "metadata.pdf, annotation.pdf, bookmark.pdf")
    found = sorted(
        (d["file"].rsplit("/", 1)[-1], d["message"]) for d in diagnostics(minimal) if d["code"] == "pii-mobile"
    )
    assert [name for name, _ in found] == ["annotation.pdf", "bookmark.pdf", "metadata.pdf"]
    assert "批注" in found[0][1] and "书签" in found[1][1] and "文档属性 Author" in found[2][1]


@pytest.mark.parametrize(("name", "content"), [("数据.bin", b"\x00\x01\x02binary"), ("录音.mp3", b"ID3\x03")])
def test_a_file_that_cannot_be_read_is_never_silent(minimal: Path, name: str, content: bytes) -> None:
    (folder(minimal) / name).write_bytes(content)
    record(minimal, name)
    [found] = diagnostics(minimal)
    assert (found["severity"], found["code"]) == ("warning", "attachment-unchecked")


def test_images_are_not_read(minimal: Path) -> None:
    (folder(minimal) / "现场.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
    record(minimal, "现场.png")
    assert diagnostics(minimal) == []


# --- zip bombs and other limits (issue 16 item 10) -------------------------------------------


def test_an_xlsx_zip_bomb_is_refused_at_once(minimal: Path) -> None:
    bomb = make_xlsx_bomb(folder(minimal) / "名单.xlsx", 40)
    assert bomb.stat().st_size < 1024 * 1024  # 40 MB of XML in well under 1 MB
    record(minimal, "名单.xlsx")
    started = time.monotonic()
    [found] = diagnostics(minimal)
    assert time.monotonic() - started < 20
    assert (found["severity"], found["code"]) == ("error", "attachment-limit")
    assert "倍" in found["message"] and "不能发布" in found["message"]
    assert run(minimal, "build").code == 1


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
def test_a_package_too_big_when_unpacked_is_refused(minimal: Path, monkeypatch, kind: str) -> None:  # type: ignore[no-untyped-def]
    import zonegen.safety.attachments as attachments

    monkeypatch.setattr(attachments, "LIMITS", attachments.Limits(total_bytes=64 * 1024))
    if kind == "xlsx":
        make_xlsx(folder(minimal) / "名单.xlsx", [["王*明", "x" * 1000]] * 100)
    else:
        make_docx(folder(minimal) / "名单.xlsx".replace("xlsx", "docx"), ["救助对象名单" * 20] * 1000)
    record(minimal, f"名单.{kind}")
    [found] = diagnostics(minimal)
    assert found["code"] == "attachment-limit" and "解压后共有" in found["message"]


def test_a_pdf_beyond_the_page_limit_is_refused(minimal: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import zonegen.safety.attachments as attachments

    monkeypatch.setattr(attachments, "LIMITS", attachments.Limits(pdf_pages=3))
    make_pdf(folder(minimal) / "名单.pdf", [["page"]] * 4)
    record(minimal, "名单.pdf")
    [found] = diagnostics(minimal)
    assert found["code"] == "attachment-limit" and "超过 3 页" in found["message"]


@pytest.mark.parametrize("name", ["名单.pdf", "名单.xlsx", "名单.docx"])
def test_a_check_that_takes_too_long_is_stopped(minimal: Path, monkeypatch, name: str) -> None:  # type: ignore[no-untyped-def]
    import zonegen.safety.attachments as attachments

    monkeypatch.setattr(attachments, "LIMITS", attachments.Limits(seconds=-1))
    path = folder(minimal) / name
    {"名单.pdf": lambda: make_pdf(path, [["page"]]), "名单.xlsx": lambda: make_xlsx(path, [["a"]]),
     "名单.docx": lambda: make_docx(path, ["a"])}[name]()  # fmt: skip
    record(minimal, name)
    [found] = diagnostics(minimal)
    assert found["code"] == "attachment-limit" and "秒仍未完成" in found["message"]
