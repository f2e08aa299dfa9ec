"""Record addresses come from the 索引号: any file name works, and renaming or moving keeps the address."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import names_zone
from tests.conftest import output_text, run, write_record
from tests.site_links import dead_links
from tests.validation_util import check_json
from zonegen.addresses import record_slug
from zonegen.indexno import compile_format

ORG = "11330000000000000X"


@pytest.fixture
def names(tmp_path: Path) -> Path:
    return names_zone.make(tmp_path / "names")


def test_every_file_name_a_clerk_can_type_builds(names: Path) -> None:
    """index.md as the guide and in a column, spaces, #, %, ?, &, quotes, Chinese."""
    assert run(names, "check", "--strict").code == 0
    result = run(names, "build")
    assert result.code == 0, result.stdout + result.stderr
    out = names / "public"
    for seq, name in enumerate(["guide/index.md", *(f"notices/{n}" for n in names_zone.NOTICES)], 1):
        page = (out / f"_records/2025-{seq:04d}.html").read_text(encoding="utf-8")
        assert f"<h1>{'青山镇政府信息公开指南' if seq == 1 else f'通知{seq - 1}：文件名 '}" in page.replace(
            "&#34;", '"'
        ).replace("&#39;", "'"), name
    # The column pages are not taken by index.md / index-2.md: they still list the column.
    for page in ("notices/index.html", "notices/index-2.html"):
        assert "本页地址已变更" not in (out / page).read_text(encoding="utf-8")
    assert "青山镇党政办" in (out / "guide/index.html").read_text(encoding="utf-8")  # the guide as its page
    assert dead_links(out) == []


def test_links_and_attachments_with_odd_names_are_percent_encoded(names: Path) -> None:
    assert run(names, "build").code == 0
    page = (names / "public/_records/2025-0020.html").read_text(encoding="utf-8")
    body = page.split('<div class="body">', 1)[1].split("</div>", 1)[0]
    assert '<a href="../statutory/policies/%E9%99%84%E4%BB%B6%201%23%26%25.txt">附件一</a>' in body
    assert '<a href="../_records/2025-0005.html#%E6%AD%A3%E6%96%87">文件名有井号的通知</a>' in body
    assert '<a href="../_records/2025-0002.html">首页通知</a>' in body
    assert '<img src="../statutory/policies/%E5%9B%BE%201%23.png" alt="青山镇位置示意图"' in body
    guide = (names / "public/guide/index.html").read_text(encoding="utf-8")
    assert '<a href="../notices/index.html">通知公告</a>' in guide  # a link to a column's folder
    assert '<a href="../_records/2025-0004.html">最新通知</a>' in guide  # the guide page is one level down too


def test_renaming_or_moving_a_record_keeps_its_address(minimal: Path) -> None:
    assert run(minimal, "build").code == 0
    before = (minimal / "public/_records/2025-00002.html").read_text(encoding="utf-8")
    source = minimal / "content/notices/first.md"
    moved = minimal / "content/domains/relief/dibao/改名后的通知.md"
    moved.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    source.unlink()
    assert run(minimal, "build").code == 0
    after = (minimal / "public/_records/2025-00002.html").read_text(encoding="utf-8")
    assert "<h1>关于测试工作的通知</h1>" in before and "<h1>关于测试工作的通知</h1>" in after
    entries = json.loads((minimal / "public/directory.json").read_text(encoding="utf-8"))
    assert {e["url"] for e in entries} == {f"_records/2025-0000{n}.html" for n in (1, 2, 3)}


