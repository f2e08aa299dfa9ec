"""File-system events → one rebuild per burst of saves.

Editors rarely write a file once: Vim writes a test file `4913`, a swap file and a backup,
VS Code and Notepad++ may truncate then write, Word keeps `~$` owner files beside an open
document. So events in those files (`discover.is_noise`: the names the build skips too)
are ignored, and a rebuild starts only when the zone has been quiet for a moment
(`Debouncer`). The build's own reading of the zone (open/close without writing) is no change.

The zone root is watched on its own (zone.yaml, catalog.yaml, folders appearing or going),
and content/, themes/ and data/ recursively, each re-armed when it is deleted and made
again, so that removing a folder never blinds the preview. public/ and .zonegen-cache/ are
never watched: the preview's own output lives there, and a large zone's public/ would use
up the system's watches.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

from zonegen.discover import is_noise

WATCHED_DIRS = ("content", "themes", "data")
WATCHED_FILES = ("zone.yaml", "catalog.yaml")
# Reading the zone (every build does) is not a change; neither is a folder's own "modified"
# event, which only says that a child changed and so would turn a temp file into a rebuild.
_CHANGES = {"created", "deleted", "modified", "moved", "closed"}


def relevant(root: Path, path: str, extra: Path | None = None) -> bool:
    """Whether a change at path can change the preview: inside content/, themes/, data/, or a zone file."""
    if not path:
        return False
    target = Path(path)
    if extra is not None and target == extra:
        return True
    try:
        parts = target.relative_to(root).parts
    except ValueError:
        return False
    if not parts or any(part.startswith(".") for part in parts) or is_noise(parts[-1]):
        return False  # hidden files are not read (file-hidden); an editor's files are no edit
    return parts[0] in WATCHED_DIRS or (len(parts) == 1 and parts[0] in WATCHED_FILES)


class Debouncer:
    """Collects pokes into batches: one batch once `quiet` seconds pass without a poke (or `longest` since the first).

    `longest` keeps a steady stream of writes (a folder being copied) from postponing the preview forever.
    """

    def __init__(self, quiet: float = 0.1, longest: float = 2.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.quiet, self.longest, self._clock = quiet, longest, clock
        self._ready = threading.Condition()
        self._first: float | None = None
        self._last = 0.0
        self._stopped = False

    def poke(self) -> None:
        with self._ready:
            now = self._clock()
            if self._first is None:
                self._first = now
            self._last = now
            self._ready.notify_all()

    def stop(self) -> None:
        with self._ready:
            self._stopped = True
            self._ready.notify_all()

    def next_batch(self) -> bool:
        """Block until a batch is complete (True) or the debouncer is stopped (False)."""
        with self._ready:
            while not self._stopped:
                if self._first is None:
                    self._ready.wait(0.5)  # a timeout keeps Ctrl-C deliverable in the main thread
                    continue
                due = min(self._last + self.quiet, self._first + self.longest)
                remaining = due - self._clock()
                if remaining <= 0:
                    self._first = None
                    return True
                self._ready.wait(remaining)
            return False


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: Watcher) -> None:
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in _CHANGES or (event.is_directory and event.event_type == "modified"):
            return
        self.watcher.changed(os.fsdecode(event.src_path), os.fsdecode(event.dest_path or b""))


class Watcher:
    """Watches the zone and pokes on every relevant change.

    `arm()` (run before each rebuild) watches content/, themes/ and data/ anew when they were
    deleted and made again; a change made between the folder's creation and arm() is read by
    the rebuild that follows, one made after is seen by the new watch.
    """

    def __init__(self, root: Path, poke: Callable[[], None], warn: Callable[[str], None]) -> None:
        self.root = root.absolute()
        self._poke, self._warn = poke, warn
        self._handler = _Handler(self)
        self._observer: BaseObserver = Observer()
        self._watches: dict[str, tuple[tuple[int, int] | None, ObservedWatch | None]] = {}
        self._lock = threading.RLock()
        self.catalog: Path | None = None  # a catalog that zone.yaml names outside the usual place

    def start(self) -> None:
        self._observer.start()
        self.arm()

    def stop(self) -> None:
        self._observer.stop()
        self._observer.join(timeout=2)

    def set_catalog(self, path: Path | None) -> None:
        with self._lock:
            self.catalog = path.absolute() if path is not None else None

    def changed(self, src: str, dest: str) -> None:
        # A folder made again is armed by the next arm(), which runs before each rebuild: not here in
        # the observer's own thread, where removing a watch waits for that watch's thread.
        if relevant(self.root, src, self.catalog) or relevant(self.root, dest, self.catalog):
            self._poke()

    def arm(self) -> None:
        """Watch each folder that exists now; drop the watches of those that are gone or were replaced."""
        with self._lock:
            try:
                self._arm()
            except OSError as exc:
                if isinstance(self._observer, PollingObserver):
                    self._warn(f"无法监视专区中的文件：{exc.strerror or exc}；修改文件后请手动刷新页面")
                    return
                # The system's limit of watches is reached (a very large zone): look once a second instead.
                self._warn("系统可监视的文件夹数量已达上限，改为每秒检查一次文件变化")
                self._observer.stop()
                self._observer.join(timeout=2)
                self._observer = PollingObserver(timeout=1)
                self._observer.start()
                self._watches.clear()
                self.arm()

    def _arm(self) -> None:
        wanted: dict[str, tuple[Path, bool]] = {"": (self.root, False)}
        wanted.update({name: (self.root / name, True) for name in WATCHED_DIRS})
        if self.catalog is not None and not self._covered(self.catalog):
            wanted["catalog"] = (self.catalog.parent, False)
        for key in set(self._watches) - set(wanted):
            self._drop(key)
        for key, (path, recursive) in wanted.items():
            identity = _identity(path)
            if key in self._watches and self._watches[key][0] == identity:
                continue
            self._drop(key)
            watch = self._observer.schedule(self._handler, str(path), recursive=recursive) if identity else None
            self._watches[key] = (identity, watch)

    def _covered(self, path: Path) -> bool:
        return path.parent == self.root or any(path.is_relative_to(self.root / name) for name in WATCHED_DIRS)

    def _drop(self, key: str) -> None:
        _identity, watch = self._watches.pop(key, (None, None))
        if watch is not None:
            with contextlib.suppress(KeyError, OSError):  # its folder is gone, and the watch with it
                self._observer.unschedule(watch)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_dev, info.st_ino) if os.path.isdir(path) else None
