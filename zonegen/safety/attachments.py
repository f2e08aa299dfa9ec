"""The personal-data guard over attachments: relief lists are often published as PDF or Excel.

Text is taken from PDF (pypdf), XLSX (openpyxl), DOCX and PPTX (their XML parts), CSV and
TXT, and scanned like a record body. A document that cannot be read — encrypted, damaged,
a scan without a text layer, an old binary .doc/.xls — is a warning: it was not checked.
"""

from __future__ import annotations

import logging
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from zonegen import pool
from zonegen.diagnostics import Diagnostic
from zonegen.safety.pii import Located, diagnose, locate, scan

# (where, text) pieces of one document: 第2页, 工作表“名单”C5, 第12段…
Pieces = Iterator[tuple[str, str]]

_MAX_XML_BYTES = 64 * 1024 * 1024  # a bigger part is a zip bomb or not a normal document
_MAX_PDF_PAGES = 2000
PARALLEL_THRESHOLD = 8  # PDF text extraction is slow enough to pay for a pool from here
_UNCHECKABLE = {
    ".doc": "旧版 Word 文档（.doc）",
    ".xls": "旧版 Excel 表格（.xls）",
    ".wps": "WPS 文字文档",
    ".et": "WPS 表格",
    ".rtf": "RTF 文档",
    ".odt": "OpenDocument 文档",
    ".ods": "OpenDocument 表格",
    ".ppt": "旧版 PowerPoint 文档（.ppt）",
    ".zip": "压缩包",
    ".rar": "压缩包",
    ".7z": "压缩包",
    ".ofd": "OFD 版式文档",
}
_SAVE_AS = {
    ".doc": ".docx",
    ".wps": ".docx",
    ".rtf": ".docx",
    ".odt": ".docx",
    ".xls": ".xlsx",
    ".et": ".xlsx",
    ".ods": ".xlsx",
    ".ppt": ".pptx",
    ".ofd": ".pdf",
}
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_DOCX_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml")
_PPTX_PARTS = re.compile(r"ppt/(slides/slide|notesSlides/notesSlide)(\d+)\.xml")


class Unreadable(Exception):
    """The document could not be read; the message says why, in Chinese."""


@dataclass(frozen=True, slots=True)
class Job:
    """One attachment to scan: its path on disk, its path in the zone, and its record's pii_ok."""

    path: str
    shown: str
    record: str
    pii_ok: str


def scan_attachment(job: Job) -> list[Diagnostic]:
    """The guard's diagnostics for one attachment (pure: runs in worker processes)."""
    path = Path(job.path)
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        if suffix in _UNCHECKABLE:
            return [
                _unchecked(
                    job,
                    f"{_UNCHECKABLE[suffix]}无法检查其中的个人信息",
                    f"另存为 {_SAVE_AS[suffix]} 后再发布，以便检查"
                    if suffix in _SAVE_AS
                    else "请把其中的文件作为附件逐个列出",
                )
            ]
        return []
    found: list[Located] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # libraries warn about harmless oddities of real files
            seen_text = False
            for where, text in reader(path):
                seen_text = seen_text or bool(text.strip())
                for item in locate(text, scan(text)):
                    found.append(Located(item.finding, None, None, where))
    except Unreadable as exc:
        return [_unchecked(job, str(exc), "确认文件能正常打开；无法检查的附件请人工核对后再发布")]
    except Exception as exc:  # a damaged file must not stop the check of the whole zone
        return [
            _unchecked(
                job, f"无法读取附件（{type(exc).__name__}）", "确认文件能正常打开；无法检查的附件请人工核对后再发布"
            )
        ]
    if not seen_text and suffix == ".pdf":
        return [
            _unchecked(
                job,
                "PDF 中没有可提取的文字（可能是扫描件），无法检查其中的个人信息",
                "请人工核对扫描件中的身份证号、手机号码是否已脱敏；最好改用可复制文字的 PDF",
            )
        ]
    return diagnose(found, job.record, job.pii_ok, attachment=job.shown)


