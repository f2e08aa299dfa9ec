"""`zonegen serve` as a user runs it (a process on a free port), and a reader of its event stream."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).parent.parent


class Served:
    """A running `zonegen serve`: its address and every line it wrote to the terminal so far."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.lines: list[str] = []
        self._new = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        first = self.wait_for("预览地址：")
        self.url = re.search(r"http://[^（\s]+", first)[0]  # type: ignore[index]

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            with self._new:
                self.lines.append(line.rstrip("\n"))
                self._new.notify_all()

    def wait_for(self, text: str, after: int = 0, timeout: float = 60) -> str:
        """The first line from index `after` on that contains text."""
        deadline = time.monotonic() + timeout
        with self._new:
            while True:
                for line in self.lines[after:]:
                    if text in line:
                        return line
                left = deadline - time.monotonic()
                if left <= 0 or self.process.poll() is not None:
                    raise AssertionError(f"zonegen serve never wrote {text!r}:\n" + "\n".join(self.lines))
                self._new.wait(left)

    def stop(self, sig: int = signal.SIGINT) -> tuple[int, str]:
        """Send sig (Ctrl-C by default); the exit code and everything the process wrote."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        code = self.process.wait(timeout=20)
        self._reader.join(timeout=5)
        return code, "\n".join(self.lines)


@contextmanager
def serving(zone: Path, *args: str) -> Iterator[Served]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "zonegen", "--zone", str(zone), "serve", "--port", "0", *args]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env, cwd=REPO)
    served = None
    try:
        served = Served(process)
        yield served
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        if served is not None:
            served._reader.join(timeout=5)
        assert process.stderr is not None
        process.stderr.close()


class Events:
    """The server-sent events of a preview, one JSON snapshot at a time."""

    def __init__(self, url: str, timeout: float = 30) -> None:
        parts = urllib.parse.urlsplit(url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        self.connection.request("GET", "/__zonegen/events")
        self.response = self.connection.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type", "").startswith("text/event-stream")

    def next(self) -> dict:
        """The next snapshot (keep-alive comments skipped)."""
        data = []
        while True:
            line = self.response.readline().decode("utf-8")
            if not line:
                raise AssertionError("the event stream ended")
            line = line.rstrip("\n")
            if line.startswith("data: "):
                data.append(line[len("data: ") :])
            elif line == "" and data:
                return json.loads("\n".join(data))

    def until(self, ok: bool) -> dict:
        """Snapshots until one whose ok is `ok`."""
        while True:
            snapshot = self.next()
            if snapshot["ok"] is ok:
                return snapshot

    def close(self) -> None:
        self.connection.close()


def get(url: str, path: str, host: str | None = None) -> tuple[int, dict[str, str], bytes]:
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    headers = {"Host": host} if host else {}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body
