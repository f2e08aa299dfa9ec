"""Front-matter fields: keys, types, enums, dates and the per-record rules of contract section 2."""

from __future__ import annotations

from pathlib import Path

from tests.validation_util import GOOD_FRONT, check_json, check_text, diag, problems, write_text

FILE = "content/notices/x.md"
KINDS = "规范性文件、政策文件、解读、公告公示、工作动态、年度报告、指南、其他"


def record(zone: Path, extra: str = "", front: str = GOOD_FRONT, body: str = "正文。\n") -> None:
    write_text(zone, "notices/x.md", f"---\n{front}{extra}---\n\n{body}")


def test_chinese_keys_are_accepted(minimal: Path) -> None:
    record(
        minimal,
        front="标题: 关于测试的通知\n索引号: 11330000000000000X/2025-00010\n"
        "生成日期: 2025-03-01\n发布日期: 2025-03-02\n文种: 公告公示\n文号: 测政〔2025〕2号\n"
        "公开属性: 主动公开\n关键词: [测试]\n",
    )
    assert check_json(minimal) == (0, [])


def test_english_and_chinese_key_for_the_same_field(minimal: Path) -> None:
    record(minimal, "标题: 又一个标题\n")
    assert problems(minimal) == [
        diag("duplicate-key", FILE, 6, 1, "“标题”与前面的“title”是同一个字段", "删除其中一行"),
    ]


def test_unknown_english_key_with_suggestion(minimal: Path) -> None:
    record(minimal, "titel: 错拼的键\n")
    assert problems(minimal) == [
        diag("unknown-key", FILE, 6, 1, "未知的键“titel”", "您是不是想写“title”（标题）？"),
    ]


def test_unknown_chinese_key_with_suggestion(minimal: Path) -> None:
    record(minimal, "发布时间: 2025-03-02\n")
    assert problems(minimal) == [
        diag("unknown-key", FILE, 6, 1, "未知的键“发布时间”", "您是不是想写“发布日期”（published）？"),
    ]


def test_unknown_keys_in_text_output(minimal: Path) -> None:
    record(minimal, "titel: 错拼的键\n发布时间: 2025-03-02\n")
    assert check_text(minimal) == (
        "content/notices/x.md:6:1: 错误 unknown-key 未知的键“titel”\n"
        "    提示：您是不是想写“title”（标题）？\n"
        "content/notices/x.md:7:1: 错误 unknown-key 未知的键“发布时间”\n"
        "    提示：您是不是想写“发布日期”（published）？\n"
        "共 2 个错误，0 个警告。\n"
    )


def test_unknown_key_nothing_close_lists_the_keys(minimal: Path) -> None:
    record(minimal, "xyz: 1\n")
    assert problems(minimal) == [
        diag(
            "unknown-key",
            FILE,
            6,
            1,
            "未知的键“xyz”",
            "可用的键：title（标题）、index_no（索引号）、created（生成日期）、published（发布日期）、"
            "publisher（发布机构）、doc_no（文号）、kind（文种）、disclosure（公开属性）、validity（有效性）、"
            "repealed（废止日期） 等，详见用户手册",
        ),
    ]


def test_impossible_date(minimal: Path) -> None:
    record(
        minimal,
        front=GOOD_FRONT.replace("created: 2025-03-01", "created: 2025-02-30").replace(
            "published: 2025-03-02", "published: 2025年2月29日"
        ),
    )
    assert problems(minimal) == [
        diag(
            "field-value",
            FILE,
            4,
            10,
            "生成日期（created）“2025-02-30”不是真实存在的日期",
            "2025年2月只有28天；请核对原件上的日期",
        ),
        diag(
            "field-value",
            FILE,
            5,
            12,
            "发布日期（published）“2025年2月29日”不是真实存在的日期",
            "2025年2月只有28天；请核对原件上的日期",
        ),
    ]


def test_date_forms_clerks_type_are_accepted(minimal: Path) -> None:
    record(
        minimal,
        front=GOOD_FRONT.replace("created: 2025-03-01", "created: 2025年3月1日").replace(
            "published: 2025-03-02", "published: 2025/3/2"
        ),
    )
    assert check_json(minimal) == (0, [])


