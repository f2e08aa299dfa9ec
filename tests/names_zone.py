"""A zone whose files carry every name a clerk can type: index.md, spaces, #, %, ?, &, quotes, Chinese.

Written at test time (git on Windows cannot check out `what?.md` or `"引号".md`). It has its
own catalog and index format, its guide is content/guide/index.md, and its bodies link to
each other and to attachments with such names, written as a clerk writes them in Markdown.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

ORG = "12330000MB0000000Y"
ZONE_YAML = f"""\
name: 青山镇人民政府
org_code: {ORG}
level: 乡级
base_url: https://qs.example.gov.cn/gk/
index_format: '{{org_code}}-{{year}}-{{seq:04d}}'
page_size: 5
footer:
  sponsor: 青山县青山镇人民政府
  site_code: '3300000099'
"""
CATALOG = """\
version: 1
columns:
  - id: guide
    title: 政府信息公开指南
    type: guide
  - id: notices
    title: 通知公告
  - id: statutory
    title: 法定主动公开内容
    children:
      - {id: policies, title: 政策文件}
"""
GUIDE = """\
## 一、分类与编排体系

按栏目分类编排。详见[通知公告](../notices/)。

## 二、主动公开

主动公开的信息在本专区发布，例如[最新通知](<../notices/有 空格.md>)。

## 三、依申请公开

书面申请。

## 四、监督和救济

可以投诉、申请行政复议或提起行政诉讼。
"""
# file name under content/notices/ → how a Markdown link to it is written from a sibling
NOTICES = {
    "index.md": "index.md",
    "index-2.md": "index-2.md",
    "有 空格.md": "<有 空格.md>",
    "a#b.md": "a%23b.md",
    "100%.md": "100%25.md",
    "what?.md": "what%3F.md",
    "a&b.md": "a&b.md",
    "\"引号\"'单'.md": "%22引号%22'单'.md",
}
ATTACHMENT = "附件 1#&%.txt"
IMAGE = "图 1#.png"


def png() -> bytes:
    """A valid 1×1 PNG, so a browser can show it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\xff\0\0"))
        + chunk(b"IEND", b"")
    )


def index_no(seq: int) -> str:
    return f"{ORG}-2025-{seq:04d}"


def _record(path: Path, seq: int, title: str, body: str, extra: str = "") -> None:
    front = f"title: {title}\nindex_no: {index_no(seq)}\ncreated: 2025-03-{seq:02d}\npublished: 2025-03-{seq:02d}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}{extra}---\n\n{body}", encoding="utf-8")


def make(root: Path) -> Path:
    """Write the zone under root and return it."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "zone.yaml").write_text(ZONE_YAML, encoding="utf-8")
    (root / "catalog.yaml").write_text(CATALOG, encoding="utf-8")
    guide_front = (
        "kind: 指南\noffice: 青山镇党政办\naddress: 青山镇青山路1号\nhours: 工作日 8:30—17:00\n"
        "phone: 0571-0000000\nemail: gk@example.gov.cn\n"
    )
    _record(root / "content/guide/index.md", 1, "青山镇政府信息公开指南", GUIDE, guide_front)
    names = list(NOTICES)
    for number, name in enumerate(names):
        following = NOTICES[names[(number + 1) % len(names)]]
        _record(
            root / "content/notices" / name,
            number + 2,
            f"通知{number + 1}：文件名 {name}",
            f"第{number + 1}条通知。下一条：[下一条通知]({following})。\n",
        )
    policies = root / "content/statutory/policies"
    policies.mkdir(parents=True)
    (policies / ATTACHMENT).write_text("附件正文。\n", encoding="utf-8")
    (policies / IMAGE).write_bytes(png())
    body = (
        "政策正文，见[附件一](附件%201%23&%25.txt)，"
        "相关通知：[文件名有井号的通知](../../notices/a%23b.md#正文)和[首页通知](../../notices/index.md)。\n\n"
        "![青山镇位置示意图](图%201%23.png)\n"
    )
    _record(
        policies / "通知公告.md",
        20,
        "青山镇政策文件",
        body,
        f'kind: 政策文件\nattachments:\n  - "{ATTACHMENT}"\n  - "{IMAGE}"\n',
    )
    return root
