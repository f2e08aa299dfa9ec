"""The personal-data guard over attachments: relief lists are often published as PDF or Excel.

Every part of a file that a reader can see is read and scanned like a record body:
- PDF (pypdf): page text, document information and XMP metadata, bookmarks, annotations
  (comments) and form-field values, and embedded files;
- Word, Excel and PowerPoint files (.docx/.docm/.dotx, .xlsx/.xlsm/.xltx, .pptx/.pptm/.ppsx):
  every XML part that holds text — body, headers, footers, footnotes, comments, tracked
  deletions, text boxes, charts, sheet cells (openpyxl), document properties (core.xml,
  app.xml, custom.xml) — and the documents embedded in them (altChunk parts, embedded
  workbooks);
- text (.txt, .csv, .tsv, .json, .xml, … in UTF-8 or GB18030), JSON strings and XML text and
  attributes as decoded; a file without a known extension is recognised by its content.

What cannot be read — encrypted, damaged, a scan without a text layer, an old binary
.doc/.xls, an archive, an embedded OLE object, audio and video — is an `attachment-unchecked`
warning: it was not checked. A file beyond the safety limits (uncompressed size, compression
ratio, pages, time) is an `attachment-limit` error: a zip bomb keeps no check busy and is
never published. Images are not read (no OCR).
"""

from __future__ import annotations

import email
import html as htmllib
import io
import json
import logging
import re
import time
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

from zonegen import pool
from zonegen.diagnostics import Diagnostic
from zonegen.safety.html import reader_text
from zonegen.safety.pii import Located, diagnose, locate, scan, visible

