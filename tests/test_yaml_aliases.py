"""YAML aliases that expand without bound ("billion laughs") or contain themselves are refused at the alias.

Each check runs in a child process with a timeout: before, the first case grew to 3.2 GB and
never finished, and the second ended in a RecursionError traceback.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.validation_util import GOOD_FRONT, check_json, write_text
from zonegen.yamlsrc import MAX_ALIAS_VALUES

_HINT = "& 和 * 用来重复前面写过的内容；请直接写出内容，不要层层引用或引用自身"
_TOO_MANY = f"YAML 格式错误：别名“*{{}}”展开后的内容过多（超过 {MAX_ALIAS_VALUES} 项）"
_ITSELF = "YAML 格式错误：别名“*{}”引用了包含它自己的内容"


def _laughs(key: str = "lol") -> str:
    """The classic 472-byte document: nine levels, each a list of ten aliases of the one before."""
    lines = [f'{key}0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 9):
        lines.append(f"{key}{level}: &a{level} [" + ",".join([f"*a{level - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


# what is planted → (its first line within the file's YAML, column of the refused alias, message)
# Levels 1 and 2 add 100 + 1,100 values; each *a2 adds 1,110 more: the 8th passes 10,000.
BILLION = (_laughs(), 4, len("lol3: &a3 [" + "*a2," * 7) + 1, _TOO_MANY.format("a2"))
RECURSIVE = ("loop: &k [a, *k]\n", 1, len("loop: &k [a, ") + 1, _ITSELF.format("k"))
RECURSIVE_MAP = ("loop: &m\n  inner: *m\n", 2, len("  inner: ") + 1, _ITSELF.format("m"))


def _check(zone: Path) -> tuple[int, list[dict], float]:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "zonegen", "--zone", str(zone), "check", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout or "null"), time.perf_counter() - start


def _expect(zone: Path, file: str, line: int, column: int, message: str) -> None:
    code, items, seconds = _check(zone)
    assert code == 1
    assert items == [
        {
            "severity": "error",
            "code": "yaml-syntax",
            "file": file,
            "line": line,
            "column": column,
            "message": message,
            "hint": _HINT,
        }
    ]
    assert seconds < 15  # refused from the event stream, never expanded


def test_the_planted_document_is_small_and_expands_to_a_billion() -> None:
    assert len(_laughs().encode()) < 500
    assert 10**9 == 10 ** (8 + 1)  # nine levels of ten: what a walk over the expanded document would visit


@pytest.mark.parametrize("planted", [BILLION, RECURSIVE, RECURSIVE_MAP], ids=["billion", "recursive", "map"])
def test_aliases_in_a_record(minimal: Path, planted: tuple[str, int, int, str]) -> None:
    text, line, column, message = planted
    write_text(minimal, "notices/x.md", f"---\n{GOOD_FRONT}{text}---\n\n正文。\n")
    front_lines = GOOD_FRONT.count("\n") + 1  # the opening --- and the good keys
    _expect(minimal, "content/notices/x.md", front_lines + line, column, message)


@pytest.mark.parametrize("planted", [BILLION, RECURSIVE, RECURSIVE_MAP], ids=["billion", "recursive", "map"])
def test_aliases_in_zone_yaml(minimal: Path, planted: tuple[str, int, int, str]) -> None:
    text, line, column, message = planted
    zone = minimal / "zone.yaml"
    before = zone.read_text(encoding="utf-8")
    zone.write_text(before + text, encoding="utf-8")
    _expect(minimal, "zone.yaml", before.count("\n") + line, column, message)


@pytest.mark.parametrize("planted", [BILLION, RECURSIVE, RECURSIVE_MAP], ids=["billion", "recursive", "map"])
def test_aliases_in_catalog_yaml(minimal: Path, planted: tuple[str, int, int, str]) -> None:
    text, line, column, message = planted
    catalog = minimal / "catalog.yaml"
    before = catalog.read_text(encoding="utf-8")
    catalog.write_text(text + before, encoding="utf-8")
    _expect(minimal, "catalog.yaml", line, column, message)


def test_a_modest_alias_still_works(minimal: Path) -> None:
    """A catalog that names its channel list once and repeats it passes as before."""
    catalog = minimal / "catalog.yaml"
    text = catalog.read_text(encoding="utf-8")
    assert "        channels: [政府网站]\n" in text
    catalog.write_text(
        text.replace("        channels: [政府网站]\n", "        channels: &ch [政府网站]\n", 1), encoding="utf-8"
    )
    item = "      - id: dibao2\n        title: 低保补充名单\n        channels: *ch\n"
    text = catalog.read_text(encoding="utf-8")
    marker = "        mode: 主动\n"
    catalog.write_text(text.replace(marker, marker + item, 1), encoding="utf-8")
    assert check_json(minimal) == (0, [])


def test_aliases_up_to_the_bound_are_accepted(minimal: Path) -> None:
    values = "[" + ",".join(["x"] * 99) + "]"
    text = f"big: &b {values}\n" + "".join(f"copy{i}: *b\n" for i in range(MAX_ALIAS_VALUES // 99))
    from zonegen.yamlsrc import YamlDoc, parse_yaml

    assert isinstance(parse_yaml(text), YamlDoc)
    assert not isinstance(parse_yaml(text + "one_more: *b\n"), YamlDoc)