def test_not_a_date(minimal: Path) -> None:
    record(minimal, front=GOOD_FRONT.replace("published: 2025-03-02", "published: 三月二日"))
    assert problems(minimal) == [
        diag("field-value", FILE, 5, 12, "发布日期（published）“三月二日”不是日期", "日期写成 2025-03-01"),
    ]


def test_kind_outside_enum(minimal: Path) -> None:
    record(minimal, "kind: 通知\n")
    assert problems(minimal) == [
        diag("field-value", FILE, 6, 7, f"文种（kind）“通知”无效，可选：{KINDS}", "您是不是想写“公告公示”？"),
    ]


def test_disclosure_outside_enum(minimal: Path) -> None:
    record(minimal, "disclosure: 公开\n")
    assert problems(minimal) == [
        diag(
            "field-value",
            FILE,
            6,
            13,
            "公开属性（disclosure）“公开”无效，可选：主动公开、依申请公开、不予公开",
            "您是不是想写“主动公开”？",
        ),
    ]


def test_validity_outside_enum_is_reported_once(minimal: Path) -> None:
    """A 规范性文件 with an invalid 有效性 gets that error, not also "validity missing"."""
    record(minimal, "kind: 规范性文件\nvalidity: 现行\n")
    assert problems(minimal) == [
        diag(
            "field-value", FILE, 7, 11, "有效性（validity）“现行”无效，可选：有效、失效、废止", "您是不是想写“有效”？"
        ),
    ]


def test_enum_in_text_output(minimal: Path) -> None:
    record(minimal, "公开属性: 不公开\n")
    assert check_text(minimal) == (
        "content/notices/x.md:6:7: 错误 field-value 公开属性（disclosure）“不公开”无效，"
        "可选：主动公开、依申请公开、不予公开\n"
        "    提示：您是不是想写“不予公开”？\n"
        "共 1 个错误，0 个警告。\n"
    )


def test_published_before_created(minimal: Path) -> None:
    record(minimal, front=GOOD_FRONT.replace("published: 2025-03-02", "published: 2025-02-27"))
    assert problems(minimal) == [
        diag(
            "published-before-created",
            FILE,
            5,
            12,
            "发布日期 2025-02-27 早于生成日期 2025-03-01",
            "发布日期不能早于信息形成（成文）的日期",
        ),
    ]


def test_missing_required_fields(minimal: Path) -> None:
    record(minimal, front="title: 关于测试的通知\ncreated: 2025-03-01\n")
    assert problems(minimal) == [
        diag(
            "field-required",
            FILE,
            2,
            1,
            "缺少必填项发布日期（published）",
            "在头部信息中添加一行 published: …；日期写成 2025-03-01",
        ),
        diag(
            "field-required",
            FILE,
            2,
            1,
            "缺少必填项索引号（index_no）",
            "在头部信息中添加一行 index_no: …；新建记录时用 zonegen new 自动分配索引号",
        ),
    ]


def test_empty_required_field(minimal: Path) -> None:
    record(minimal, front=GOOD_FRONT.replace("title: 关于测试的通知", "title:"))
    assert problems(minimal) == [
        diag("field-required", FILE, 2, None, "标题（title）没有填写", "在冒号后面填写标题；标题写文件或信息的全称"),
    ]


def test_doc_no_with_square_brackets(minimal: Path) -> None:
    record(minimal, "doc_no: 测政[2025]3号\n")
    assert problems(minimal) == [
        diag("doc-no-brackets", FILE, 6, 9, "文号“测政[2025]3号”的年份括号应为六角括号〔〕", "改为“测政〔2025〕3号”"),
    ]


def test_doc_no_with_lookalike_brackets_in_text_output(minimal: Path) -> None:
    record(minimal, "文号: 测政﹝2025﹞3号\n")
    assert check_text(minimal) == (
        "content/notices/x.md:6:5: 错误 doc-no-brackets 文号“测政﹝2025﹞3号”的年份括号应为六角括号〔〕\n"
        "    提示：改为“测政〔2025〕3号”\n"
        "共 1 个错误，0 个警告。\n"
    )