def test_a_former_address_sends_the_visitor_to_the_record(minimal: Path) -> None:
    """Sites built before addresses came from the 索引号 had `<node>/<file stem>.html`."""
    assert run(minimal, "build").code == 0
    out = minimal / "public"
    moved = (out / "notices/first.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../_records/2025-00002.html">' in moved
    assert '<a href="../_records/2025-00002.html">关于测试工作的通知</a>' in moved
    assert "notices/first.html" not in (out / "sitemap.xml").read_text(encoding="utf-8")
    assert dead_links(out) == []


def test_records_whose_names_differ_in_case_both_get_their_page(minimal: Path) -> None:
    """dup.md and dup.MD used to share dup.html: one record was lost, directory.json listed it twice."""
    front = "title: 第{n}份\nindex_no: 11330000000000000X/2025-0002{n}\ncreated: 2025-03-01\npublished: 2025-03-02\n"
    write_record(minimal, "notices/dup.md", front.format(n=1))
    write_record(minimal, "notices/dup.MD", front.format(n=2))
    code, items = check_json(minimal)
    assert code == 0
    found = sorted((d["file"], d["code"], d["message"]) for d in items)
    assert found == [
        ("content/notices/dup.MD", "name-case-collision", "“dup.MD”与同一文件夹中的“dup.md”只有大小写不同"),
        ("content/notices/dup.md", "name-case-collision", "“dup.md”与同一文件夹中的“dup.MD”只有大小写不同"),
    ]
    assert run(minimal, "build").code == 0
    out = minimal / "public"
    assert "<h1>第1份</h1>" in (out / "_records/2025-00021.html").read_text(encoding="utf-8")
    assert "<h1>第2份</h1>" in (out / "_records/2025-00022.html").read_text(encoding="utf-8")
    urls = [e["url"] for e in json.loads((out / "directory.json").read_text(encoding="utf-8"))]
    assert len(urls) == len(set(urls)) == 5
    assert not (out / "notices/dup.html").exists()  # a former address two records shared is not guessed


def test_slug_of_the_default_format_is_year_and_serial() -> None:
    fmt = compile_format("{org_code}/{year}-{seq:05d}", ORG)
    assert record_slug(f"{ORG}/2025-00016", fmt) == "2025-00016"
    chinese = compile_format("青政〔{year}〕{seq}号/{org_code}", ORG)
    assert record_slug(f"青政〔2025〕7号/{ORG}", chinese) == "青政~3014~2025~3015~7号"
    assert record_slug("QS-2025-001", compile_format("QS-{year}-{seq:03d}", ORG)) == "QS-2025-001"
    assert record_slug("a/b_c", None) == "a_b~5f~c"


_LITERAL = st.text(alphabet="/-_~. #%?&'\"ab青〔〕号", max_size=4)


@settings(max_examples=150, deadline=None)
@given(
    st.tuples(_LITERAL, _LITERAL, _LITERAL, st.booleans()),
    st.lists(st.tuples(st.integers(1990, 2099), st.integers(0, 99999)), min_size=2, max_size=8, unique=True),
)
def test_two_index_numbers_never_share_an_address(parts: tuple[str, str, str, bool], numbers: list) -> None:
    """For any index_format: distinct 索引号 → distinct slugs, each a safe file name (also on a USB stick)."""
    first, middle, last, with_org = parts
    template = (
        f"{first}{{org_code}}{middle}{{year}}-{{seq:05d}}{last}"
        if with_org
        else f"{first}{{year}}{middle}{{seq}}{last}"
    )
    fmt = compile_format(template, ORG)
    index_numbers = {fmt.example(year, seq) for year, seq in numbers}
    slugs = {record_slug(number, fmt) for number in index_numbers}
    assert len(slugs) == len(index_numbers)
    assert len({slug.casefold() for slug in slugs}) == len(slugs)
    for slug in slugs:
        assert re.fullmatch(r"[\w\-~]+", slug) and not slug.startswith("."), slug
        assert len(slug.encode("utf-8")) <= 180


def test_no_unpublished_file_name_reaches_the_output(minimal: Path) -> None:
    """Record pages no longer carry file names: a 依申请公开 record's name appears nowhere."""
    write_record(
        minimal,
        "notices/内部请示件名称.md",
        "title: 内部请示\nindex_no: 11330000000000000X/2025-00040\ncreated: 2025-03-01\npublished: 2025-03-02\n"
        "disclosure: 依申请公开\n",
    )
    assert run(minimal, "build").code == 0
    assert "内部请示件名称" not in output_text(minimal / "public")


def test_no_former_address_is_written_for_a_name_with_personal_data(minimal: Path) -> None:
    """A file named after a person's mobile number never becomes an address, not even a forwarding one."""
    write_record(
        minimal,
        "notices/张三13812345678.md",
        "title: 补贴发放通知\nindex_no: 11330000000000000X/2025-00041\ncreated: 2025-03-01\npublished: 2025-03-02\n"
        "pii_ok: 测试用的说明\n",
    )
    run(minimal, "build")
    out = minimal / "public"
    if out.exists():
        assert not (out / "notices/张三13812345678.html").exists()
        assert "13812345678" not in output_text(out)


def test_an_item_of_another_level_is_not_shown_to_visitors(minimal: Path) -> None:
    # minimal is a 乡级 zone; its catalog's relief/county-only item is 县级 only (contract §4).
    assert run(minimal, "build").code == 0
    public = minimal / "public"
    assert not (public / "domains/relief/county-only").exists()
    assert (public / "domains/relief/dibao/index.html").is_file()
    assert "县级救助资金分配" not in (public / "domains/relief/index.html").read_text(encoding="utf-8")
    assert "county-only" not in (public / "sitemap.xml").read_text(encoding="utf-8")
    assert not dead_links(public)
