"""Structure: parsing applies no policy, parse results are cacheable, and catalog fields cannot
collide with what a record uses internally (issue 9, defect 3)."""

from __future__ import annotations

import dataclasses
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ZONES, run, write_record
from tests.validation_util import GOOD_FRONT, diag, problems
from zonegen.indexno import compile_format
from zonegen.records import RESERVED_NAMES, ParseSettings, parse_record
from zonegen.rules.record import RecordPolicy, check_record
from zonegen.schema import Key, Schema

RAW = (
    "---\n"
    "title: 关于测试的通知\n"
    "index_no: 11330000000000000X/2025-00010\n"
    "created: 2025-03-01\n"
    "published: 2025-03-02\n"
    "keywords: [测试, 通知]\n"
    "node: 一个县级字段\n"
    "---\n\n正文，含 | 表格 |\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
).encode()
SETTINGS = ParseSettings(Schema((Key("node", "节点", "string"),)), "测试乡人民政府")


def _policy(require_review: bool) -> RecordPolicy:
    return RecordPolicy(SETTINGS.schema, compile_format("{org_code}/{year}-{seq:05d}", None), require_review)


def test_a_parsed_record_pickles_round_trip() -> None:
    parsed = parse_record(RAW, "content/notices/a.md", "notices", SETTINGS)
    again = pickle.loads(pickle.dumps(parsed))
    assert parsed.record is not None and again.record is not None
    assert dataclasses.asdict(again.record) == dataclasses.asdict(parsed.record)
    assert again.diagnostics == parsed.diagnostics and again.text == parsed.text


def test_parsing_is_a_pure_function_of_its_inputs_and_policy_comes_after() -> None:
    first = parse_record(RAW, "content/notices/a.md", "notices", SETTINGS)
    second = parse_record(RAW, "content/notices/a.md", "notices", SETTINGS)
    assert pickle.dumps(first) == pickle.dumps(second)
    # the review gate is policy: the same parse result, and only the rules differ
    assert [d.code for d in check_record(first, _policy(False))] == []
    assert [d.code for d in check_record(first, _policy(True))] == ["review-missing"]


def test_a_county_field_named_like_an_attribute_stays_in_extra() -> None:
    record = parse_record(RAW, "content/notices/a.md", "notices", SETTINGS).record
    assert record is not None
    assert record.node == "notices" and record.extra == {"node": "一个县级字段"}


