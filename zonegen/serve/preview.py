"""`zonegen serve`: build once, serve, and rebuild after each burst of saves until Ctrl-C.

Builds run in the main thread, one at a time, exactly as `zonegen build` runs them: Ctrl-C
in the middle of one lets the build clean up its temporary folder and worker processes on the
way out. The web server and the watcher run in threads of their own. The preview is written to
`.zonegen-cache/serve/` in the zone, never to public/: previewing a half-finished edit must not
touch what is published.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import threading
import time
import webbrowser
from collections.abc import Callable
from pathlib import Path

from zonegen.build import build
from zonegen.catalog import resolve_catalog
from zonegen.diagnostics import Diagnostic, format_text
from zonegen.serve.http import PreviewServer, open_server
from zonegen.serve.state import LiveState, Snapshot
from zonegen.serve.watch import Debouncer, Watcher
from zonegen.zone import load_zone

Echo = Callable[[str], None]


def preview_folder(root: Path) -> Path:
    """Where the preview is built: .zonegen-cache/serve/ in the zone; a temporary folder when the zone is read-only."""
    cache = root.absolute() / ".zonegen-cache"
    if os.access(root, os.W_OK) and (not cache.exists() or os.access(cache, os.W_OK)):
        return cache / "serve"
    return Path(tempfile.mkdtemp(prefix="zonegen-serve-")) / "site"


class Preview:
    """Rebuilds the preview folder and tells the open pages how it went; never raises for a bad zone."""

    def __init__(self, root: Path, folder: Path, echo: Echo) -> None:
        self.root, self.folder, self._echo = root, folder, echo
        self.state = LiveState()

    def rebuild(self) -> Snapshot:
        started = time.perf_counter()
        try:
            result = build(self.root, self.folder)
            ok, problems = result.ok, result.diagnostics
        except Exception as exc:  # a defect in zonegen must not end the preview: shown, and the next save retries
            ok, problems = False, [internal_error(exc)]
        clock = dt.datetime.now().strftime("%H:%M:%S")
        if ok:
            warnings = f"，有 {len(problems)} 个警告（运行 zonegen check 查看）" if problems else ""
            self._echo(f"[{clock}] 已生成 {result.pages} 个页面，用时 {time.perf_counter() - started:.1f} 秒{warnings}")
            return self.state.good()
        self._echo(format_text(problems))
        self._echo(f"[{clock}] 未能重新生成：浏览器中显示上一次成功生成的内容和上面的问题。改正后保存即可。")
        return self.state.bad(problems)


def internal_error(exc: Exception) -> Diagnostic:
    return Diagnostic(
        "error",
        "serve-internal",
        None,
        None,
        None,
        f"生成预览时出现意外错误（{type(exc).__name__}：{exc}）",
        "保存文件后会自动重试；如果反复出现，请把这段信息发给 zonegen 的维护人员",
    )


def catalog_file(root: Path) -> Path | None:
    """The catalog zone.yaml names with `catalog:`, if any (catalog.yaml beside it is watched anyway)."""
    zone, _diags = load_zone(root, lenient=True)
    if zone is None or not zone.catalog:
        return None
    return resolve_catalog(root, zone.catalog)[0]


def url_of(server: PreviewServer) -> str:
    host = server.server_name
    if host in ("0.0.0.0", "::"):
        host = "127.0.0.1"  # every address: this machine's own is the one to open here
    return f"http://{f'[{host}]' if ':' in host else host}:{server.server_port}/"


def run(root: Path, host: str, port: int, open_browser: bool, echo: Echo) -> None:
    """Serve the zone's preview until interrupted; ServeError when the address cannot be used."""
    preview = Preview(root, preview_folder(root), echo)
    server = open_server(host, port, preview.folder, preview.state)
    debouncer = Debouncer()
    watcher = Watcher(root, debouncer.poke, echo)
    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.25}, daemon=True)
    try:
        watcher.set_catalog(catalog_file(root))
        watcher.start()  # before the first build, so that a save during it is not missed
        serving.start()
        url = url_of(server)
        echo(f"预览地址：{url}（保存文件后自动刷新；按 Ctrl-C 停止）")
        if not server.loopback:
            echo(f"注意：--host {host} 让其他电脑也能打开这个预览，请只在可信的网络中使用。")
        preview.rebuild()
        if open_browser:
            webbrowser.open(url)
        while debouncer.next_batch():
            watcher.set_catalog(catalog_file(root))  # zone.yaml may name another catalog now
            watcher.arm()  # before the build reads the zone: a folder made again is watched from here on
            preview.rebuild()
    finally:
        debouncer.stop()
        preview.state.close()  # the event streams end, so the browser's reconnects find the server gone
        if serving.is_alive():
            server.shutdown()
        server.server_close()
        watcher.stop()
