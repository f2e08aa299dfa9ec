"""The guard reads attachments: PDF, XLSX, DOCX, CSV; what it cannot read is a warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run, write_record
from tests.safety_files import make_docx, make_pdf, make_xlsx

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
        ("名单.xlsx", b"PK\x03\x04 broken zip", "无法读取附件"),
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
