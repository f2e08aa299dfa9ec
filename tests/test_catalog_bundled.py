"""The bundled 标准目录 is built from the national 标准指引 and county catalogs: every item says where it comes from."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run
from zonegen.catalog import Catalog, Node, load_catalog, standard_catalog_path

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bundled() -> Catalog:
    catalog, diags = load_catalog(standard_catalog_path(), "catalog.yaml")
    assert catalog is not None
    # not even a warning: a rule that disagrees with its text, or a value said to be unsourced
    assert [d.code for d in diags] == []
    return catalog


def items(catalog: Catalog, domain: str) -> list[Node]:
    node = catalog.nodes[f"domains/{domain}"]
    return node.children


def item(catalog: Catalog, path: str) -> Node:
    node = catalog.nodes[f"domains/{path}"]
    assert node.item is not None
    return node


def test_every_item_names_its_source(bundled: Catalog) -> None:
    assert len(bundled.domains) == 26
    unsourced = [n.path for d in bundled.domains for n in d.children if not (n.item and n.item.source)]
    assert unsourced == []


def test_a_county_catalog_used_is_named_with_its_address(bundled: Catalog) -> None:
    for domain in bundled.domains:
        for node in domain.children:
            source = node.item.source if node.item else None
            assert source is not None
            if source.catalog:
                assert source.url.startswith(("http://", "https://")), node.path


def test_social_assistance_has_the_guideline_rows(bundled: Catalog) -> None:
    rows = [(n.item.group, n.title) for n in items(bundled, "social-assistance") if n.item]
    assert rows == [
        ("综合业务", "政策法规文件"),
        ("综合业务", "监督检查"),
        ("最低生活保障", "政策法规文件"),
        ("最低生活保障", "办事指南"),
        ("最低生活保障", "审核信息"),
        ("最低生活保障", "审批信息"),
        ("特困人员救助供养", "政策法规文件"),
        ("特困人员救助供养", "办事指南"),
        ("特困人员救助供养", "审核信息"),
        ("特困人员救助供养", "审批信息"),
        ("临时救助", "政策法规文件"),
        ("临时救助", "办事指南"),
        ("临时救助", "审核审批信息"),
    ]


def test_dibao_approval_is_ten_working_days_and_the_review_has_its_publicity(bundled: Catalog) -> None:
    approval = item(bundled, "social-assistance/dibao-recipients").item
    assert approval is not None
    assert approval.deadline_text == "制定或获取信息之日起10个工作日内"
    assert (approval.deadline.amount, approval.deadline.unit) == (10, "workdays")  # type: ignore[union-attr]
    review = item(bundled, "social-assistance/dibao-review").item
    assert review is not None
    assert review.deadline_text == "制定或获取信息之日起10个工作日内,公示7个工作日"
    assert (review.deadline.amount, review.publicity.amount, review.publicity.unit) == (10, 7, "workdays")  # type: ignore[union-attr]


def test_elderly_care_items_are_ten_working_days(bundled: Catalog) -> None:
    rules = {n.id: n.item.deadline for n in items(bundled, "elderly-care") if n.item and n.item.deadline}
    assert len(rules) == 5
    assert {(r.amount, r.unit) for r in rules.values()} == {(10, "workdays")}


@pytest.mark.parametrize("domain", ["agricultural-subsidies", "compulsory-education", "disaster-relief"])
def test_these_domains_are_twenty_working_days_with_no_copied_publicity(bundled: Catalog, domain: str) -> None:
    infos = {n.id: n.item for n in items(bundled, domain) if n.item}
    # the one row whose source names a 公示期 of its own (泉州市洛江区虹山乡: 教师职称评审)
    own = infos.pop("teacher-title", None)
    if own is not None:
        assert own.deadline_text == "信息形成(变更)3个工作日内,公示时间不少于7个工作日"
        assert (own.publicity.amount, own.publicity.unit) == (7, "workdays")  # type: ignore[union-attr]
    assert {(i.deadline.amount, i.deadline.unit) for i in infos.values() if i.deadline} == {(20, "workdays")}
    assert not [i.deadline_text for i in infos.values() if "公示" in i.deadline_text]
    assert not [i for i in infos.values() if i.publicity is not None]


def test_invented_items_are_gone(bundled: Catalog) -> None:
    titles = {n.title for n in bundled.nodes.values() if n.kind == "item"}
    assert "控辍保学" not in titles
    assert not [t for t in titles if "高龄津贴" in t]
    # 高龄津贴 is a 老年人补贴 named in a 办事指南 row, which residents find by that word
    allowance = item(bundled, "elderly-care/elderly-subsidy")
    assert allowance.title == "老年人补贴"
    assert "高龄津贴" in allowance.item.content and "高龄津贴" in allowance.item.aliases  # type: ignore[union-attr]
    assert "办理流程" in allowance.item.content  # type: ignore[union-attr]


def test_what_the_sources_do_not_give_is_left_out(bundled: Catalog) -> None:
    for domain in bundled.domains:
        for node in domain.children:
            info = node.item
            assert info is not None
            for key in info.source.unsourced:
                value = getattr(info, key)
                if key == "mode":  # 主动 is the reader's default; the page shows none
                    continue
                assert value in ("", (), None), f"{node.path}: {key} is said to be unsourced but is {value!r}"


def test_the_sample_zone_checks_and_builds_with_the_bundled_catalog(tmp_path: Path) -> None:
    assert (ROOT / "catalog.yaml").read_text(encoding="utf-8") == standard_catalog_path().read_text(encoding="utf-8")
    checked = run(ROOT, "check", "--strict", "--format", "json")
    assert (checked.code, checked.diagnostics) == (0, [])
    built = run(ROOT, "build", "--out", str(tmp_path / "public"))
    assert built.code == 0, built.stderr
    page = (tmp_path / "public" / "domains" / "social-assistance" / "dibao-recipients" / "index.html").read_text(
        encoding="utf-8"
    )
    assert '<th scope="row">公开时限</th><td>制定或获取信息之日起10个工作日内（每月更新）</td>' in page
    assert "《社会救助领域基层政务公开标准指引》" in page
