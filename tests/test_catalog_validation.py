"""catalog.yaml: a catalog that breaks the format is reported with file and line, like content."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run
from tests.validation_util import diag, problems

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
    items:
      - id: dibao
        title: 最低生活保障对象名单
        deadline: {workdays: 20}
        levels: [县级, 乡级]
        category: 结果公开
      - id: county-only
        title: 县级救助资金分配
        levels: [县级]
fields:
  - {key: region_code, label: 区划代码, type: string}
"""


def catalog(zone: Path, text: str) -> None:
    (zone / "catalog.yaml").write_text(text, encoding="utf-8")


def test_the_test_catalog_is_clean(minimal: Path) -> None:
    catalog(minimal, CATALOG)
    assert run(minimal, "check").code == 0


def test_bad_id_slug(minimal: Path) -> None:
    catalog(minimal, CATALOG.replace("id: notices", "id: Notices"))
    found = problems(minimal)
    assert found[-1] == diag(
        "catalog-id",
        "catalog.yaml",
        6,
        9,
        "id“Notices”不合规",
        "id 只能用小写英文字母、数字和连字符 -（它是网址和 content 下的文件夹名），例如 notices",
    )
    # the records in content/notices/ are filed under the fixed id, not reported a second time
    assert [d["code"] for d in found] == ["catalog-id"]


def test_chinese_id(minimal: Path) -> None:
    catalog(minimal, CATALOG.replace("id: county-only", "id: 县级资金"))
    assert problems(minimal) == [
        diag(
            "catalog-id",
            "catalog.yaml",
            23,
            13,
            "id“县级资金”不合规",
            "id 只能用小写英文字母、数字和连字符 -（它是网址和 content 下的文件夹名），例如 social-assistance",
        ),
    ]


def test_duplicate_sibling_id(minimal: Path) -> None:
    catalog(minimal, CATALOG.replace("id: county-only", "id: dibao"))
    assert problems(minimal) == [
        diag(
            "catalog-id",
            "catalog.yaml",
            23,
            13,
            "id“dibao”与同级的另一项重复",
            "同一层级的 id 必须各不相同（id 是文件夹名和网址）",
        ),
    ]


def test_unknown_item_key_with_suggestion(minimal: Path) -> None:
    catalog(minimal, CATALOG.replace("        category: 结果公开\n", "        categroy: 结果公开\n"))
    assert problems(minimal) == [
        diag("unknown-key", "catalog.yaml", 22, 9, "公开事项中有未知的键“categroy”", "您是不是想写“category”？"),
    ]


def test_unknown_column_key_with_suggestion(minimal: Path) -> None:
    catalog(minimal, CATALOG.replace("    title: 通知公告\n", "    title: 通知公告\n    typ: list\n"))
    assert problems(minimal) == [
        diag("unknown-key", "catalog.yaml", 8, 5, "栏目中有未知的键“typ”", "您是不是想写“type”？"),
    ]


def test_bad_category(minimal: Path) -> None:
    catalog(minimal, CATALOG.replace("category: 结果公开", "category: 结果"))
    assert problems(minimal) == [
        diag(
            "catalog-enum",
            "catalog.yaml",
            22,
            19,
            "category“结果”无效",
            "您是不是想写“结果公开”？可选：决策公开、执行公开、管理公开、服务公开、结果公开",
        ),
    ]


def test_bad_level(minimal: Path) -> None:
    catalog(minimal, CATALOG.replace("levels: [县级, 乡级]", "levels: [县级, 镇级]"))
    assert problems(minimal) == [
        diag("catalog-enum", "catalog.yaml", 21, 22, "levels 中的“镇级”不在标准列表中", "可选：县级、乡级"),
    ]


def test_bad_deadline_unit(minimal: Path) -> None:
    catalog(minimal, CATALOG.replace("{workdays: 20}", "{weekdays: 20}"))
    assert problems(minimal) == [
        diag(
            "catalog-deadline",
            "catalog.yaml",
            20,
            19,
            "deadline 的单位“weekdays”无效",
            "您是不是想写“workdays”？写成 {workdays: 20}（工作日）或 {days: 20}（自然日）；无法计算时省略",
        ),
    ]


def test_deadline_as_free_text(minimal: Path) -> None:
    catalog(minimal, CATALOG.replace("{workdays: 20}", "20个工作日"))
    assert problems(minimal) == [
        diag(
            "catalog-deadline",
            "catalog.yaml",
            20,
            19,
            "deadline“20个工作日”格式无效",
            "写成 {workdays: 20}（工作日）或 {days: 20}（自然日）；无法计算时省略",
        ),
    ]


def test_bad_field_type(minimal: Path) -> None:
    catalog(minimal, CATALOG.replace("type: string}", "type: str}"))
    assert problems(minimal) == [
        diag(
            "catalog-field",
            "catalog.yaml",
            27,
            43,
            "字段类型“str”无效",
            "可选：string、text、date、int、bool、list、enum",
        ),
    ]


def test_a_record_using_a_field_of_bad_type_is_still_checked(minimal: Path) -> None:
    catalog(minimal, CATALOG.replace("type: string}", "type: str}"))
    path = minimal / "content/notices/first.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title:", "region_code: '0'\ntitle:", 1), encoding="utf-8")
    assert [d["code"] for d in problems(minimal)] == ["catalog-field"]  # no crash, nothing reported twice


def test_bad_column_type(minimal: Path) -> None:
    catalog(minimal, CATALOG.replace("type: annual-reports", "type: reports"))
    found = problems(minimal)
    assert found[0] == diag(
        "catalog-type",
        "catalog.yaml",
        13,
        11,
        "栏目类型“reports”无效",
        "可用的类型：list、guide、domains、annual-reports",
    )


def test_catalog_named_in_zone_yaml_is_missing(minimal: Path) -> None:
    zone_yaml = minimal / "zone.yaml"
    zone_yaml.write_text(zone_yaml.read_text(encoding="utf-8") + "catalog: ../county/catalog.yaml\n", encoding="utf-8")
    assert problems(minimal) == [
        diag(
            "catalog-missing",
            "../county/catalog.yaml",
            None,
            None,
            "找不到目录文件 ../county/catalog.yaml",
            "检查 zone.yaml 中 catalog 的路径（相对于专区目录）；不写 catalog 时使用内置的标准目录",
        ),
    ]


def test_many_catalog_faults_in_one_run(minimal: Path) -> None:
    broken = (
        CATALOG.replace("id: notices", "id: Notices")
        .replace("category: 结果公开", "category: 结果")
        .replace("{workdays: 20}", "{weekdays: 20}")
        .replace("type: string}", "type: str}")
        .replace("levels: [县级]", "levels: [省级]")
    )
    catalog(minimal, broken)
    lines = [(d["line"], d["code"]) for d in problems(minimal) if d["file"] == "catalog.yaml"]
    assert lines == [
        (6, "catalog-id"),
        (20, "catalog-deadline"),
        (22, "catalog-enum"),
        (25, "catalog-enum"),
        (27, "catalog-field"),
    ]
