"""What the open pages are told: which good build they should show, and the problems of the last attempt."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass

from zonegen.diagnostics import Diagnostic, summary

# An overlay of hundreds of problems helps nobody; the terminal has the full list.
SHOWN = 50


@dataclass(frozen=True)
class Snapshot:
    generation: int  # counts good builds; 0 until the first one of this session
    ok: bool
    problems: tuple[Diagnostic, ...] = ()

    def to_json(self) -> str:
        """The event sent to a page: everything the overlay shows, already worded in Chinese."""
        shown = self.problems[:SHOWN]
        more = len(self.problems) - len(shown)
        return json.dumps(
            {
                "generation": self.generation,
                "ok": self.ok,
                "summary": "" if self.ok else "未能重新生成：" + summary(list(self.problems)),
                "more": f"另有 {more} 个问题未列出，完整列表见运行 zonegen serve 的窗口。" if more else "",
                "problems": [
                    {
                        "where": d.where,
                        "severity": d.severity,
                        "label": d.label,
                        "code": d.code,
                        "message": d.message,
                        "hint": d.hint or "",
                        "file": d.file,
                        "line": d.line,
                    }
                    for d in shown
                ],
            },
            ensure_ascii=False,
        )


class LiveState:
    """The latest snapshot, and a way for the event streams to wait for the next one."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._snapshot = Snapshot(0, True)
        self._closed = False

    @property
    def snapshot(self) -> Snapshot:
        with self._changed:
            return self._snapshot

    @property
    def closed(self) -> bool:
        return self._closed

    def good(self) -> Snapshot:
        """A build succeeded: pages showing an older generation reload, the overlay goes away."""
        with self._changed:
            self._snapshot = Snapshot(self._snapshot.generation + 1, True)
            self._changed.notify_all()
            return self._snapshot

    def bad(self, problems: list[Diagnostic]) -> Snapshot:
        """A build failed: the last good site stays, and the pages show these problems over it."""
        errors_first = sorted(problems, key=lambda d: not d.is_error)
        with self._changed:
            self._snapshot = Snapshot(self._snapshot.generation, False, tuple(errors_first))
            self._changed.notify_all()
            return self._snapshot

    def wait(self, seen: Snapshot, timeout: float) -> Snapshot:
        """The first snapshot other than `seen`, or `seen` again after timeout or when closed."""
        with self._changed:
            self._changed.wait_for(lambda: self._snapshot is not seen or self._closed, timeout)
            return self._snapshot

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()
