"""zonegen export --kiosk and zonegen verify: the offline copy, its manifest and its check."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.conftest import run, write_record

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def zone(minimal: Path) -> Path:
    """The minimal zone with a PDF, a spreadsheet and a link to another website."""
    folder = minimal / "content" / "notices"
    (folder / "名单 附件.pdf").write_bytes(PDF)
    (folder / "明细.xlsx").write_bytes(b"PK\x03\x04 not really a spreadsheet")
    write_record(
        minimal,
        "notices/second.md",
        """
title: 关于第二项工作的通知
index_no: 11330000000000000X/2025-00004
created: 2025-03-02
published: 2025-03-04
kind: 公告公示
attachments: [名单 附件.pdf, 明细.xlsx]
""",
        "详见[名单](名单%20附件.pdf)，也可登录[县政府网站](https://www.example.gov.cn/xzfw/)查询。\n",
    )
    return minimal


def export(zone: Path, target: Path, *extra: str):
    return run(zone, "export", "--kiosk", str(target), *extra)


def test_export_writes_a_manifest_of_every_file_that_sha256sum_accepts(zone: Path, tmp_path: Path) -> None:
    target = tmp_path / "线下 专区"
    result = export(zone, target)
    assert result.code == 0, result.stderr
    lines = (target / "manifest.sha256").read_text(encoding="utf-8").splitlines()
    listed = {line.split("  ", 1)[1]: line.split("  ", 1)[0] for line in lines}
    files = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()} - {"manifest.sha256"}
    assert set(listed) == files
    assert listed["index.html"] == hashlib.sha256((target / "index.html").read_bytes()).hexdigest()
    assert [line.split("  ", 1)[1] for line in lines] == sorted(listed)
    if shutil.which("sha256sum"):
        checked = subprocess.run(["sha256sum", "--strict", "-c", "manifest.sha256"], cwd=target, capture_output=True)
        assert checked.returncode == 0, checked.stdout.decode() + checked.stderr.decode()
    ok = run(None, "verify", str(target))
    assert ok.code == 0
    assert ok.stdout.strip() == f"校验通过：{len(files)} 个文件与清单一致。"


def test_verify_names_a_changed_a_deleted_and_an_added_file(zone: Path, tmp_path: Path) -> None:
    target = tmp_path / "kiosk"
    assert export(zone, target).code == 0
    (target / "index.html").write_text("<p>改过的首页</p>", encoding="utf-8")
    (target / "stats.html").unlink()
    (target / "notices" / "新增 文件.txt").write_text("x", encoding="utf-8")
    result = run(None, "verify", str(target))
    assert result.code == 1
    assert result.stdout.splitlines() == [
        "index.html: 错误 export-altered 文件内容与清单不符（已被改动或损坏）",
        "    提示：用 zonegen export --kiosk 重新导出，或从导出的原件重新复制这个文件",
        "stats.html: 错误 export-missing 清单中的文件缺少了",
        "    提示：从导出的原件重新复制完整的目录（不要只复制部分文件）",
        "notices/新增 文件.txt: 错误 export-extra 清单中没有这个文件（是后来加进来的）",
        "    提示：删除这个文件，或重新导出一份",
        "校验未通过：缺少 1 个、改动 1 个、多余 1 个文件。请重新复制或重新导出。",
    ]


@pytest.mark.parametrize(
    ("manifest", "expected"),
    [
        (
            "not a manifest\n",
            "manifest.sha256:1: 错误 manifest-corrupt 校验清单的第 1 行格式不对：“not a manifest”",
        ),
        (
            f"{'0' * 64}  index.html\n{'0' * 64}  ../../etc/passwd\n",
            "manifest.sha256:2: 错误 manifest-corrupt 校验清单的第 2 行列出了目录之外的路径“../../etc/passwd”",
        ),
        (
            f"{'0' * 64}  index.html\n{'1' * 64}  index.html\n",
            "manifest.sha256:2: 错误 manifest-corrupt 校验清单中“index.html”列了两次",
        ),
        (
            f"{'0' * 32}  index.html\n",
            "manifest.sha256: 错误 manifest-foreign manifest.sha256 是 MD5 校验清单，不是 zonegen 导出的",
        ),
        (
            f"{'0' * 64}  photo.jpg\n",
            "manifest.sha256: 错误 manifest-foreign manifest.sha256 不是 zonegen 导出的线下专区清单"
            "（其中没有首页 index.html）",
        ),
        ("", "manifest.sha256: 错误 manifest-corrupt 校验清单是空的"),
    ],
    ids=["garbage", "escape", "twice", "md5", "foreign", "empty"],
)
def test_a_corrupt_or_foreign_manifest_is_a_clear_error(tmp_path: Path, manifest: str, expected: str) -> None:
    (tmp_path / "index.html").write_text("x", encoding="utf-8")
    (tmp_path / "manifest.sha256").write_text(manifest, encoding="utf-8")
    result = run(None, "verify", str(tmp_path))
    assert result.code == 1
    assert result.stdout.splitlines()[0] == expected
    assert result.stdout.splitlines()[-1] == "无法校验：校验清单不可用。"


def test_verify_without_a_manifest_or_with_a_binary_one(tmp_path: Path) -> None:
    result = run(None, "verify", str(tmp_path))
    assert result.code == 1
    assert result.stdout.startswith(f"manifest.sha256: 错误 manifest-missing {tmp_path} 中没有校验清单 manifest.sha256")
    (tmp_path / "manifest.sha256").write_bytes(b"\xff\xfe\x00garbage")
    result = run(None, "verify", str(tmp_path))
    assert result.stdout.startswith("manifest.sha256: 错误 manifest-corrupt 校验清单不是 UTF-8 文本，已损坏")
    assert run(None, "verify", str(tmp_path / "nowhere")).code == 2


def test_zip_is_one_archive_that_verifies_after_unpacking_and_is_deterministic(zone: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "白石 线下专区"
    result = export(zone, target, "--zip")
    assert result.code == 0, result.stderr
    archive = tmp_path / "out" / "白石 线下专区.zip"
    assert sorted(p.name for p in archive.parent.iterdir()) == [archive.name]  # no folder, no leftovers
    first = archive.read_bytes()
    with zipfile.ZipFile(archive) as unpacked:
        assert all(name.startswith("白石 线下专区/") for name in unpacked.namelist())
        unpacked.extractall(tmp_path / "unpacked")
    assert run(None, "verify", str(tmp_path / "unpacked" / "白石 线下专区")).code == 0
    assert export(zone, target, "--zip").code == 0  # replaces its own archive
    assert archive.read_bytes() == first


def test_export_never_replaces_what_it_did_not_make(zone: Path, tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    (folder / "照片.jpg").write_bytes(b"x")
    result = export(zone, folder)
    assert result.code == 1
    assert "output-not-ours" in result.stderr and (folder / "照片.jpg").exists()
    (tmp_path / "usb.zip").write_bytes(b"someone's archive")
    result = export(zone, folder, "--zip")
    assert result.code == 1
    assert f"{tmp_path / 'usb.zip'} 已存在且不是 zonegen 导出的压缩包，不会覆盖" in result.stderr
    assert (tmp_path / "usb.zip").read_bytes() == b"someone's archive"


def test_kiosk_copy_has_no_dead_ends(zone: Path, tmp_path: Path) -> None:
    target = tmp_path / "kiosk"
    assert export(zone, target).code == 0
    for machine in ("feed.xml", "sitemap.xml", "directory.json"):
        assert not (target / machine).exists()
    pages = {p.relative_to(target).as_posix(): p.read_text(encoding="utf-8") for p in target.rglob("*.html")}
    for path, text in pages.items():
        assert "feed.xml" not in text and ".json" not in text, path
        assert " download" not in text, path
    record = next(text for text in pages.values() if "关于第二项工作的通知</h1>" in text)
    assert 'href="../_view/notices/%E5%90%8D%E5%8D%95%20%E9%99%84%E4%BB%B6.pdf.html"' in record
    assert 'href="../_view/notices/%E6%98%8E%E7%BB%86.xlsx.html"' in record
    assert 'href="https://' not in record
    assert '<span class="offline-label">县政府网站</span>' in record
    assert (
        "（https://www.example.gov.cn/xzfw/）" in record
        and 'aria-label="二维码：https://www.example.gov.cn/xzfw/"' in record
    )
    viewer = pages["_view/notices/名单 附件.pdf.html"]
    assert 'data="../../notices/%E5%90%8D%E5%8D%95%20%E9%99%84%E4%BB%B6.pdf" type="application/pdf"' in viewer
    assert (
        'aria-label="当前页二维码：https://zone.example.gov.cn/test/notices/%E5%90%8D%E5%8D%95%20%E9%99%84%E4%BB%B6.pdf"'
        in viewer
    )
    sheet = pages["_view/notices/明细.xlsx.html"]
    assert "Excel文件不能在本机打开。请扫描下面的二维码，在手机上下载查看。" in sheet
    home = pages["index.html"]
    assert 'class="kiosk" data-idle="180" data-home="index.html"' in home
    assert "内容更新于 2025-03-10" in home  # the newest record's date, never the export's


def test_online_site_keeps_its_machine_files_and_downloads(zone: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert run(zone, "build", "--out", str(out), "--quiet").code == 0
    assert (out / "feed.xml").exists() and not (out / "_view").exists()
    record = next(
        p.read_text(encoding="utf-8") for p in out.rglob("_records/*.html") if "第二项" in p.read_text("utf-8")
    )
    assert 'href="https://www.example.gov.cn/xzfw/"' in record
    assert "内容更新于" not in (out / "index.html").read_text(encoding="utf-8")
    assert 'class="kiosk"' not in (out / "index.html").read_text(encoding="utf-8")


def test_same_zone_gives_the_same_copy(zone: Path, tmp_path: Path) -> None:
    assert export(zone, tmp_path / "a").code == 0
    assert export(zone, tmp_path / "b").code == 0
    assert (tmp_path / "a" / "manifest.sha256").read_bytes() == (tmp_path / "b" / "manifest.sha256").read_bytes()


@pytest.mark.parametrize(
    ("yaml", "line", "message"),
    [
        ("kiosk: {idle_seconds: 10}", 7, "kiosk.idle_seconds 应为 30 到 3600 之间的整数（秒）"),
        ("kiosk: {idle_seconds: 三分钟}", 7, "kiosk.idle_seconds 应为 30 到 3600 之间的整数（秒）"),
        ("kiosk: 180", 7, "kiosk 应为“键: 值”的组合"),
        ("kiosk: {idle: 60}", 7, "kiosk 中有未知的键“idle”"),
        ("apply: {url: www.example.gov.cn}", 7, "apply.url“www.example.gov.cn”不是完整的网址"),
    ],
)
def test_kiosk_and_apply_settings_are_checked(minimal: Path, yaml: str, line: int, message: str) -> None:
    with open(minimal / "zone.yaml", "a", encoding="utf-8") as handle:
        handle.write(yaml + "\n")
    result = run(minimal, "check", "--format", "json")
    assert result.code == 1
    found = [(d["line"], d["message"]) for d in result.diagnostics if d["file"] == "zone.yaml"]
    assert found == [(line + 1, message)]


def test_idle_time_comes_from_zone_yaml(minimal: Path, tmp_path: Path) -> None:
    with open(minimal / "zone.yaml", "a", encoding="utf-8") as handle:
        handle.write("kiosk:\n  idle_seconds: 60\n")
    assert export(minimal, tmp_path / "k").code == 0
    assert 'data-idle="60"' in (tmp_path / "k" / "index.html").read_text(encoding="utf-8")
