"""The build cache in `.zonegen-cache/`: what the last build parsed and wrote, so the next one redoes only what changed.

Two files, each one pickle signed after it (format line, pickle, HMAC):

- `records.bin`: every record file's parse and per-record checks, by file, with the file's
  size, mtime and SHA-256. A file is parsed again only when its bytes change (a changed size
  or mtime is re-hashed first, so touching a file costs a hash, not a parse).
- `output.bin`: what the last build wrote into its output folder: for every page the records
  it showed and a key of their contents, and a fingerprint of everything else the site is
  made from (zonegen's code, the theme, zone.yaml, the catalog, the site's structure).

A cache is trusted only when it is exactly what this machine's zonegen wrote: pickles run
code when read, so each file carries an HMAC under a key kept in the user's own cache folder
(~/.cache/zonegen/key, mode 0600). A corrupt, foreign (another machine's, or edited) or
old-format cache is discarded with a note and rebuilt; it never changes what is built.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import hmac
import os
import pickle
import re
import tempfile
from pathlib import Path
from typing import Any

CACHE_DIR = ".zonegen-cache"
FORMAT = b"zonegen-cache 2\n"
_DIGEST = hashlib.sha256().digest_size


def cache_dir(root: Path) -> Path:
    return root / CACHE_DIR


@functools.cache
def code_fingerprint() -> str:
    """A hash of zonegen's own code and data: a cache from other code is not reused."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".yaml", ".html", ".css", ".js", ".xml", ".txt") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def fingerprint(*parts: object) -> str:
    """A hash of plain values (dataclasses, containers, strings, numbers, dates, paths) that is the
    same in every process: sets are sorted (a pickle's set order changes with each process's hash seed)."""
    digest = hashlib.sha256()
    _feed(parts, digest)
    return digest.hexdigest()


def _feed(value: object, digest: Any) -> None:
    if isinstance(value, str | int | float | bool | bytes | type(None) | dt.date | Path | re.Pattern):
        digest.update(f"{type(value).__name__}:{value!r};".encode())
    elif isinstance(value, dict):
        digest.update(b"{")
        for key, item in value.items():
            _feed(key, digest)
            _feed(item, digest)
        digest.update(b"}")
    elif isinstance(value, list | tuple):
        digest.update(b"[")
        for item in value:
            _feed(item, digest)
        digest.update(b"]")
    elif isinstance(value, set | frozenset):
        digest.update(b"<")
        for item in sorted(value, key=repr):
            _feed(item, digest)
        digest.update(b">")
    elif dataclasses.is_dataclass(value):
        digest.update(type(value).__qualname__.encode() + b"(")
        for item in dataclasses.fields(value):
            _feed(item.name, digest)
            _feed(getattr(value, item.name), digest)
        digest.update(b")")
    else:  # an object of no known shape: its pickle (never a memory address)
        digest.update(pickle.dumps(value, protocol=5))


@functools.cache
def _key() -> bytes | None:
    """This user's signing key, made on first use; None when there is nowhere to keep it."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "zonegen"
    path = base / "key"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        base.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(os.urandom(32))
        return path.read_bytes()
    except FileExistsError:  # another build made it meanwhile
        return path.read_bytes()
    except OSError:
        return None


def read(path: Path, expect: str) -> tuple[Any, str | None]:
    """The value saved at path for `expect` (a fingerprint), or None with a note why it is not used."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        return None, _note(path, f"无法读取（{exc.strerror}）")
    key = _key()
    if key is None:
        return None, None
    view = memoryview(raw)  # slices without copying tens of megabytes
    head, body, sig = raw[: len(FORMAT)], view[len(FORMAT) : -_DIGEST], raw[-_DIGEST:]
    if head != FORMAT or len(raw) < len(FORMAT) + _DIGEST:
        return None, _note(path, "格式不是这个版本的 zonegen 写的")
    if not hmac.compare_digest(sig, hmac.new(key, body, hashlib.sha256).digest()):
        return None, _note(path, "不是这台电脑上的 zonegen 写的，或已被改动、损坏")
    try:
        saved_for, value = pickle.loads(body)
    except Exception:  # signed by us, yet unreadable: a zonegen of another Python; never trusted
        return None, _note(path, "无法读取其中的内容")
    if saved_for != expect:
        return None, None  # made from other code or settings: simply out of date
    return value, None


def write(path: Path, expect: str, value: object) -> None:
    """Save value for `expect`, atomically; a cache that cannot be written is simply not kept."""
    key = _key()
    if key is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        ignore = path.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# zonegen 的构建缓存：不要提交到版本库\n*\n", encoding="utf-8")
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(FORMAT)
            signed = _Signed(handle, hmac.new(key, digestmod=hashlib.sha256))
            # Streamed: a city's cache is hundreds of megabytes, never held twice in memory.
            pickle.dump((expect, value), signed, protocol=5)
            handle.write(signed.mac.digest())
        os.replace(tmp, path)
    except OSError:
        return


class _Signed:
    """A file that signs what passes through it."""

    def __init__(self, handle: Any, mac: Any) -> None:
        self.handle, self.mac = handle, mac

    def write(self, data: bytes) -> int:
        self.mac.update(data)
        return self.handle.write(data)


def remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _note(path: Path, why: str) -> str:
    # A note, not a diagnostic: nothing the clerk wrote is wrong, and --strict must not fail on it.
    return f"提示：构建缓存 {CACHE_DIR}/{path.name} {why}，已弃用并重新生成（不影响生成的网站）"
