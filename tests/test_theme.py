"""The default theme: what every page shows, theme overrides, and template errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import run, site_pages, write_record


def build(zone: Path) -> Path:
    result = run(zone, "build")
    assert result.code == 0, result.stdout + result.stderr
    return zone / "public"


def read(out: Path, page: str) -> str:
    return (out / page).read_text(encoding="utf-8")


def html_pages(out: Path) -> list[Path]:
    return site_pages(out)


def test_every_page_has_the_common_frame(minimal: Path) -> None:
    out = build(minimal)
    pages = html_pages(out)
    assert len(pages) >= 12
    for page in pages:
        html = page.read_text(encoding="utf-8")
        name = page.relative_to(out).as_posix()
        assert '<html lang="zh-CN">' in html, name
        assert '<a class="skip-link" href="#main">跳到正文</a>' in html, name
        assert '<main id="main"' in html, name
        assert html.count("<h1") == 1, name
        assert 'role="search"' in html and 'name="q"' in html, name
        # Footer identifiers an inspector looks for.
        assert "主办单位：测试县测试乡人民政府" in html, name
        assert "网站标识码：3300000001" in html, name
        assert "扫一扫在手机打开当前页" in html, name
        # The four standard columns are in the navigation of every page.
        for column in [
            "政府信息公开指南",
            "基层政务公开标准目录",
            "政府信息公开工作年度报告",
            "政府信息公开目录",
        ]:
            assert f">{column}</a>" in html, (name, column)


def test_no_page_refers_to_anything_outside_the_site(minimal: Path) -> None:
    out = build(minimal)
    for page in [*html_pages(out), *out.joinpath("_static").rglob("*")]:
        if page.suffix not in (".html", ".css", ".js"):
            continue
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"""(?:src|href|action)\s*=\s*["']?(?:https?:)?//""", text), page
        assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", text), page
        assert "@import" not in text and "@font-face" not in text, page


def test_record_page_shows_index_table_and_body(minimal: Path) -> None:
    html = read(build(minimal), "_records/2025-00002.html")
    table = html.split('<table class="index-table">', 1)[1].split("</table>", 1)[0]
    for label, value in [
        ("索引号", "11330000000000000X/2025-00002"),
        ("发布机构", "测试乡人民政府"),
        ("生成日期", "2025-03-01"),
        ("发布日期", "2025-03-03"),
        ("文号", "测政〔2025〕1号"),
        ("主题分类", "通知公告"),
        ("公开方式", "主动公开"),
    ]:
        assert re.search(rf'<th scope="row">{label}</th><td>{re.escape(value)}', table), label
    assert "这是一条测试通知的正文。" in html
    assert '<nav class="breadcrumbs" aria-label="当前位置">' in html


def test_document_and_interpretation_link_both_ways(minimal: Path) -> None:
    write_record(
        minimal,
        "notices/policy.md",
        """
title: 测试乡扶持办法
index_no: 11330000000000000X/2025-00010
created: 2025-04-01
published: 2025-04-02
kind: 规范性文件
validity: 有效
""",
    )
    write_record(
        minimal,
        "notices/policy-jd.md",
        """
title: 《测试乡扶持办法》解读
index_no: 11330000000000000X/2025-00011
created: 2025-04-02
published: 2025-04-02
kind: 解读
interprets: 11330000000000000X/2025-00010
""",
    )
    out = build(minimal)
    document, reading = read(out, "_records/2025-00010.html"), read(out, "_records/2025-00011.html")
    assert re.search(
        r'相关解读</span><a href="\.\./_records/2025-00011\.html">《测试乡扶持办法》解读</a>',
        document,
    )
    assert re.search(r'解读的文件</span><a href="\.\./_records/2025-00010\.html">测试乡扶持办法</a>', reading)
    assert '<th scope="row">有效性</th><td>有效' in document


def test_item_page_shows_catalog_attributes(minimal: Path) -> None:
    html = read(build(minimal), "domains/relief/dibao/index.html")
    for label, value in [
        ("公开内容", "姓名(脱敏)、所在村组、保障金额"),
        ("公开依据", "《社会救助暂行办法》"),
        ("公开时限", "信息形成或变更之日起20个工作日内"),
        ("公开主体", "乡镇人民政府"),
        ("公开渠道和载体", "政府网站"),
        ("公开对象", "全社会"),
        ("公开方式", "主动"),
        ("公开层级", "县级、乡级"),
        ("五公开类别", "结果公开"),
    ]:
        assert f'<th scope="row">{label}</th><td>{value}' in html, label
    assert '<a href="../../../_records/2025-00003.html">2025年3月最低生活保障对象名单</a>' in html


def test_column_pagination_links_every_page(minimal: Path) -> None:
    for number in range(1, 46):
        write_record(
            minimal,
            f"notices/n{number:02d}.md",
            f"""
title: 测试通知第{number}号
index_no: 11330000000000000X/2025-{100 + number:05d}
created: 2025-05-{1 + number % 28:02d}
published: 2025-05-{1 + number % 28:02d}
kind: 公告公示
""",
        )
    out = build(minimal)
    first, second = read(out, "notices/index.html"), read(out, "notices/index-2.html")
    assert '<span aria-current="page" class="current">1</span>' in first
    assert 'href="../notices/index-2.html" rel="next">下一页</a>' in first
    assert 'href="../notices/index-3.html" aria-label="第3页">3</a>' in first
    assert 'rel="prev">上一页</a>' in second and '<span aria-current="page" class="current">2</span>' in second
    assert (out / "notices/index-3.html").is_file() and not (out / "notices/index-4.html").exists()


