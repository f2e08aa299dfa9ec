"""Property tests: whatever a clerk's files contain, `check` and `build` answer with diagnostics
or a site — never a traceback — and what they publish is safe.

Example counts are kept modest so the suite stays fast; CI may raise them with
HYPOTHESIS_PROFILE=thorough.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.conftest import ZONES, run
from zonegen.markdown import render
from zonegen.safety.pii import _CODE_LABELS, ID_CARD, scan

settings.register_profile("default", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

KEYS = [
    "title",
    "标题",
    "index_no",
    "索引号",
    "created",
    "published",
    "发布日期",
    "publisher",
    "doc_no",
    "kind",
    "disclosure",
    "公开属性",
    "validity",
    "repealed",
    "interprets",
    "summary",
    "keywords",
    "topic",
    "attachments",
    "附件",
    "review",
    "保密审查",
    "pii_ok",
    "also",
    "region_code",
    "office",
    "year",
    "proactive",
    "titel",
    "标 题",
    "",
]
FRAGMENTS = [
    "正文。",
    "# 标题",
    "## 一、分类与编排体系",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "- 列表",
    "> 引用",
    "```\ncode\n```",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<div hidden>x</div>",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=//x>",
    "<!-- 注释 -->",
    "<!--",
    "-->",
    "330281199001011235",
    "330281********1235",
    "13812345678",
    "138****5678",
    "6222021234567890128",
    "0574-62000000",
    "11330000000000000X/2025-00001",
    "---",
    "...",
    "：",
    "\t",
    "\u3000",
    "\x00",
    "[链接](other.md)",
    "![](x.png)",
    "![图](data:image/png;base64,AA==)",
    "&#x3C;script&#x3E;",
    "\r\n",
]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "gb18030", "latin-1", "big5"]

name_chars = st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00")
file_names = st.text(name_chars, min_size=1, max_size=30).filter(
    lambda n: n not in (".", "..") and len(n.encode("utf-8")) < 200
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True),
    st.text(max_size=40),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
    st.sampled_from(
        [
            "2025-03-01",
            "2025年3月1日",
            "2025-02-30",
            "主动公开",
            "不予公开",
            "规范性文件",
            "解读",
            "指南",
            "年度报告",
            "有效",
            "废止",
            "11330000000000000X/2025-00009",
            "../../zone.yaml",
            "/etc/passwd",
            "x.pdf",
        ]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=8,
)
fronts = st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=10), values, max_size=12)
bodies = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=30), max_size=12).map("\n\n".join)


@st.composite
def record_files(draw: st.DrawFn) -> tuple[str, bytes, list[tuple[str, bytes]]]:
    """A record file name, its bytes, and attachment files to put beside it."""
    front = draw(fronts)
    if draw(st.booleans()):  # half the time, a record that could be valid
        front = {
            "title": "测试",
            "index_no": "11330000000000000X/2025-00099",
            "created": "2025-03-01",
            "published": "2025-03-02",
            **front,
        }
    attachments = draw(st.lists(file_names, max_size=3))
    if attachments and draw(st.booleans()):
        front["attachments"] = attachments
    try:
        head = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    except (yaml.YAMLError, ValueError):
        head = draw(st.text(max_size=80))
    if draw(st.booleans()):
        head = draw(st.text(max_size=80))  # hand-typed, possibly broken, front matter
    text = f"---\n{head}---\n\n{draw(bodies)}\n"
    encoding = draw(st.sampled_from(ENCODINGS))
    data = text.encode(encoding, errors="replace")
    if draw(st.integers(0, 9)) == 0:
        data = draw(st.binary(max_size=200))
    name = draw(file_names) + draw(st.sampled_from([".md", ".MD", ".md", ".txt", ""]))
    files = [(a, draw(st.binary(max_size=64))) for a in attachments if draw(st.booleans())]
    return name, data, files


@pytest.fixture(scope="module")
def zone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("prop") / "zone"
    shutil.copytree(ZONES / "minimal", target)
    return target


def place(zone: Path, name: str, data: bytes, files: list[tuple[str, bytes]]) -> Path | None:
    folder = zone / "content" / "notices" / "prop"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(zone / "public", ignore_errors=True)
    folder.mkdir(parents=True)
    try:
        (folder / name).write_bytes(data)
        for attachment, content in files:
            path = folder / attachment
            if path.resolve().is_relative_to(folder.resolve()) and not path.exists():
                path.write_bytes(content)
    except OSError:
        return None  # a name this file system refuses is no input zonegen can receive
    return folder


@given(record_files())
def test_check_answers_with_diagnostics(zone: Path, case: tuple) -> None:
    if place(zone, *case) is None:
        return
    result = run(zone, "check", "--format", "json")
    assert result.code in (0, 1)
    items = json.loads(result.stdout)  # nothing but JSON on stdout
    assert (result.code == 1) == any(d["severity"] == "error" for d in items)
    for item in items:
        assert item["message"] and item["code"] and item["severity"] in ("error", "warning")
        assert item["file"] is None or not item["file"].startswith("/")


@given(record_files())
def test_build_answers_with_a_site_or_diagnostics(zone: Path, case: tuple) -> None:
    folder = place(zone, *case)
    if folder is None:
        return
    result = run(zone, "build", "--format", "json")
    event(f"build exit code {result.code}")
    if result.code == 0:
        assert (zone / "public" / "index.html").is_file()
        out = zone / "public"
        for path in out.rglob("*.html"):
            page = path.read_text(encoding="utf-8")
            # the planted alert(1) may show as text, never inside a tag or a script element
            assert not re.search(r"<[^>]*alert\(1\)|<script[^>]*>[^<]*alert\(1\)", page, re.I), path
        assert not [p for p in out.rglob("*") if p.is_symlink()]
    else:
        assert result.code == 1
        assert any(d["severity"] == "error" for d in json.loads(result.stdout))
        assert not (zone / "public").exists()


html_soup = st.lists(
    st.sampled_from(
        [
            "<",
            ">",
            "/",
            "=",
            '"',
            "'",
            " ",
            "\n",
            "script",
            "img",
            "a",
            "svg",
            "iframe",
            "style",
            "onerror",
            "onload",
            "href",
            "src",
            "javascript:",
            "data:",
            "&#",
            "x3C;",
            "alert(1)",
            "<p>",
            "</p>",
            "div",
            "hidden",
            "display:none",
            "![](",
            "](",
            ")",
        ]
    )
    | st.text(max_size=5),
    max_size=40,
).map("".join)


@settings(max_examples=200)
@given(html_soup)
def test_rendered_bodies_carry_no_active_content(body: str) -> None:
    html = render(body, "x.md", 1).html
    tags = " ".join(re.findall(r"<[^>]*>", html))
    assert not re.search(r"<\s*(script|iframe|svg|style|object|embed|form|meta|base|link)\b", tags, re.I)
    assert not re.search(r"\son[a-z]+\s*=", tags, re.I)
    # A dangerous scheme must never begin a URL; "%3Ejavascript:" is a harmless relative path.
    urls = re.findall(r"""\b(?:href|src|action|formaction|xlink:href)\s*=\s*["']?([^"'\s>]*)""", tags, re.I)
    assert not [u for u in urls if re.match(r"\s*(javascript|vbscript|data):", u, re.I)]


_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


@st.composite
def id_numbers(draw: st.DrawFn) -> str:
    province = draw(st.sampled_from(["11", "31", "33", "44", "51", "62", "65"]))
    region = province + draw(st.integers(1, 99).map("{:02d}".format)) + draw(st.integers(0, 99).map("{:02d}".format))
    born = draw(st.dates(dt.date(1900, 1, 1), dt.date.today()))
    body = region + born.strftime("%Y%m%d") + draw(st.integers(0, 999).map("{:03d}".format))
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]


# Mask marks are excluded (next to them a number is masked), and so are the labels of
# organisation codes (信用代码, 索引号…), after which an 18-character code is not a person's.
separators = st.text(
    st.characters(whitelist_categories=("Lo", "Zs", "Po"), blacklist_characters="*＊#＃"), min_size=1, max_size=6
).filter(lambda text: not any(label in text for label in _CODE_LABELS))


@settings(max_examples=200)
@given(id_numbers(), separators, separators)
def test_every_valid_id_is_found_and_its_mask_is_not(number: str, before: str, after: str) -> None:
    found = scan(before + number + after)
    assert [(f.kind, f.masked) for f in found] == [(ID_CARD, number[:6] + "*" * 8 + number[14:])]
    assert scan(before + found[0].masked + after) == []
