"""The output folder: its safety, the per-folder lock, the atomic swap and the leftovers of killed builds.

A build writes the new site into `.NAME.tmp-PID` beside the output (so on the same file
system) and swaps it in with one exchange rename (Linux `renameat2(RENAME_EXCHANGE)`): at
every instant `NAME` is either the old or the new complete site, and stays a real folder
that a web server, rsync or a kiosk copy opens as before. Where the exchange does not exist
(other systems, a few network file systems) the swap is two renames through
`.NAME.old-PID`; a build killed between them leaves no `NAME`, and the next build puts the
old site back before anything else. Builds of one output take a lock (`.NAME.lock`, flock),
so a second one is refused with a message instead of racing the first; the lock holder
removes what killed builds left behind.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from zonegen.diagnostics import Diagnostic

MARKER = ".zonegen-build"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class OutputError(Exception):
    """A problem with the output folder, as a diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def target(root: Path, out: Path | None) -> Path:
    """The folder a build replaces: `--out` or public/, through a link to where it points."""
    path = (out or root / "public").absolute()
    return path.resolve() if path.is_symlink() else path


def problems(root: Path, out: Path) -> list[Diagnostic]:
    """Refuse output folders whose replacement would destroy the zone or someone's files, or cannot work."""
    zone, resolved, shown = root.resolve(), out.resolve(), str(out)
    if (
        resolved == zone
        or zone.is_relative_to(resolved)
        or resolved.is_relative_to(zone / "content")
        or resolved.is_relative_to(zone / "themes")
    ):
        return [
            _diag(
                "output-unsafe",
                f"输出目录 {shown} 会覆盖专区自身的文件",
                "请指定专区之外或专区内的 public/ 目录",
            )
        ]
    if resolved.exists() and (not resolved.is_dir() or (any(resolved.iterdir()) and not (resolved / MARKER).exists())):
        return [
            _diag(
                "output-not-ours",
                f"输出目录 {shown} 已存在且不是 zonegen 生成的，不会覆盖",
                "换一个输出目录，或先手动清空它",
            )
        ]
    if resolved.exists() and _is_mount(resolved):
        return [
            _diag(
                "output-error",
                f"输出目录 {shown} 是一个挂载点（U 盘、网络盘或单独的分区），无法整体替换",
                f"请输出到挂载点里面的子目录，例如 --out {out / 'public'}",
            )
        ]
    existing = resolved
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        return [_diag("output-error", f"无法创建输出目录 {shown}：{existing} 是文件，不是文件夹", _HINT_PATH)]
    if not os.access(existing, os.W_OK | os.X_OK):
        reason = "文件系统是只读的" if _read_only(existing) else "没有写入权限"
        return [_diag("output-error", f"无法写入输出目录 {shown}：{existing} {reason}", _HINT_WRITE)]
    return []


_HINT_PATH = "换一个输出目录（--out），或把这个文件改名或移走"
_HINT_WRITE = "换一个可写的输出目录（--out），或请管理员开放写入权限"
_KEPT = "上一次生成的网站保持不变"
_HINT_SPACE = "清理磁盘空间（或换一个输出目录）后重新生成；" + _KEPT


def os_error(exc: OSError, tmp: Path, out: Path) -> Diagnostic:
    """An OSError raised while writing the site, named at the path the user knows (not the temporary one)."""
    name = Path(exc.filename) if exc.filename else out
    shown = out / name.relative_to(tmp) if name.is_relative_to(tmp) else name
    number = exc.errno
    if number in (errno.ENOSPC, errno.EDQUOT):
        return _diag("output-error", f"磁盘空间不足，无法写入 {shown}", _HINT_SPACE)
    if number == errno.EROFS:
        return _diag("output-error", f"无法写入 {shown}：文件系统是只读的", _HINT_WRITE)
    if number in (errno.EACCES, errno.EPERM):
        return _diag("output-error", f"无法写入 {shown}：没有权限", _HINT_WRITE)
    if number == errno.ENOTDIR:
        return _diag("output-error", f"无法写入 {shown}：路径中有同名的文件", _HINT_PATH)
    if number == errno.ENAMETOOLONG:
        return _diag("output-error", f"无法写入 {shown}：路径太长", "把输出目录放在更短的路径下")
    reason = exc.strerror or type(exc).__name__
    return _diag("output-error", f"无法写入 {shown}：{reason}", "检查输出目录所在的磁盘后重新生成；" + _KEPT)


