"""The preview's web server: the preview folder as a web server shows it, plus the live-reload stream.

Every HTML page gets one `<script src="/__zonegen/live.js">` as it is sent, and only then: the
files on disk are a normal build's, byte for byte. Nothing is cached by the browser, so a
changed stylesheet or image shows on the reload that follows the rebuild.
"""

from __future__ import annotations

import errno
import mimetypes
import os
import posixpath
import shutil
import socket
import socketserver
import time
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path

from zonegen.diagnostics import Diagnostic
from zonegen.serve.state import LiveState, Snapshot

PREFIX = "/__zonegen/"
SCRIPT = PREFIX + "live.js"
EVENTS = PREFIX + "events"
KEEPALIVE = 15.0  # seconds between comments on an idle stream, so proxies and the browser keep it open
_LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1"}
_PLACEHOLDER = (
    '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>正在生成预览</title></head>'
    "<body><h1>正在生成预览……</h1><p>生成完成后本页会自动刷新。</p></body></html>\n"
)
_NOT_FOUND = (
    '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>找不到页面</title></head>'
    "<body><h1>找不到这个页面</h1><p>预览网站中没有 {path}。</p>"
    '<p><a href="/index.html">回到首页</a></p></body></html>\n'
)


class ServeError(Exception):
    """The server cannot start (port in use, an address this machine does not have), as a diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def inject(html: bytes, generation: int) -> bytes:
    """The page with the live-reload script before its closing </body> (at the end when it has none)."""
    tag = f'<script src="{SCRIPT}" data-generation="{generation}"></script>'.encode()
    at = html.lower().rfind(b"</body>")
    return html[:at] + tag + html[at:] if at >= 0 else html + tag


def live_script() -> bytes:
    return resources.files("zonegen.serve").joinpath("live.js").read_bytes()


class PreviewServer(ThreadingHTTPServer):
    """Serves one folder and one LiveState; each request in its own thread, none keeps the process alive."""

    daemon_threads = True

    def __init__(self, host: str, port: int, folder: Path, state: LiveState) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.folder, self.state = folder, state
        self.loopback = host in _LOOPBACK_NAMES or host.startswith("127.")
        self.script = live_script()
        super().__init__((host, port), PreviewHandler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind asks DNS for the host's full name, which can hang without a network.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), int(self.server_address[1])


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "zonegen-serve"

    def log_message(self, format: str, *args: object) -> None:
        pass  # the terminal shows rebuilds and problems, not every request

    def do_HEAD(self) -> None:
        self._respond(body=False)

    def do_GET(self) -> None:
        self._respond(body=True)

    def _respond(self, body: bool) -> None:
        if self.server.loopback and not self._local_host():
            # A page on another site cannot read the preview through a name that points at 127.0.0.1.
            self._send(HTTPStatus.FORBIDDEN, "text/plain; charset=utf-8", "只接受本机的访问。\n".encode(), body)
            return
        path = urllib.parse.urlsplit(self.path).path
        if path == EVENTS:
            self._events()
        elif path == SCRIPT:
            self._send(HTTPStatus.OK, "text/javascript; charset=utf-8", self.server.script, body)
        else:
            self._file(path, body)

    def _local_host(self) -> bool:
        host = self.headers.get("Host", "")
        name = host.rsplit(":", 1)[0] if not host.startswith("[") else host[1:].split("]", 1)[0]
        return name in _LOOPBACK_NAMES or name.startswith("127.")

    def _file(self, url_path: str, body: bool) -> None:
        folder = self.server.folder
        generation = self.server.state.snapshot.generation
        if generation:  # a good build exists: its folder may be between the two renames of a swap (not on Linux)
            _reappears(folder)
        if not folder.is_dir():  # no good build yet: a page that reloads itself when there is one
            self._send(HTTPStatus.SERVICE_UNAVAILABLE, _HTML, inject(_PLACEHOLDER.encode(), generation), body)
            return
        words = [w for w in posixpath.normpath(urllib.parse.unquote(url_path)).split("/") if w]
        if any(w.startswith(".") or w in (os.curdir, os.pardir) or os.sep in w for w in words):
            self._not_found(url_path, generation, body)
            return
        target = folder.joinpath(*words)
        if target.is_dir():
            if not url_path.endswith("/"):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", url_path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            target = target / "index.html"
        try:
            handle = open(target, "rb")  # noqa: SIM115 - streamed below, closed in finally
        except OSError:  # missing, or gone in the moment a rebuild swapped the folder
            self._not_found(url_path, generation, body)
            return
        try:
            if target.suffix in (".html", ".htm"):
                self._send(HTTPStatus.OK, _HTML, inject(handle.read(), generation), body)
                return
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            if kind.startswith("text/") or kind in ("application/json", "application/xml", "text/javascript"):
                kind += "; charset=utf-8"
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(os.fstat(handle.fileno()).st_size))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if body:
                shutil.copyfileobj(handle, self.wfile)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            pass  # the browser went away (a reload) in the middle of a file
        finally:
            handle.close()

    def _not_found(self, url_path: str, generation: int, body: bool) -> None:
        page = self.server.folder / "404.html"
        try:
            html = page.read_bytes()
        except OSError:
            shown = url_path.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            html = _NOT_FOUND.format(path=shown).encode()
        self._send(HTTPStatus.NOT_FOUND, _HTML, inject(html, generation), body)

    def _send(self, status: HTTPStatus, kind: str, data: bytes, body: bool) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if body:
                self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            pass

    def _events(self) -> None:
        """Server-sent events: the current snapshot at once, then each new one, until the page or the server goes."""
        state = self.server.state
        try:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen = state.snapshot
            self._event(seen, first=True)
            while not state.closed:
                now = state.wait(seen, KEEPALIVE)
                if now is seen:
                    self.wfile.write(b": \n\n")
                else:
                    self._event(now)
                    seen = now
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError):
            pass  # the page was closed or reloaded

    def _event(self, snapshot: Snapshot, first: bool = False) -> None:
        # A short retry: after a restart of zonegen serve the page reconnects within half a second.
        head = b"retry: 500\n" if first else b""
        self.wfile.write(head + b"data: " + snapshot.to_json().encode() + b"\n\n")
        self.wfile.flush()


_HTML = "text/html; charset=utf-8"


def _reappears(folder: Path, patience: float = 1.0) -> None:
    """Return once the folder exists, or after `patience` seconds."""
    deadline = time.monotonic() + patience
    while not folder.is_dir() and time.monotonic() < deadline:
        time.sleep(0.02)


def open_server(host: str, port: int, folder: Path, state: LiveState) -> PreviewServer:
    """The server bound to host:port, or ServeError saying why not (and which port is free instead)."""
    try:
        return PreviewServer(host, port, folder, state)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(port_in_use(host, port)) from None
        raise ServeError(address_error(host, port, exc)) from None


def port_in_use(host: str, port: int) -> Diagnostic:
    free = next_free_port(host, port)
    again = f"zonegen serve --port {free}" + ("" if host == "127.0.0.1" else f" --host {host}")
    hint = f"改用空闲的端口：{again}" if free else "用 --port 指定另一个端口（1024 到 65535 之间）"
    return Diagnostic(
        "error",
        "serve-port-in-use",
        None,
        None,
        None,
        f"端口 {port} 已被占用：另一个 zonegen serve 或其他程序正在使用它",
        hint,
    )


def address_error(host: str, port: int, exc: OSError) -> Diagnostic:
    if isinstance(exc, socket.gaierror):
        reason = "无法识别这个地址"
    elif exc.errno == errno.EADDRNOTAVAIL:
        reason = "这台电脑没有这个地址"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        reason = "没有权限使用这个端口（1024 以下的端口需要管理员权限）"
    else:
        reason = exc.strerror or type(exc).__name__
    return Diagnostic(
        "error",
        "serve-address",
        None,
        None,
        None,
        f"无法在 {host}:{port} 上提供预览：{reason}",
        "不写 --host 时只在本机（127.0.0.1）预览；端口用 --port 指定，例如 --port 8000",
    )


def next_free_port(host: str, port: int, tries: int = 100) -> int | None:
    """The first port after `port` that can be bound on host now, or None."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    for candidate in range(port + 1, min(port + 1 + tries, 65536)):
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds
            try:
                probe.bind((host, candidate))
            except OSError:
                continue
            return candidate
    return None
