"""The commands around validation: all problems at once, exit codes, and what check/build/init/new write."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

from tests.conftest import run
from tests.validation_util import GOOD_FRONT, check_json, diag, write_bytes, write_text


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under folder with the hash of its bytes (and every symlink's target)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[rel] = "dir"
    return found


def plant_faults(zone: Path) -> dict[str, tuple[str, int | None]]:
    """Twelve faults in twelve files; returns file → (code, line) expected for each."""
    front = GOOD_FRONT
    write_bytes(zone, "notices/gbk.md", f"---\n{front}---\n\n正文。\n".encode("gbk"))
    write_text(
        zone,
        "notices/colon.md",
        "---\n" + front.replace("title: ", "title：").replace("00010", "00011") + "---\n\n正文。\n",
    )
    write_text(zone, "notices/yaml.md", "---\n" + front.replace("00010", "00012") + "keywords: [甲\n---\n\n正文。\n")
    write_text(zone, "notices/nofront.md", "只有正文。\n")
    write_bytes(zone, "notices/empty.md", b"")
    write_text(zone, "notices/typo.md", "---\n" + front.replace("00010", "00013") + "titel: x\n---\n\n正文。\n")
    write_text(
        zone,
        "notices/date.md",
        "---\n" + front.replace("00010", "00014").replace("2025-03-02", "2025-02-30") + "---\n\n正文。\n",
    )
    write_text(zone, "notices/dup.md", "---\n" + front.replace("00010", "00002") + "---\n\n正文。\n")
    write_text(zone, "notice/placed.md", "---\n" + front.replace("00010", "00015") + "---\n\n正文。\n")
    write_text(
        zone,
        "notices/attach.md",
        "---\n" + front.replace("00010", "00016") + "attachments: [没有.pdf]\n---\n\n正文。\n",
    )
    write_text(zone, "notices/norm.md", "---\n" + front.replace("00010", "00017") + "kind: 规范性文件\n---\n\n正文。\n")
    write_text(
        zone, "notices/docno.md", "---\n" + front.replace("00010", "00018") + "doc_no: 测政[2025]1号\n---\n\n正文。\n"
    )
    return {
        "content/notices/gbk.md": ("encoding-gbk", 2),
        "content/notices/colon.md": ("fullwidth-colon", 2),
        "content/notices/yaml.md": ("yaml-syntax", 6),
        "content/notices/nofront.md": ("front-matter-missing", 1),
        "content/notices/empty.md": ("file-empty", 1),
        "content/notices/typo.md": ("unknown-key", 6),
        "content/notices/date.md": ("field-value", 5),
        "content/notices/dup.md": ("index-no-duplicate", 3),
        "content/notice/placed.md": ("node-unknown", None),
        "content/notices/attach.md": ("attachment-missing", 6),
        "content/notices/norm.md": ("validity-missing", 6),
        "content/notices/docno.md": ("doc-no-brackets", 6),
    }


def test_all_problems_at_once(minimal: Path) -> None:
    expected = plant_faults(minimal)
    result = run(minimal, "check", "--format", "json")
    assert result.code == 1
    items = json.loads(result.stdout)  # stdout is only JSON
    found = {(d["file"], d["code"], d["line"]) for d in items}
    for file, (code, line) in expected.items():
        assert (file, code, line) in found, file
    # the other half of the duplicate is reported at its own file too, and nothing else
    assert {d["file"] for d in items} == {*expected, "content/notices/first.md"}
    assert len(items) == len(expected) + 1
    assert all(d["severity"] == "error" and d["message"] and d["hint"] for d in items)


def test_all_problems_at_once_in_text(minimal: Path) -> None:
    expected = plant_faults(minimal)
    result = run(minimal, "check")
    assert result.code == 1
    lines = result.stdout.splitlines()
    assert lines[-1] == f"共 {len(expected) + 1} 个错误，0 个警告。"
    for file, (code, line) in expected.items():
        where = f"{file}:{line}" if line else file
        assert any(entry.startswith(where) and f" 错误 {code} " in entry for entry in lines), file
    assert sum(1 for entry in lines if entry.startswith("    提示：")) == len(expected) + 1


def test_json_stdout_is_only_json_even_for_a_clean_zone(minimal: Path) -> None:
    result = run(minimal, "check", "--format", "json")
    assert (result.code, json.loads(result.stdout), result.stderr) == (0, [], "")


def test_strict_turns_warnings_into_exit_1(minimal: Path) -> None:
    write_bytes(minimal, "notices/stray.pdf", b"%PDF-1.4\n")  # a file no record lists: a warning
    code, items = check_json(minimal)
    assert code == 0
    assert items == [
        diag(
            "file-unreferenced",
            "content/notices/stray.pdf",
            None,
            None,
            "这个文件没有被任何记录列为附件，不会发布",
            "在所属记录的 attachments 中列出它，或删除它",
            severity="warning",
        )
    ]
    assert check_json(minimal, "--strict") == (1, items)


def test_strict_build_refuses_warnings(minimal: Path) -> None:
    write_bytes(minimal, "notices/stray.pdf", b"%PDF-1.4\n")
    assert run(minimal, "build", "--quiet").code == 0
    assert run(minimal, "build", "--quiet", "--strict", "--out", str(minimal / "strict")).code == 1
    assert not (minimal / "strict").exists()


def test_usage_errors_exit_2(minimal: Path) -> None:
    assert run(minimal, "check", "--format", "xml").code == 2
    assert run(minimal, "frobnicate").code == 2
    assert run(minimal, "build", "--no-such-option").code == 2
    assert run(minimal, "new").code == 2
    assert run(minimal, "init").code == 2


def test_check_writes_nothing(minimal: Path) -> None:
    before = snapshot(minimal)
    assert run(minimal, "check").code == 0
    assert snapshot(minimal) == before
    plant_faults(minimal)
    before = snapshot(minimal)
    assert run(minimal, "check", "--format", "json").code == 1
    assert snapshot(minimal) == before


def test_build_with_errors_writes_nothing_and_keeps_the_previous_site(minimal: Path) -> None:
    assert run(minimal, "build", "--quiet").code == 0
    before = snapshot(minimal)
    plant_faults(minimal)
    after_planting = snapshot(minimal)
    result = run(minimal, "build")
    assert result.code == 1
    assert "未生成网站：请先修正上面的错误。" in result.stderr
    assert snapshot(minimal / "public") == {
        k.removeprefix("public/"): v for k, v in before.items() if k.startswith("public/")
    }
    assert snapshot(minimal) == after_planting  # no temporary folder left behind either


def test_build_with_errors_and_json_prints_only_json(minimal: Path) -> None:
    plant_faults(minimal)
    result = run(minimal, "build", "--format", "json")
    assert result.code == 1
    assert len(json.loads(result.stdout)) == 13
    assert not (minimal / "public").exists()


def test_two_builds_are_byte_identical(minimal: Path) -> None:
    assert run(minimal, "build", "--quiet", "--out", str(minimal.parent / "one")).code == 0
    assert run(minimal, "build", "--quiet", "--out", str(minimal.parent / "two")).code == 0
    assert snapshot(minimal.parent / "one") == snapshot(minimal.parent / "two")


def test_init_creates_a_zone_that_checks_clean_and_builds(tmp_path: Path) -> None:
    target = tmp_path / "新专区"
    result = run(None, "init", str(target))
    assert result.code == 0, result.stderr
    assert (target / "zone.yaml").is_file()
    assert run(target, "check", "--strict").code == 0
    assert run(target, "build", "--quiet").code == 0
    assert (target / "public/index.html").is_file()
    assert (target / f"public/_records/{dt.date.today().year}-00001.html").is_file()  # the guide


def test_init_refuses_an_existing_zone(minimal: Path) -> None:
    result = run(None, "init", str(minimal))
    assert result.code == 2
    assert "已有 zone.yaml，不会覆盖" in result.stderr


def _body(path: Path, text: str = "这是正文。\n") -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_new_assigns_the_next_index_no_and_passes_once_filled(minimal: Path) -> None:
    result = run(minimal, "new", "notices", "关于春耕的通知", "--date", "2025-04-01")
    assert result.code == 0, result.stderr
    assert result.stdout == "已创建 content/notices/2025-00004.md\n"
    path = minimal / "content/notices/2025-00004.md"
    text = path.read_text(encoding="utf-8")
    assert "index_no: 11330000000000000X/2025-00004\n" in text
    assert 'title: "关于春耕的通知"\n' in text
    code, items = check_json(minimal)
    assert (code, [(d["file"], d["code"]) for d in items]) == (1, [("content/notices/2025-00004.md", "body-empty")])
    _body(path)
    assert check_json(minimal) == (0, [])


def test_new_never_fills_gaps(minimal: Path) -> None:
    write_text(minimal, "notices/late.md", "---\n" + GOOD_FRONT.replace("00010", "00020") + "---\n\n正文。\n")
    assert run(minimal, "new", "notices", "甲", "--date", "2025-05-01").code == 0
    assert run(minimal, "new", "notices", "乙", "--date", "2025-05-02").code == 0
    assert (minimal / "content/notices/2025-00021.md").is_file()
    assert (minimal / "content/notices/2025-00022.md").is_file()
    # a new year starts at 1
    assert run(minimal, "new", "notices", "丙", "--date", "2026-01-05").code == 0
    assert "index_no: 11330000000000000X/2026-00001\n" in (minimal / "content/notices/2026-00001.md").read_text(
        encoding="utf-8"
    )


def test_new_counts_numbers_in_broken_files_too(minimal: Path) -> None:
    """A file with errors still holds its 索引号: the number is never handed out twice."""
    write_text(minimal, "notices/broken.md", "---\ntitle：坏\nindex_no: 11330000000000000X/2025-00030\n---\n")
    assert run(minimal, "new", "notices", "甲", "--date", "2025-05-01").code == 0
    assert (minimal / "content/notices/2025-00031.md").is_file()


def test_new_with_a_custom_index_format(minimal: Path) -> None:
    zone_yaml = minimal / "zone.yaml"
    zone_yaml.write_text(
        zone_yaml.read_text(encoding="utf-8") + "index_format: '{org_code}-{year}-{seq:04d}'\n", encoding="utf-8"
    )
    for path in (minimal / "content").rglob("*.md"):
        path.write_text(path.read_text(encoding="utf-8").replace("0X/2025-000", "0X-2025-00"), encoding="utf-8")
    result = run(minimal, "new", "domains/relief/dibao", "2025年4月低保名单", "--date", "2025-04-10")
    assert result.stdout == "已创建 content/domains/relief/dibao/2025-0004.md\n"
    path = minimal / "content/domains/relief/dibao/2025-0004.md"
    assert "index_no: 11330000000000000X-2025-0004\n" in path.read_text(encoding="utf-8")
    _body(path, "| 姓名 | 金额 |\n|---|---|\n| 王*明 | 950 |\n")
    assert check_json(minimal) == (0, [])


def test_new_on_an_unknown_node_is_a_usage_error_with_a_suggestion(minimal: Path) -> None:
    result = run(minimal, "new", "notice", "标题")
    assert result.code == 2
    assert "“notice”不是目录中的栏目或事项。您是不是想写“notices”？" in result.stderr
    assert not (minimal / "content/notice").exists()


def test_new_defaults_to_today(minimal: Path) -> None:
    today = dt.date.today()
    result = run(minimal, "new", "notices", "今天的通知")
    assert result.code == 0
    created = minimal / result.stdout.removeprefix("已创建 ").strip()
    assert f"created: {today.isoformat()}\n" in created.read_text(encoding="utf-8")


def test_new_in_an_initialised_zone_passes_once_filled(tmp_path: Path) -> None:
    """init writes rules.require_review and a reviewer; new fills in the review, so the record passes."""
    target = tmp_path / "zone"
    assert run(None, "init", str(target)).code == 0
    result = run(target, "new", "statutory/policies", "关于印发某办法的通知", "--date", "2025-06-01")
    assert result.stdout == "已创建 content/statutory/policies/2025-00001.md\n"
    path = target / "content/statutory/policies/2025-00001.md"
    assert [d["code"] for d in check_json(target)[1]] == ["body-empty"]
    _body(path)
    assert check_json(target) == (0, [])


def test_also_unknown_uses_the_zone_catalog_in_its_hint(minimal: Path) -> None:
    write_text(minimal, "notices/x.md", "---\n" + GOOD_FRONT + "also: [qqq/xyz]\n---\n\n正文。\n")
    assert check_json(minimal) == (
        1,
        [
            diag(
                "also-unknown",
                "content/notices/x.md",
                6,
                8,
                "同时发布于“qqq/xyz”不是目录中的栏目或事项",
                "写目录节点的路径，例如 notices",
            ),
        ],
    )
