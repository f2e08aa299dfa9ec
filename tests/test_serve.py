"""`zonegen serve`: debounced rebuilds, the port in use, the reload script only where it is served,
and a preview that never dies — bad input, a deleted folder, a locked or half-written file."""

from __future__ import annotations

import shutil
import signal
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import run
from tests.serve_helpers import Events, get, serving
from zonegen.discover import is_noise
from zonegen.serve import preview as preview_module
from zonegen.serve.http import SCRIPT, inject, open_server
from zonegen.serve.preview import Preview
from zonegen.serve.watch import Debouncer, Watcher, relevant

RECORD = "content/notices/first.md"
PAGE = "/_records/2025-00002.html"
TITLE = "关于测试工作的通知"


# --- debounce and what counts as an edit -----------------------------------------------------------


class Batches:
    """A Debouncer run in a thread, with the time each batch completed."""

    def __init__(self, debouncer: Debouncer) -> None:
        self.debouncer = debouncer
        self.times: list[float] = []
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while self.debouncer.next_batch():
            self.times.append(time.monotonic())

    def stop(self) -> list[float]:
        self.debouncer.stop()
        self.thread.join(timeout=5)
        assert not self.thread.is_alive()
        return self.times


def test_a_burst_of_saves_is_one_rebuild_after_it_ends() -> None:
    batches = Batches(Debouncer(quiet=0.15, longest=5))
    for _ in range(20):  # an editor's temp file, rename, backup, metadata: many events for one save
        batches.debouncer.poke()
        last = time.monotonic()
        time.sleep(0.01)
    time.sleep(0.5)
    times = batches.stop()
    assert len(times) == 1
    assert times[0] - last >= 0.14  # only once the zone was quiet


def test_saves_a_moment_apart_are_two_rebuilds() -> None:
    batches = Batches(Debouncer(quiet=0.05, longest=5))
    batches.debouncer.poke()
    time.sleep(0.3)
    batches.debouncer.poke()
    time.sleep(0.3)
    assert len(batches.stop()) == 2


def test_a_steady_stream_of_writes_still_rebuilds() -> None:
    """A folder being copied in for seconds does not postpone the preview until it ends."""
    batches = Batches(Debouncer(quiet=0.1, longest=0.3))
    start = time.monotonic()
    while time.monotonic() - start < 1.0:
        batches.debouncer.poke()
        time.sleep(0.02)
    assert len(batches.stop()) >= 2


def test_a_stopped_debouncer_releases_its_waiter() -> None:
    batches = Batches(Debouncer())
    assert batches.stop() == []


@pytest.mark.parametrize(
    "name",
    [
        ".2025-03.md.swp",
        ".first.md.swx",
        "first.md~",
        "~$附件.docx",
        "~WRL0001.tmp",
        ".#first.md",
        "#first.md#",
        "4913",
    ],
)
def test_editor_temporary_files_are_no_edit(tmp_path: Path, name: str) -> None:
    assert is_noise(name)
    assert not relevant(tmp_path, str(tmp_path / "content/notices" / name))


def test_what_counts_as_an_edit(tmp_path: Path) -> None:
    for rel in ["content/notices/first.md", "content/notices/附件.pdf", "themes/mine/templates/base.html"]:
        assert relevant(tmp_path, str(tmp_path / rel)), rel
    for rel in ["zone.yaml", "catalog.yaml", "data/applications.csv", "content"]:
        assert relevant(tmp_path, str(tmp_path / rel)), rel
    for rel in ["public/index.html", ".zonegen-cache/serve/index.html", "README.md", "content/.git/index"]:
        assert not relevant(tmp_path, str(tmp_path / rel)), rel
    assert not relevant(tmp_path, "/elsewhere/catalog.yaml")
    assert relevant(tmp_path, "/elsewhere/catalog.yaml", Path("/elsewhere/catalog.yaml"))


class Pokes:
    def __init__(self) -> None:
        self.count = 0
        self.event = threading.Event()

    def __call__(self) -> None:
        self.count += 1
        self.event.set()

    def wait(self, timeout: float = 3) -> bool:
        hit = self.event.wait(timeout)
        self.event.clear()
        return hit


@pytest.fixture
def watched(minimal: Path) -> Iterator[tuple[Watcher, Pokes]]:
    pokes = Pokes()
    watcher = Watcher(minimal, pokes, lambda text: None)
    watcher.start()
    yield watcher, pokes
    watcher.stop()


