"""`zonegen init` and `zonegen new`: a working zone, and a new record with the next 索引号."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from zonegen.catalog import Catalog, Node
from zonegen.indexno import compile_format
from zonegen.zone import ZoneConfig

_INDEX_LINE = re.compile(r"^(?:index_no|索引号)\s*[:：]\s*['\"]?([^'\"\n#]+?)['\"]?\s*$", re.M)

ZONE_TEMPLATE = """\
# 专区配置（zone.yaml）。带 # 的行是说明，可以删除。
name: {name}                   # 公开主体（发布机构）
title: {title}
org_code: {org_code}           # 统一社会信用代码（18位）或组织机构代码（9位），是索引号的前段
level: {level}                      # 公开层级：县级 或 乡级
base_url: {base_url}
footer:
  sponsor: {name}             # 主办单位
  site_code: '0000000000'            # 网站标识码：请改为本单位的标识码
  icp: ''                            # ICP备案号
  police_record: ''                  # 公安机关备案号
  address: ''
  phone: ''
rules:
  require_review: true               # 未经保密审查的信息一律不得发布
  reviewer: 党政综合办公室            # zonegen new 填入的默认审查人
"""

GUIDE_TEMPLATE = """\
---
title: {name}政府信息公开指南
index_no: {index_no}
created: {today}
published: {today}
kind: 指南
office: {name}党政综合办公室
address: 请填写办公地址
hours: 工作日上午8:30—12:00，下午14:30—17:30（法定节假日除外）
phone: 请填写联系电话
email: 请填写电子邮箱
review: {{by: 党政综合办公室, date: {today}}}
---

为了更好地开展政府信息公开工作，根据《中华人民共和国政府信息公开条例》，编制本指南。

## 一、分类与编排体系

本机关主动公开的政府信息按政府信息公开指南、政府信息公开制度、法定主动公开内容、政府信息公开工作年度报告等栏目分类编排，每条信息标注索引号、发布机构、生成日期等。

## 二、主动公开

主动公开的政府信息，自信息形成或者变更之日起20个工作日内，通过本专区等渠道予以公开。

## 三、依申请公开

公民、法人或者其他组织可以向本机关申请获取相关政府信息，申请应当采用书面形式，包括信件、传真、电子邮件等。本机关自收到申请之日起20个工作日内予以答复；需要延长答复期限的，延长期限最长不超过20个工作日。

## 四、监督和救济

公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼。
"""


def init_zone(target: Path, name: str, org_code: str, level: str, base_url: str, catalog: Catalog) -> list[Path]:
    """Create a zone that builds as is: zone.yaml, content/ folders for every column, the guide."""
    title = re.sub(r"(人民政府|政府)$", "", name) + ("基层政务公开专区" if level == "乡级" else "政务公开专区")
    today = dt.date.today()
    written = [target / "zone.yaml"]
    target.mkdir(parents=True, exist_ok=True)
    written[0].write_text(
        ZONE_TEMPLATE.format(name=name, title=title, org_code=org_code, level=level, base_url=base_url),
        encoding="utf-8",
    )
    for column in catalog.columns:
        folder = target / "content" / column.path
        folder.mkdir(parents=True, exist_ok=True)
    guide = catalog.of_type("guide")
    if guide is not None:
        index_no = compile_format("{org_code}/{year}-{seq:05d}", org_code).example(today.year, 1)
        path = target / "content" / guide.path / "guide.md"
        path.write_text(GUIDE_TEMPLATE.format(name=name, index_no=index_no, today=today.isoformat()), encoding="utf-8")
        written.append(path)
    gitignore = target / ".gitignore"
    gitignore.write_text("public/\n", encoding="utf-8")
    written.append(gitignore)
    return written


def used_index_numbers(content: Path) -> list[str]:
    """Every 索引号 written in any record, read leniently (a broken file still holds its number)."""
    numbers = []
    for path in sorted(content.rglob("*.md")):
        try:
            head = path.read_bytes()[:4096].decode("utf-8", "replace")
        except OSError:
            continue
        numbers += [m.group(1).strip() for m in _INDEX_LINE.finditer(head)]
    return numbers


def next_index_no(zone: ZoneConfig, year: int) -> str:
    fmt = compile_format(zone.index_format, zone.org_code)
    highest = 0
    for number in used_index_numbers(zone.content_dir):
        match = fmt.match(number)
        if match and int(match.group("year")) == year:
            highest = max(highest, int(match.group("seq")))
    # Never fill gaps: a number once used (even by a deleted record) is never reused.
    return fmt.example(year, highest + 1)


def default_kind(node: Node) -> str:
    top = ([*node.ancestors(), node])[0]
    if top.type == "guide":
        return "指南"
    if top.type == "annual-reports":
        return "年度报告"
    if top.id == "interpretations":
        return "解读"
    return "其他"


def one_line(text: str, what: str) -> str:
    """Text typed on the command line as one YAML line: line breaks, tabs and control characters fold to a space.

    A title pasted from a web page or Word may carry a newline, U+2028 or a stray control
    character; written as is, the new file would not parse (or a `---` line in the title
    would end its front matter). Raises ValueError (in Chinese) for what cannot be written
    at all: bytes that were not UTF-8, which the shell hands over as lone surrogates.
    """
    if any(0xD800 <= ord(c) <= 0xDFFF or c in "\ufffe\uffff" for c in text):
        raise ValueError(f"{what}含有无法识别的字符（终端的编码不是 UTF-8？）：请重新输入{what}")
    return _BREAKS.sub(" ", text).strip()


# Control characters (C0, DEL, C1 with NEL) and the Unicode line and paragraph separators.
_BREAKS = re.compile(r" *[\x00-\x1f\x7f-\x9f\u2028\u2029]+ *")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def new_record(zone: ZoneConfig, node: Node, title: str, today: dt.date, reviewer: str | None) -> Path:
    """Write content/NODE/<year>-<seq>.md with the next free 索引号; returns its path.

    Raises ValueError (in Chinese) when the title or reviewer cannot be written (see one_line).
    """
    title = one_line(title, "标题")
    reviewer = one_line(reviewer, "审查人") if reviewer else reviewer
    if not title:
        raise ValueError("标题不能为空")
    index_no = next_index_no(zone, today.year)
    seq = compile_format(zone.index_format, zone.org_code).match(index_no)
    folder = zone.content_dir / node.path
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{today.year}-{seq.group('seq') if seq else today.strftime('%m%d')}"
    path = folder / f"{stem}.md"
    suffix = 2
    while path.exists():
        path = folder / f"{stem}-{suffix}.md"
        suffix += 1
    kind = default_kind(node)
    lines = [
        "---",
        f"title: {_quote(title)}",
        f"index_no: {index_no}",
        f"created: {today.isoformat()}",
        f"published: {today.isoformat()}",
        f"kind: {kind}",
        "disclosure: 主动公开",
    ]
    if kind == "解读":
        lines.append("interprets: ''        # 填写被解读文件的索引号")
    if kind == "年度报告":
        lines.append(f"year: {today.year - 1}")
    if reviewer:
        lines.append(f"review: {{by: {_quote(reviewer)}, date: {today.isoformat()}}}")
    lines += ["---", "", "<!-- 在这一行下面写正文（可删除本行）。 -->", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