# (where, text) pieces of one document: 第2页, 工作表“名单”C5, 正文第12段…
Pieces = Iterator[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class Limits:
    """How much one attachment may make the guard read, and for how long."""

    part_bytes: int = 64 * 1024 * 1024  # one XML part of an office file, uncompressed
    total_bytes: int = 256 * 1024 * 1024  # every part read, uncompressed
    ratio: int = 100  # uncompressed / compressed, for parts above ratio_floor
    ratio_floor: int = 8 * 1024 * 1024
    pdf_pages: int = 2000
    text_chars: int = 64 * 1024 * 1024
    seconds: float = 60.0


LIMITS = Limits()
PARALLEL_THRESHOLD = 8  # PDF text extraction is slow enough to pay for a pool from here
_MAX_DEPTH = 2  # a document embedded in a document embedded in a document is not read further

_UNCHECKABLE = {
    ".doc": "旧版 Word 文档（.doc）",
    ".xls": "旧版 Excel 表格（.xls）",
    ".wps": "WPS 文字文档",
    ".et": "WPS 表格",
    ".dps": "WPS 演示文档",
    ".rtf": "RTF 文档",
    ".odt": "OpenDocument 文档",
    ".ods": "OpenDocument 表格",
    ".odp": "OpenDocument 演示文档",
    ".ppt": "旧版 PowerPoint 文档（.ppt）",
    ".pps": "旧版 PowerPoint 文档（.pps）",
    ".zip": "压缩包",
    ".rar": "压缩包",
    ".7z": "压缩包",
    ".gz": "压缩包",
    ".tar": "压缩包",
    ".ofd": "OFD 版式文档",
    ".mp3": "音频文件",
    ".wav": "音频文件",
    ".m4a": "音频文件",
    ".mp4": "视频文件",
    ".avi": "视频文件",
    ".mov": "视频文件",
    ".wmv": "视频文件",
    ".flv": "视频文件",
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
    ".pps": ".pptx",
    ".dps": ".pptx",
    ".odp": ".pptx",
    ".ofd": ".pdf",
}
_MEDIA_HINT = "请人工核对其中是否有身份证号、手机号码等个人信息；需要文字说明的，写在记录正文中"
# Photos of events, maps, scanned seals: documented as not read (no OCR).
_IMAGES = frozenset((".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".tif", ".tiff", ".heic", ".avif", ".ico"))
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*")
_TEXT = frozenset((".txt", ".csv", ".tsv", ".tab", ".log", ".ini", ".yaml", ".yml", ".md", ".markdown"))

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_PARAGRAPHS = {_W + "p", _A + "p"}
_RUNS = {_W + "t", _W + "delText", _W + "instrText", _A + "t"}
_SHOWN_ATTRIBUTES = ("descr", "title", "name")  # alt text of pictures; sheet names
# XML parts that hold formatting only, never text a reader sees.
_FORMATTING = re.compile(
    r"(?:^|/)(?:styles|stylesWithEffects|settings|webSettings|fontTable|numbering|theme\d*|presProps|viewProps"
    r"|tableStyles|calcChain|\[Content_Types\]|.*\.rels|sharedStrings)\.xml$|/theme/|/_rels/|^customXml/itemProps"
)
_CELLS = re.compile(r"xl/worksheets/[^/]+\.xml")
_EMBEDDED_TEXT = (".htm", ".html", ".mht", ".mhtml", ".txt", ".xml")  # altChunk parts
_EMBEDDED_OFFICE = (".docx", ".docm", ".xlsx", ".xlsm", ".pptx", ".pptm", ".pdf")
_MEDIA_FOLDERS = ("/media/", "/fonts/", "/printerSettings/", "/thumbnail", "docProps/thumbnail")


class Unreadable(Exception):
    """The document could not be read; the message says why, in Chinese."""


class OverLimit(Exception):
    """The document is beyond a safety limit; the message says which, in Chinese."""


@dataclass(frozen=True, slots=True)
class Job:
    """One attachment to scan: its path on disk, its path in the zone, and its record's pii_ok."""

    path: str
    shown: str
    record: str
    pii_ok: str


class _Clock:
    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.seconds = seconds

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise OverLimit(f"检查附件超过 {self.seconds:g} 秒仍未完成，未能检查其中的个人信息")


def scan_attachment(job: Job) -> list[Diagnostic]:
    """The guard's diagnostics for one attachment (pure: runs in worker processes)."""
    path = Path(job.path)
    found: list[Located] = []
    clock = _Clock(LIMITS.seconds)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # libraries warn about harmless oddities of real files
            pieces = _reader(path)
            if pieces is None:
                return []  # an image: documented as not read
            seen_text = False
            chars = 0
            for where, text in pieces:
                clock.check()
                chars += len(text)
                if chars > LIMITS.text_chars:
                    raise OverLimit(f"附件中的文字超过 {LIMITS.text_chars // 1024 // 1024} MB，未能全部检查")
                seen_text = seen_text or bool(text.strip())
                for item in locate(text, scan(visible(text))):
                    found.append(Located(item.finding, None, None, where))
    except OverLimit as exc:
        return [_over_limit(job, str(exc))]
    except Unreadable as exc:
        return [_unchecked(job, str(exc), getattr(exc, "hint", "确认文件能正常打开；无法检查的附件请人工核对后再发布"))]
    except Exception as exc:  # a damaged file must not stop the check of the whole zone
        return [
            _unchecked(
                job, f"无法读取附件（{type(exc).__name__}）", "确认文件能正常打开；无法检查的附件请人工核对后再发布"
            )
        ]
    if not seen_text and path.suffix.lower() == ".pdf":
        return [
            _unchecked(
                job,
                "PDF 中没有可提取的文字（可能是扫描件），无法检查其中的个人信息",
                "请人工核对扫描件中的身份证号、手机号码是否已脱敏；最好改用可复制文字的 PDF",
            )
        ]
    return diagnose(found, job.record, job.pii_ok, attachment=job.shown)


def _reader(path: Path) -> Pieces | None:
    """The pieces of a file on disk, by its extension or, failing that, by its content."""
    suffix = path.suffix.lower()
    if suffix in _IMAGES:
        return None
    reader = _READERS.get(suffix)
    if reader is not None:
        return _from_file(reader, path)
    if suffix in _UNCHECKABLE:
        hint = f"另存为 {_SAVE_AS[suffix]} 后再发布，以便检查" if suffix in _SAVE_AS else _MEDIA_HINT
        if _UNCHECKABLE[suffix] == "压缩包":
            hint = "请把其中的文件作为附件逐个列出"
        raise _Unchecked(f"{_UNCHECKABLE[suffix]}无法检查其中的个人信息", hint)
    with path.open("rb") as handle:
        head = handle.read(12)
    if head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return None
    if head[:4] == b"RIFF" or head[4:8] == b"ftyp":
        raise _Unchecked("音频或视频文件无法检查其中的个人信息", _MEDIA_HINT)
    return _from_file(lambda stream, depth: _sniffed(stream, depth, head), path)


def _from_file(reader: Callable[[IO[bytes], int], Pieces], path: Path) -> Pieces:
    with path.open("rb") as handle:
        yield from reader(handle, 0)


def _sniffed(stream: IO[bytes], depth: int, head: bytes) -> Pieces:
    """A file whose name does not say what it is: PDF, an office file, or text."""
    if head.startswith(b"%PDF"):
        return _pdf(stream, depth)
    if head.startswith(b"PK\x03\x04"):
        return _zip_by_content(stream, depth)
    return _plain(stream, depth, strict=True)


def _zip_by_content(stream: IO[bytes], depth: int) -> Pieces:
    archive = _open_zip(stream)
    names = set(archive.namelist())
    if "word/document.xml" in names:
        return _office(archive, depth, "word/document.xml")
    if "xl/workbook.xml" in names:
        return _xlsx(archive, depth)
    if "ppt/presentation.xml" in names:
        return _office(archive, depth, "ppt/presentation.xml")
    archive.close()
    raise _Unchecked("压缩包无法检查其中的个人信息", "请把其中的文件作为附件逐个列出")


class _Unchecked(Unreadable):
    """A file type known to be unreadable, with what to do about it."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


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


def _over_limit(job: Job, message: str) -> Diagnostic:
    return Diagnostic(
        "error",
        "attachment-limit",
        job.shown,
        None,
        None,
        message + "，不能发布",
        "正常的文档不会这样（可能是“压缩炸弹”）：请确认文件来源，重新导出，或拆分成几个较小的文件",
    )


# --- PDF -----------------------------------------------------------------------------------


def _pdf(stream: IO[bytes], depth: int) -> Pieces:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    # pypdf logs every oddity of a damaged file to stderr; the diagnostic says it instead.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(stream)
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unreadable("PDF 已加密，无法检查其中的个人信息")
        pages = reader.pages
        if len(pages) > LIMITS.pdf_pages:
            raise OverLimit(f"PDF 超过 {LIMITS.pdf_pages} 页，未能全部检查")
    except PdfReadError as exc:
        raise Unreadable("PDF 文件已损坏或格式不正确，无法检查其中的个人信息") from exc
    for number, page in enumerate(pages, 1):
        yield f"第{number}页", page.extract_text() or ""
        for annotation in _objects(page.get("/Annots")):
            for key in ("/Contents", "/T", "/TU", "/V", "/RC"):
                if isinstance(annotation.get(key), str):
                    yield f"第{number}页的批注", str(annotation[key])
    yield from _pdf_extras(reader, depth)


def _pdf_extras(reader, depth: int) -> Pieces:  # type: ignore[no-untyped-def]
    info = reader.metadata or {}
    for key, value in info.items():
        if isinstance(value, str):
            yield f"文档属性 {str(key).lstrip('/')}", value
    xmp = reader.root_object.get("/Metadata")
    if xmp is not None:
        data = xmp.get_object().get_data()
        if len(data) > LIMITS.part_bytes:
            raise OverLimit("PDF 的元数据过大，未能全部检查")
        yield "XMP 元数据", _xml_text(data.decode("utf-8", "replace"))
    yield from _outline(reader.outline, 0)
    for name, value in (reader.get_fields() or {}).items():
        shown = value.get("/V") if hasattr(value, "get") else None
        if shown is not None:
            yield f"表单域“{name}”", str(shown)
    for name, contents in reader.attachments.items():
        for index, data in enumerate(contents):
            where = f"嵌入的文件“{name}”" + (f"（{index + 1}）" if index else "")
            yield where, name
            yield from _prefixed(where, _embedded(name, data, depth))


def _outline(items, level: int) -> Pieces:  # type: ignore[no-untyped-def]
    for item in items:
        if isinstance(item, list):
            if level < 16:
                yield from _outline(item, level + 1)
        elif getattr(item, "title", None):
            yield "书签", str(item.title)


def _objects(value) -> list:  # type: ignore[no-untyped-def]
    if value is None:
        return []
    value = value.get_object() if hasattr(value, "get_object") else value
    found = []
    for item in value if isinstance(value, list) else []:
        item = item.get_object() if hasattr(item, "get_object") else item
        if hasattr(item, "get"):
            found.append(item)
    return found


# --- office files (OOXML zip packages) -------------------------------------------------------


def _open_zip(stream: IO[bytes]) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(stream)
    except zipfile.BadZipFile as exc:
        raise Unreadable("文件已损坏或不是 Office 文档，无法检查其中的个人信息") from exc
    _check_sizes(archive.infolist())
    return archive


def _check_sizes(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse a package whose declared sizes are those of a zip bomb (zipfile holds them to it)."""
    total = 0
    for info in infos:
        if not _skipped(info.filename):
            total += info.file_size
        ratio = info.file_size / max(1, info.compress_size)
        if info.file_size > LIMITS.ratio_floor and ratio > LIMITS.ratio:
            raise OverLimit(f"附件中的“{info.filename}”解压后是压缩时的 {ratio:.0f} 倍（{_mb(info.file_size)}）")
        if info.file_size > LIMITS.part_bytes and not _skipped(info.filename):
            raise OverLimit(f"附件中的“{info.filename}”解压后有 {_mb(info.file_size)}，超过 {_mb(LIMITS.part_bytes)}")
    if total > LIMITS.total_bytes:
        raise OverLimit(f"附件解压后共有 {_mb(total)}，超过 {_mb(LIMITS.total_bytes)}")


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def _skipped(name: str) -> bool:
    return any(folder in f"/{name}" for folder in _MEDIA_FOLDERS)


def _docx(stream: IO[bytes], depth: int) -> Pieces:
    return _office(_open_zip(stream), depth, "word/document.xml")


def _pptx(stream: IO[bytes], depth: int) -> Pieces:
    return _office(_open_zip(stream), depth, "ppt/presentation.xml")


def _office(archive: zipfile.ZipFile, depth: int, main: str) -> Pieces:
    """Every text-bearing XML part of a Word or PowerPoint file, then what is embedded in it."""
    with archive:
        names = archive.namelist()
        if main not in names:
            raise Unreadable("文件中找不到正文，无法检查其中的个人信息")
        yield from _parts(archive, sorted(names, key=_part_order), depth)


def _parts(archive: zipfile.ZipFile, names: list[str], depth: int, cells: bool = False) -> Pieces:
    for name in names:
        if name.endswith("/") or _skipped(name):
            continue
        lower = name.lower()
        if lower.endswith(".xml"):
            if _FORMATTING.search(name):
                continue
            if cells and _CELLS.fullmatch(name):
                yield from _header_footer(archive, name)  # the cells themselves come from openpyxl
                continue
            yield from _xml_part(archive, name)
        elif lower.endswith(_EMBEDDED_TEXT) or lower.endswith(_EMBEDDED_OFFICE):
            yield from _prefixed(f"嵌入的“{name}”", _embedded(name, archive.read(name), depth))
        elif "/embeddings/" in name:
            raise Unreadable(f"附件中嵌入的对象“{name.rsplit('/', 1)[-1]}”无法检查其中的个人信息")


def _part_order(name: str) -> tuple:
    """The main text first, then the rest in natural order (slide2 before slide10)."""
    main = name in ("word/document.xml",) or name.startswith("ppt/slides/")
    return (not main, tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name)))


def _xml_part(archive: zipfile.ZipFile, name: str) -> Pieces:
    label = _part_label(name)
    number = 0
    with archive.open(name) as stream:
        try:
            for _event, element in ElementTree.iterparse(stream):
                if element.tag in _PARAGRAPHS:
                    number += 1
                    text = "".join(t.text or "" for t in element.iter() if t.tag in _RUNS)
                    if text:
                        yield f"{label}第{number}段", text
                    element.clear()
                    continue
                if element.text and element.text.strip() and element.tag not in _RUNS:
                    yield label, element.text
                for key in _SHOWN_ATTRIBUTES:
                    value = element.get(key)
                    if value:
                        yield label, value
        except ElementTree.ParseError as exc:
            raise Unreadable(f"附件中的“{name}”已损坏，无法检查其中的个人信息") from exc


def _header_footer(archive: zipfile.ZipFile, name: str) -> Pieces:
    """Headers and footers of a worksheet (they are printed on every page)."""
    label = f"{_part_label(name)}的页眉页脚"
    with archive.open(name) as stream:
        for _event, element in ElementTree.iterparse(stream):
            if element.tag.endswith("}headerFooter"):
                for child in element:
                    if child.text:
                        yield label, child.text
            if element.tag.endswith(("}row", "}c")):
                element.clear()


_PART_NAMES = {
    "document": "正文",
    "header": "页眉",
    "footer": "页脚",
    "footnotes": "脚注",
    "endnotes": "尾注",
    "comments": "批注",
    "comment": "批注",
    "commentsExtended": "批注",
    "commentsExtensible": "批注",
    "people": "修订者",
    "slide": "幻灯片",
    "notesSlide": "备注页",
    "slideMaster": "幻灯片母版",
    "slideLayout": "幻灯片版式",
    "notesMaster": "备注母版",
    "handoutMaster": "讲义母版",
    "core": "文档属性",
    "app": "文档属性",
    "custom": "自定义属性",
    "sheet": "工作表",
    "drawing": "图形",
    "chart": "图表",
    "threadedComment": "批注",
    "person": "批注者",
    "workbook": "工作簿",
}


def _part_label(name: str) -> str:
    stem = name.rsplit("/", 1)[-1].removesuffix(".xml")
    match = re.fullmatch(r"([a-zA-Z]+?)(\d*)", stem)
    kind, number = (match.group(1), match.group(2)) if match else (stem, "")
    if kind not in _PART_NAMES:
        return f"“{name}”"
    return f"{_PART_NAMES[kind]}{number}"


def _xlsx(stream_or_archive: IO[bytes] | zipfile.ZipFile, depth: int) -> Pieces:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    archive = stream_or_archive if isinstance(stream_or_archive, zipfile.ZipFile) else _open_zip(stream_or_archive)
    with archive:
        book = load_workbook(archive.fp, read_only=True, data_only=True)  # type: ignore[arg-type]
        try:
            for sheet in book.worksheets:
                for row in sheet.iter_rows():
                    yield "", ""  # a heartbeat per row: the clock is checked between pieces
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
        yield from _parts(archive, sorted(archive.namelist(), key=_part_order), depth, cells=True)


# --- text ------------------------------------------------------------------------------------


def _decoded(raw: bytes, strict: bool = False) -> str:
    if strict and b"\x00" in raw[:4096]:
        raise Unreadable("无法识别的文件类型，无法检查其中的个人信息")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    if strict:
        raise Unreadable("无法识别的文件类型，无法检查其中的个人信息")
    raise Unreadable("文本文件的编码无法识别，无法检查其中的个人信息")


def _read_limited(stream: IO[bytes]) -> bytes:
    with stream:
        raw = stream.read(LIMITS.text_chars + 1)
    if len(raw) > LIMITS.text_chars:
        raise OverLimit(f"文本附件超过 {LIMITS.text_chars // 1024 // 1024} MB，未能全部检查")
    return raw


def _plain(stream: IO[bytes], depth: int, strict: bool = False) -> Pieces:
    text = _decoded(_read_limited(stream), strict)
    yield from _lines(text)


def _lines(text: str) -> Pieces:
    for number, line in enumerate(text.splitlines(), 1):
        if len(line) >= 11:
            yield f"第{number}行", line


def _json(stream: IO[bytes], depth: int) -> Pieces:
    """Lines as written, then every string and number as a program reading it gets them."""
    text = _decoded(_read_limited(stream))
    yield from _lines(text)
    try:
        data = json.loads(text)
    except ValueError:
        return
    parts: list[str] = []
    _json_strings(data, parts, 0)
    yield "解析后的内容", "\n".join(parts)


def _json_strings(value: object, parts: list[str], level: int) -> None:
    if level > 200:
        return
    if isinstance(value, str):
        parts.append(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            parts.append(str(key))
            _json_strings(item, parts, level + 1)
    elif isinstance(value, list):
        for item in value:
            _json_strings(item, parts, level + 1)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        parts.append(str(int(value)) if isinstance(value, float) and value.is_integer() else str(value))


def _xml(stream: IO[bytes], depth: int) -> Pieces:
    text = _decoded(_read_limited(stream))
    yield from _lines(text)
    yield "解析后的内容", _xml_text(text)


def _xml_text(text: str) -> str:
    """Text and attribute values of an XML document, entities decoded (no external entities)."""
    try:
        root = ElementTree.fromstring(text)
    except (ElementTree.ParseError, ValueError):  # also expat's refusal of entity expansion bombs
        return htmllib.unescape(text)
    parts: list[str] = []
    for element in root.iter():
        parts.extend(value for value in element.attrib.values())
        parts.extend(piece for piece in (element.text, element.tail) if piece)
    return "\n".join(parts)


def _embedded(name: str, data: bytes, depth: int) -> Pieces:
    """A document inside a document (altChunk, embedded workbook, a file attached to a PDF)."""
    if depth >= _MAX_DEPTH:
        raise Unreadable(f"附件中嵌入的“{name}”层次过深，无法检查其中的个人信息")
    lower = name.lower()
    stream = io.BytesIO(data)
    if lower.endswith((".mht", ".mhtml")):
        return _mht(data)
    if lower.endswith((".htm", ".html")):
        return _lines(reader_text(_decoded(data)))
    reader = _READERS.get(Path(lower).suffix)
    if reader is not None:
        return reader(stream, depth + 1)
    if Path(lower).suffix in _IMAGES or data.startswith(_IMAGE_MAGIC):
        return iter(())
    return _sniffed(stream, depth + 1, data[:8])


def _mht(data: bytes) -> Pieces:
    message = email.message_from_bytes(data)
    for part in message.walk():
        if part.get_content_maintype() != "text":
            continue
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            text = _decoded(payload)
            yield from _lines(reader_text(text) if part.get_content_subtype() == "html" else text)


def _prefixed(where: str, pieces: Pieces) -> Pieces:
    for inner, text in pieces:
        yield (f"{where}{inner}" if inner else where), text


_READERS: dict[str, Callable[[IO[bytes], int], Pieces]] = {
    ".pdf": _pdf,
    ".xlsx": _xlsx,
    ".xlsm": _xlsx,
    ".xltx": _xlsx,
    ".xltm": _xlsx,
    ".docx": _docx,
    ".docm": _docx,
    ".dotx": _docx,
    ".dotm": _docx,
    ".pptx": _pptx,
    ".pptm": _pptx,
    ".ppsx": _pptx,
    ".ppsm": _pptx,
    ".potx": _pptx,
    ".json": _json,
    ".geojson": _json,
    ".xml": _xml,
    **dict.fromkeys(_TEXT, _plain),
}