def test_a_saved_record_is_seen_and_editor_files_and_reads_are_not(watched: tuple[Watcher, Pokes]) -> None:
    zone, pokes = watched[0].root, watched[1]
    folder = zone / "content/notices"
    (folder / ".first.md.swp").write_bytes(b"swap")
    (folder / "4913").write_bytes(b"")
    (folder / "4913").unlink()
    (folder / "~$附件.docx").write_bytes(b"owner")
    (zone / RECORD).read_bytes()  # every build reads every record: that is no edit
    (zone / "README.md").write_text("说明\n", encoding="utf-8")
    assert not pokes.wait(0.5)
    (zone / RECORD).write_text((zone / RECORD).read_text(encoding="utf-8") + "补充。\n", encoding="utf-8")
    assert pokes.wait()


def test_a_folder_deleted_and_made_again_is_still_watched(watched: tuple[Watcher, Pokes]) -> None:
    watcher, pokes = watched
    zone = watcher.root
    kept = zone.parent / "kept"
    shutil.move(zone / "content", kept)
    assert pokes.wait()
    watcher.arm()  # as serve does before each rebuild
    shutil.copytree(kept, zone / "content")
    assert pokes.wait()
    watcher.arm()
    pokes.wait(0.2)
    (zone / RECORD).write_text((zone / RECORD).read_text(encoding="utf-8") + "再补充。\n", encoding="utf-8")
    assert pokes.wait()


