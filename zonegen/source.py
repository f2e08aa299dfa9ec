"""Reading clerks' files: encodings, BOMs, line endings and front matter."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from zonegen.diagnostics import Diagnostics

_BOM = "\ufeff"
# PDF, Office (zip and OLE), images: files renamed to .md, or saved from Word as .md
_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"{\\rtf")


def decode(raw: bytes, diags: Diagnostics) -> str | None:
    """Bytes to text with LF line endings; None (and a diagnostic) when it is not UTF-8 text."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Notepad's "Unicode" is UTF-16
        diags.error(
            "encoding-utf16",
            "文件是 UTF-16（记事本中的“Unicode”）编码，不是 UTF-8",
            None,
            None,
            "请用记事本“另存为”，编码选择“UTF-8”",
        )
        return None
    if not raw.removeprefix(b"\xef\xbb\xbf").strip():
        diags.error("file-empty", "文件是空的", 1, 1, "请填写头部信息（--- 之间）和正文，或删除这个文件")
        return None
    if b"\x00" in raw[:8192] or raw.startswith(_BINARY_MAGIC):
        diags.error(
            "file-binary",
            "这不是文本文件（可能是 Word、PDF 或图片）",
            None,
            None,
            "记录必须是 UTF-8 编码的 Markdown 文本；附件请放在记录旁边并在 attachments 中列出",
        )
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        try:
            raw.decode("gb18030")
        except UnicodeDecodeError:
            diags.error(
                "encoding",
                "文件不是 UTF-8 编码，无法识别",
                line,
                None,
                "请用记事本或 VS Code 打开后“另存为”UTF-8 编码",
            )
        else:
            diags.error(
                "encoding-gbk",
                "文件是 GBK/GB18030 编码，不是 UTF-8",
                line,
                None,
                "请用记事本“另存为”，编码选择“UTF-8”（VS Code：右下角编码→通过编码保存→UTF-8）",
            )
        return None
    if text.startswith(_BOM):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def read_text(path: Path, diags: Diagnostics) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        diags.error("file-unreadable", f"无法读取文件：{exc.strerror}", hint="请检查文件权限")
        return None
    return decode(raw, diags)


@dataclass(frozen=True, slots=True)
class Split:
    """A record's text cut into front matter and body, with the body's first line number."""

    front: str
    body: str
    front_line: int  # line number of the first front-matter line (after the opening ---)
    body_line: int


def split_front_matter(text: str, diags: Diagnostics) -> Split | None:
    """Cut `---`-fenced YAML front matter from the Markdown body."""
    lines = text.split("\n")
    skip = 0
    while skip < len(lines) - 1 and not lines[skip].strip():
        skip += 1
    if skip and lines[skip].strip() == "---":
        # blank lines above the front matter: reported, then read as if they were not there
        diags.error("front-matter-blank", "头部信息前面有空行", 1, 1, "删除 --- 上面的空行，让 --- 成为文件的第一行")
    else:
        skip = 0
    first = lines[skip].strip()
    if first not in ("---", "－－－", "———"):
        diags.error(
            "front-matter-missing",
            "文件开头没有头部信息（应以 --- 开头的一段“键: 值”）",
            1,
            1,
            "在文件第一行写 ---，接着写 title、index_no、created、published 等，再写一行 --- 结束",
        )
        return None
    if first != "---":
        diags.error(
            "front-matter-fence", "头部信息的分隔线应为三个英文减号 ---", skip + 1, 1, "请切换到英文输入法输入 ---"
        )
    for index in range(skip + 1, len(lines)):
        closing = lines[index].rstrip()
        if closing in ("－－－", "———"):
            diags.error(
                "front-matter-fence", "头部信息的分隔线应为三个英文减号 ---", index + 1, 1, "请切换到英文输入法输入 ---"
            )
        if closing in ("---", "...", "－－－", "———"):
            front = "\n".join(lines[skip + 1 : index])
            body = "\n".join(lines[index + 1 :])
            return Split(front, body, skip + 2, index + 2)
    diags.error(
        "front-matter-unclosed",
        "头部信息没有结束（缺少第二行 ---）",
        skip + 1,
        1,
        "在头部信息的最后一个“键: 值”后面单独写一行 ---",
    )
    return None
