"""A worker process that dies (SIGSEGV in a parser, the OOM killer) is an error naming the file, never a hang.

The per-item function of each pool is replaced by one that kills its own worker on one file,
as markdown-it-pyrs did on 50,000 nested `>`; the pools run in worker processes (threshold 0).
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from tests.conftest import run, write_record
from zonegen import pool

FRONT = """\
title: 关于村级财务公开的通知
index_no: 11330000000000000X/2025-{seq:05d}
created: 2025-03-01
published: 2025-03-03
kind: 公告公示
"""
PARENT = os.getpid()


def die(how: str) -> None:
    """Kill the current worker; never the test process itself (a serial run would take pytest down)."""
    assert os.getpid() != PARENT, "the pool ran this in the main process"
    if how == "segv":
        os.kill(os.getpid(), signal.SIGSEGV)
    os._exit(70)


@pytest.fixture
def parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every pool runs in two worker processes, whatever the machine and the zone's size."""
    import zonegen.load as load
    import zonegen.render as render
    import zonegen.safety.attachments as attachments

    monkeypatch.setattr(pool, "worker_count", lambda: 2)
    monkeypatch.setattr(load, "PARALLEL_THRESHOLD", 0)
    monkeypatch.setattr(render, "PARALLEL_THRESHOLD", 0)
    monkeypatch.setattr(attachments, "PARALLEL_THRESHOLD", 0)


def many(zone: Path, count: int) -> None:
    for seq in range(50, 50 + count):
        write_record(zone, f"notices/n{seq}.md", FRONT.format(seq=seq))


def crash_diagnostic(file: str, doing: str) -> dict:
    return {
        "severity": "error",
        "code": "worker-crashed",
        "file": file,
        "line": None,
        "column": None,
        "message": f"{doing}时处理进程意外退出（崩溃），这个文件没有处理完",
        "hint": "检查这个文件中是否有异常深的嵌套（成百上千层“>”、列表缩进或括号）或损坏的内容，删掉后再试；"
        "仍然出现时，请把这个文件报告给 zonegen 维护者",
    }


@pytest.mark.parametrize("how", ["segv", "exit"])
def test_pool_names_exactly_the_items_that_kill_their_worker(how: str) -> None:
    def double(x: int) -> int:
        if x in (37, 38, 500):
            die(how)
        return 2 * x

    results = pool.map_items(double, list(range(1000)), chunk=64, parallel=True, workers=2)
    assert [r for r in results if isinstance(r, pool.Lost)] == [pool.Lost(37), pool.Lost(38), pool.Lost(500)]
    assert [r for r in results if not isinstance(r, pool.Lost)] == [
        2 * x for x in range(1000) if x not in (37, 38, 500)
    ]


def test_pool_uses_the_cpus_this_process_may_run_on() -> None:
    assert pool.worker_count() == len(os.sched_getaffinity(0))


@pytest.mark.parametrize("how", ["segv", "exit"])
def test_record_that_kills_the_parser_is_an_error_not_a_hang(
    minimal: Path, monkeypatch: pytest.MonkeyPatch, parallel: None, how: str
) -> None:
    import zonegen.load as load

    many(minimal, 300)
    parse_one = load._parse_one

    def fragile(source: tuple[str, str]) -> object:
        if source[0] == "content/notices/n200.md":
            die(how)
        return parse_one(source)

    monkeypatch.setattr(load, "_parse_one", fragile)
    result = run(minimal, "check", "--format", "json")
    assert result.code == 1
    assert result.diagnostics == [crash_diagnostic("content/notices/n200.md", "读取这条记录")]
    assert run(minimal, "build").code == 1
    assert not (minimal / "public").exists()


def test_attachment_that_kills_the_scanner_is_an_error(
    minimal: Path, monkeypatch: pytest.MonkeyPatch, parallel: None
) -> None:
    import zonegen.safety.attachments as attachments

    names = [f"表{n}.csv" for n in range(10)]
    for name in names:
        (minimal / "content/notices" / name).write_text("项目,金额\n", encoding="utf-8")
    write_record(minimal, "notices/a.md", FRONT.format(seq=50) + f"attachments: [{', '.join(names)}]\n")
    scan = attachments.scan_attachment

    def fragile(job: attachments.Job) -> object:
        if job.shown.endswith("表7.csv"):
            die("segv")
        return scan(job)

    monkeypatch.setattr(attachments, "scan_attachment", fragile)
    result = run(minimal, "check", "--format", "json")
    assert result.code == 1
    assert result.diagnostics == [crash_diagnostic("content/notices/表7.csv", "检查这个附件中的个人信息")]


def test_page_that_kills_its_renderer_is_an_error_and_keeps_the_old_site(
    minimal: Path, monkeypatch: pytest.MonkeyPatch, parallel: None
) -> None:
    import zonegen.render as render

    assert run(minimal, "build").code == 0
    before = sorted(p.name for p in (minimal / "public/notices").iterdir())
    many(minimal, 40)
    render_page = render._render_page

    def fragile(page: render.Page) -> list:
        assert render._RENDERER is not None
        if page.kind == "record" and render._RENDERER.site.records[page.record].file == "content/notices/n77.md":
            die("segv")
        return render_page(page)

    monkeypatch.setattr(render, "_render_page", fragile)
    result = run(minimal, "build", "--format", "json")
    assert result.code == 1
    assert result.diagnostics == [crash_diagnostic("content/notices/n77.md", "生成这条记录的页面")]
    assert sorted(p.name for p in (minimal / "public/notices").iterdir()) == before
    assert not [p for p in minimal.iterdir() if p.name.startswith(".public")]