def scan_all(jobs: list[Job], workers: int | None = None) -> list[Diagnostic]:
    """Scan attachments, in parallel when there are many (PDF text extraction is slow)."""
    results = pool.map_items(scan_attachment, jobs, chunk=1, parallel=len(jobs) >= PARALLEL_THRESHOLD, workers=workers)
    found: list[Diagnostic] = []
    for result in results:
        if isinstance(result, pool.Lost):
            found.append(pool.lost_diagnostic(result.item.shown, "检查这个附件中的个人信息"))
        else:
            found.extend(result)
    return found


def _unchecked(job: Job, message: str, hint: str) -> Diagnostic:
    return Diagnostic("warning", "attachment-unchecked", job.shown, None, None, message, hint)


def _pdf(path: Path) -> Pieces:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    # pypdf logs every oddity of a damaged file to stderr; the diagnostic says it instead.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unreadable("PDF 已加密，无法检查其中的个人信息")
    except PdfReadError as exc:
        raise Unreadable("PDF 文件已损坏或格式不正确，无法检查其中的个人信息") from exc
    for number, page in enumerate(reader.pages, 1):
        if number > _MAX_PDF_PAGES:
            raise Unreadable(f"PDF 超过 {_MAX_PDF_PAGES} 页，未能全部检查")
        yield f"第{number}页", page.extract_text() or ""


def _xlsx(path: Path) -> Pieces:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    value = getattr(cell, "value", None)
                    if value is None or isinstance(value, bool):
                        continue
                    if isinstance(value, float) and value.is_integer():
                        value = int(value)  # a number typed into a cell: 13812345678.0
                    text = str(value)
                    if len(text) >= 11:
                        column = get_column_letter(cell.column) if cell.column else "?"
                        yield f"工作表“{sheet.title}”{column}{cell.row}", text
    finally:
        book.close()


def _docx(path: Path) -> Pieces:
    yield from _office(path, _DOCX_PARTS, _W + "p", _W + "t", "段")


def _pptx(path: Path) -> Pieces:
    yield from _office(path, _PPTX_PARTS, _A + "p", _A + "t", "段")


def _office(path: Path, parts: re.Pattern[str], block: str, run: str, unit: str) -> Pieces:
    """Paragraph texts of the XML parts of a Word or PowerPoint file, numbered per part."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise Unreadable("文件已损坏或不是 Office 文档，无法检查其中的个人信息") from exc
    with archive:
        names = sorted((n for n in archive.namelist() if parts.fullmatch(n)), key=_natural)
        if not names:
            raise Unreadable("文件中找不到正文，无法检查其中的个人信息")
        for name in names:
            info = archive.getinfo(name)
            if info.file_size > _MAX_XML_BYTES:
                raise Unreadable("文件内容过大，无法检查其中的个人信息")
            label = _part_label(name)
            with archive.open(name) as stream:
                number = 0
                for _event, element in ElementTree.iterparse(stream):
                    if element.tag == block:
                        number += 1
                        text = "".join(t.text or "" for t in element.iter(run))
                        if text:
                            yield f"{label}第{number}{unit}", text
                        element.clear()


def _part_label(name: str) -> str:
    stem = name.rsplit("/", 1)[-1].removesuffix(".xml")
    if stem == "document":
        return "正文"
    match = re.fullmatch(r"([a-zA-Z]+?)(\d*)", stem)
    kind, number = (match.group(1), match.group(2)) if match else (stem, "")
    names = {
        "header": "页眉",
        "footer": "页脚",
        "footnotes": "脚注",
        "endnotes": "尾注",
        "comments": "批注",
        "slide": "幻灯片",
        "notesSlide": "备注页",
    }
    return f"{names.get(kind, kind)}{number}"


def _natural(name: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name))


def _plain(path: Path) -> Pieces:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise Unreadable("文本文件的编码无法识别，无法检查其中的个人信息")
    for number, line in enumerate(text.splitlines(), 1):
        if len(line) >= 11:
            yield f"第{number}行", line


_READERS = {
    ".pdf": _pdf,
    ".xlsx": _xlsx,
    ".xlsm": _xlsx,
    ".docx": _docx,
    ".pptx": _pptx,
    ".csv": _plain,
    ".txt": _plain,
}
