"""Reading content/: nothing is skipped silently — hidden, unreadable and badly encoded names are reported."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import run, write_record
from tests.validation_util import GOOD_FRONT, check_json, diag


def test_hidden_records_are_reported_and_system_noise_is_not(minimal: Path) -> None:
    write_record(minimal, "notices/.x.md", GOOD_FRONT)
    write_record(minimal, "notices/...md", GOOD_FRONT)
    write_record(minimal, "notices/.git/HEAD.md", GOOD_FRONT)  # version control: noise
    for noise in (".DS_Store", "~$通知.docx", "Thumbs.db", "._first.md", ".~lock.表.xlsx#", "first.md~"):
        (minimal / "content/notices" / noise).write_bytes(b"noise")
    (minimal / "content/notices/.drafts").mkdir()
    code, items = check_json(minimal)
    assert code == 0
    assert items == [
        diag(
            "file-hidden",
            "content/notices/...md",
            None,
            None,
            "文件“...md”以点开头，是隐藏文件，不会读取",
            "如果这是一条要发布的记录，把文件改名，去掉开头的“.”，例如 2025-001.md",
            "warning",
        ),
        diag(
            "folder-hidden",
            "content/notices/.drafts",
            None,
            None,
            "文件夹“.drafts”以点开头，是隐藏文件夹，其中的文件不会读取",
            "如果其中有要发布的记录，把文件夹改名，去掉开头的“.”",
            "warning",
        ),
        diag(
            "file-hidden",
            "content/notices/.x.md",
            None,
            None,
            "文件“.x.md”以点开头，是隐藏文件，不会读取",
            "如果这是一条要发布的记录，把文件改名，去掉开头的“.”，例如 x.md",
            "warning",
        ),
    ]


def test_an_unreadable_folder_is_an_error_not_a_missing_column(minimal: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """As root a chmod 000 folder stays readable, so the refusal the disk would give is simulated."""
    real = os.scandir
    blocked = minimal / "content/domains/relief"

    def scandir(path):  # type: ignore[no-untyped-def]
        if Path(path) == blocked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, items = check_json(minimal)
    assert code == 1
    assert [(d["code"], d["file"], d["message"]) for d in items if d["severity"] == "error"] == [
        ("folder-unreadable", "content/domains/relief", "无法读取文件夹：Permission denied，其中的文件都没有读取")
    ]
    assert run(minimal, "build").code == 1


@pytest.mark.skipif(os.geteuid() != 0 or not Path("/usr/bin/setpriv").exists(), reason="needs root and setpriv")
def test_an_unreadable_folder_seen_by_another_user() -> None:
    """The same with the disk's own refusal: `check` run as nobody on a chmod 000 folder."""
    import shutil
    import subprocess
    import sys
    import tempfile

    from tests.conftest import ZONES

    top = Path(tempfile.mkdtemp(prefix="zonegen-nobody-"))  # pytest's tmp_path is closed to other users
    try:
        zone = top / "zone"
        shutil.copytree(ZONES / "minimal", zone)
        for path in (top, *zone.rglob("*")):
            path.chmod(0o755 if path.is_dir() else 0o644)
        (zone / "content/notices").chmod(0)
        setpriv = ("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups")
        done = subprocess.run(
            [*setpriv, sys.executable, "-m", "zonegen", "--zone", str(zone), "check"],
            capture_output=True,
            text=True,
            cwd=Path(__file__).parent.parent,
            env={**os.environ, "HOME": str(top)},
        )
    finally:
        (top / "zone/content/notices").chmod(0o755)
        shutil.rmtree(top)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "content/notices: 错误 folder-unreadable 无法读取文件夹：Permission denied" in done.stdout


def test_a_file_name_that_is_not_utf8_is_an_error_at_discovery(minimal: Path) -> None:
    """A GBK name (公告.md from a Windows zip) passed check and crashed build (UnicodeEncodeError)."""
    gbk = "公告".encode("gbk") + b".md"
    (minimal / "content/notices").joinpath(os.fsdecode(gbk)).write_text("---\ntitle: x\n---\n", encoding="utf-8")
    code, items = check_json(minimal)
    assert code == 1
    assert items == [
        diag(
            "file-name-encoding",
            "content/notices/\\xb9\\xab\\xb8\\xe6.md",
            None,
            None,
            "文件名“公告.md”不是 UTF-8 编码，无法读取和发布",
            "请把它重新命名（重新输入文件名即可）；从 Windows 压缩包解压时，请选择 UTF-8 或 GBK 编码解压",
        )
    ]
    result = run(minimal, "build")
    assert result.code == 1 and "file-name-encoding" in result.stdout + result.stderr
    assert not (minimal / "public").exists()


def test_an_attachment_cannot_replace_the_sites_own_files(minimal: Path) -> None:
    """attachments: [../_static/zonegen.css] with content/_static/zonegen.css made the CSS body{display:none}."""
    (minimal / "content/_static").mkdir()
    (minimal / "content/_static/zonegen.css").write_text("body{display:none}\n", encoding="utf-8")
    (minimal / "content/feed.xml").write_text("<feed/>\n", encoding="utf-8")
    write_record(
        minimal,
        "notices/css.md",
        GOOD_FRONT + "attachments:\n  - ../_static/zonegen.css\n  - ../feed.xml\n",
    )
    code, items = check_json(minimal)
    assert code == 1
    found = [(d["code"], d["line"], d["message"]) for d in items if d["severity"] == "error"]
    assert found == [
        ("attachment-reserved", 7, "附件“../_static/zonegen.css”会发布到“_static/zonegen.css”，那是网站自身文件的位置"),
        ("attachment-reserved", 8, "附件“../feed.xml”会发布到“feed.xml”，那是网站自身文件的位置"),
    ]
    assert run(minimal, "build").code == 1
    assert not (minimal / "public").exists()


def test_an_attachment_cannot_replace_an_annual_reports_data(minimal: Path) -> None:
    from tests.report_helpers import write_report

    write_report(minimal, 2025)
    (minimal / "content/annual-reports/2025.json").write_text("{}", encoding="utf-8")
    report = minimal / "content/annual-reports/2025.md"
    text = report.read_text(encoding="utf-8")
    report.write_text(
        text.replace("kind: 年度报告\n", "kind: 年度报告\nattachments: [2025.json]\n", 1), encoding="utf-8"
    )
    code, items = check_json(minimal)
    assert code == 1
    assert [d["message"] for d in items if d["code"] == "attachment-reserved"] == [
        "附件“2025.json”会发布到“annual-reports/2025.json”，那是网站自身文件的位置"
    ]