def test_a_zone_file_replaced_by_rename_is_seen(watched: tuple[Watcher, Pokes]) -> None:
    """Editors save zone.yaml by writing a temporary file and renaming it over the old one."""
    zone, pokes = watched[0].root, watched[1]
    temporary = zone / ".zone.yaml.tmp"
    temporary.write_text((zone / "zone.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    pokes.wait(0.3)
    temporary.replace(zone / "zone.yaml")
    assert pokes.wait()


# --- the port, the host, the zone ----------------------------------------------------------------


def test_a_port_in_use_is_a_clear_message_with_a_free_port(minimal: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run(minimal, "serve", "--port", str(port))
    assert result.code == 2
    first, hint = result.stderr.strip().splitlines()
    assert first == f"zone: 错误 serve-port-in-use 端口 {port} 已被占用：另一个 zonegen serve 或其他程序正在使用它"
    free = int(hint.removeprefix("    提示：改用空闲的端口：zonegen serve --port "))
    assert free > port
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", free))  # the suggested port can really be used
    assert not (minimal / "public").exists() and not (minimal / ".zonegen-cache").exists()


def test_an_address_this_machine_does_not_have_is_refused(minimal: Path) -> None:
    result = run(minimal, "serve", "--host", "203.0.113.7", "--port", "8000")  # TEST-NET-3: never local
    assert result.code == 2
    assert "zone: 错误 serve-address 无法在 203.0.113.7:8000 上提供预览：这台电脑没有这个地址" in result.stderr


def test_a_folder_that_is_no_zone_is_a_usage_error(tmp_path: Path) -> None:
    result = run(tmp_path, "serve")
    assert result.code == 2
    assert "zone-missing" in result.stderr


# --- the server, in this process ------------------------------------------------------------------


@dataclass
class Live:
    preview: Preview
    url: str
    messages: list[str]

    @property
    def zone(self) -> Path:
        return self.preview.root

    def page(self, path: str = PAGE) -> tuple[int, str]:
        status, _headers, body = get(self.url, path)
        return status, body.decode("utf-8")


@pytest.fixture
def live(minimal: Path) -> Iterator[Live]:
    messages: list[str] = []
    preview = Preview(minimal, minimal / ".zonegen-cache" / "serve", messages.append)
    server = open_server("127.0.0.1", 0, preview.folder, preview.state)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield Live(preview, f"http://127.0.0.1:{server.server_port}/", messages)
    preview.state.close()
    server.shutdown()
    server.server_close()


def edit(zone: Path, old: str, new: str, rel: str = RECORD) -> None:
    path = zone / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_pages_are_served_with_the_reload_script_and_files_as_they_are(live: Live) -> None:
    assert live.preview.rebuild().ok
    status, html = live.page()
    assert status == 200 and TITLE in html
    assert html.count(SCRIPT) == 1
    assert html.index(SCRIPT) < html.rindex("</body>")
    written = (live.preview.folder / "_records/2025-00002.html").read_bytes()
    assert html.encode() == inject(written, 1)
    status, headers, css = get(live.url, "/_static/zonegen.css")
    assert status == 200 and css == (live.preview.folder / "_static/zonegen.css").read_bytes()
    assert headers["content-type"] == "text/css; charset=utf-8" and headers["cache-control"] == "no-store"
    status, headers, _body = get(live.url, "/notices")
    assert status == 301 and headers["location"] == "/notices/"
    assert live.page("/notices/")[0] == 200
    status, headers, script = get(live.url, SCRIPT)
    assert status == 200 and b"EventSource" in script


def test_no_trace_of_the_reload_script_in_any_built_site(live: Live) -> None:
    assert live.preview.rebuild().ok
    assert run(live.zone, "build", "--quiet").code == 0
    for site in (live.preview.folder, live.zone / "public"):
        files = [p for p in site.rglob("*") if p.is_file()]
        assert len(files) > 10
        for path in files:
            data = path.read_bytes()
            assert b"__zonegen" not in data and b"EventSource" not in data, path


def test_the_preview_never_touches_public(live: Live) -> None:
    assert run(live.zone, "build", "--quiet").code == 0
    before = {p: p.read_bytes() for p in (live.zone / "public").rglob("*") if p.is_file()}
    edit(live.zone, TITLE, "关于预览工作的通知")
    assert live.preview.rebuild().ok
    assert {p: p.read_bytes() for p in (live.zone / "public").rglob("*") if p.is_file()} == before


def test_only_this_machine_and_only_the_site(live: Live) -> None:
    assert live.preview.rebuild().ok
    status, _h, body = get(live.url, "/", host="attacker.example:80")
    assert status == 403 and "只接受本机的访问" in body.decode()
    assert get(live.url, "/", host=f"localhost:{live.url.rsplit(':', 1)[1]}")[0] == 200
    for path in ["/../zone.yaml", "/%2e%2e/zone.yaml", "/.zonegen-build", "/_records/..%2f..%2fzone.yaml"]:
        status, _h, body = get(live.url, path)
        assert status == 404, path
        assert b"org_code" not in body


def test_a_bad_edit_keeps_the_last_good_page_and_shows_why(live: Live) -> None:
    assert live.preview.rebuild().ok
    events = Events(live.url)
    assert events.next() == {"generation": 1, "ok": True, "summary": "", "more": "", "problems": []}
    edit(live.zone, "kind: 公告公示", "kind: 公告公示\npublished: [")
    snapshot = live.preview.rebuild()
    assert not snapshot.ok and snapshot.generation == 1
    told = events.next()
    assert told["ok"] is False and told["generation"] == 1
    assert told["summary"].startswith("未能重新生成：共 1 个错误")
    problem = told["problems"][0]
    assert problem["file"] == RECORD and problem["line"] == 7 and problem["where"].startswith(f"{RECORD}:7")
    assert problem["label"] == "错误" and problem["hint"]
    status, html = live.page()
    assert status == 200 and TITLE in html  # the last good content, under the overlay
    assert any("未能重新生成" in m for m in live.messages)
    edit(live.zone, "\npublished: [", "")
    assert live.preview.rebuild().ok
    assert events.next() == {"generation": 2, "ok": True, "summary": "", "more": "", "problems": []}
    events.close()


def test_a_deleted_content_folder_is_a_diagnostic_and_its_return_recovers(live: Live) -> None:
    assert live.preview.rebuild().ok
    kept = live.zone.parent / "kept"
    shutil.move(live.zone / "content", kept)
    snapshot = live.preview.rebuild()
    assert not snapshot.ok
    assert "content-missing" in [d.code for d in snapshot.problems]
    assert live.page()[0] == 200
    shutil.move(kept, live.zone / "content")
    assert live.preview.rebuild().ok


def test_a_file_locked_by_an_editor_is_a_diagnostic(live: Live, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows refuses to read a file another program holds open while saving it; as root on Linux the
    refusal is simulated, for every way the loader reads a record (its parse and its cache check)."""
    import builtins

    from zonegen import load as load_module

    assert live.preview.rebuild().ok
    edit(live.zone, "这是一条测试通知的正文。", "这是一条正在保存的正文。")  # the editor is writing it
    locked = (live.zone / RECORD).resolve()
    real_read, real_open = Path.read_bytes, builtins.open

    def refused(path: object) -> bool:
        return isinstance(path, (str, Path)) and Path(path).resolve() == locked

    def read_bytes(self: Path) -> bytes:
        if refused(self):
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    def open_file(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if refused(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(load_module, "open", open_file, raising=False)
    snapshot = live.preview.rebuild()
    assert not snapshot.ok
    assert [(d.code, d.file) for d in snapshot.problems if d.is_error] == [("file-unreadable", RECORD)]
    assert live.page()[0] == 200
    monkeypatch.undo()
    assert live.preview.rebuild().ok
    assert "正在保存的正文" in live.page()[1]


def test_a_half_written_file_is_a_diagnostic_and_the_rest_of_it_recovers(live: Live) -> None:
    assert live.preview.rebuild().ok
    path = live.zone / RECORD
    whole = path.read_bytes()
    cut = whole.index("测试".encode()) + 1  # in the middle of a character, before the front matter ends
    path.write_bytes(whole[:cut])
    snapshot = live.preview.rebuild()
    assert not snapshot.ok
    assert any(d.file == RECORD and d.is_error for d in snapshot.problems)
    path.write_bytes(whole)
    assert live.preview.rebuild().ok


def test_a_defect_in_zonegen_is_shown_not_fatal(live: Live, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("模拟的缺陷")

    assert live.preview.rebuild().ok
    monkeypatch.setattr(preview_module, "build", broken)
    snapshot = live.preview.rebuild()
    assert [(d.code, d.message) for d in snapshot.problems] == [
        ("serve-internal", "生成预览时出现意外错误（RuntimeError：模拟的缺陷）")
    ]
    assert live.page()[0] == 200
    monkeypatch.undo()
    assert live.preview.rebuild().ok


def test_a_zone_broken_from_the_start_shows_its_problems_on_every_page(live: Live) -> None:
    edit(live.zone, "kind: 公告公示", "kind: 公告公示\npublished: [")
    assert not live.preview.rebuild().ok
    status, html = live.page("/index.html")
    assert status == 503 and "正在生成预览" in html and SCRIPT in html
    events = Events(live.url)
    assert events.next()["problems"][0]["file"] == RECORD
    edit(live.zone, "\npublished: [", "")
    assert live.preview.rebuild().ok
    assert events.next()["generation"] == 1
    assert live.page("/index.html")[0] == 200
    events.close()


# --- the command, as a user runs it ------------------------------------------------------------------


def test_serve_rebuilds_on_save_and_stops_on_ctrl_c(minimal: Path) -> None:
    with serving(minimal) as served:
        assert served.url.startswith("http://127.0.0.1:")
        served.wait_for("已生成")
        events = Events(served.url)
        assert events.next()["ok"] is True
        edit(minimal, "kind: 公告公示", "kind: 公告公示\npublished: [")
        bad = events.until(ok=False)
        assert bad["problems"][0]["where"].startswith(f"{RECORD}:7")
        edit(minimal, "\npublished: [", "")
        assert events.until(ok=True)["generation"] == 2
        events.close()
        code, output = served.stop(signal.SIGINT)
    assert code == 130
    assert output.splitlines()[-1] == "已停止预览（Ctrl-C）：public/ 保持不变。"
    assert "Traceback" not in output
    assert not (minimal / "public").exists()


def test_a_changed_template_is_compiled_anew(live: Live) -> None:
    """Compiled templates are kept between rebuilds of one process; an edited template is not one of them."""
    templates = live.zone / "themes" / "county" / "templates"
    templates.mkdir(parents=True)
    table = templates / "_index_table.html"
    table.write_text('<p class="county-index">县定索引甲：{{ record.index_no }}</p>\n', encoding="utf-8")
    (live.zone / "zone.yaml").write_text(
        (live.zone / "zone.yaml").read_text(encoding="utf-8") + "theme: county\n", encoding="utf-8"
    )
    assert live.preview.rebuild().ok
    assert "县定索引甲：" in live.page()[1]
    table.write_text('<p class="county-index">县定索引乙：{{ record.index_no }}</p>\n', encoding="utf-8")
    assert live.preview.rebuild().ok
    _status, html = live.page()
    assert "县定索引乙：" in html and "县定索引甲：" not in html


def test_a_page_asked_for_in_the_middle_of_a_swap_waits_for_the_new_site(live: Live) -> None:
    """Where the swap is two renames (not Linux), the folder is missing for a moment: the page waits for it."""
    assert live.preview.rebuild().ok
    away = live.zone / "away"
    live.preview.folder.rename(away)
    threading.Timer(0.3, lambda: away.rename(live.preview.folder)).start()
    status, html = live.page()
    assert status == 200 and TITLE in html


def test_open_shows_the_preview_in_the_browser_and_ctrl_c_stops_it(
    minimal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []

    def open_browser(url: str) -> bool:
        opened.append(url)
        assert get(url, "/")[0] == 200  # the first build is done and served when the browser opens
        raise KeyboardInterrupt  # the clerk presses Ctrl-C

    monkeypatch.setattr(preview_module.webbrowser, "open", open_browser)
    result = run(minimal, "serve", "--port", "0", "--open")
    assert result.code == 130
    assert result.stderr.splitlines()[-1] == "已停止预览（Ctrl-C）：public/ 保持不变。"
    [url] = opened
    assert url.startswith("http://127.0.0.1:")
    with pytest.raises(ConnectionRefusedError):
        get(url, "/")  # the server is gone
