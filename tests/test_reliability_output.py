"""The output folder survives everything: kill -9 at any moment, SIGTERM, Ctrl-C, a second build, full or
read-only disks, mount points, unreadable attachments. public/ is always the old or the new complete site,
leftovers of killed builds are removed by the next build, and every failure is a Chinese diagnostic."""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, run, write_record
from tests.test_safety_containment import snapshot
from zonegen import output

FRONT = """\
title: 关于村级财务公开的通知（{version}）
index_no: 11330000000000000X/2025-{seq:05d}
created: 2025-03-01
published: 2025-03-03
kind: 公告公示
"""


def records(zone: Path, count: int, version: str) -> None:
    for seq in range(50, 50 + count):
        write_record(zone, f"notices/n{seq}.md", FRONT.format(version=version, seq=seq), f"第 {seq} 条，{version}。\n")


def leftovers(zone: Path) -> list[str]:
    return sorted(p.name for p in zone.iterdir() if p.name.startswith(".public"))


def start(zone: Path, *args: str, script: str = "") -> subprocess.Popen[str]:
    """`zonegen build` in its own process group (as a terminal runs it), optionally after a patch."""
    code = f"{script}\nimport sys\nfrom zonegen.cli import main\nsys.argv = ['zonegen', *sys.argv[1:]]\nmain()\n"
    return subprocess.Popen(
        [sys.executable, "-c", code, "--zone", str(zone), "build", "--quiet", *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def finish(build: subprocess.Popen[str]) -> int:
    build.communicate(timeout=300)
    return build.returncode


def processes_of(zone: Path) -> list[int]:
    """Processes whose command line names this zone: the build and its forked workers."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if str(zone).encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.fixture
def big(minimal: Path) -> Path:
    """A zone large enough that parsing and rendering run in worker processes."""
    records(minimal, 320, "甲")
    return minimal


def test_kill_9_at_any_moment_leaves_the_old_or_the_new_site_and_the_next_build_cleans_up(big: Path) -> None:
    assert run(big, "build").code == 0
    sites = [snapshot(big / "public")]
    records(big, 320, "乙")
    began = time.perf_counter()
    assert run(big, "build").code == 0
    duration = time.perf_counter() - began
    sites.append(snapshot(big / "public"))
    rng = random.Random(16)
    for attempt in range(6):
        records(big, 320, "甲乙"[attempt % 2])
        build = start(big)
        time.sleep(rng.uniform(0.2, duration * 1.2))
        os.killpg(build.pid, signal.SIGKILL)
        finish(build)
        assert snapshot(big / "public") in sites, f"attempt {attempt}"
        deadline = time.monotonic() + 5
        while processes_of(big) and time.monotonic() < deadline:  # workers die with their parent
            time.sleep(0.05)
        assert processes_of(big) == []
    assert run(big, "build").code == 0
    assert snapshot(big / "public") == sites[1]
    assert leftovers(big) == []


# Patches run inside the build process before it starts: kill it at the worst moment of each swap.
_KILL_BETWEEN_RENAMES = """
import os, signal, pathlib
import zonegen.output as output
output._exchange = lambda a, b: False
rename = pathlib.Path.rename
def fatal(self, target):
    rename(self, target)
    if ".old-" in str(target):
        os.kill(os.getpid(), signal.SIGKILL)
pathlib.Path.rename = fatal
"""
_KILL_AFTER_EXCHANGE = """
import os, signal
import zonegen.output as output
exchange = output._exchange
def fatal(a, b):
    assert exchange(a, b)
    os.kill(os.getpid(), signal.SIGKILL)
output._exchange = fatal
"""


def test_killed_between_the_two_renames_of_the_fallback_swap_the_next_build_restores_the_site(
    minimal: Path,
) -> None:
    assert run(minimal, "build").code == 0
    old = snapshot(minimal / "public")
    write_record(minimal, "notices/a.md", FRONT.format(version="新", seq=50))
    assert finish(start(minimal, script=_KILL_BETWEEN_RENAMES)) == -signal.SIGKILL
    assert not (minimal / "public").exists()
    assert [name.split("-")[0] for name in leftovers(minimal)] == [".public.lock", ".public.old", ".public.tmp"]
    with output.lock(output.target(minimal, None)):
        output.clean_leftovers(minimal / "public")
    assert snapshot(minimal / "public") == old
    assert leftovers(minimal) == []
    assert run(minimal, "build").code == 0
    assert (minimal / "public/notices/a.html").is_file()


def test_killed_right_after_the_exchange_the_new_site_is_in_place_and_the_old_one_is_removed_later(
    minimal: Path,
) -> None:
    assert run(minimal, "build").code == 0
    write_record(minimal, "notices/a.md", FRONT.format(version="新", seq=50))
    assert finish(start(minimal, script=_KILL_AFTER_EXCHANGE)) == -signal.SIGKILL
    assert (minimal / "public/notices/a.html").is_file() and (minimal / "public" / output.MARKER).is_file()
    assert [name.split("-")[0] for name in leftovers(minimal)] == [".public.lock", ".public.tmp"]  # the old site
    assert run(minimal, "build").code == 0
    assert leftovers(minimal) == []


def test_leftover_of_a_build_still_running_is_kept(minimal: Path) -> None:
    sleeper = subprocess.Popen(["sleep", "30"])
    try:
        alive = minimal / f".public.tmp-{sleeper.pid}"
        dead = minimal / ".public.old-999999999"
        alive.mkdir()
        dead.mkdir()
        assert run(minimal, "build").code == 0
        assert alive.is_dir() and not dead.exists()
    finally:
        sleeper.kill()
        sleeper.wait()


def wait_for_rendering(zone: Path, build: subprocess.Popen[str]) -> None:
    """Until the build is writing pages (its worker processes exist), or gives up after 60 s."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and build.poll() is None:
        if any(tmp.is_dir() and any(tmp.glob("notices/*.html")) for tmp in zone.glob(".public.tmp-*")):
            return
        time.sleep(0.02)
    pytest.fail(f"the build did not reach rendering: {build.communicate()}")


@pytest.mark.parametrize(
    ("signum", "code", "message"),
    [
        (signal.SIGTERM, 143, "已终止（SIGTERM）：输出目录保持不变。"),
        (signal.SIGINT, 130, "已中断（Ctrl-C）：输出目录保持不变。"),
    ],
)
def test_sigterm_and_ctrl_c_stop_cleanly_in_chinese(big: Path, signum: int, code: int, message: str) -> None:
    assert run(big, "build").code == 0
    before = snapshot(big / "public")
    records(big, 320, "乙")
    build = start(big)
    wait_for_rendering(big, build)
    os.killpg(build.pid, signum)  # the whole group, as a terminal's Ctrl-C or systemd's stop does
    _out, err = build.communicate(timeout=60)
    assert build.returncode == code
    assert err.strip() == message
    assert snapshot(big / "public") == before
    assert leftovers(big) == []


def test_second_build_of_the_same_output_is_refused_with_a_message(minimal: Path) -> None:
    assert run(minimal, "build").code == 0
    before = snapshot(minimal / "public")
    write_record(minimal, "notices/a.md", FRONT.format(version="新", seq=50))
    with output.lock(output.target(minimal, None)):
        result = run(minimal, "build")
    assert result.code == 1
    target = minimal.absolute() / "public"
    assert (
        f"zone: 错误 output-locked 另一个 zonegen build 正在生成 {target}，请等待它结束后再试\n"
        "    提示：同一个输出目录一次只能由一个 build 生成；"
        "如果没有其他 build 在运行，直接重试即可（锁随进程结束自动释放）"
    ) in result.stderr
    assert snapshot(minimal / "public") == before
    assert leftovers(minimal) == []


def test_concurrent_builds_never_crash_and_leave_a_complete_site(big: Path) -> None:
    builds = [start(big) for _ in range(3)]
    results = [(b.communicate(timeout=300)[1], b.returncode)[::-1] for b in builds]
    assert all(code == 0 or (code == 1 and "output-locked" in err) for code, err in results), results
    assert any(code == 0 for code, _err in results)
    assert "Traceback" not in "".join(err for _code, err in results)
    assert (big / "public" / output.MARKER).is_file() and leftovers(big) == []


# --- I/O errors -------------------------------------------------------------------------------


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB file system of its own (needs root and mount; skipped elsewhere)."""
    point = tmp_path / "disk"
    point.mkdir()
    if (
        shutil.which("mount") is None
        or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(point)], capture_output=True
        ).returncode
    ):
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if " 错误 " in line or line.startswith("    提示")]


def test_disk_full_is_a_diagnostic_and_keeps_the_last_site(minimal: Path, tmpfs: Path) -> None:
    out = tmpfs / "public"
    assert run(minimal, "build", "--out", str(out)).code == 0
    before = snapshot(out)
    (minimal / "content/notices/现场照片.png").write_bytes(os.urandom(1_500_000))
    write_record(minimal, "notices/a.md", FRONT.format(version="新", seq=50) + "attachments: [现场照片.png]\n")
    result = run(minimal, "build", "--out", str(out))
    assert result.code == 1
    assert error_lines(result.stderr) == [
        f"zone: 错误 output-error 磁盘空间不足，无法写入 {out / 'notices/现场照片.png'}",
        "    提示：清理磁盘空间（或换一个输出目录）后重新生成；上一次生成的网站保持不变",
    ]
    assert snapshot(out) == before
    assert sorted(p.name for p in tmpfs.iterdir()) == ["public"]


def test_read_only_output_is_refused_by_check_and_build(minimal: Path, tmpfs: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    out = tmpfs / "site"
    expected = [
        f"zone: 错误 output-error 无法写入输出目录 {out}：{tmpfs} 文件系统是只读的",
        "    提示：换一个可写的输出目录（--out），或请管理员开放写入权限",
    ]
    built = run(minimal, "build", "--out", str(out))
    assert built.code == 1 and error_lines(built.stderr) == expected
    checked = run(minimal, "check", "--out", str(out))
    assert checked.code == 1 and error_lines(checked.stdout) == expected


def test_output_on_a_mount_point_is_refused_before_anything_is_written(minimal: Path, tmpfs: Path) -> None:
    result = run(minimal, "build", "--out", str(tmpfs))
    assert result.code == 1
    assert error_lines(result.stderr) == [
        f"zone: 错误 output-error 输出目录 {tmpfs} 是一个挂载点（U 盘、网络盘或单独的分区），无法整体替换",
        f"    提示：请输出到挂载点里面的子目录，例如 --out {tmpfs / 'public'}",
    ]
    assert sorted(p.name for p in tmpfs.parent.iterdir()) == ["disk", "zone"]  # no temporary copy beside it
    assert run(minimal, "build", "--out", str(tmpfs / "public")).code == 0


def test_output_under_a_file_is_a_diagnostic(minimal: Path, tmp_path: Path) -> None:
    (tmp_path / "报告.txt").write_text("x", encoding="utf-8")
    out = tmp_path / "报告.txt" / "public"
    result = run(minimal, "build", "--out", str(out))
    assert result.code == 1
    assert error_lines(result.stderr) == [
        f"zone: 错误 output-error 无法创建输出目录 {out}：{tmp_path / '报告.txt'} 是文件，不是文件夹",
        "    提示：换一个输出目录（--out），或把这个文件改名或移走",
    ]


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (errno.ENOSPC, "磁盘空间不足，无法写入 {page}"),
        (errno.EROFS, "无法写入 {page}：文件系统是只读的"),
        (errno.EACCES, "无法写入 {page}：没有权限"),
        (errno.EIO, "无法写入 {page}：Input/output error"),
    ],
)
def test_write_errors_name_the_page_not_the_temporary_folder(
    minimal: Path, monkeypatch: pytest.MonkeyPatch, number: int, message: str
) -> None:
    import zonegen.render as render

    assert run(minimal, "build").code == 0
    before = snapshot(minimal / "public")
    real = render.write

    def failing(path: Path, text: str) -> None:
        if path.name == "index.html" and path.parent.name.startswith(".public.tmp-"):
            raise OSError(number, os.strerror(number), str(path))
        real(path, text)

    monkeypatch.setattr(render, "write", failing)
    result = run(minimal, "build", "--format", "json", "--clean")  # unchanged zone: only a clean build writes
    assert result.code == 1
    [diagnostic] = result.diagnostics
    assert diagnostic["code"] == "output-error"
    assert diagnostic["message"] == message.format(page=minimal.absolute() / "public" / "index.html")
    assert snapshot(minimal / "public") == before
    assert leftovers(minimal) == []


def test_attachment_unreadable_at_copy_time_is_a_diagnostic(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zonegen.build as build

    (minimal / "content/notices/表格.csv").write_text("项目,金额\n办公费,1200\n", encoding="utf-8")
    write_record(minimal, "notices/a.md", FRONT.format(version="新", seq=50) + "attachments: [表格.csv]\n")
    copy = shutil.copyfile

    def unreadable(source: Path, dest: Path) -> object:
        if Path(source).name == "表格.csv":
            raise PermissionError(errno.EACCES, "Permission denied", str(source))
        return copy(source, dest)

    monkeypatch.setattr(build.shutil, "copyfile", unreadable)
    result = run(minimal, "build", "--format", "json")
    assert result.code == 1
    assert result.diagnostics == [
        {
            "severity": "error",
            "code": "attachment-unreadable",
            "file": "content/notices/表格.csv",
            "line": None,
            "column": None,
            "message": "无法读取附件：Permission denied",
            "hint": "检查这个文件的权限（运行 zonegen 的用户要能读取它），或重新复制一份到这里",
        }
    ]
    assert not (minimal / "public").exists() and leftovers(minimal) == []


def test_file_name_that_is_not_utf8_never_crashes_the_build(minimal: Path) -> None:
    notices = os.fsencode(minimal / "content/notices")
    record = notices + b"/" + "名单".encode("gbk") + b".md"
    with open(record, "wb") as handle:
        handle.write(f"---\n{FRONT.format(version='新', seq=50)}---\n\n正文。\n".encode())
    result = run(minimal, "build")
    assert result.code == 1
    assert "Traceback" not in result.stderr
    assert "文件名“名单.md”不是 UTF-8 编码" in result.stderr
    assert not (minimal / "public").exists() and leftovers(minimal) == []
