"""Untrusted HTML in record bodies: an nh3 allow-list, and a warning for each thing removed.

Clerks paste HTML from Word and web pages. What survives is plain document markup (paragraphs,
emphasis, lists, tables, links, images); scripts, event handlers, javascript:/data: URLs,
embedded pages, forms and styles that hide content never reach a page. nh3 (ammonia, a
browser-grade HTML parser) does the removing; `inspect` only explains it to the clerk, line by line.
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass
from urllib.parse import unquote

import nh3

from zonegen.diagnostics import Diagnostic

ALLOWED_TAGS = frozenset(
    (
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "center",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    )
)
_CELL = {"colspan", "rowspan", "align", "valign", "style"}
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"lang", "title", "style"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": _CELL,
    "th": _CELL | {"scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "type"},
    "ul": {"type"},
    "p": {"align"},
    "div": {"align"},
    "table": {"border"},
    "code": {"class"},  # language-xxx from fenced code blocks, checked by _keep_attribute
}
# Layout-neutral properties only: nothing that can hide, move, shrink or recolour text.
STYLE_PROPERTIES = frozenset(("text-align", "font-weight", "font-style", "text-decoration"))
URL_SCHEMES = frozenset(("http", "https", "mailto", "tel"))
# Removed with everything inside them, not just their tags.
_DROP_CONTENT = {"script", "style", "template", "noscript", "title", "xmp"}

_SCRIPTING = {"script", "noscript", "template"}
_EMBEDS = {
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "portal",
    "svg",
    "math",
    "audio",
    "video",
    "source",
    "track",
    "canvas",
    "picture",
}
_FORMS = {
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "option",
    "optgroup",
    "label",
    "fieldset",
    "datalist",
    "output",
    "keygen",
    "isindex",
}
_PAGE = {
    "meta",
    "link",
    "base",
    "head",
    "body",
    "html",
    "style",
    "title",
    "xmp",
    "plaintext",
    "dialog",
    "marquee",
    "details",
    "summary",
    "slot",
}
_URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "background",
    "poster",
    "lowsrc",
    "dynsrc",
    "srcset",
    "data",
    "cite",
    "longdesc",
    "codebase",
    "ping",
}
_BAD_SCHEMES = ("javascript:", "vbscript:", "livescript:", "data:", "file:")
_HIDING = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)|opacity\s*:\s*0*(?:\.0*)?\s*(?:;|$|!)"
    r"|font-size\s*:\s*0|(?:max-)?(?:height|width)\s*:\s*0|position\s*:\s*(?:absolute|fixed)"
    r"|clip|text-indent\s*:\s*-|(?:left|top|margin-left|margin-top)\s*:\s*-"
    r"|color\s*:\s*(?:#fff\b|#ffffff\b|white|transparent)|overflow\s*:\s*hidden",
    re.I,
)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>?", re.S)
_ATTR = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


@dataclass(frozen=True, slots=True)
class Removal:
    """Something the sanitiser takes out of a body, at a line and column of the record file."""

    line: int
    column: int
    what: str  # Chinese, e.g. 脚本（<script>）
    unsafe: bool  # False for harmless formatting (a Word <font>, a class attribute)


def sanitize(html: str) -> str:
    """The allow-listed subset of `html`."""
    clean = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=_DROP_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        link_rel=None,
        strip_comments=True,
        attribute_filter=_keep_attribute,
    )
    return clean.replace(' style=""', "")  # left when every property was filtered out


_LANGUAGE = re.compile(r"language-[A-Za-z0-9_+-]{1,30}")


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "class":
        return value if _LANGUAGE.fullmatch(value) else None
    return value


def visible_text(fragment: str) -> str:
    """The text a raw HTML block shows once sanitised (for summaries, search and the PII guard)."""
    return htmllib.unescape(nh3.clean(fragment, tags=set(), clean_content_tags=_DROP_CONTENT))


# Superscripts and subscripts are not among them: a footnote mark (…1230<sup>1</sup>) stays apart.
_INLINE_TAGS = "a|abbr|b|cite|code|del|em|i|ins|kbd|mark|q|s|samp|small|span|strike|strong|u|wbr"
_INLINE_TAG = re.compile(rf"</?(?:{_INLINE_TAGS})(?:\s[^>]*)?/?>", re.I)
_ANY_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_SHOWN_ATTRIBUTE = re.compile(r"""\s(?:alt|title|href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_WHITESPACE = re.compile(r"\s+")


def reader_text(html: str) -> str:
    """The text a reader sees in sanitised HTML, one line per block, then what attributes show.

    Inline tags vanish (330281<em>1990</em>… reads as one number), blocks and <br> end a line,
    source line breaks are spaces, entities are decoded; alt text, tooltips and link targets
    (shown on hover, read aloud) follow.
    """
    if "<" not in html:
        return htmllib.unescape(_WHITESPACE.sub(" ", html))
    shown = [unquote(htmllib.unescape(a or b)) for a, b in _SHOWN_ATTRIBUTE.findall(html)]
    text = _ANY_TAG.sub("\n", _INLINE_TAG.sub("", _WHITESPACE.sub(" ", html)))
    return "\n".join([htmllib.unescape(text), *shown])


def unsafe_url(value: str) -> str | None:
    """The refused scheme of a URL (javascript:, data:…), seen the way a browser sees it."""
    flat = _CONTROL.sub("", htmllib.unescape(value)).lower()
    return next((scheme for scheme in _BAD_SCHEMES if flat.startswith(scheme)), None)


def inspect(fragment: str, line: int, column: int) -> list[Removal]:
    """What `sanitize` will remove from a raw HTML fragment that starts at line:column."""
    removals: list[Removal] = []
    for tag in _TAG.finditer(fragment):
        where_line, where_col = _position(fragment, tag.start(), line, column)
        name = tag.group(2).lower()
        if tag.group(1):
            continue  # closing tags say nothing new
        kept = name in ALLOWED_TAGS
        if not kept:
            removals.append(Removal(where_line, where_col, *_tag_kind(name)))
        allowed = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(name, set())
        for attr in _ATTR.finditer(tag.group(3)):
            key = attr.group(1).lower()
            value = (attr.group(2) or "").strip("\"'")
            removals.extend(
                Removal(where_line, where_col, what, unsafe)
                for what, unsafe in _attribute(name, key, value, allowed)
                if kept or unsafe  # a removed tag takes its harmless attributes with it
            )
    return removals


def _tag_kind(name: str) -> tuple[str, bool]:
    if name in _SCRIPTING:
        return f"脚本（<{name}>）", True
    if name in _EMBEDS:
        return f"嵌入内容（<{name}>）", True
    if name in _FORMS:
        return f"表单元素（<{name}>）", True
    if name in _PAGE:
        return f"页面级标签（<{name}>）", True
    return f"<{name}> 标签", False


def _attribute(tag: str, key: str, value: str, allowed: set[str]) -> list[tuple[str, bool]]:
    if key.startswith("on"):
        return [(f"<{tag}> 上的事件属性 {key}", True)]
    if key in _URL_ATTRIBUTES:
        scheme = unsafe_url(value)
        if scheme:
            return [(f"<{tag}> 的 {scheme} 地址", True)]
    if key == "hidden" or (key == "aria-hidden" and value.lower() == "true"):
        return [(f"<{tag}> 的隐藏属性 {key}", True)]
    if key == "style":
        hiding = _HIDING.search(value)
        if hiding:
            return [(f"<{tag}> 上隐藏内容的样式“{hiding.group(0).strip()}”", True)]
        return []
    if key not in allowed or (key == "class" and not _LANGUAGE.fullmatch(value)):
        return [(f"<{tag}> 的 {key} 属性", False)]
    return []


def _position(fragment: str, offset: int, line: int, column: int) -> tuple[int, int]:
    newlines = fragment.count("\n", 0, offset)
    if not newlines:
        return line, column + offset
    return line + newlines, offset - fragment.rfind("\n", 0, offset)


_UNSAFE_HINT = (
    "正文不能含脚本、事件属性、嵌入页面、表单、javascript:/data: 地址或隐藏内容的样式，"
    "这些内容不会发布；链接、图片和表格请用 Markdown 写法"
)
_FORMAT_HINT = "从 Word 或网页粘贴的格式不会发布；请用 Markdown 写标题、加粗、列表和表格"


def removal_warnings(raw: list[tuple[str, int]], source: str, file: str, first_line: int) -> list[Diagnostic]:
    """A warning at each unsafe thing removed; one for all the harmless formatting removed.

    `raw` holds each untrusted fragment with its byte offset in `source` (the parser's srcmap).
    """
    encoded = source.encode("utf-8")
    found: list[Removal] = []
    for fragment, offset in raw:
        before = encoded[:offset].decode("utf-8", "replace")
        line = first_line + before.count("\n")
        column = len(before) - (before.rfind("\n") + 1) + 1
        found.extend(inspect(fragment, line, column))
    items = [
        Diagnostic("warning", "html-unsafe", file, r.line, r.column, f"已删除不安全的 HTML：{r.what}", _UNSAFE_HINT)
        for r in found
        if r.unsafe
    ]
    harmless = [r for r in found if not r.unsafe]
    if harmless:
        names = "、".join(dict.fromkeys(r.what for r in harmless))
        first = harmless[0]
        items.append(
            Diagnostic(
                "warning",
                "html-unsupported",
                file,
                first.line,
                first.column,
                f"已去除正文 HTML 中不支持的格式：{names}",
                _FORMAT_HINT,
            )
        )
    return items


# --- the allow-list over every body, at the end ------------------------------------------

_URL_VALUE = r"(?:(?:https?|mailto|tel):|(?![A-Za-z0-9+.-]*:))(?:[^\"<>&\x00-\x20\x7f]|&amp;)*"
_PLAIN_VALUE = r"(?:[^\"<>&\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|&(?:amp|lt|gt|quot|#39);)*"
_STYLE_VALUE = r"(?:(?:text-align|font-weight|font-style|text-decoration)\s*:\s*[a-z -]{1,20};?\s*)+"
_ATTRIBUTE = (
    rf'\s(?:(?:href|src)="{_URL_VALUE}"|style="{_STYLE_VALUE}"|class="language-[A-Za-z0-9_+-]{{1,30}}"'
    rf'|(?:alt|title|lang|colspan|rowspan|align|valign|scope|span|start|type|width|height|border)="{_PLAIN_VALUE}")'
)
# A tag in the exact form markdown-it writes, with only allowed attributes: such HTML is read
# by a browser exactly as written, so nh3 would return it unchanged.
_PROVEN_TAG = re.compile(
    rf"</(?:{'|'.join(sorted(ALLOWED_TAGS))})>|<(?:{'|'.join(sorted(ALLOWED_TAGS))})(?:{_ATTRIBUTE})*\s?/?>"
)


def allow_listed(html: str) -> str:
    """Every body's final HTML, held to the allow-list whatever the Markdown walk found.

    Proving a body is already inside the allow-list (every tag allowed, in plain form, with
    allowed attributes and safe URLs) is five times cheaper than cleaning it; anything not
    proven goes through nh3.
    """
    if "<" not in _PROVEN_TAG.sub("", html):
        return html
    return sanitize(html)
