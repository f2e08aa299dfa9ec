"""The personal-data guard: unmasked numbers are caught at their line; legitimate numbers are not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run, write_record
from zonegen.safety.pii import BANK_CARD, ID_CARD, MOBILE, scan

# Valid ISO 7064 MOD 11-2 check digits, real-looking region prefixes and birth dates.
ID_18 = "330281199001011235"
ID_18X = "11010519491231002X"
ID_15 = "330281900101123"  # the pre-1999 form: YYMMDD birth date, no check digit
MOBILE_NO = "13812345678"
CARD = "6222021234567890128"  # UnionPay prefix, passes Luhn

FRONT = """\
title: 关于发放临时救助金的公示
index_no: 11330000000000000X/2025-00010
created: 2025-03-01
published: 2025-03-03
kind: 公告公示
"""


def kinds(text: str) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in scan(text)]


@pytest.mark.parametrize(
    ("text", "kind", "masked"),
    [
        (f"身份证号：{ID_18}。", ID_CARD, "330281********1235"),
        (f"身份证号{ID_18X}", ID_CARD, "110105********002X"),
        (f"证件 {ID_18X.lower()} 已核验", ID_CARD, "110105********002X"),
        (f"老证 {ID_15}", ID_CARD, "330281*****1123"),
        ("分段写法 330281 19900101 1235", ID_CARD, "330281********1235"),
        ("全角 ３３０２８１１９９００１０１１２３５", ID_CARD, "330281********1235"),
        ("港澳居民居住证 810000199001011230", ID_CARD, "810000********1230"),
        (f"联系电话{MOBILE_NO}", MOBILE, "138****5678"),
        ("手机 138-1234-5678", MOBILE, "138****5678"),
        ("手机 138 1234 5678", MOBILE, "138****5678"),
        ("电话+86 13812345678", MOBILE, "138****5678"),
        ("电话 0086-19912345678", MOBILE, "199****5678"),
        ("全角 １３８１２３４５６７８", MOBILE, "138****5678"),
        ("| 张*三 | 13912345678 |", MOBILE, "139****5678"),
        ("2025-13812345678", MOBILE, "138****5678"),
        (f"开户账号{CARD}", BANK_CARD, "6222***********0128"),
        ("卡号 6222 0212 3456 7890 128", BANK_CARD, "6222***********0128"),
        ("Visa 4111111111111111", BANK_CARD, "4111********1111"),
    ],
)
def test_unmasked_numbers_are_found_with_their_masked_form(text: str, kind: str, masked: str) -> None:
    found = scan(text)
    assert [(f.kind, f.masked) for f in found] == [(kind, masked)]


@pytest.mark.parametrize(
    "text",
    [
        # already masked
        "330281********1235",
        "3302811990****1235",
        "330281199001011***",
        "33028119900101****",
        "138****5678",
        "138 **** 5678",
        "1381234****",
        "6222 **** **** 0128",
        "6222***********0128",
        # 索引号 and organisation codes
        "索引号：11330000000000000X/2025-00012",
        "11331127002634189U/2025-00012",
        "000014349/2017-00110",
        "统一社会信用代码：91330281MA2H3X4Y5K",
        "统一社会信用代码 12330281002634189U",
        "组织机构代码 00263418-9",
        # landlines, service numbers, dates, times, amounts, versions
        "0574-62000000",
        "(0574)62000000",
        "0578-6321001",
        "057462000000",
        "400-123-4567",
        "2025-03-15",
        "20250315",
        "2025年3月15日",
        "20250315120000",
        "2025031512000000",
        "金额13500000000元",
        "￥13812345678",
        "15000000000",
        "13812345678.50",
        "1.3812345678",
        "13,812,345,678",
        "v13812345678",
        # digit runs too long to be one number
        "138123456789",
        "8613812345678",
        "3302811990010112350",
        "62220212345678901281",
        # long serials whose "birth date" is impossible or whose check digit fails
        "202503150001234567",
        "330281202513451234",
        "330281199013011235",
        "330281189901011235",
        "330281199002301235",
        "999281199001011235",
        "330281199001011234",
        "330281990230123",
        # 16–19 digits that fail Luhn or have no card-scheme prefix
        "6222021234567890127",
        "2025031500012345",
        "1204020109000123456",
        # words and letters around digits
        "HT2025031513812345678",
        "编号ZJ13812345678",
        "13812345678ABC",
    ],
)
def test_legitimate_numbers_are_not_flagged(text: str) -> None:
    assert kinds(text) == []


def test_numbers_beside_chinese_text_are_found() -> None:
    text = f"王*明{ID_18}一组，电话{MOBILE_NO}。"
    assert [k for k, _ in kinds(text)] == [ID_CARD, MOBILE]


def test_error_at_line_and_column_with_masked_suggestion(minimal: Path) -> None:
    body = f"救助对象如下：\n\n| 姓名 | 身份证号 | 电话 |\n|---|---|---|\n| 王*明 | {ID_18} | {MOBILE_NO} |\n"
    write_record(minimal, "notices/relief.md", FRONT, body)
    result = run(minimal, "check")
    assert result.code == 1
    # front matter is lines 2–6, "---" on 7, a blank line on 8, two lines of text, then the table row on line 13
    assert "content/notices/relief.md:13:9: 错误 pii-id-card 有未脱敏的居民身份证号，公开前必须脱敏" in result.stdout
    assert "改为 330281********1235（只保留前6位和后4位）" in result.stdout
    assert "content/notices/relief.md:13:30: 错误 pii-mobile 有未脱敏的手机号码" in result.stdout
    assert "改为 138****5678" in result.stdout
    assert ID_18 not in result.stdout and MOBILE_NO not in result.stdout  # no copies in CI logs


def test_front_matter_and_title_are_checked(minimal: Path) -> None:
    front = FRONT.replace("关于发放临时救助金的公示", f"关于{ID_18}的公示") + "keywords: [13912345678]\n"
    write_record(minimal, "notices/relief.md", front, "正文。\n")
    result = run(minimal, "check", "--format", "json")
    found = [(d["code"], d["line"]) for d in result.diagnostics if d["code"].startswith("pii")]
    assert found == [("pii-id-card", 2), ("pii-mobile", 7)]


def test_build_refuses_and_keeps_output_unwritten(minimal: Path) -> None:
    write_record(minimal, "notices/relief.md", FRONT, f"收款账号 {CARD}\n")
    result = run(minimal, "build")
    assert result.code == 1
    assert "pii-bank-card" in result.stderr
    assert not (minimal / "public").exists()


def test_pii_ok_turns_errors_into_one_warning(minimal: Path) -> None:
    front = FRONT + "pii_ok: 依据《村民委员会组织法》，村干部联系电话须公示\n"
    write_record(minimal, "notices/relief.md", front, f"村主任 张*三 {MOBILE_NO}\n村会计 李*四 13912345678\n")
    result = run(minimal, "check", "--format", "json")
    assert result.code == 0
    [warning] = [d for d in result.diagnostics if d["code"].startswith("pii")]
    assert warning["severity"] == "warning" and warning["code"] == "pii-declared"
    assert warning["line"] == 10
    assert "手机号码 2 处" in warning["message"] and "村干部联系电话须公示" in warning["message"]
    assert run(minimal, "build").code == 0
    assert run(minimal, "build", "--strict").code == 1


@pytest.mark.parametrize("value", ["true", "是", "ok", "1"])
def test_pii_ok_needs_a_reason(minimal: Path, value: str) -> None:
    write_record(minimal, "notices/relief.md", FRONT + f"pii_ok: {value}\n", f"电话 {MOBILE_NO}\n")
    result = run(minimal, "check", "--format", "json")
    codes = [d["code"] for d in result.diagnostics]
    assert "pii-ok-reason" in codes and "pii-mobile" in codes


def test_unpublished_records_may_hold_personal_data(minimal: Path) -> None:
    write_record(minimal, "notices/relief.md", FRONT + "disclosure: 不予公开\n", f"身份证号 {ID_18}\n")
    result = run(minimal, "check")
    assert result.code == 0, result.stdout


def test_a_long_list_is_reported_once_per_number_up_to_a_limit(minimal: Path) -> None:
    rows = "".join(f"| 对象{i} | 1391234{i:04d} |\n" for i in range(30))
    write_record(minimal, "notices/relief.md", FRONT, "| 姓名 | 电话 |\n|---|---|\n" + rows)
    result = run(minimal, "check", "--format", "json")
    codes = [d["code"] for d in result.diagnostics]
    assert codes.count("pii-mobile") == 20
    [more] = [d for d in result.diagnostics if d["code"] == "pii-more"]
    assert "另有 10 处" in more["message"]


def test_a_broken_record_is_still_checked(minimal: Path) -> None:
    path = minimal / "content/notices/broken.md"
    path.write_text(f"---\ntitle: [unclosed\n---\n身份证 {ID_18}\n", encoding="utf-8")
    codes = {d["code"] for d in run(minimal, "check", "--format", "json").diagnostics}
    assert {"yaml-syntax", "pii-id-card"} <= codes


def test_the_sample_zone_has_no_false_alarm() -> None:
    """The repository's own zone has masked names, IDs and phones and clear landlines."""
    root = Path(__file__).parent.parent
    result = run(root, "check", "--format", "json")
    assert not [d for d in result.diagnostics if d["code"].startswith("pii")]