def unencodable(exc: UnicodeEncodeError, out: Path) -> Diagnostic:
    shown = exc.object[max(0, exc.start - 20) : exc.end + 20].encode("utf-8", "backslashreplace").decode()
    return _diag(
        "output-error",
        f"无法写入 {out}：输出中有不能用 UTF-8 表示的字符（在“{shown}”中）",
        "这通常来自不是 UTF-8 编码的文件名：把相关文件重新命名一次后再生成；" + _KEPT,
    )


def _diag(code: str, message: str, hint: str) -> Diagnostic:
    return Diagnostic("error", code, None, None, None, message, hint)


@contextmanager
def lock(out: Path) -> Iterator[None]:
    """Hold the output's lock for the whole write; a second build of the same output is refused."""
    path = out.parent / f".{out.name}.lock"
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; builds of one output must not overlap
        yield
        return
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise OutputError(
                _diag(
                    "output-locked",
                    f"另一个 zonegen build 正在生成 {out}，请等待它结束后再试",
                    "同一个输出目录一次只能由一个 build 生成；"
                    "如果没有其他 build 在运行，直接重试即可（锁随进程结束自动释放）",
                )
            ) from None
        try:
            if os.fstat(fd).st_ino == os.stat(path).st_ino:
                break  # ours: the file was not removed by the previous holder meanwhile
        except FileNotFoundError:
            pass
        os.close(fd)
    try:
        yield
    finally:
        # Removed before release, so no build can lock a file that is no longer at the path.
        os.unlink(path)
        os.close(fd)


def _leftover(out: Path) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(out.name)}\.(tmp|old)-(\d+)")


def clean_leftovers(out: Path) -> None:
    """Under the lock: restore an output lost between two renames, then remove what killed builds left."""
    pattern = _leftover(out)
    found = [(p, m) for p in out.parent.iterdir() if (m := pattern.fullmatch(p.name)) and not _alive(int(m[2]))]
    olds = sorted((p for p, m in found if m[1] == "old"), key=lambda p: p.stat().st_mtime)
    if not out.exists() and olds:
        olds.pop().rename(out)  # killed between the two renames of the fallback swap
    for path, _match in found:
        if path.exists():
            remove(path)


def _alive(pid: int) -> bool:
    """Whether another process with this id runs (then its folder is not a leftover yet)."""
    if pid == os.getpid():
        return False  # our own id reused from a killed build (containers start every build as PID 1)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def temporary(out: Path) -> Path:
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    remove(tmp)
    tmp.mkdir(parents=True)
    return tmp


def swap(tmp: Path, out: Path) -> None:
    """Put tmp in place of out at once; the old site is removed after."""
    if not out.exists():
        tmp.rename(out)
        return
    if _exchange(tmp, out):
        remove(tmp)  # now holds the old site
        return
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    out.rename(old)
    tmp.rename(out)
    remove(old)


def install(staging: Path, out: Path, replace: tuple[str, ...] = ()) -> None:
    """Move every file of staging into out (an incremental build's changed files), each in one rename.

    Under each folder named in `replace`, out keeps only what staging has there: files of the
    last build that this one no longer writes (search shards) are removed.
    """
    staged: set[str] = set()
    for folder, _dirs, names in os.walk(staging):
        rel = Path(folder).relative_to(staging)
        (out / rel).mkdir(parents=True, exist_ok=True)
        for name in names:
            staged.add((rel / name).as_posix())
            os.replace(Path(folder) / name, out / rel / name)
    for part in replace:
        for folder, _dirs, names in os.walk(out / part):
            for name in names:
                path = Path(folder) / name
                if path.relative_to(out).as_posix() not in staged:
                    path.unlink()


def _exchange(a: Path, b: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): swap two paths in one step; False where it does not exist."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    number = ctypes.get_errno()
    if number in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # this file system has no exchange: the fallback swap
    raise OSError(number, os.strerror(number), str(b))


def remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)


def _read_only(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


def _is_mount(path: Path) -> bool:
    """A mount point, including a bind mount on the same device that os.path.ismount does not see."""
    if os.path.ismount(path):
        return True
    try:
        lines = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return False
    mounts = {_unescape(line.split()[4]) for line in lines if len(line.split()) > 4}
    return str(path) in mounts


def _unescape(field: str) -> str:
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), field)
