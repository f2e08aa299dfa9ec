"""One schema for zone.yaml, catalog.yaml and front matter: its keys, labels and the messages
users see for what used to be mis-reported (issue 9, item 4) and the zone's theme hooks."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run, write_record
from tests.report_helpers import FIGURES, line_of, write_report
from tests.validation_util import GOOD_FRONT, check_json, diag, problems
from zonegen import schema
from zonegen.zone import load_zone

FILE = "content/notices/x.md"


def test_labels_come_from_the_schema() -> None:
    assert schema.label("index_no") == "索引号"
    assert schema.label("office") == "工作机构名称"
    assert schema.Schema((schema.Key("region_code", "区划代码"),)).label("region_code") == "区划代码"
    assert schema.ZONE.label("extra_css") == "附加样式表"
    assert schema.heading("disclosure") == "公开方式" and schema.heading("index_no") == "索引号"


def test_every_key_is_declared_once_per_table() -> None:
    tables = [getattr(schema, name) for name in dir(schema) if isinstance(getattr(schema, name), schema.Table)]
    assert len(tables) >= 12
    for table in tables:
        keys = [spec.key for spec in table.keys]
        assert len(keys) == len(set(keys)), table.where


def test_a_null_key_is_an_empty_key_name_not_none(minimal: Path) -> None:
    write_record(minimal, "notices/x.md", GOOD_FRONT + "~: 8:30\n")
    assert problems(minimal) == [
        diag(
            "unknown-key",
            FILE,
            6,
            1,
            "有一个键没有名字",
            "冒号前要写键名，例如 title: 标题；值里含有冒号时，用英文引号把整个值括起来",
        )
    ]


def test_year_zero_is_not_a_year(minimal: Path) -> None:
    write_record(minimal, "notices/x.md", GOOD_FRONT.replace("created: 2025-03-01", "created: 0000-01-01"))
    found = problems(minimal)
    assert found[0] == diag(
        "field-value",
        FILE,
        4,
        10,
        "生成日期（created）“0000-01-01”不是真实存在的日期",
        "年份 0 不是有效的年份（公元纪年从 1 年开始）；请核对原件上的日期",
    )


def test_a_numeric_catalog_id_says_to_quote_it(minimal: Path) -> None:
    path = minimal / "catalog.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: notices", "id: 2025"), encoding="utf-8")
    (minimal / "content" / "notices").rename(minimal / "content" / "2025")
    assert problems(minimal) == [
        diag(
            "catalog-id",
            "catalog.yaml",
            7,
            9,
            "id“2025”被读成了数字，不是文字",
            "id 是小写英文字母、数字和连字符组成的文字：加英文引号写成 id: '2025'，或以字母开头，例如 id: y2025",
        )
    ]  # and the records in content/2025/ are filed under it, not reported a second time


def _zone(zone: Path, extra: str) -> None:
    path = zone / "zone.yaml"
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")


def test_theme_hooks_are_read_as_written(minimal: Path) -> None:
    (minimal / "assets").mkdir()
    for name in ("county.css", "print.css"):
        (minimal / "assets" / name).write_text("/* */", encoding="utf-8")
    (minimal / "assets" / "head.html").write_text('<meta name="x" content="y">', encoding="utf-8")
    (minimal / "assets" / "footer.html").write_text("<p>技术支持：某某县</p>", encoding="utf-8")
    _zone(
        minimal,
        "extra_css: [assets/county.css, assets/print.css]\nextra_head: assets/head.html\n"
        "extra_footer: assets/footer.html\n",
    )
    assert check_json(minimal) == (0, [])
    config, _ = load_zone(minimal)
    assert config is not None
    assert config.extra_css == ("assets/county.css", "assets/print.css")
    assert (config.extra_head, config.extra_footer) == ("assets/head.html", "assets/footer.html")


def test_check_and_build_agree_on_a_bad_theme_hook(minimal: Path) -> None:
    _zone(minimal, "extra_footer: assets/missing.html\n")
    assert run(minimal, "check").code == 1
    assert run(minimal, "build").code == 1


def test_a_nameless_key_in_a_report_map_is_named_as_such(minimal: Path) -> None:
    path = write_report(minimal, 2025, FIGURES.replace("  licensing: 12\n", "  ~: 12\n", 1))
    found = [d for d in problems(minimal) if d["code"] == "report-key"]
    assert found == [
        diag(
            "report-key",
            path.relative_to(minimal).as_posix(),
            line_of(path, "  ~: 12"),
            3,
            "主动公开情况（proactive）中有一个键没有名字",
            "冒号前要写键名，例如 title: 标题；值里含有冒号时，用英文引号把整个值括起来",
        )
    ]
