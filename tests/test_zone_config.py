"""zone.yaml: every problem at its line, and the records are still checked in the same run."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run
from tests.validation_util import check_json, diag, problems

GOOD = """\
name: 测试乡人民政府
org_code: 11330000000000000X
level: 乡级
base_url: https://zone.example.gov.cn/test/
footer:
  sponsor: 测试县测试乡人民政府
  site_code: '3300000001'
"""


def zone_yaml(zone: Path, text: str) -> None:
    (zone / "zone.yaml").write_text(text, encoding="utf-8")


def test_missing_required_keys(minimal: Path) -> None:
    zone_yaml(minimal, "title: 测试专区\nfooter:\n  icp: 浙ICP备00000000号\n")
    assert problems(minimal) == [
        diag(
            "zone-required",
            "zone.yaml",
            1,
            None,
            "zone.yaml 缺少必填项“base_url”（线上专区网址）",
            "请添加一行 base_url: https://www.example.gov.cn/zwgk/",
        ),
        diag(
            "zone-required",
            "zone.yaml",
            1,
            None,
            "zone.yaml 缺少必填项“level”（公开层级）",
            "请添加一行 level: 乡级（或 县级）",
        ),
        diag(
            "zone-required",
            "zone.yaml",
            1,
            None,
            "zone.yaml 缺少必填项“name”（公开主体名称）",
            "请添加一行 name: 黄埠乡人民政府",
        ),
        diag(
            "zone-required",
            "zone.yaml",
            1,
            None,
            "zone.yaml 缺少必填项“org_code”（统一社会信用代码或组织机构代码）",
            "请添加一行 org_code: 11330000000000000X（18位统一社会信用代码）",
        ),
        diag(
            "zone-required",
            "zone.yaml",
            2,
            1,
            "footer 缺少主办单位（sponsor）",
            "在 footer 下添加一行（缩进两个空格）sponsor: 某某县某某乡人民政府",
        ),
        diag(
            "zone-required",
            "zone.yaml",
            2,
            1,
            "footer 缺少网站标识码（site_code）",
            "在 footer 下添加一行（缩进两个空格）site_code: '3300000001'",
        ),
    ]


def test_missing_footer(minimal: Path) -> None:
    zone_yaml(minimal, GOOD.split("footer:")[0])
    assert problems(minimal) == [
        diag(
            "zone-required",
            "zone.yaml",
            1,
            1,
            "zone.yaml 缺少页脚信息“footer”",
            "至少填写 footer: {sponsor: 主办单位, site_code: 网站标识码}",
        ),
    ]


def test_bad_level(minimal: Path) -> None:
    zone_yaml(minimal, GOOD.replace("level: 乡级", "level: 镇级"))
    assert problems(minimal) == [
        diag(
            "zone-level",
            "zone.yaml",
            3,
            8,
            "公开层级 level“镇级”无效",
            "公开层级只能是“县级”或“乡级”（乡镇、街道都写 乡级）",
        ),
    ]


def test_level_with_suggestion(minimal: Path) -> None:
    zone_yaml(minimal, GOOD.replace("level: 乡级", "level: 乡镇级"))
    assert problems(minimal) == [
        diag(
            "zone-level",
            "zone.yaml",
            3,
            8,
            "公开层级 level“乡镇级”无效",
            "公开层级只能是“县级”或“乡级”；您是不是想写“乡级”？",
        ),
    ]


def test_unknown_key_with_suggestion(minimal: Path) -> None:
    zone_yaml(minimal, GOOD + "bsae_url: https://x.example.gov.cn/\n")
    assert problems(minimal) == [
        diag("unknown-key", "zone.yaml", 8, 1, "zone.yaml 中有未知的键“bsae_url”", "您是不是想写“base_url”？"),
    ]


def test_unknown_footer_key(minimal: Path) -> None:
    zone_yaml(minimal, GOOD + "  sponser: 测试县\n")
    assert problems(minimal) == [
        diag("unknown-key", "zone.yaml", 8, 3, "footer 中有未知的键“sponser”", "您是不是想写“sponsor”？"),
    ]


def test_bad_org_code(minimal: Path) -> None:
    zone_yaml(minimal, GOOD.replace("11330000000000000X", "1133000000000000"))
    assert problems(minimal) == [
        diag(
            "org-code",
            "zone.yaml",
            2,
            11,
            "org_code“1133000000000000”（16位）不是18位统一社会信用代码或9位组织机构代码",
            "统一社会信用代码为18位，由数字和大写英文字母组成（不含I、O、Z、S、V）；组织机构代码为9位，最后一位可以是X",
        ),
    ]


def test_bad_org_code_is_not_repeated_in_every_record(minimal: Path) -> None:
    """The records carry the right code; one wrong digit in zone.yaml is one error, not one per record."""
    zone_yaml(minimal, GOOD.replace("11330000000000000X", "1133000000000000"))
    assert [d["file"] for d in problems(minimal)] == ["zone.yaml"]


def test_bad_base_url(minimal: Path) -> None:
    zone_yaml(minimal, GOOD.replace("https://zone.example.gov.cn/test/", "www.example.gov.cn"))
    assert problems(minimal) == [
        diag(
            "base-url",
            "zone.yaml",
            4,
            11,
            "base_url“www.example.gov.cn”不是完整的网址",
            "应以 http:// 或 https:// 开头，例如 https://www.example.gov.cn/zwgk/",
        ),
    ]


def test_bad_index_format(minimal: Path) -> None:
    zone_yaml(minimal, GOOD + "index_format: '{org_code}-{yr}-{seq:04d}'\n")
    assert problems(minimal) == [
        diag(
            "index-format",
            "zone.yaml",
            8,
            15,
            "index_format 无效：未知的占位符“{yr}”",
            "可用的占位符：{org_code}、{year}、{seq:05d}，例如 {org_code}/{year}-{seq:05d}",
        ),
    ]


def test_fullwidth_colon_in_zone_yaml(minimal: Path) -> None:
    zone_yaml(minimal, GOOD.replace("level: 乡级", "level：乡级"))
    assert problems(minimal) == [
        diag(
            "fullwidth-colon",
            "zone.yaml",
            3,
            6,
            "使用了中文全角冒号“：”",
            "键后面要用英文冒号“:”加一个空格，例如 title: 关于……的通知（切换到英文输入法输入冒号）",
        ),
    ]


def test_site_code_keeps_its_leading_zeros(minimal: Path) -> None:
    zone_yaml(minimal, GOOD.replace("site_code: '3300000001'", "site_code: 0000000001"))
    assert run(minimal, "build", "--quiet").code == 0
    assert "0000000001" in (minimal / "public/index.html").read_text(encoding="utf-8")


def test_broken_zone_yaml_still_checks_the_records(minimal: Path) -> None:
    """A syntax error in zone.yaml must not hide the problems in content/."""
    zone_yaml(minimal, GOOD + "rules: [require_review\n")
    (minimal / "content/notices/first.md").write_text(
        (minimal / "content/notices/first.md").read_text(encoding="utf-8").replace("title:", "titel:"), encoding="utf-8"
    )
    found = problems(minimal)
    assert [(d["file"], d["line"], d["code"]) for d in found] == [
        ("content/notices/first.md", 2, "field-required"),
        ("content/notices/first.md", 2, "unknown-key"),
        ("zone.yaml", 8, "yaml-syntax"),
    ]


def test_zone_problems_and_record_problems_in_one_run(minimal: Path) -> None:
    zone_yaml(minimal, GOOD.replace("level: 乡级", "level: 镇级") + "nmae: x\n")
    (minimal / "content/notices/first.md").write_text(
        (minimal / "content/notices/first.md").read_text(encoding="utf-8").replace("公告公示", "通知"), encoding="utf-8"
    )
    assert [(d["file"], d["code"]) for d in problems(minimal)] == [
        ("content/notices/first.md", "field-value"),
        ("zone.yaml", "zone-level"),
        ("zone.yaml", "unknown-key"),
    ]


def test_no_zone_yaml_is_a_usage_error(tmp_path: Path) -> None:
    result = run(tmp_path, "check", "--format", "json")
    assert result.code == 2
    assert result.diagnostics == [
        diag(
            "zone-missing",
            "zone.yaml",
            None,
            None,
            f"在 {tmp_path} 中找不到 zone.yaml",
            "请在专区目录中运行，或用 --zone 指定专区目录；新建专区可用 zonegen init 目录名",
        ),
    ]


def test_good_zone_yaml_is_clean(minimal: Path) -> None:
    zone_yaml(minimal, GOOD)
    assert check_json(minimal) == (0, [])
