"""Which files under content/ are records, which are other files, and what is wrong with their places."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from zonegen.catalog import Catalog
from zonegen.diagnostics import Diagnostics
from zonegen.suggest import nearest
from zonegen.zone import ZoneConfig

# Files and folders that editors, office suites and operating systems leave behind: never
# records, never published, and not worth a warning (docs/用户手册.md lists them).
_NOISE_FILES = frozenset({".ds_store", "thumbs.db", "desktop.ini", ".directory", "4913"})  # 4913: Vim's write probe
# Office and LibreOffice lock files, macOS resource forks, Emacs lock links, gedit's save-in-progress copy.
_NOISE_PREFIXES = ("~$", "._", ".~lock.", ".#", ".goutputstream-")
# Editor backups, swap files and save-in-progress copies (Word's ~WRL0001.tmp, Chromium editors' .crswap).
_NOISE_SUFFIXES = ("~", ".swp", ".swo", ".swx", ".tmp", ".crswap")
_NOISE_FOLDERS = frozenset(
    {".git", ".svn", ".hg", ".idea", ".vscode", "__macosx", ".trashes", ".fseventsd", ".spotlight-v100"}
)


def is_noise(name: str) -> bool:
    """A file an editor, office suite or system leaves beside the real ones (never a record, never an edit)."""
    lowered = name.lower()
    autosave = len(name) > 2 and name.startswith("#") and name.endswith("#")  # Emacs
    return lowered in _NOISE_FILES or name.startswith(_NOISE_PREFIXES) or lowered.endswith(_NOISE_SUFFIXES) or autosave


def discover(zone: ZoneConfig, catalog: Catalog, diags: Diagnostics) -> tuple[list[tuple[str, str]], list[str]]:
    """(file, node) for every record, and the other files; misplaced, hidden, unreadable and
    badly named files are reported, never skipped silently."""
    _GUESSES.clear()
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
    pending = [""]  # node paths (folders under content/) still to read, depth first in name order
    while pending:
        node = pending.pop()
        entries = _entries(content, node, diags)
        _case_collisions(node, [name for name, _kind in entries], diags)
        folders = []
        for name, kind in entries:
            file = _rel(node, name)
            if kind == "folder":
                folders.append(f"{node}/{name}" if node else name)
            else:
                _file(file, node, name, kind == "link", catalog, diags, (sources, others))
        pending.extend(reversed(folders))
    return sources, others


def _entries(content: Path, node: str, diags: Diagnostics) -> list[tuple[str, str]]:
    """(name, "file" | "folder") of the folder's entries worth reading, in name order."""
    folder = content / node if node else content
    where = f"content/{node}" if node else "content"
    try:
        with os.scandir(folder) as scan:
            found = sorted(scan, key=lambda e: e.name)
    except OSError as exc:
        diags.error(
            "folder-unreadable",
            f"无法读取文件夹：{exc.strerror or exc}，其中的文件都没有读取",
            None,
            None,
            "请检查文件夹的权限（zonegen 需要能读取 content 中的每个文件夹）",
            file=where,
        )
        return []
    entries = []
    for entry in found:
        name = entry.name
        if not _utf8(name):
            _bad_name(node, name, diags)
            continue
        try:
            linked, folder_like = entry.is_symlink(), entry.is_dir()
        except OSError as exc:
            diags.error(
                "file-unreadable",
                f"无法读取：{exc.strerror or exc}",
                None,
                None,
                "请检查文件权限",
                file=_rel(node, name),
            )
            continue
        kind = _kind(node, name, folder_like, diags)
        if kind == "folder" and linked:
            # a linked folder is not entered (it could point anywhere): say so rather than skip it
            diags.error(
                "folder-symlink",
                "content 中的文件夹是符号链接，其中的文件不会读取",
                None,
                None,
                "请把文件真实地放在 content 目录中，不要用链接",
                file=_rel(node, name),
            )
        elif kind is not None:
            entries.append((name, "link" if linked else kind))
    return entries


