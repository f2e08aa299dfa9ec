"""A county theme that fails is a `theme-error` at its template's file and line, found by `check` as by
`build`; and `check` and `build` agree on every zone the tests know (pipelines gate on `check`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ZONES, run
from zonegen.render import HINT_ENCODING, HINT_NOT_FOUND

TEMPLATE = "themes/county/templates/stats.html"
EXPRESSION = "检查这一行表达式中各个值的类型，例如数字和文字不能相加，文字不能做除法"
VARIABLES = "检查模板中的变量名；模板可用的变量见 docs/themes.md"


def county(zone: Path, files: dict[str, bytes | str]) -> None:
    """Give the zone its own theme `county` with these templates (the rest come from the default)."""
    with (zone / "zone.yaml").open("a", encoding="utf-8") as handle:
        handle.write("theme: county\n")
    for name, text in files.items():
        path = zone / "themes/county/templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


def theme_error(line: int, message: str, hint: str, file: str = TEMPLATE) -> dict:
    return {
        "severity": "error",
        "code": "theme-error",
        "file": file,
        "line": line,
        "column": None,
        "message": message,
        "hint": hint,
    }


CASES = {
    "missing include": (
        {"stats.html": "<p>\n{% include 'nope.html' %}\n</p>\n"},
        theme_error(2, "模板引用的“nope.html”不存在", HINT_NOT_FOUND),
    ),
    "missing extends": (
        {"stats.html": "{% extends 'layout.html' %}\n"},
        theme_error(1, "模板引用的“layout.html”不存在", HINT_NOT_FOUND),
    ),
    "division by zero": (
        {"stats.html": "<p>\n{{ 1//0 }}\n</p>\n"},
        theme_error(2, "模板中的计算出错：除数为零", "检查这一行表达式中的除法"),
    ),
    "number plus text": (
        {"stats.html": "<p>\n\n{{ 1 + 'a' }}\n</p>\n"},
        theme_error(
            3, "模板中的表达式出错（TypeError：unsupported operand type(s) for +: 'int' and 'str'）", EXPRESSION
        ),
    ),
    "self include": (
        {"stats.html": "<p>\n{% include 'stats.html' %}\n</p>\n"},
        theme_error(
            2,
            "模板无限递归：include、extends 或宏引用了自身，没有终止的条件",
            "去掉模板对自身的引用，或给递归加上终止条件",
        ),
    ),
    "GBK template": (
        {"stats.html": "<p>统计</p>\n<p>信息公开</p>\n".encode("gbk")},
        theme_error(1, "模板文件不是 UTF-8 编码", HINT_ENCODING),
    ),
    "extends cycle": (
        {
            "stats.html": "{% extends 'a.html' %}\n",
            "a.html": "{% extends 'b.html' %}\n",
            "b.html": "{% extends 'a.html' %}\n",
        },
        theme_error(
            1,
            "模板的 extends 形成循环：a.html → b.html → a.html",
            "一个模板不能直接或间接地继承自己；让其中一个模板不再 extends",
            "themes/county/templates/a.html",
        ),
    ),
    "unknown filter": (
        {"stats.html": "<p>\n{{ 1 | nofilter }}\n</p>\n"},
        theme_error(2, "模板语法错误：No filter named 'nofilter'.", "检查这一行的 {{ }}、{% %} 是否成对、拼写是否正确"),
    ),
    "undefined variable": (
        {"stats.html": "<p>\n\n\n{{ nothing.here }}\n</p>\n"},
        theme_error(4, "模板使用了未定义的变量：'nothing' is undefined", VARIABLES),
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_template_failure_is_a_theme_error_found_by_check_and_build(minimal: Path, case: str) -> None:
    files, expected = CASES[case]
    county(minimal, files)
    checked = run(minimal, "check", "--format", "json")
    assert (checked.code, checked.diagnostics) == (1, [expected])
    built = run(minimal, "build", "--format", "json")
    assert (built.code, built.diagnostics) == (1, [expected])
    assert "Traceback" not in built.stderr
    assert not (minimal / "public").exists()


def test_runtime_error_on_a_page_check_does_not_sample_is_still_a_theme_error(minimal: Path) -> None:
    """check renders one page of each kind; an error that depends on one record is found by build."""
    county(minimal, {"record.html": "{% if record.index_no.endswith('00051') %}{{ 1//0 }}{% endif %}\n"})
    text = (minimal / "content/notices/first.md").read_text(encoding="utf-8")
    for seq, day in ((50, "04"), (51, "02")):
        changed = text.replace("2025-00002", f"2025-000{seq}").replace(
            "published: 2025-03-03", f"published: 2025-03-{day}"
        )
        (minimal / f"content/notices/n{seq}.md").write_text(changed, "utf-8")
    assert run(minimal, "check").code == 0
    built = run(minimal, "build", "--format", "json")
    assert built.code == 1
    assert built.diagnostics == [
        theme_error(1, "模板中的计算出错：除数为零", "检查这一行表达式中的除法", "themes/county/templates/record.html")
    ]


def test_missing_theme_fails_check_as_it_fails_build(minimal: Path) -> None:
    with (minimal / "zone.yaml").open("a", encoding="utf-8") as handle:
        handle.write("theme: county\n")
    expected = {
        "severity": "error",
        "code": "theme-missing",
        "file": "zone.yaml",
        "line": None,
        "column": None,
        "message": "找不到主题“county”",
        "hint": "主题应放在 themes/county/（templates/ 和 static/）",
    }
    for command in ("check", "build"):
        result = run(minimal, command, "--format", "json")
        assert (result.code, result.diagnostics) == (1, [expected]), command


def zones() -> list[Path]:
    """Every zone under tests/zones (a folder with a zone.yaml), the unseen-zone fixture included."""
    return sorted(p.parent for p in ZONES.rglob("zone.yaml"))


@pytest.mark.parametrize("zone", zones(), ids=lambda p: p.relative_to(ZONES).as_posix())
def test_check_and_build_agree(zone: Path, tmp_path: Path) -> None:
    copy = tmp_path / "zone"
    shutil.copytree(zone, copy)
    checked = run(copy, "check", "--format", "json")
    built = run(copy, "build", "--format", "json", "--out", str(tmp_path / "out"))
    assert checked.code in (0, 1) and built.code in (0, 1)
    assert checked.code == built.code, (checked.diagnostics, built.diagnostics)
    assert checked.diagnostics == built.diagnostics
    assert (tmp_path / "out").is_dir() == (built.code == 0)