def test_stats_page_counts_published_records_only(minimal: Path) -> None:
    write_record(
        minimal,
        "notices/secret.md",
        """
title: 不应统计的依申请公开信息
index_no: 11330000000000000X/2025-00020
created: 2025-03-01
published: 2025-03-05
disclosure: 依申请公开
""",
    )
    out = build(minimal)
    html = read(out, "stats.html")
    assert "<h1>公开数据统计</h1>" in html
    assert "共 <strong>3</strong> 条" in html  # the guide, the notice and the dibao list
    assert "不应统计" not in html
    assert re.search(r'<svg class="chart column-chart"[^>]*role="img"', html)
    assert re.search(r'<svg class="chart bar-chart"[^>]*aria-label="按五公开类别统计的信息条数"', html)
    # 2025-03: the notice and the dibao list; the 依申请公开 record is not counted.
    assert '<th scope="row">2025年3月</th><td class="num">2</td>' in html
    assert '<th scope="row">2025年1月</th><td class="num">1</td>' in html
    assert '<th scope="row">结果公开</th><td class="num">1</td>' in html
    assert '<a href="domains/relief/index.html">社会救助</a></th><td class="num">1</td>' in html


def test_zone_theme_overrides_single_template_and_static_file(minimal: Path) -> None:
    templates = minimal / "themes" / "county" / "templates"
    static = minimal / "themes" / "county" / "static"
    templates.mkdir(parents=True)
    static.mkdir(parents=True)
    (templates / "_index_table.html").write_text(
        '<p class="county-index">县定索引：{{ record.index_no }}</p>\n', encoding="utf-8"
    )
    (static / "zonegen.css").write_text("body { color: #123456; }\n", encoding="utf-8")
    (static / "county-logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>\n", encoding="utf-8")
    zone_yaml = minimal / "zone.yaml"
    zone_yaml.write_text(zone_yaml.read_text(encoding="utf-8") + "theme: county\n", encoding="utf-8")
    out = build(minimal)
    record = read(out, "_records/2025-00002.html")
    assert '<p class="county-index">县定索引：11330000000000000X/2025-00002</p>' in record
    assert '<table class="index-table">' not in record
    assert "<h1>关于测试工作的通知</h1>" in record  # the rest still comes from the default theme
    assert read(out, "_static/zonegen.css") == "body { color: #123456; }\n"
    assert (out / "_static/county-logo.svg").is_file()
    assert (out / "_static/zonegen.js").is_file()  # files the zone does not override are kept


def test_undefined_template_variable_names_template_file_and_line(minimal: Path) -> None:
    templates = minimal / "themes" / "default" / "templates"
    templates.mkdir(parents=True)
    source = [
        '{% extends "base.html" %}',
        "{% block main %}",
        "<h1>首页</h1>",
        "<p>{{ zone.titel }}</p>",
        "{% endblock %}",
    ]  # the typo is on line 4
    (templates / "home.html").write_text("\n".join(source) + "\n", encoding="utf-8")
    result = run(minimal, "build", "--format", "json")
    assert result.code == 1
    [problem] = [d for d in result.diagnostics if d["code"] == "theme-error"]
    assert problem["file"] == "themes/default/templates/home.html"
    assert problem["line"] == 4
    assert "titel" in problem["message"]
    assert not (minimal / "public").exists()  # a failed build writes nothing
    text = run(minimal, "build")
    assert "themes/default/templates/home.html:4" in text.stdout + text.stderr


@pytest.mark.parametrize(
    "page",
    [
        "index.html",
        "_records/2025-00002.html",
        "directory.html",
        "stats.html",
        "domains/relief/dibao/index.html",
        "guide/index.html",
    ],
)
def test_qr_code_encodes_the_online_url_of_the_page(minimal: Path, page: str) -> None:
    from tests.test_theme_qr import matrix_from_svg, segno_matrix

    html = read(build(minimal), page)
    svg = re.search(r'<svg class="qr-code".*?</svg>', html, re.S)
    assert svg is not None
    url = "https://zone.example.gov.cn/test/" + page
    assert matrix_from_svg(svg.group(0)) == segno_matrix(url)
    assert f'aria-label="当前页二维码：{url}"' in svg.group(0)


def test_image_without_alt_text_is_a_warning(minimal: Path) -> None:
    write_record(
        minimal,
        "notices/map.md",
        """
title: 便民服务中心位置图
index_no: 11330000000000000X/2025-00030
created: 2025-04-01
published: 2025-04-02
attachments: [map.png]
""",
        body="位置如下。\n\n![](map.png)\n\n![便民服务中心位置图](map.png)\n",
    )
    (minimal / "content/notices/map.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = run(minimal, "check", "--format", "json")
    warnings = [d for d in result.diagnostics if d["code"] == "image-alt-missing"]
    assert warnings == [
        {
            "severity": "warning",
            "code": "image-alt-missing",
            "file": "content/notices/map.md",
            "line": 11,
            "column": 1,
            "message": "图片没有替代文字：读屏软件无法向视障用户说明这张图片",
            "hint": "在 ![ ] 的方括号里写上图片内容，例如 ![白石乡便民服务中心位置图](map.png)",
        }
    ]
    assert run(minimal, "build", "--strict").code == 1  # a warning blocks a strict build
