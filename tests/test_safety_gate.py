"""The last gate: what a build wrote is scanned before it replaces the site (issue 16, issue 9)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run, write_record
from zonegen.safety.gate import scan_output

FRONT = """\
title: 关于发放临时救助金的公示
index_no: 11330000000000000X/2025-00010
created: 2025-03-01
published: 2025-03-03
kind: 公告公示
"""


def _leaks(tmp_path: Path, files: dict[str, str], skip: tuple[str, ...] = ()) -> list[tuple[str, str, str]]:
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return [(leak.output, leak.kind, leak.masked) for leak in scan_output(tmp_path, skip, workers=1)[0]]


def test_the_gate_reads_text_as_a_reader_gets_it(tmp_path: Path) -> None:
    files = {
        "a.html": "<p>电话 1381234<em>5678</em></p>",
        "b.html": "<p>证号 &#51;30281198001011230</p>",
        "c.html": "<p>证号 330281\u2060198001011230</p>",
        "d.json": json.dumps({"summary": "手机 13912345678"}, ensure_ascii=True),
        "_search/d/0.js": "zonegenSearch.block(0,[["
        + json.dumps("13812345678", ensure_ascii=False).replace("1", "\\u0031")
        + "]]);\n",
        "e.xml": "<entry><summary>6222021234567890128</summary></entry>",
    }
    assert _leaks(tmp_path, files) == [
        ("_search/d/0.js", "mobile", "138****5678"),
        ("a.html", "mobile", "138****5678"),
        ("b.html", "id", "330281********1230"),
        ("c.html", "id", "330281********1230"),
        ("d.json", "mobile", "139****5678"),
        ("e.xml", "bank", "6222***********0128"),
    ]


def test_the_gate_keeps_table_cells_and_lines_apart_and_skips_copies(tmp_path: Path) -> None:
    files = {
        "cells.html": "<tr><td>1381234</td><td>5678</td></tr><p>138<br>12345678</p>",
        "_static/theme.js": "var build = 13812345678;",  # theme files are copied, not made from records
        "notices/名单.txt": "13812345678",  # an attachment copy: its own guard checked it
        "_search/meta.js": 'zonegenSearch.meta({"facets":"014001000A330B130;340F420C150?13014007430"});\n',
    }
    assert _leaks(tmp_path, files, skip=("notices/名单.txt",)) == []


def test_a_number_the_guard_missed_stops_the_build_and_names_the_record(minimal: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import zonegen.rules.record

    assert run(minimal, "build").code == 0
    before = sorted(p.relative_to(minimal) for p in (minimal / "public").rglob("*"))
    monkeypatch.setattr(zonegen.rules.record, "guard_personal_data", lambda *args, **kwargs: [])  # a guard with a gap
    write_record(minimal, "notices/relief.md", FRONT, "村主任 张*三 13812345678\n")
    result = run(minimal, "build", "--format", "json")
    assert result.code == 1
    [leak] = [d for d in json.loads(result.stdout) if d["code"] == "pii-output"]
    assert leak["severity"] == "error" and leak["file"] == "content/notices/relief.md"
    assert "中有未脱敏的手机号码（138****5678），来自记录 content/notices/relief.md；网站未更新" in leak["message"]
    assert "13812345678" not in result.stdout
    # the last good site is untouched and no temporary folder is left
    assert sorted(p.relative_to(minimal) for p in (minimal / "public").rglob("*")) == before
    assert not [p for p in minimal.iterdir() if p.name.startswith(".public")]


def test_zone_settings_are_published_and_checked_too(minimal: Path) -> None:
    zone = minimal / "zone.yaml"
    zone.write_text(zone.read_text(encoding="utf-8") + "  phone: '13812345678'\n", encoding="utf-8")
    result = run(minimal, "check", "--format", "json")
    assert result.code == 1
    [found] = [d for d in result.diagnostics if d["code"].startswith("pii")]
    assert (found["code"], found["file"]) == ("pii-mobile", "zone.yaml")
    assert found["message"] == "footer.phone 的值中有未脱敏的手机号码，公开前必须脱敏"
    assert run(minimal, "build").code == 1 and not (minimal / "public").exists()


def test_a_number_from_outside_any_record_is_named_by_its_output(minimal: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import zonegen.rules.zone

    monkeypatch.setattr(zonegen.rules.zone, "settings_personal_data", lambda files: [])  # a check with a gap
    zone = minimal / "zone.yaml"
    zone.write_text(zone.read_text(encoding="utf-8") + "  phone: '13812345678'\n", encoding="utf-8")
    result = run(minimal, "build", "--format", "json")
    assert result.code == 1
    [leak] = [d for d in json.loads(result.stdout) if d["code"] == "pii-output"]
    assert leak["file"] is None and "不来自任何记录（可能来自 zone.yaml、catalog.yaml 或主题）" in leak["message"]


def test_declared_numbers_pass_the_gate(minimal: Path) -> None:
    front = FRONT + "pii_ok: 依据《村民委员会组织法》，村干部联系电话须公示\n"
    write_record(minimal, "notices/relief.md", front, "村主任 张*三 13812345678\n")
    assert run(minimal, "build").code == 0
    assert "13812345678" in (minimal / "public/_records/2025-00010.html").read_text(encoding="utf-8")


def test_every_written_file_is_scanned_as_written_or_read_back(minimal: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Pages are scanned in the process that writes them; whatever else is in the folder is read back."""
    import zonegen.build
    import zonegen.safety.gate as gate

    seen: dict[str, set[str]] = {}
    real_scan_output = gate.scan_output

    def spy(out, skip, workers=None):  # type: ignore[no-untyped-def]
        files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
        seen["all"], seen["skipped"] = files, set(skip)
        seen["read"] = set(gate._files(out, set(skip)))
        return real_scan_output(out, skip, workers)

    monkeypatch.setattr(gate, "scan_output", spy)
    write_record(minimal, "notices/list.md", FRONT + "attachments: [名单.txt]\n", "见附件。\n")
    (minimal / "content/notices/名单.txt").write_text("张*三\n", encoding="utf-8")
    assert run(minimal, "build").code == 0
    # copies (theme files, the attachment) and what cannot spell a number (gate._NOT_TEXT) are not scanned
    copies = {f for f in seen["all"] if f.startswith(gate._NOT_TEXT) or f.endswith("名单.txt")}
    pages = {f for f in seen["all"] if f.endswith(".html")}
    assert pages and pages <= seen["skipped"]  # scanned as written, not read again
    assert seen["all"] - copies <= seen["skipped"] | seen["read"]  # nothing escapes both
    assert {"sitemap.xml", "feed.xml", "directory.json"} <= seen["skipped"]
    assert any(f.startswith("_search/d/") for f in seen["read"])  # written elsewhere: read back
    assert zonegen.build.final_gate is gate.final_gate  # the build runs this very gate