def test_parsing_imports_no_policy_and_safety_imports_no_core() -> None:
    code = (
        "import sys, zonegen.records, zonegen.safety.checks, zonegen.safety.review;"
        "bad = [m for m in sys.modules if m.startswith(('zonegen.rules', 'zonegen.load', 'zonegen.catalog'))"
        "];"
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    records_only = (
        "import sys, zonegen.records; print(sorted(m for m in sys.modules if 'safety.' in m or 'rules' in m))"
    )
    out = subprocess.run([sys.executable, "-c", records_only], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['zonegen.safety.html']"  # the Markdown renderer's sanitiser, not a rule


def _catalog_with_field(zone: Path, key: str) -> None:
    text = (zone / "catalog.yaml").read_text(encoding="utf-8")
    new = "fields:\n  - {key: region_code, label: 区划代码, type: string}\n" + f"  - {{key: {key}, label: 县级字段}}\n"
    (zone / "catalog.yaml").write_text(
        text.replace("fields:\n  - {key: region_code, label: 区划代码, type: string}\n", new), encoding="utf-8"
    )


def test_a_catalog_field_named_node_is_a_catalog_error_not_a_crash(minimal: Path) -> None:
    _catalog_with_field(minimal, "node")
    write_record(minimal, "notices/b.md", GOOD_FRONT + "node: 甲\n")
    line = (minimal / "catalog.yaml").read_text(encoding="utf-8").splitlines().index(
        "  - {key: node, label: 县级字段}"
    ) + 1
    found = problems(minimal)
    assert (
        diag(
            "catalog-field",
            "catalog.yaml",
            line,
            11,
            "字段键“node”是 zonegen 内部使用的名称，不能用作字段",
            "换一个键名，例如 county_node（file、node、text、html 等名称由 zonegen 保留）",
        )
        in found
    )
    assert "unknown-key" in {d["code"] for d in found}  # the record's node: line is not silently taken


def test_every_internal_name_is_reserved(minimal: Path) -> None:
    for key in ("file", "text", "html", "stem", "lines", "spots", "extra", "body_line", "headings"):
        assert key in RESERVED_NAMES
    _catalog_with_field(minimal, "text")
    assert [d["code"] for d in problems(minimal)] == ["catalog-field"]


# ---------------------------------------------------------------- property: catalogs vary too

_FIELD_KEYS = st.sampled_from(
    ["node", "file", "text", "html", "stem", "lines", "spots", "extra", "title", "year", "office", "region", "a_b", "X"]
)
_IDS = st.one_of(
    st.sampled_from(["notices", "Notices", "通知", "2025", "a--b", "", "guide", "notices"]),
    st.integers(-3, 2030),
    st.none(),
    st.booleans(),
)
_TYPES = st.sampled_from(["string", "text", "date", "int", "bool", "list", "enum", "map", "str", None, 3])
_VALUES = st.one_of(
    st.text(max_size=8), st.integers(), st.none(), st.booleans(), st.lists(st.text(max_size=4), max_size=3)
)


@st.composite
def _zones(draw: st.DrawFn) -> tuple[dict, list[tuple[str, dict]]]:
    catalog = yaml.safe_load((ZONES / "minimal" / "catalog.yaml").read_text(encoding="utf-8"))
    columns = catalog["columns"]
    if draw(st.booleans()):
        columns[1]["id"] = draw(_IDS)
    if draw(st.booleans()):
        columns.append({"id": draw(_IDS), "title": draw(st.text(max_size=6)), "type": draw(_TYPES)})
    item = catalog["domains"][0]["items"][0]
    item["levels"] = draw(st.one_of(st.none(), st.lists(st.sampled_from(["县级", "乡级", "村级", 3]), max_size=3)))
    item["id"] = draw(st.one_of(st.just("dibao"), _IDS))
    fields = []
    for key in draw(st.lists(_FIELD_KEYS, max_size=4)):
        spec = {"key": key, "label": draw(st.sampled_from(["县级字段", "标题", "节点", "", key])), "type": draw(_TYPES)}
        if draw(st.booleans()):
            spec["values"] = draw(st.lists(st.text(max_size=3), max_size=2))
        if draw(st.booleans()):
            spec["required"] = draw(st.booleans())
        fields.append(spec)
    if fields:
        catalog["fields"] = fields
    records = []
    for number in range(draw(st.integers(0, 2))):
        front = yaml.safe_load(GOOD_FRONT)
        front["index_no"] = f"11330000000000000X/2025-{20 + number:05d}"
        for spec in fields:
            if draw(st.booleans()):
                front[spec["key"]] = draw(_VALUES)
        records.append((draw(st.sampled_from(["notices", "Notices", "2025", "domains/relief/dibao"])), front))
    return catalog, records


@settings(
    max_examples=int(os.environ.get("STRUCTURE_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(zone=_zones())
def test_check_and_build_never_crash_whatever_the_catalog(tmp_path: Path, zone: tuple[dict, list]) -> None:
    catalog, records = zone
    root = tmp_path / "z"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(ZONES / "minimal", root)
    (root / "catalog.yaml").write_text(yaml.safe_dump(catalog, allow_unicode=True), encoding="utf-8")
    for number, (folder, front) in enumerate(records):
        text = yaml.safe_dump(front, allow_unicode=True)
        write_record(root, f"{folder}/p{number}.md", text)
    checked = run(root, "check")
    built = run(root, "build")
    assert checked.code in (0, 1) and built.code in (0, 1)
    assert "Traceback" not in checked.stdout + checked.stderr + built.stdout + built.stderr
    assert checked.code == built.code, (checked.stdout, built.stdout)
