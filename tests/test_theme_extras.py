"""A county restyles the default theme from zone.yaml: extra_css, extra_head, extra_footer,
the url filter, field labels, and one block of base.html overridden without copying it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import run, site_pages

CSS = ".site-header { background: #0a5a28; }\n.brand { background: url(img/logo.png) no-repeat; }\n"


def add(zone: Path, files: dict[str, str], yaml: str) -> None:
    for name, text in files.items():
        path = zone / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    zone_yaml = zone / "zone.yaml"
    zone_yaml.write_text(zone_yaml.read_text(encoding="utf-8") + yaml, encoding="utf-8")


def pages(out: Path) -> list[Path]:
    return site_pages(out)


def built(zone: Path) -> Path:
    result = run(zone, "build")
    assert result.code == 0, result.stdout + result.stderr
    return zone / "public"


def test_extra_css_is_copied_and_linked_after_the_theme_on_every_page(minimal: Path) -> None:
    add(
        minimal,
        {"themes/county.css": CSS, "themes/img/logo.png": "png"},
        "extra_css: [themes/county.css]\n",
    )
    out = built(minimal)
    assert (out / "_static/extra/themes/county.css").read_text(encoding="utf-8") == CSS
    assert (out / "_static/extra/themes/img/logo.png").is_file()  # url() relative to the stylesheet still works
    for page in pages(out):
        html = page.read_text(encoding="utf-8")
        root = "../" * page.relative_to(out).as_posix().count("/")
        links = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
        assert links[0] == f"{root}_static/zonegen.css", page
        assert links[-1] == f"{root}_static/extra/themes/county.css", page  # after the page's own sheets too
        assert (page.parent / links[-1]).resolve() == (out / "_static/extra/themes/county.css").resolve()


def test_head_and_footer_snippets_are_on_every_page_with_links_from_the_site_root(minimal: Path) -> None:
    add(
        minimal,
        {
            "themes/head.html": '<meta name="author" content="测试县">\n<style>.footer-extra { color: #fff; }</style>',
            "themes/footer.html": (
                '<p>技术支持：测试县大数据中心　<a href="https://www.example.gov.cn/">测试县人民政府</a>'
                '　<a href="directory.html">公开目录</a></p>\n'
            ),
        },
        "extra_head: themes/head.html\nextra_footer: themes/footer.html\n",
    )
    out = built(minimal)
    for page in pages(out):
        html = page.read_text(encoding="utf-8")
        root = "../" * page.relative_to(out).as_posix().count("/")
        head = html.split("</head>", 1)[0]
        assert '<meta name="author" content="测试县">' in head, page
        assert "<style>.footer-extra { color: #fff; }</style>" in head, page
        footer = html.split('<footer class="site-footer">', 1)[1]
        assert '<div class="footer-extra"><p>技术支持：测试县大数据中心' in footer, page
        assert '<a href="https://www.example.gov.cn/">测试县人民政府</a>' in footer, page
        assert f'<a href="{root}directory.html">公开目录</a>' in footer, page


FILES = {"extra_css": ("x.css", "extra_css: [x.css]"), "extra_head": ("h.html", "extra_head: h.html")}
FILES["extra_footer"] = ("f.html", "extra_footer: f.html")
BAD = [
    # (key in zone.yaml, the file's text, code, words of the message)
    ("extra_css", "@import url(https://cdn.test/a.css);\n", "extra-external", "@import"),
    ("extra_css", "body { background: url('https://cdn.test/a.png'); }", "extra-external", "外部网址"),
    (
        "extra_css",
        "p{}\n@font-face { font-family: F; src: url(f.woff2); }",
        "extra-external",
        "第2行：不能使用 @font-face",
    ),
    ("extra_css", "p { background: image-set('https://cdn.test/a.png' 1x); }", "extra-external", "image-set"),
    ("extra_css", "body { background: url(missing.png); }", "extra-link", "找不到文件"),
    ("extra_css", "body { background: url(../content/notices/first.md); }", "extra-link", "找不到文件"),
    ("extra_head", "<script>alert(1)</script>", "extra-unsafe", "第1行：页头片段不能含脚本"),
    ("extra_head", '<link rel="stylesheet" href="https://cdn.test/a.css">', "extra-external", "外部网址"),
    ("extra_head", '<link rel="stylesheet" href="_static/nope.css">', "extra-link", "不在网站中"),
    ("extra_head", '<meta http-equiv="refresh" content="0;url=https://a.test">', "extra-unsafe", "http-equiv"),
    ("extra_head", "<style>\n@import 'https://fonts.test/x.css';</style>", "extra-external", "第2行：不能使用 @import"),
    ("extra_head", "<p>文字</p>", "extra-unsafe", "<p>"),
    ("extra_footer", "<p>页脚</p>\n<script>alert(1)</script>", "extra-unsafe", "第2行：不能含脚本"),
    ("extra_footer", '<p onclick="x()">页脚</p>', "extra-unsafe", "事件属性"),
    ("extra_footer", '<img src="https://www.a.test/logo.png" alt="标识">', "extra-external", "外部网站"),
    ("extra_footer", '<img src="_static/nope.png" alt="标识">', "extra-link", "不在网站中"),
    ("extra_footer", '<a href="/directory.html">目录</a>', "extra-link", "不是相对于网站根目录"),
]
BAD_PATHS = [
    ({}, "extra_css: [themes/nope.css]", "找不到extra_css文件"),
    ({"content/x.css": "p {}"}, "extra_css: [content/x.css]", "content/"),
    ({}, "extra_css: [../outside.css]", "专区目录之外"),
    ({"x.txt": "p {}"}, "extra_css: [x.txt]", "不是样式表文件"),
    ({}, "extra_footer: /etc/footer.html", "相对于专区目录"),
]


def refused(zone: Path, code: str, words: str) -> None:
    """check and build both refuse the zone, at the line added to zone.yaml."""
    result = run(zone, "check", "--format", "json")
    assert result.code == 1
    [problem] = [d for d in result.diagnostics if d["code"].startswith("extra-")]
    assert (problem["severity"], problem["code"], problem["file"], problem["line"]) == ("error", code, "zone.yaml", 8)
    assert words in problem["message"], problem["message"]
    assert problem["hint"]
    assert run(zone, "build").code == 1  # check and build agree
    assert not (zone / "public").exists()


@pytest.mark.parametrize(("key", "text", "code", "words"), BAD, ids=[f"{b[2]}-{i}" for i, b in enumerate(BAD)])
def test_an_extra_that_would_request_or_run_something_is_refused(
    minimal: Path, key: str, text: str, code: str, words: str
) -> None:
    name, yaml = FILES[key]
    add(minimal, {name: text}, yaml + "\n")
    refused(minimal, code, words)


@pytest.mark.parametrize(("files", "yaml", "words"), BAD_PATHS)
def test_an_extra_file_that_is_missing_or_misplaced_is_refused(
    minimal: Path, files: dict[str, str], yaml: str, words: str
) -> None:
    add(minimal, files, yaml + "\n")
    refused(minimal, "extra-file", words)


def test_footer_formatting_that_bodies_do_not_allow_is_a_warning_and_dropped(minimal: Path) -> None:
    add(minimal, {"f.html": '<p class="county">页脚文字</p>\n'}, "extra_footer: f.html\n")
    result = run(minimal, "check", "--format", "json")
    [warning] = result.diagnostics
    assert (warning["code"], warning["file"], warning["line"]) == ("extra-unsupported", "zone.yaml", 8)
    assert "class" in warning["message"] and ".footer-extra" in warning["hint"]
    html = (built(minimal) / "index.html").read_text(encoding="utf-8")
    assert '<div class="footer-extra"><p>页脚文字</p>' in html


def test_one_block_of_base_html_is_overridden_without_copying_it(minimal: Path) -> None:
    add(
        minimal,
        {
            "themes/county/templates/base.html": (
                '{% extends "default/base.html" %}\n'
                '{% block site_head %}<meta name="county" content="1">{% endblock %}\n'
                "{% block footer_info %}{{ super() }}<p>县级主管：测试县人民政府办公室</p>{% endblock %}\n"
            )
        },
        "theme: county\n",
    )
    out = built(minimal)
    for page in pages(out):
        html = page.read_text(encoding="utf-8")
        assert '<meta name="county" content="1">' in html.split("</head>", 1)[0], page
        assert "主办单位：测试县测试乡人民政府" in html, page  # super(): the default footer is kept
        assert "<p>县级主管：测试县人民政府办公室</p>" in html, page
        assert html.count("<h1") == 1, page  # the page's own blocks still fill the frame


def test_an_override_written_with_root_still_builds(minimal: Path) -> None:
    # Before the url filter, overrides wrote {{ root }} and passed root to the macros.
    add(
        minimal,
        {
            "themes/default/templates/node.html": (
                '{% extends "base.html" %}\n{% from "_macros.html" import breadcrumbs as crumbs, record_list %}\n'
                "{% block breadcrumbs %}{{ crumbs(breadcrumbs, root) }}{% endblock %}\n"
                '{% block main %}<h1>{{ node.title }}</h1><a href="{{ root }}directory.html">目录</a>'
                "{{ record_list(records, root) }}{% endblock %}\n"
            )
        },
        "",
    )
    html = (built(minimal) / "domains/relief/dibao/index.html").read_text(encoding="utf-8")
    assert '<a href="../../../directory.html">目录</a>' in html
    assert '<li><a href="../../../index.html">首页</a></li>' in html
    assert '<a href="../../../_records/2025-00003.html">' in html


def test_label_of_a_field_that_does_not_exist_is_a_theme_error(minimal: Path) -> None:
    add(
        minimal,
        {"themes/default/templates/_index_table.html": "<p>{{ label('index_number') }}</p>\n"},
        "",
    )
    result = run(minimal, "build", "--format", "json")
    assert result.code == 1
    [problem] = [d for d in result.diagnostics if d["code"] == "theme-error"]
    assert problem["file"] == "themes/default/templates/_index_table.html"
    assert problem["line"] == 1
    assert "index_number" in problem["message"] and "index_no" in problem["message"]


def test_url_filter_links_from_the_current_page(minimal: Path) -> None:
    out = built(minimal)
    deep = (out / "domains/relief/dibao/index.html").read_text(encoding="utf-8")
    assert (
        '<link rel="alternate" type="application/atom+xml" title="测试乡基层政务公开专区" href="../../../feed.xml">'
        in deep
    )
    assert '<form class="search-box" role="search" aria-label="全站搜索" action="../../../search.html"' in deep
    top = (out / "index.html").read_text(encoding="utf-8")
    assert 'action="search.html"' in top and 'href="feed.xml"' in top


def test_extra_css_that_is_not_a_list_of_paths_is_a_zone_type_error(minimal: Path) -> None:
    add(minimal, {}, "extra_css:\n  county: themes/county.css\n")
    result = run(minimal, "check", "--format", "json")
    assert result.code == 1
    [problem] = result.diagnostics
    assert (problem["code"], problem["file"], problem["line"]) == ("zone-type", "zone.yaml", 9)
    assert "extra_css" in problem["message"]
