"""The kiosk export's integrity: a SHA-256 manifest of every file, its check, and the one-archive copy.

The manifest (`manifest.sha256`) is written like `sha256sum` writes it — `<sha256>  <path>` per
file, sorted by path — so that a county's IT staff can also check a copy with
`sha256sum -c manifest.sha256` on any Linux machine. `verify` reads it back strictly: a line of
another shape, a path that leaves the folder, a path listed twice or a manifest that is not a
zonegen export's (an MD5 or SHA-1 list, one without the export's home page) is an error at its
line, never a partial check.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from zonegen.build import build
from zonegen.diagnostics import Diagnostic
from zonegen.output import os_error as output_os_error

MANIFEST = "manifest.sha256"
HOME = "index.html"
_LINE = re.compile(r"^(\\?)([0-9a-f]{64}) [ *](.+)$")
_OTHER_SUMS = {32: "MD5", 40: "SHA-1", 56: "SHA-224", 96: "SHA-384", 128: "SHA-512"}
_CHUNK = 1 << 20
# A fixed time for every archive entry (the earliest a zip can hold): the same export gives the same bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def files(folder: Path) -> list[str]:
    """Every regular file under folder (but the manifest), as sorted POSIX paths relative to it."""
    found = []
    for parent, dirs, names in os.walk(folder):
        dirs.sort()
        rel = Path(parent).relative_to(folder)
        for name in names:
            path = (rel / name).as_posix()
            if path != MANIFEST:
                found.append(path)
    return sorted(found)


def _escaped(path: str) -> tuple[str, str]:
    """sha256sum's escaping of a name holding a backslash or a line break: a leading "\\" on the line."""
    if "\\" not in path and "\n" not in path and "\r" not in path:
        return "", path
    return "\\", path.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")


def _unescaped(path: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "r": "\r"}.get(m.group(1), m.group(1)), path)


def write_manifest(folder: Path) -> int:
    """Write folder/manifest.sha256 over every other file in it; returns how many it lists."""
    listed = files(folder)
    lines = []
    for path in listed:
        prefix, shown = _escaped(path)
        lines.append(f"{prefix}{sha256(folder / path)}  {shown}\n")
    with open(folder / MANIFEST, "w", encoding="utf-8", newline="\n") as handle:
        handle.writelines(lines)
    return len(listed)


@dataclass(frozen=True)
class Verified:
    """The result of checking a copy: its problems (none: every listed file matches) and how many files it lists."""

    problems: list[Diagnostic]
    listed: int

    @property
    def ok(self) -> bool:
        return not self.problems