# --- what is published, not only what is written (issue 16 item 1) ------------------------

HIDDEN_ID = "330281198001011230"
HIDDEN_BODIES = [
    ("330281**19800101**1230", "pii-id-card"),
    ("330281<!-- -->198001011230", "pii-id-card"),
    ("&#51;30281198001011230", "pii-id-card"),
    ("&#x33;30281198001011230", "pii-id-card"),
    ("138**1234**5678", "pii-mobile"),
    ("330281198001011230*", "pii-id-card"),
    ("330281\u200b198001011230", "pii-id-card"),
    ("3302811980\u2060\ufeff01011230", "pii-id-card"),
    ("138\u00ad1234\u200d5678", "pii-mobile"),
    ("<span>330281</span>198001011230", "pii-id-card"),
    ("`330281198001011230`", "pii-id-card"),
]


@pytest.mark.parametrize(("hidden", "code"), HIDDEN_BODIES)
def test_numbers_hidden_in_the_body_are_found_as_published(minimal: Path, hidden: str, code: str) -> None:
    write_record(minimal, "notices/relief.md", FRONT, f"救助对象如下：\n\n王*明 {hidden} 已核实。\n")
    result = run(minimal, "build", "--format", "json")
    assert result.code == 1
    [found] = [d for d in json.loads(result.stdout) if d["code"].startswith("pii")]
    assert found["code"] == code and found["file"] == "content/notices/relief.md"
    assert found["line"] == 11  # the line the number is written on, even when split
    assert not (minimal / "public").exists()