def test_normative_document_without_validity(minimal: Path) -> None:
    record(minimal, "kind: 规范性文件\n")
    assert problems(minimal) == [
        diag(
            "validity-missing",
            FILE,
            6,
            7,
            "规范性文件必须注明有效性（validity）",
            "添加一行 validity: 有效（或 失效、废止）",
        ),
    ]


def test_repealed_without_date(minimal: Path) -> None:
    record(minimal, "kind: 规范性文件\nvalidity: 废止\n")
    assert problems(minimal) == [
        diag(
            "repealed-missing",
            FILE,
            7,
            11,
            "有效性为“废止”时必须写明废止日期（repealed）",
            "添加一行 repealed: 2025-06-30",
        ),
    ]


def test_repealed_before_created(minimal: Path) -> None:
    record(minimal, "kind: 规范性文件\nvalidity: 废止\nrepealed: 2024-12-31\n")
    assert problems(minimal) == [
        diag("repealed-before-created", FILE, 8, 11, "废止日期 2024-12-31 早于生成日期 2025-03-01", "检查废止日期"),
    ]


def test_interpretation_without_target(minimal: Path) -> None:
    record(minimal, "kind: 解读\n")
    assert problems(minimal) == [
        diag(
            "interprets-missing",
            FILE,
            6,
            7,
            "解读必须写明解读对象（interprets：被解读文件的索引号）",
            "添加一行 interprets: 被解读文件的索引号",
        ),
    ]


def test_body_empty(minimal: Path) -> None:
    record(minimal, body="<!-- 在这一行下面写正文 -->\n")
    assert problems(minimal) == [
        diag("body-empty", FILE, 7, None, "正文为空", "在第二个 --- 下面写正文，或在 attachments 中列出附件"),
    ]


def test_list_field_given_a_mapping(minimal: Path) -> None:
    record(minimal, "keywords: {a: 1}\n")
    assert problems(minimal) == [
        diag("field-value", FILE, 6, 11, "关键词（keywords）应为列表", "写成 [甲, 乙] 或每行一个“- 甲”"),
    ]


def test_text_fields_keep_what_was_typed(minimal: Path) -> None:
    """YAML 1.1 reads 8:30 as 510 and 0571… as a number; text fields must keep the clerk's text."""
    write_text(
        minimal,
        "guide/guide.md",
        (minimal / "content/guide/guide.md")
        .read_text(encoding="utf-8")
        .replace("hours: 工作日 8:30—17:00", "hours: 8:30")
        .replace("phone: 0571-0000000", "phone: 057100000000"),
    )
    assert check_json(minimal) == (0, [])
    assert run_build_page(minimal, "_records/2025-00001.html").count("057100000000") >= 1


def run_build_page(zone: Path, page: str) -> str:
    from tests.conftest import run

    assert run(zone, "build", "--quiet").code == 0
    return (zone / "public" / page).read_text(encoding="utf-8")


def test_extra_field_required_by_the_catalog(minimal: Path) -> None:
    catalog = minimal / "catalog.yaml"
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace("type: string}", "type: string, required: true}"), encoding="utf-8"
    )
    for path in (minimal / "content").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("title:", "region_code: '330100'\ntitle:", 1), encoding="utf-8")
    record(minimal)
    assert problems(minimal) == [
        diag(
            "field-required", FILE, 6, None, "缺少本目录要求的字段“region_code”（区划代码）", "添加一行 region_code: …"
        ),
    ]


def test_extra_enum_field_from_the_catalog(minimal: Path) -> None:
    catalog = minimal / "catalog.yaml"
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace(
            "fields:\n", "fields:\n  - {key: village, label: 所在村, type: enum, values: [东村, 西村]}\n"
        ),
        encoding="utf-8",
    )
    record(minimal, "所在村: 东村村\n")
    assert problems(minimal) == [
        diag("field-value", FILE, 6, 6, "所在村（village）“东村村”无效，可选：东村、西村", "您是不是想写“东村”？"),
    ]
