"""Hostile titles, column names and summaries: feed.xml, sitemap.xml and directory.json stay well-formed.

Before, a column titled 通知公告"三公"经费 built with exit 0 and a feed.xml no reader could parse.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run
from tests.machine_outputs import ATOM, SITEMAP, parse_outputs
from tests.validation_util import GOOD_FRONT, write_text

HOSTILE = "引号\"双\"'单'<b>&amp;&]]>🎉"
COLUMN = '通知公告"三公"经费<&>]]>'
ZONE_TITLE = '测试乡"基层"政务公开&<专区>'
# A body pasted from a PDF: form feed, vertical tab, escape and other C0 controls, U+2028, emoji.
BODY = "第一段\x0c第二段\x0b\x1b[0m\x01，含]]>和<script>与&amp;\u2028下一行🎉。\n"


def _hostile_zone(zone: Path) -> None:
    catalog = zone / "catalog.yaml"
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace("title: 通知公告", f"title: '{COLUMN}'"), encoding="utf-8"
    )
    config = zone / "zone.yaml"
    config.write_text(config.read_text(encoding="utf-8") + f"title: '{ZONE_TITLE}'\n", encoding="utf-8")
    front = GOOD_FRONT.replace("关于测试的通知", "'" + HOSTILE.replace("'", "''") + "'")
    write_text(zone, "notices/hostile.md", f"---\n{front}---\n\n{BODY}")
    summary = GOOD_FRONT.replace("00010", "00011").replace("关于测试的通知", "摘要测试")
    # YAML escapes put U+2028 and a control character into the value itself
    escaped = HOSTILE.replace('"', '\\"') + "\\u2028\\x01"
    write_text(zone, "notices/summary.md", f'---\n{summary}summary: "{escaped}"\n---\n\n正文。\n')


def test_hostile_text_builds_well_formed_machine_outputs(minimal: Path, tmp_path: Path) -> None:
    _hostile_zone(minimal)
    out = tmp_path / "public"
    result = run(minimal, "build", "--out", str(out))
    assert result.code == 0, result.stdout + result.stderr
    outputs = parse_outputs(out)
    feed = outputs["feed.xml"]
    assert feed.findtext(ATOM + "title") == ZONE_TITLE
    entries = {e.findtext(ATOM + "title"): e for e in feed.findall(ATOM + "entry")}
    hostile = entries[HOSTILE]
    assert hostile.find(ATOM + "category").get("term") == COLUMN
    # the body's form feed, vertical tab and U+2028 are spaces in a summary; XML cannot hold ESC and U+0001
    assert hostile.findtext(ATOM + "summary") == "第一段 第二段 [0m，含]]>和与 下一行🎉。"
    assert entries["摘要测试"].findtext(ATOM + "summary") == HOSTILE + "\u2028"
    directory = {r["title"]: r for r in outputs["directory.json"]}
    assert directory["摘要测试"]["summary"] == HOSTILE + "\u2028\x01"  # JSON escapes what XML cannot hold
    assert directory[HOSTILE]["summary"] == "第一段 第二段 \x1b[0m\x01，含]]>和与 下一行🎉。"
    assert HOSTILE in directory
    locations = [u.findtext(SITEMAP + "loc") for u in outputs["sitemap.xml"].findall(SITEMAP + "url")]
    assert all(loc.startswith("https://zone.example.gov.cn/test/") for loc in locations)
    assert len(locations) == len(set(locations)) > 5


def test_machine_outputs_are_byte_identical_across_builds(minimal: Path, tmp_path: Path) -> None:
    _hostile_zone(minimal)
    first, second = tmp_path / "a", tmp_path / "b"
    assert run(minimal, "build", "--out", str(first)).code == 0
    assert run(minimal, "build", "--out", str(second)).code == 0
    for name in ("feed.xml", "sitemap.xml", "directory.json"):
        assert (first / name).read_bytes() == (second / name).read_bytes()
