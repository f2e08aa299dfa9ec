"""catalog.yaml `source`, `publicity` and `aliases`: where an item comes from, checked like every other key."""

from __future__ import annotations

from pathlib import Path

from tests.audit_helpers import audit
from tests.conftest import run
from tests.validation_util import check_json, diag, problems
from zonegen.catalog import load_catalog

CATALOG = """\
version: 1
columns:
  - id: guide
    title: 政府信息公开指南
    type: guide
  - id: notices
    title: 通知公告
  - id: domains
    title: 基层政务公开标准目录
    type: domains
  - id: annual-reports
    title: 政府信息公开工作年度报告
    type: annual-reports
domains:
  - id: relief
    title: 社会救助
    source:
      guideline: 《社会救助领域基层政务公开标准指引》（民办函〔2019〕52号）
      catalog: 泽州县社会救助领域基层政务公开标准目录（2023年）
      url: http://xxgk.zezhou.gov.cn/a.shtml
    items:
      - id: dibao
        title: 审核信息
        group: 最低生活保障
        deadline_text: 制定或获取信息之日起10个工作日内，公示7个工作日
        deadline: {workdays: 10}
        publicity: {workdays: 7}
        levels: [县级, 乡级]
        aliases: [低保]
      - id: county-only
        title: 县级救助资金分配
        levels: [县级]
        source: {note: 公开主体在来源中没有写明, unsourced: [subject]}
"""


def catalog(zone: Path, text: str) -> None:
    (zone / "catalog.yaml").write_text(text, encoding="utf-8")


def test_the_test_catalog_is_clean_and_its_source_is_on_the_item_page(minimal: Path) -> None:
    catalog(minimal, CATALOG.replace("县级, 乡级", "乡级").replace("levels: [县级]", "levels: [乡级]"))
    assert check_json(minimal, "--strict") == (0, [])
    assert run(minimal, "build").code == 0
    page = (minimal / "public" / "domains" / "relief" / "dibao" / "index.html").read_text(encoding="utf-8")
    assert '<th scope="row">公示期</th><td>7个工作日</td>' in page
    assert (
        '<th scope="row">目录来源</th><td>《社会救助领域基层政务公开标准指引》（民办函〔2019〕52号）；'
        "参照泽州县社会救助领域基层政务公开标准目录（2023年）</td>"
    ) in page
    # the second item inherits the domain's source and adds its note
    other = (minimal / "public" / "domains" / "relief" / "county-only" / "index.html").read_text(encoding="utf-8")
    assert "参照泽州县社会救助领域基层政务公开标准目录（2023年）</td>" in other


def test_a_source_that_is_a_number(minimal: Path) -> None:
    catalog(minimal, CATALOG.replace("source: {note: 公开主体在来源中没有写明, unsourced: [subject]}", "source: 52"))
    found = problems(minimal)
    assert found == [
        diag(
            "catalog-source",
            "catalog.yaml",
            33,
            17,
            "source 应为“键: 值”的组合（或一段文字）",
            "例如 source: {guideline: 《社会救助领域基层政务公开标准指引》（民办函〔2019〕52号）,"
            " catalog: 某县社会救助领域基层政务公开标准目录（2023年）}",
        )
    ]


def test_a_source_that_names_no_document(minimal: Path) -> None:
    text = CATALOG.replace(
        "    source:\n      guideline: 《社会救助领域基层政务公开标准指引》（民办函〔2019〕52号）\n"
        "      catalog: 泽州县社会救助领域基层政务公开标准目录（2023年）\n      url: http://xxgk.zezhou.gov.cn/a.shtml\n",
        "",
    )
    catalog(minimal, text)
    found = problems(minimal)
    assert [(d["code"], d["line"], d["message"]) for d in found] == [
        ("catalog-source", 29, "source 既没有写标准指引（guideline），也没有写参照的标准目录（catalog）")
    ]


def test_a_bad_url_and_a_misspelt_source_key(minimal: Path) -> None:
    text = CATALOG.replace("url: http://xxgk.zezhou.gov.cn/a.shtml", "url: xxgk.zezhou.gov.cn").replace(
        "      catalog: 泽州县", "      catalgo: 泽州县"
    )
    catalog(minimal, text)
    found = problems(minimal)
    assert [(d["code"], d["line"], d["message"], d["hint"]) for d in found] == [
        ("unknown-key", 19, "source 中有未知的键“catalgo”", "您是不是想写“catalog”？"),
        ("catalog-source", 20, "source 的 url“xxgk.zezhou.gov.cn”不是完整的网址", "以 http:// 或 https:// 开头"),
    ]


def test_unsourced_names_an_attribute(minimal: Path) -> None:
    catalog(minimal, CATALOG.replace("unsourced: [subject]", "unsourced: [subjct]"))
    found = problems(minimal)
    assert [(d["code"], d["line"], d["message"]) for d in found] == [
        ("catalog-source", 33, "unsourced 中的“subjct”不是公开事项的属性")
    ]
    assert found[0]["hint"].startswith("可写的属性：group、content、basis、deadline_text、deadline、publicity")


