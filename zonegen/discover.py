"""Which files under content/ are records, which are other files, and what is wrong with their places."""

from __future__ import annotations

import os
import re
from pathlib import Path

from zonegen.catalog import Catalog
from zonegen.diagnostics import Diagnostics
from zonegen.suggest import nearest
from zonegen.zone import ZoneConfig

_RESERVED_STEM = re.compile(r"^index(-\d+)?$")
_IGNORED = (".", "~$")  # hidden files, Office lock files


def discover(zone: ZoneConfig, catalog: Catalog, diags: Diagnostics) -> tuple[list[tuple[str, str]], list[str]]:
    """(file, node) for every record, and the other files; misplaced records are reported."""
    content = zone.content_dir
    if not content.is_dir():
        diags.error(
            "content-missing",
            "专区中没有 content 目录",
            None,
            None,
            "在专区目录下创建 content/，每个栏目一个子目录",
            file="content",
        )
        return [], []
    sources: list[tuple[str, str]] = []
    others: list[str] = []
    for folder, dirnames, filenames in os.walk(content):
        rel_folder = Path(folder).relative_to(content).as_posix()
        node = "" if rel_folder == "." else rel_folder
        for name in sorted(dirnames):
            if not name.startswith(".") and (Path(folder) / name).is_symlink():
                # os.walk does not enter linked folders: say so rather than skip them silently
                diags.error(
                    "folder-symlink",
                    "content 中的文件夹是符号链接，其中的文件不会读取",
                    None,
                    None,
                    "请把文件真实地放在 content 目录中，不要用链接",
                    file=_rel(node, name),
                )
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(_IGNORED):
                continue
            file = _rel(node, name)
            if name.startswith("_"):
                diags.warning(
                    "file-draft",
                    "以下划线开头的文件视为草稿，不会发布",
                    None,
                    None,
                    "要发布时去掉文件名开头的下划线“_”",
                    file=file,
                )
                continue
            if not name.lower().endswith(".md"):
                others.append(file)
                continue
            if (Path(folder) / name).is_symlink():
                # a link could pull in any file on the machine, including one that must not be published
                diags.error(
                    "record-symlink",
                    "记录文件是符号链接",
                    None,
                    None,
                    "请把记录文件本身放在这里，不要用链接（链接可能指向不应公开的文件）",
                    file=file,
                )
                continue
            if _check_place(file, node, name, catalog, diags):
                sources.append((file, node))
    return sources, others


def _rel(node: str, name: str) -> str:
    return f"content/{node}/{name}" if node else f"content/{name}"


def _check_place(file: str, node: str, name: str, catalog: Catalog, diags: Diagnostics) -> bool:
    if not node:
        diags.error(
            "node-none",
            "记录不能直接放在 content 目录下",
            None,
            None,
            f"请放进它所属栏目或事项的文件夹，例如 content/{catalog.example_path()}/",
            file=file,
        )
        return False
    if node not in catalog.nodes:
        guess = (
            nearest(node, catalog.nodes, cutoff=0.6) or _guess_by_tail(node, catalog) or _guess_by_title(node, catalog)
        )
        hint = (
            f"您是不是想放在 content/{guess}/（{catalog.nodes[guess].title}）？"
            if guess
            else "文件夹路径必须与目录（catalog.yaml）中栏目、领域或事项的 id 一致，"
            f"例如 content/{catalog.example_path()}/"
        )
        diags.error("node-unknown", f"文件夹“content/{node}”不是目录中的栏目或事项", None, None, hint, file=file)
        return False
    if _RESERVED_STEM.match(name[:-3].lower()):
        diags.error(
            "file-name-reserved",
            f"文件名“{name}”被栏目页面占用",
            None,
            None,
            "请换一个文件名，例如 2025-001.md",
            file=file,
        )
        return False
    return True


def _guess_by_title(node: str, catalog: Catalog) -> str | None:
    """A folder named after a column's Chinese title (content/通知公告/) → that column's id path."""
    tail = node.rsplit("/", 1)[-1]
    by_title: dict[str, str] = {}
    for path, found in catalog.nodes.items():
        by_title.setdefault(found.title, path)
    match = nearest(tail, by_title, cutoff=0.6)
    return by_title[match] if match else None


def _guess_by_tail(node: str, catalog: Catalog) -> str | None:
    tail = node.rsplit("/", 1)[-1]
    by_id = {path.rsplit("/", 1)[-1]: path for path in catalog.nodes}
    match = nearest(tail, by_id, cutoff=0.6)
    return by_id[match] if match else None