def _diag(code: str, file: str | None, line: int | None, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic("error", code, file, line, None, message, hint)


_HINT_REEXPORT = "用 zonegen export --kiosk 重新导出一份，再完整复制到终端（不要只复制部分文件）"


def read_manifest(folder: Path) -> tuple[dict[str, str], list[Diagnostic]]:
    """The manifest's {path: sha256}, or the reasons it cannot be trusted (then nothing is checked)."""
    path = folder / MANIFEST
    if not path.is_file():
        return {}, [_diag("manifest-missing", MANIFEST, None, f"{folder} 中没有校验清单 {MANIFEST}", _HINT_REEXPORT)]
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return {}, [_diag("manifest-corrupt", MANIFEST, None, "校验清单不是 UTF-8 文本，已损坏", _HINT_REEXPORT)]
    except OSError as exc:
        return {}, [_diag("manifest-corrupt", MANIFEST, None, f"无法读取校验清单：{exc.strerror}", _HINT_REEXPORT)]
    entries: dict[str, str] = {}
    problems: list[Diagnostic] = []
    lengths: set[int] = set()
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        match = _LINE.match(line)
        if match is None:
            word = line.split(" ", 1)[0].lstrip("\\")
            if re.fullmatch(r"[0-9a-fA-F]+", word):
                lengths.add(len(word))
            shown = line if len(line) <= 60 else line[:57] + "…"
            problems.append(
                _diag(
                    "manifest-corrupt",
                    MANIFEST,
                    number,
                    f"校验清单的第 {number} 行格式不对：“{shown}”",
                    "每行应为 64 位十六进制的 SHA-256 值、两个空格和文件的相对路径；" + _HINT_REEXPORT,
                )
            )
            continue
        name = _unescaped(match.group(3)) if match.group(1) else match.group(3)
        pure = PurePosixPath(name)
        if pure.is_absolute() or ".." in pure.parts or name != pure.as_posix() or name == MANIFEST:
            problems.append(
                _diag("manifest-corrupt", MANIFEST, number, f"校验清单的第 {number} 行列出了目录之外的路径“{name}”")
            )
        elif name in entries:
            problems.append(_diag("manifest-corrupt", MANIFEST, number, f"校验清单中“{name}”列了两次"))
        else:
            entries[name] = match.group(2)
    other = {_OTHER_SUMS[n] for n in lengths if n in _OTHER_SUMS}
    if other and not entries:
        kinds = "、".join(sorted(other))
        return {}, [
            _diag(
                "manifest-foreign",
                MANIFEST,
                None,
                f"{MANIFEST} 是 {kinds} 校验清单，不是 zonegen 导出的",
                _HINT_REEXPORT,
            )
        ]
    if problems:
        return {}, problems
    if not entries:
        return {}, [_diag("manifest-corrupt", MANIFEST, None, "校验清单是空的", _HINT_REEXPORT)]
    if HOME not in entries:
        return {}, [
            _diag(
                "manifest-foreign",
                MANIFEST,
                None,
                f"{MANIFEST} 不是 zonegen 导出的线下专区清单（其中没有首页 {HOME}）",
                "确认打开的是 zonegen export --kiosk 导出的目录；" + _HINT_REEXPORT,
            )
        ]
    return entries, []


def verify(folder: Path) -> Verified:
    """Check every file of an exported copy against its manifest: missing, altered and extra files."""
    entries, problems = read_manifest(folder)
    if problems:
        return Verified(problems, 0)
    found: list[Diagnostic] = []
    present = set(files(folder))
    for path, digest in sorted(entries.items()):
        if path not in present:
            found.append(_diag("export-missing", path, None, "清单中的文件缺少了"))
        elif sha256(folder / path) != digest:
            found.append(_diag("export-altered", path, None, "文件内容与清单不符（已被改动或损坏）"))
    for path in sorted(present - entries.keys()):
        found.append(_diag("export-extra", path, None, "清单中没有这个文件（是后来加进来的）"))
    return Verified(found, len(entries))


def write_zip(folder: Path, archive: Path) -> None:
    """One archive of folder, its files under folder's name, written beside and renamed into place whole."""
    partial = archive.with_name(f".{archive.name}.tmp-{os.getpid()}")
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as out:
            for path in [*files(folder), MANIFEST]:
                info = zipfile.ZipInfo(f"{archive.stem}/{path}", _ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                with open(folder / path, "rb") as source, out.open(info, "w") as target:
                    shutil.copyfileobj(source, target, _CHUNK)
        os.replace(partial, archive)
    finally:
        partial.unlink(missing_ok=True)


@dataclass(frozen=True)
class Exported:
    """What `zonegen export --kiosk` did: its diagnostics, and where the copy is."""

    ok: bool
    diagnostics: list[Diagnostic]
    target: Path
    folder_hint: str  # what to pass to `zonegen verify` (the folder, or the archive's after unpacking)
    files: int = 0
    records: int = 0


def archive_path(directory: Path) -> Path:
    return directory if directory.suffix.lower() == ".zip" else directory.with_name(directory.name + ".zip")


def export_kiosk(
    root: Path,
    directory: Path,
    as_zip: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
    as_of: dt.date | None = None,
) -> Exported:
    """Write the kiosk copy of a zone to directory (or one archive DIR.zip) with its manifest.

    The folder is built and swapped in like a build's output (never half written, only a folder
    zonegen made is replaced); the archive is written beside and renamed into place whole.
    """
    counted: list[int] = []

    def finish(folder: Path) -> None:
        counted.append(write_manifest(folder))

    if not as_zip:
        result = build(root, directory, progress=progress, as_of=as_of, kiosk=True, finish=finish)
        return Exported(result.ok, result.diagnostics, directory, str(directory), sum(counted), result.records)
    archive = archive_path(directory)
    refused = _zip_problems(archive)
    if refused:
        return Exported(False, refused, archive, "")
    work = archive.with_name(f".{archive.stem}.export-{os.getpid()}")
    folder = work / archive.stem
    try:
        result = build(root, folder, progress=progress, as_of=as_of, kiosk=True, finish=finish)
        if result.ok:
            try:
                write_zip(folder, archive)
            except OSError as exc:
                problem = output_os_error(exc, folder, archive)
                return Exported(False, [*result.diagnostics, problem], archive, "")
        hint = f"{archive.stem}（解压 {archive.name} 得到的目录）"
        return Exported(result.ok, result.diagnostics, archive, hint, sum(counted), result.records)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _zip_problems(archive: Path) -> list[Diagnostic]:
    """An existing file is only replaced when it is an archive this command made (it holds the manifest)."""
    if not archive.exists():
        return []
    try:
        with zipfile.ZipFile(archive) as existing:
            ours = f"{archive.stem}/{MANIFEST}" in existing.namelist()
    except (OSError, zipfile.BadZipFile):
        ours = False
    if ours and archive.is_file():
        return []
    return [
        Diagnostic(
            "error",
            "output-not-ours",
            None,
            None,
            None,
            f"{archive} 已存在且不是 zonegen 导出的压缩包，不会覆盖",
            "换一个导出位置，或先把这个文件移走",
        )
    ]