def test_an_attribute_said_unsourced_but_given(minimal: Path) -> None:
    catalog(minimal, CATALOG.replace("        levels: [县级]\n", "        levels: [县级]\n        subject: 县民政局\n"))
    code, found = check_json(minimal)
    assert code == 0
    assert found == [
        diag(
            "catalog-source-conflict",
            "catalog.yaml",
            33,
            18,
            "source 说“subject”在来源中找不到，但本事项写了 subject",
            "删除 subject，或在 source 中写明它的来源并从 unsourced 中去掉",
            "warning",
        )
    ]


def test_a_rule_that_says_another_number_than_its_text(minimal: Path) -> None:
    catalog(minimal, CATALOG.replace("deadline: {workdays: 10}", "deadline: {workdays: 20}"))
    code, found = check_json(minimal)
    assert code == 0
    assert found == [
        diag(
            "catalog-deadline-text",
            "catalog.yaml",
            26,
            19,
            "公开时限写的是“10个工作日内”，deadline 却是 20个工作日",
            "deadline 应与公开时限（deadline_text）一致；确有不同时在 source 的 note 中说明原因",
            "warning",
        )
    ]
    assert check_json(minimal, "--strict")[0] == 1


def test_a_publicity_that_says_another_number_than_its_text(minimal: Path) -> None:
    catalog(minimal, CATALOG.replace("publicity: {workdays: 7}", "publicity: {days: 7}"))
    code, found = check_json(minimal)
    assert code == 0
    assert [(d["code"], d["line"], d["message"]) for d in found] == [
        ("catalog-deadline-text", 27, "公开时限写的是“公示7个工作日”，publicity 却是 7日")
    ]


def test_a_publicity_written_as_its_duration(minimal: Path) -> None:
    text = CATALOG.replace("公示7个工作日", "公示时间不少于5个工作日")
    catalog(minimal, text)
    code, found = check_json(minimal)
    assert code == 0
    assert [(d["code"], d["line"], d["message"]) for d in found] == [
        ("catalog-deadline-text", 27, "公开时限写的是“公示时间不少于5个工作日”，publicity 却是 7个工作日")
    ]


def test_a_bad_publicity(minimal: Path) -> None:
    catalog(minimal, CATALOG.replace("publicity: {workdays: 7}", "publicity: {workdays: 0}"))
    found = problems(minimal)
    assert [(d["code"], d["line"], d["message"]) for d in found] == [
        ("catalog-deadline", 27, "publicity 的公示天数“0”应为正整数")
    ]


def test_aliases_must_be_words(minimal: Path) -> None:
    catalog(minimal, CATALOG.replace("aliases: [低保]", "aliases: {低保: 1}"))
    found = problems(minimal)
    assert [(d["code"], d["line"], d["message"]) for d in found] == [("catalog-format", 29, "aliases 应为文字的列表")]


def test_a_list_of_an_item_with_a_publicity_and_no_expires_is_found_with_its_end(minimal: Path) -> None:
    catalog(minimal, CATALOG.replace("县级, 乡级", "乡级").replace("levels: [县级]", "levels: [乡级]"))
    data = audit(minimal, as_of="2025-06-30")
    (finding,) = [f for f in data["findings"] if f["rule"] == "expiry"]
    assert (finding["severity"], finding["code"], finding["file"], finding["due"]) == (
        "warning",
        "no-expires",
        "content/domains/relief/dibao/2025-03.md",
        "2025-03-19",  # published 2025-03-10 (a Monday) + 7 working days, counted from the next day
    )
    assert finding["hint"] == "在记录中写 expires: 2025-03-19（公示截止），公示期满后 zonegen build 不再发布这份名单"
    # with its end written, the list is no longer reported (and the build takes it down after that day)
    record = minimal / "content/domains/relief/dibao/2025-03.md"
    record.write_text(
        record.read_text(encoding="utf-8").replace("kind: 公告公示\n", "kind: 公告公示\nexpires: 2025-03-19\n")
    )
    assert not [f for f in audit(minimal, as_of="2025-03-15")["findings"] if f["rule"] == "expiry"]


def test_an_item_naming_another_county_catalog_does_not_carry_the_domains_address_or_note(minimal: Path) -> None:
    text = CATALOG.replace(
        "      url: http://xxgk.zezhou.gov.cn/a.shtml\n",
        "      url: http://xxgk.zezhou.gov.cn/a.shtml\n      note: 泽州县目录的说明\n",
    ).replace(
        "source: {note: 公开主体在来源中没有写明, unsourced: [subject]}",
        "source: {catalog: 稻城县目录, unsourced: [subject]}",
    )
    catalog(minimal, text)
    loaded, diags = load_catalog(minimal / "catalog.yaml", "catalog.yaml")
    assert loaded is not None and not list(diags)
    first, second = (loaded.nodes[f"domains/relief/{i}"].item for i in ("dibao", "county-only"))
    assert (first.source.url, first.source.note) == ("http://xxgk.zezhou.gov.cn/a.shtml", "泽州县目录的说明")  # type: ignore[union-attr]
    assert (second.source.catalog, second.source.url, second.source.note) == ("稻城县目录", "", "")  # type: ignore[union-attr]
    assert second.source.guideline == first.source.guideline  # type: ignore[union-attr]