def _kind(node: str, name: str, folder_like: bool, diags: Diagnostics) -> str | None:
    """ "file" or "folder" for an entry worth reading; None for one that is skipped (with a
    warning, unless it is editor or system noise)."""
    lowered = name.lower()
    if folder_like:
        if lowered in _NOISE_FOLDERS:
            return None
        if name.startswith("."):
            diags.warning(
                "folder-hidden",
                f"文件夹“{name}”以点开头，是隐藏文件夹，其中的文件不会读取",
                None,
                None,
                "如果其中有要发布的记录，把文件夹改名，去掉开头的“.”",
                file=_rel(node, name),
            )
            return None
        return "folder"
    if is_noise(name):
        return None
    if name.startswith("."):
        if lowered.endswith(".md"):
            diags.warning(
                "file-hidden",
                f"文件“{name}”以点开头，是隐藏文件，不会读取",
                None,
                None,
                f"如果这是一条要发布的记录，把文件改名，去掉开头的“.”，例如 {name.lstrip('.')[:-3] or '2025-001'}.md",
                file=_rel(node, name),
            )
        return None  # other hidden files (.htaccess, .gitkeep …) are configuration, not content
    return "file"


def _file(
    file: str,
    node: str,
    name: str,
    linked: bool,
    catalog: Catalog,
    diags: Diagnostics,
    found: tuple[list[tuple[str, str]], list[str]],
) -> None:
    sources, others = found
    if name.startswith("_"):
        diags.warning(
            "file-draft",
            "以下划线开头的文件视为草稿，不会发布",
            None,
            None,
            "要发布时去掉文件名开头的下划线“_”",
            file=file,
        )
    elif not name.lower().endswith(".md"):
        others.append(file)
    elif linked:
        # a link could pull in any file on the machine, including one that must not be published
        diags.error(
            "record-symlink",
            "记录文件是符号链接",
            None,
            None,
            "请把记录文件本身放在这里，不要用链接（链接可能指向不应公开的文件）",
            file=file,
        )
    elif _check_place(file, node, catalog, diags):
        sources.append((file, node))


def _utf8(name: str) -> bool:
    """Whether a name read from the disk is valid UTF-8 (Python keeps other bytes as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _bad_name(node: str, name: str, diags: Diagnostics) -> None:
    """A file name in another encoding (GBK from a Windows zip, …): it cannot become an address."""
    raw = os.fsencode(name)
    guess = raw.decode("gbk", "replace")  # what the clerk most likely typed, for the message
    shown = guess.encode("utf-8", "replace").decode("utf-8")
    diags.error(
        "file-name-encoding",
        f"文件名“{shown}”不是 UTF-8 编码，无法读取和发布",
        None,
        None,
        "请把它重新命名（重新输入文件名即可）；从 Windows 压缩包解压时，请选择 UTF-8 或 GBK 编码解压",
        file=_rel(node, _escaped(raw)),
    )


def _escaped(raw: bytes) -> str:
    """The name with every byte that is not UTF-8 written as \\xNN, printable anywhere."""
    return raw.decode("utf-8", "backslashreplace")


def _case_collisions(node: str, names: list[str], diags: Diagnostics) -> None:
    """Names that differ only in case (or Unicode form) overwrite each other when the zone or its
    output is copied to a USB stick or a Windows or macOS computer (a kiosk export)."""
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(unicodedata.normalize("NFC", name).casefold(), []).append(name)
    for group in groups.values():
        if len(group) < 2:
            continue
        for name in group:
            others = "、".join(f"“{other}”" for other in group if other != name)
            diags.warning(
                "name-case-collision",
                f"“{name}”与同一文件夹中的{others}只有大小写不同",
                None,
                None,
                "复制到 U 盘、Windows 或苹果电脑时它们会互相覆盖；请把其中一个改名",
                file=_rel(node, name),
            )


def _rel(node: str, name: str) -> str:
    return f"content/{node}/{name}" if node else f"content/{name}"


def _check_place(file: str, node: str, catalog: Catalog, diags: Diagnostics) -> bool:
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
        guess = _guess_folder(node, catalog)
        hint = (
            f"您是不是想放在 content/{guess}/（{catalog.nodes[guess].title}）？"
            if guess
            else "文件夹路径必须与目录（catalog.yaml）中栏目、领域或事项的 id 一致，"
            f"例如 content/{catalog.example_path()}/"
        )
        diags.error("node-unknown", f"文件夹“content/{node}”不是目录中的栏目或事项", None, None, hint, file=file)
        return False
    return True


def _guess_folder(node: str, catalog: Catalog) -> str | None:
    """The catalog node a folder that is not one was meant to be; asked once per folder, not per file
    (a zone whose catalog moved on has hundreds of files in each old folder)."""
    if node not in _GUESSES:
        _GUESSES[node] = (
            nearest(node, catalog.nodes, cutoff=0.6) or _guess_by_tail(node, catalog) or _guess_by_title(node, catalog)
        )
    return _GUESSES[node]


_GUESSES: dict[str, str | None] = {}  # folder → guess, for one discover() (it empties it first)


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
