"""Cross-record rules, and those against the catalog and the disk: what no single file can know."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from zonegen.catalog import Catalog
from zonegen.diagnostics import Diagnostic, Diagnostics
from zonegen.extras import load_extras
from zonegen.records import Record
from zonegen.render import theme_dirs
from zonegen.report import check_reports
from zonegen.safety.checks import safety_checks
from zonegen.suggest import did_you_mean, nearest

if TYPE_CHECKING:  # load.py runs these rules
    from zonegen.load import LoadedZone

_INTERPRETABLE = ("规范性文件", "政策文件")


def validate(loaded: LoadedZone) -> list[Diagnostic]:
    diags = Diagnostics()
    records = loaded.records
    _unique_index_numbers(records, diags)
    by_index = {r.index_no: r for r in records}
    for record in records:
        _node_rules(record, loaded.catalog, loaded.zone.level, diags)
        _interpretation(record, by_index, diags)
        _also(record, loaded.catalog, diags)
        for index, code, message, hint in attachment_problems(record, loaded.zone.content_dir, loaded.zone.root):
            diags.error(code, message, *record.at(f"attachments/{index}"), hint, file=record.file)
    _single_guide(records, loaded.catalog, diags)
    _annual_report_years(records, diags)
    loaded.reports, found = check_reports(loaded)  # carried on to the site: render reads nothing again
    diags.extend(found)
    _unreferenced_files(loaded, diags)
    diags.extend(safety_checks(records, loaded.zone.root, loaded.zone.content_dir))
    diags.extend(load_extras(loaded.zone, theme_dirs(loaded.zone.root, loaded.zone.theme))[1])
    return diags.items


def _unique_index_numbers(records: list[Record], diags: Diagnostics) -> None:
    """Each record that shares an 索引号 is reported at its own line, naming the other files."""
    by_number: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        by_number[record.index_no].append(record)
    for number, group in by_number.items():
        if len(group) < 2:
            continue
        for record in group:
            others = "、".join(sorted(r.file for r in group if r is not record))
            diags.error(
                "index-no-duplicate",
                f"索引号“{number}”与 {others} 重复",
                *record.at("index_no"),
                "索引号在专区内唯一且永不复用：保留先发布的那条，另一条用 zonegen new 分配新的索引号",
                file=record.file,
            )


# Columns that hold one 文种 only, and that 文种 only lives there:
# (column type, kind, what the messages call it, hint for a record of another kind).
_KIND_COLUMNS = (
    ("guide", "指南", "政府信息公开指南", "把 kind 改为 指南"),
    ("annual-reports", "年度报告", "年度报告", "把 kind 改为 年度报告，并填写 year"),
)


def _node_rules(record: Record, catalog: Catalog, level: str, diags: Diagnostics) -> None:
    node = catalog.nodes[record.node]
    top = node.ancestors()[0] if node.parent else node
    line, col = record.at("kind")
    for column_type, kind, name, fix in _KIND_COLUMNS:
        if top.type == column_type and record.kind != kind:
            message, hint = f"“{top.title}”栏目只放{name}，文种应为“{kind}”", fix
        elif top.type != column_type and record.kind == kind:
            home = catalog.of_type(column_type)
            message = f"{name}应放在{'指南' if kind == '指南' else name}栏目中"
            hint = f"把文件移到 content/{home.path}/" if home else f"目录中没有 type: {column_type} 的栏目"
        else:
            continue
        diags.error("kind-node", message, line, col, hint, file=record.file)
    if top.type == "domains" and level and not node.applies_to(level):
        diags.warning(
            "level-mismatch",
            f"事项“{node.title}”不属于{level}公开事项",
            None,
            None,
            "确认放置位置；目录中该事项的 levels 不含本专区的层级",
            file=record.file,
        )


def _interpretation(record: Record, by_index: dict[str, Record], diags: Diagnostics) -> None:
    if not record.interprets:
        return
    line, col = record.at("interprets")
    target = by_index.get(record.interprets)
    if target is record:
        diags.error(
            "interprets-self",
            "解读对象（interprets）写的是这条解读自己的索引号",
            line,
            col,
            "interprets 写被解读文件的索引号（见该文件头部的 index_no）",
            file=record.file,
        )
        return
    if target is None:
        # a typo in a digit or two; never suggest the 解读 itself
        candidates = [n for n, r in by_index.items() if r is not record and r.kind in _INTERPRETABLE]
        guess = nearest(record.interprets, candidates, cutoff=0.9)
        diags.error(
            "interprets-unknown",
            f"解读对象“{record.interprets}”不是本专区任何记录的索引号",
            line,
            col,
            f"您是不是想写“{guess}”（{by_index[guess].title}）？"
            if guess
            else "interprets 写被解读文件的索引号（见该文件头部的 index_no）",
            file=record.file,
        )
    elif record.is_public and not target.is_public:
        diags.error(
            "interprets-not-public",
            f"解读对象 {target.file} 不是主动公开的信息",
            line,
            col,
            "对不公开的文件不应发布解读；请核实两条记录的公开属性",
            file=record.file,
        )
    elif target.kind not in _INTERPRETABLE:
        diags.warning(
            "interprets-kind",
            f"解读对象的文种是“{target.kind}”，通常只解读规范性文件和政策文件",
            line,
            col,
            None,
            file=record.file,
        )
    if record.kind != "解读":
        diags.warning(
            "interprets-kind",
            "写了解读对象（interprets），但文种不是“解读”",
            line,
            col,
            "把 kind 改为 解读",
            file=record.file,
        )


def _also(record: Record, catalog: Catalog, diags: Diagnostics) -> None:
    for index, path in enumerate(record.also):
        clean = path.strip("/").removeprefix("content/")
        if clean not in catalog.nodes:
            guess = nearest(clean, catalog.nodes, cutoff=0.6)
            diags.error(
                "also-unknown",
                f"同时发布于“{path}”不是目录中的栏目或事项",
                *record.at(f"also/{index}"),
                f"您是不是想写“{guess}”？" if guess else f"写目录节点的路径，例如 {catalog.example_path()}",
                file=record.file,
            )
        elif clean == record.node:
            diags.warning(
                "also-self",
                f"同时发布于“{path}”就是记录所在的栏目",
                *record.at(f"also/{index}"),
                "删除这一项",
                file=record.file,
            )


def _single_guide(records: list[Record], catalog: Catalog, diags: Diagnostics) -> None:
    guide = catalog.of_type("guide")
    if guide is None:
        return
    guides = [r for r in records if r.node == guide.path]
    if not guides:
        diags.warning(
            "guide-missing",
            "专区还没有政府信息公开指南",
            None,
            None,
            f"条例第十二条要求编制并公布指南；在 content/{guide.path}/ 中新建 kind: 指南 的记录",
            file=f"content/{guide.path}",
        )
    for extra in guides[1:]:
        diags.error(
            "guide-duplicate",
            f"指南栏目只能有一条记录，已有 {guides[0].file}",
            None,
            None,
            "把两份指南合并为一份",
            file=extra.file,
        )


def _annual_report_years(records: list[Record], diags: Diagnostics) -> None:
    by_year: dict[int, list[Record]] = defaultdict(list)
    for record in records:
        if record.kind == "年度报告" and isinstance(record.extra.get("year"), int):
            by_year[record.extra["year"]].append(record)
    for year, reports in by_year.items():
        for extra in reports[1:]:
            diags.error(
                "report-duplicate",
                f"{year} 年度报告已有 {reports[0].file}",
                extra.line_of("year"),
                None,
                "每年只有一份年度报告",
                file=extra.file,
            )


def _unreferenced_files(loaded: LoadedZone, diags: Diagnostics) -> None:
    referenced: set[str] = set()
    for record in loaded.records:
        for name in record.attachments:
            referenced.add(record.attachment_file(name))
    for file in loaded.other_files:
        if file in referenced:
            continue
        stem, _, suffix = file.rpartition(".")
        if suffix.lower() in _RECORD_LIKE:
            diags.warning(
                "file-extension",
                f"扩展名“.{suffix}”的文件不会作为记录读取",
                None,
                None,
                f"如果这是一条记录，把文件名改为 {stem.rsplit('/', 1)[-1]}.md；"
                "如果是附件，在所属记录的 attachments 中列出它",
                file=file,
            )
        else:
            diags.warning(
                "file-unreferenced",
                "这个文件没有被任何记录列为附件，不会发布",
                None,
                None,
                "在所属记录的 attachments 中列出它，或删除它",
                file=file,
            )


_RECORD_LIKE = ("markdown", "mdown", "mkd", "txt")


def attachment_problems(record: Record, content_dir: Path, zone_root: Path) -> list[tuple[int, str, str, str]]:
    """(index, code, message, hint) for each attachment that is missing, unsafe or outside content/."""
    problems = []
    folder = (zone_root / record.file).parent
    for index, name in enumerate(record.attachments):
        if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or "\\" in name:
            problems.append(
                (
                    index,
                    "attachment-path",
                    f"附件“{name}”使用了绝对路径或反斜杠",
                    "把附件放在记录旁边，attachments 中只写文件名，例如 附件1.pdf",
                )
            )
            continue
        if re.search(r"[\x00-\x1f\x7f]", name):
            shown = name.encode("unicode_escape").decode()
            problems.append(
                (
                    index,
                    "attachment-path",
                    f"附件名“{shown}”含有控制字符",
                    "把附件放在记录旁边，attachments 中只写文件名，例如 附件1.pdf",
                )
            )
            continue
        target = folder / name
        parts = Path(name).parts
        if ".." in parts:
            try:
                target.resolve().relative_to(content_dir.resolve())
                inside = True
            except ValueError:
                inside = False
            if not inside:
                problems.append(
                    (
                        index,
                        "attachment-escape",
                        f"附件“{name}”在 content 目录之外，不能发布",
                        "附件必须放在 content 目录中（通常就在记录旁边），attachments 中只写文件名",
                    )
                )
                continue
        if _has_symlink(target, content_dir):
            problems.append(
                (
                    index,
                    "attachment-symlink",
                    f"附件“{name}”是符号链接",
                    "请放入真实文件，不要用链接（链接可能指向不应公开的文件）",
                )
            )
            continue
        if not target.is_file():
            siblings = sorted(
                p.name for p in folder.iterdir() if p.is_file() and not p.is_symlink() and not p.name.endswith(".md")
            )
            problems.append(
                (
                    index,
                    "attachment-missing",
                    f"找不到附件“{name}”",
                    did_you_mean(name, siblings) or "把附件文件放在记录旁边，文件名与 attachments 中一致",
                )
            )
            continue
        if target.suffix.lower() in _FORBIDDEN_SUFFIXES:
            problems.append(
                (index, "attachment-type", f"附件“{name}”的类型不允许发布", "附件可以是 PDF、Office 文档、图片或压缩包")
            )
    return problems


_FORBIDDEN_SUFFIXES = {".html", ".htm", ".xhtml", ".js", ".mjs", ".svg", ".exe", ".bat", ".cmd", ".sh", ".php", ".md"}


def _has_symlink(target: Path, content_dir: Path) -> bool:
    path = target
    while True:
        if path.is_symlink():
            return True
        if path == content_dir or path.parent == path:
            return False
        path = path.parent