def test_a_split_number_is_reported_masked_with_how_it_shows(minimal: Path) -> None:
    write_record(minimal, "notices/relief.md", FRONT, "王*明 330281**19800101**1230\n")
    result = run(minimal, "check")
    assert (
        "content/notices/relief.md:9:5: 错误 pii-id-card "
        "有未脱敏的居民身份证号（正文在页面上显示为完整号码），公开前必须脱敏" in result.stdout
    )
    assert "改为 330281********1230" in result.stdout and "19800101" not in result.stdout


def test_a_yaml_escaped_summary_is_found_at_its_value(minimal: Path) -> None:
    front = FRONT + 'summary: "\\u0033\\u0033\\u0030281198001011230"\n'
    write_record(minimal, "notices/relief.md", front, "正文。\n")
    result = run(minimal, "check", "--format", "json")
    [found] = [d for d in result.diagnostics if d["code"].startswith("pii")]
    assert (found["code"], found["line"], found["column"]) == ("pii-id-card", 7, 10)
    assert "summary 的值在页面上显示为完整号码" in found["message"]


def test_a_number_in_a_record_file_name_is_refused(minimal: Path) -> None:
    write_record(minimal, "notices/张三13812345678.md", FRONT, "正文。\n")
    result = run(minimal, "build", "--format", "json")
    assert result.code == 1
    [found] = [d for d in json.loads(result.stdout) if d["code"].startswith("pii")]
    assert found["code"] == "pii-mobile" and found["file"] == "content/notices/张三13812345678.md"
    assert "文件名会出现在网址和列表中" in found["message"] and "改个名字" in found["hint"]
    assert not (minimal / "public").exists()


def test_a_number_in_an_attachment_folder_name_is_refused(minimal: Path) -> None:
    folder = minimal / "content/notices/13812345678"
    folder.mkdir(parents=True)
    (folder / "名单.txt").write_text("名单\n", encoding="utf-8")
    front = FRONT + 'attachments: ["1381234\\u0035678/名单.txt"]\n'
    write_record(minimal, "notices/relief.md", front, "见附件。\n")
    result = run(minimal, "check", "--format", "json")
    assert [d["code"] for d in result.diagnostics if d["code"].startswith("pii")] == ["pii-mobile"]


def test_pii_ok_still_covers_what_is_published(minimal: Path) -> None:
    front = FRONT + "pii_ok: 依据《村民委员会组织法》，村干部联系电话须公示\n"
    write_record(minimal, "notices/relief.md", front, "村主任 张*三 138**1234**5678\n")
    result = run(minimal, "check", "--format", "json")
    assert result.code == 0
    [warning] = [d for d in result.diagnostics if d["code"].startswith("pii")]
    assert warning["code"] == "pii-declared" and "手机号码 1 处" in warning["message"]
    assert run(minimal, "build").code == 0


def test_a_number_written_once_plainly_and_once_hidden_is_reported_once(minimal: Path) -> None:
    write_record(minimal, "notices/relief.md", FRONT, f"{ID_18}\n\n{ID_18[:6]}**{ID_18[6:]}**\n")
    result = run(minimal, "check", "--format", "json")
    assert [d["line"] for d in result.diagnostics if d["code"].startswith("pii")] == [9]


@pytest.mark.parametrize("text", ["注：13812345678**", "330281199001011***", "138****5678*"])
def test_a_footnote_mark_is_not_mistaken_for_a_mask_nor_a_mask_for_a_footnote(text: str) -> None:
    assert kinds(text) == []
