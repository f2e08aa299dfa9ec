"""Containment: nothing leaves content/ but published attachments, nothing is written outside
the output folder, and a failed build never replaces the last good output."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from tests.conftest import run, write_record

FRONT = """\
title: 关于村级财务公开的通知
index_no: 11330000000000000X/2025-00050
created: 2025-03-01
published: 2025-03-03
kind: 公告公示
"""


def codes(zone: Path) -> list[str]:
    return [d["code"] for d in run(zone, "check", "--format", "json").diagnostics]


def snapshot(folder: Path, skip: str | tuple[str, ...] = ()) -> dict[str, str]:
    """Every file under folder with its content hash (links recorded by target), but those under `skip`."""
    found = {}
    skipped = (skip,) if isinstance(skip, str) else skip
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if any(rel == s or rel.startswith(s + "/") for s in skipped):
            continue
        if path.is_symlink():
            found[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[rel] = "dir"
    return found


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("../../../zone.yaml", "attachment-escape"),
        ("../../../../outside.txt", "attachment-escape"),
        ("/etc/passwd", "attachment-path"),
        ("C:/Windows/win.ini", "attachment-path"),
        ("..\\..\\zone.yaml", "attachment-path"),
        ("bad\tname.pdf", "attachment-path"),
    ],
)
def test_attachments_cannot_escape_content(minimal: Path, name: str, code: str) -> None:
    (minimal.parent / "outside.txt").write_text("secret", encoding="utf-8")
    write_record(minimal, "notices/a.md", FRONT + f"attachments: [{name!r}]\n".replace("'", '"'))
    assert code in codes(minimal)
    assert run(minimal, "build").code == 1
    assert not (minimal / "public").exists()


def test_symlinked_attachment_is_refused(minimal: Path) -> None:
    secret = minimal.parent / "secret.xlsx"
    secret.write_bytes(b"not for publication")
    (minimal / "content/notices/名单.xlsx").symlink_to(secret)
    write_record(minimal, "notices/a.md", FRONT + "attachments: [名单.xlsx]\n")
    assert "attachment-symlink" in codes(minimal)
    assert run(minimal, "build").code == 1


def test_attachment_through_a_symlinked_folder_is_refused(minimal: Path) -> None:
    outside = minimal.parent / "elsewhere"
    outside.mkdir()
    (outside / "secret.pdf").write_bytes(b"%PDF-1.4 secret")
    (minimal / "content/notices/files").symlink_to(outside, target_is_directory=True)
    write_record(minimal, "notices/a.md", FRONT + "attachments: [files/secret.pdf]\n")
    assert "attachment-symlink" in codes(minimal)


def test_symlinked_record_is_refused(minimal: Path) -> None:
    outside = minimal.parent / "draft.md"
    outside.write_text("---\n" + FRONT + "---\n\n内部草稿。\n", encoding="utf-8")
    (minimal / "content/notices/draft.md").symlink_to(outside)
    assert "record-symlink" in codes(minimal)
    assert run(minimal, "build").code == 1


def test_attachment_shared_with_an_unpublished_record_is_refused(minimal: Path) -> None:
    (minimal / "content/notices/名单.xlsx").write_bytes(b"PK")
    write_record(
        minimal,
        "notices/secret.md",
        FRONT.replace("00050", "00051") + "disclosure: 不予公开\nattachments: [名单.xlsx]\n",
    )
    write_record(minimal, "domains/relief/dibao/2025-04.md", FRONT + "attachments: [../../../notices/名单.xlsx]\n")
    result = run(minimal, "check", "--format", "json")
    [found] = [d for d in result.diagnostics if d["code"] == "attachment-unpublished"]
    assert found["file"] == "content/domains/relief/dibao/2025-04.md"
    assert "不予公开记录 content/notices/secret.md" in found["message"]
    assert run(minimal, "build").code == 1


def test_attachment_inside_content_via_dotdot_is_copied_once(minimal: Path) -> None:
    (minimal / "content/notices/表格.csv").write_text("项目,金额\n办公费,1200\n", encoding="utf-8")
    write_record(minimal, "domains/relief/dibao/2025-04.md", FRONT + "attachments: [../../../notices/表格.csv]\n")
    assert run(minimal, "build").code == 0
    assert (minimal / "public/notices/表格.csv").is_file()


def test_unpublished_attachments_are_never_copied(minimal: Path) -> None:
    (minimal / "content/notices/内部.csv").write_text("内部\n", encoding="utf-8")
    write_record(minimal, "notices/secret.md", FRONT + "disclosure: 依申请公开\nattachments: [内部.csv]\n")
    assert run(minimal, "build").code == 0
    assert not list((minimal / "public").rglob("内部.csv"))


def test_build_writes_only_inside_the_output_folder(minimal: Path) -> None:
    (minimal / "content/notices/表格.csv").write_text("项目\n", encoding="utf-8")
    write_record(minimal, "notices/a.md", FRONT + "attachments: [表格.csv]\n")
    around = minimal.parent
    before = snapshot(around)
    assert run(minimal, "build").code == 0
    # the output, and the build cache (docs/design.md: incremental builds)
    assert snapshot(around, skip=("zone/public", "zone/.zonegen-cache")) == before
    first = snapshot(around, skip="zone/.zonegen-cache")
    assert run(minimal, "build", "--out", str(around / "elsewhere")).code == 0
    assert snapshot(around, skip=("elsewhere", "zone/.zonegen-cache")) == first


def test_failed_build_keeps_the_last_good_output(minimal: Path) -> None:
    assert run(minimal, "build").code == 0
    good, cached = snapshot(minimal / "public"), snapshot(minimal / ".zonegen-cache")
    write_record(minimal, "notices/a.md", FRONT + "disclosure: 秘密\n")
    assert run(minimal, "build").code == 1
    assert snapshot(minimal / "public") == good
    assert snapshot(minimal / ".zonegen-cache") == cached  # on errors nothing is written, the cache neither
    assert sorted(p.name for p in minimal.iterdir() if p.name.startswith(".")) == [".zonegen-cache"]


def test_crash_while_writing_keeps_the_last_good_output(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(minimal, "build").code == 0
    good = snapshot(minimal / "public")
    write_record(minimal, "notices/a.md", FRONT)

    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("a bug in zonegen")  # I/O errors are diagnostics (test_reliability_output.py)

    monkeypatch.setattr("zonegen.build.render_all", explode)
    with pytest.raises(RuntimeError):
        run(minimal, "build")
    assert snapshot(minimal / "public") == good
    assert not [p for p in minimal.iterdir() if p.name.startswith(".public")]


@pytest.mark.parametrize("target", [".", "content", "content/notices", "themes"])
def test_output_folder_cannot_overwrite_the_zone(minimal: Path, target: str) -> None:
    before = snapshot(minimal)
    result = run(minimal, "build", "--out", str(minimal / target))
    assert result.code == 1 and "output-unsafe" in result.stderr
    assert snapshot(minimal) == before


def test_output_folder_that_is_not_ours_is_not_replaced(minimal: Path, tmp_path: Path) -> None:
    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "工作总结.docx").write_bytes(b"PK")
    result = run(minimal, "build", "--out", str(mine))
    assert result.code == 1 and "output-not-ours" in result.stderr
    assert (mine / "工作总结.docx").read_bytes() == b"PK"
