"""zone.yaml: who publishes, where, and with which options."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zonegen.diagnostics import Diagnostics
from zonegen.fields import FieldError, to_date
from zonegen.schema import APPLY, CALENDAR, FOOTER, KIOSK, LEVELS, RULES, ZONE
from zonegen.source import read_text
from zonegen.yamlsrc import YamlDoc, YamlError, lint_and_repair, parse_yaml

ZONE_FILE = "zone.yaml"
DEFAULT_INDEX_FORMAT = "{org_code}/{year}-{seq:05d}"
IDLE_SECONDS = 180  # a kiosk returns home after three minutes untouched
IDLE_RANGE = (30, 3600)  # shorter interrupts a resident reading; longer leaves the last one's settings


@dataclass(frozen=True)
class Rules:
    """Gates and deadline defaults a zone may override in zone.yaml `rules`."""

    require_review: bool = False
    reviewer: str | None = None
    count_from_next_day: bool = True
    normative_workdays: int = 3
    interpretation_workdays: int = 3
    reply_workdays: int = 20
    reply_extension_workdays: int = 20
    annual_report_due: str = "01-31"


_RULE_TYPES: dict[str, type] = {"bool": bool, "int": int, "string": str}


@dataclass(frozen=True)
class Footer:
    sponsor: str = ""
    site_code: str = ""
    icp: str = ""
    police_record: str = ""
    address: str = ""
    phone: str = ""


@dataclass(frozen=True)
class ZoneConfig:
    """The validated contents of zone.yaml."""

    root: Path
    name: str
    title: str
    org_code: str
    level: str
    base_url: str
    index_format: str = DEFAULT_INDEX_FORMAT
    catalog: str | None = None
    theme: str | None = None
    footer: Footer = field(default_factory=Footer)
    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()
    calendar_years: frozenset[int] = frozenset()  # years whose holidays and 调休 days zone.yaml lists in full
    rules: Rules = field(default_factory=Rules)
    page_size: int = 20
    extra_css: tuple[str, ...] = ()  # zone-relative .css files, as written
    extra_head: str | None = None  # zone-relative HTML snippet for <head>
    extra_footer: str | None = None  # zone-relative HTML snippet for the footer
    idle_seconds: int = IDLE_SECONDS  # kiosk.idle_seconds
    apply_url: str = ""  # apply.url: where 依申请公开 applications are submitted online

    @property
    def content_dir(self) -> Path:
        return self.root / "content"


def derive_title(name: str, level: str) -> str:
    """黄埠乡人民政府 → 黄埠乡基层政务公开专区."""
    base = re.sub(r"(人民政府|政府)$", "", name) or name
    return base + ("基层政务公开专区" if level == "乡级" else "政务公开专区")


_ORG_CODE = re.compile(r"^(?:[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-Z]{10}|[0-9A-Z]{8}[0-9X])$")


def valid_org_code(code: str) -> bool:
    """An 18-character 统一社会信用代码 or a 9-character 组织机构代码."""
    return bool(_ORG_CODE.match(code))


def load_zone(root: Path, lenient: bool = False) -> tuple[ZoneConfig | None, Diagnostics]:
    """Read and validate zone.yaml; None when it cannot be used.

    With lenient=True a zone.yaml that has errors still gives a ZoneConfig (invalid values left
    empty), so that `check` goes on to report every problem in the catalog and the records in
    the same run. None then means only that there is no zone.yaml at all.
    """
    diags = Diagnostics(ZONE_FILE)
    path = root / ZONE_FILE
    if not path.is_file():
        diags.error(
            "zone-missing",
            f"在 {root} 中找不到 zone.yaml",
            hint="请在专区目录中运行，或用 --zone 指定专区目录；新建专区可用 zonegen init 目录名",
        )
        return None, diags
    text = read_text(path, diags)
    parsed: YamlDoc | YamlError | None = None
    if text is not None:
        text, fixes = lint_and_repair(text)
        for fix in fixes:
            diags.error(fix.kind, fix.message, fix.line, fix.column, fix.hint)
        parsed = parse_yaml(text)
    if isinstance(parsed, YamlError):
        diags.error("yaml-syntax", parsed.message, parsed.line, parsed.column, parsed.hint)
    elif parsed is not None and not isinstance(parsed.data, dict):
        diags.error("zone-format", "zone.yaml 应由“键: 值”组成", 1, 1, hint="参考 zonegen init 生成的 zone.yaml")
    if not isinstance(parsed, YamlDoc) or not isinstance(parsed.data, dict):
        return (_placeholder(root) if lenient else None), diags
    config = _build(root, parsed, diags)
    return (config if lenient or not diags.has_errors else None), diags


def _placeholder(root: Path) -> ZoneConfig:
    """A zone whose zone.yaml is unreadable: enough to check the rest of it."""
    return ZoneConfig(root=root, name="", title="", org_code="", level="", base_url="")


def _build(root: Path, doc: YamlDoc, diags: Diagnostics) -> ZoneConfig:
    data: dict[str, Any] = doc.data
    ZONE.read(data, (), doc.where, diags)
    for path, line, col in doc.duplicates:
        diags.error("duplicate-key", f"“{'.'.join(map(str, path))}”写了两次", line, col, "删除多余的一行")

    def text(key: str, required: bool) -> str:
        value = data.get(key)
        if value is None or value == "":
            if required:
                where = doc.where((key,)) if key in data else (1, None)
                diags.error(
                    "zone-required",
                    f"zone.yaml 缺少必填项“{key}”（{ZONE.label(key)}）",
                    *where,
                    f"请添加一行 {ZONE.by_key[key].hint}",
                )
            return ""
        if isinstance(value, list | dict):
            line, col = doc.value_at((key,))
            diags.error("zone-type", f"“{key}”（{ZONE.label(key)}）应为一段文字", line, col, "写成“键: 文字”")
            return ""
        # as typed: YAML would turn an all-digit code into a number and drop its leading zeros
        return doc.raw.get((key,), str(value)).strip()

    name = text("name", True)
    org_code = text("org_code", True)
    level = text("level", True)
    base_url = text("base_url", True)
    index_format = text("index_format", False) or DEFAULT_INDEX_FORMAT
    if org_code and not _ORG_CODE.match(org_code):
        line, col = doc.value_at(("org_code",))
        diags.error(
            "org-code",
            f"org_code“{org_code}”（{len(org_code)}位）不是18位统一社会信用代码或9位组织机构代码",
            line,
            col,
            "统一社会信用代码为18位，由数字和大写英文字母组成（不含I、O、Z、S、V）；组织机构代码为9位，最后一位可以是X",
        )
    if level and level not in LEVELS:
        line, col = doc.value_at(("level",))
        guess = next((v for v in LEVELS if v[0] in level), None)  # 镇级/乡镇级 → 乡级
        hint = "公开层级只能是“县级”或“乡级”" + (f"；您是不是想写“{guess}”？" if guess else "（乡镇、街道都写 乡级）")
        diags.error("zone-level", f"公开层级 level“{level}”无效", line, col, hint)
        level = ""
    if base_url and not re.match(r"^https?://[^/\s]+", base_url):
        line, col = doc.value_at(("base_url",))
        diags.error(
            "base-url",
            f"base_url“{base_url}”不是完整的网址",
            line,
            col,
            "应以 http:// 或 https:// 开头，例如 https://www.example.gov.cn/zwgk/",
        )
    if base_url and not base_url.endswith("/"):
        base_url += "/"
    from zonegen.indexno import IndexFormatError, compile_format

    try:
        compile_format(index_format, org_code or "X")
    except IndexFormatError as exc:
        line, col = doc.value_at(("index_format",))
        diags.error(
            "index-format",
            f"index_format 无效：{exc}",
            line,
            col,
            "可用的占位符：{org_code}、{year}、{seq:05d}，例如 {org_code}/{year}-{seq:05d}",
        )
        index_format = DEFAULT_INDEX_FORMAT
    footer = _footer(data.get("footer"), doc, diags)
    holidays, workdays, years = _calendar(data.get("calendar"), doc, diags)
    rules = _rules(data.get("rules"), doc, diags)
    page_size = data.get("page_size", 20)
    if not isinstance(page_size, int) or isinstance(page_size, bool) or not 5 <= page_size <= 200:
        line, col = doc.value_at(("page_size",))
        diags.error("zone-type", "page_size 应为 5 到 200 之间的整数", line, col, "例如 page_size: 20")
        page_size = 20
    return ZoneConfig(
        root=root,
        name=name,
        title=text("title", False) or derive_title(name, level),
        org_code=org_code,
        level=level,
        base_url=base_url,
        index_format=index_format,
        catalog=text("catalog", False) or None,
        theme=text("theme", False) or None,
        footer=footer,
        holidays=holidays,
        workdays=workdays,
        calendar_years=years,
        rules=rules,
        page_size=page_size,
        extra_css=_extra_css(data.get("extra_css"), doc, diags),
        extra_head=text("extra_head", False) or None,
        extra_footer=text("extra_footer", False) or None,
        idle_seconds=_idle_seconds(data.get("kiosk"), doc, diags),
        apply_url=_apply_url(data.get("apply"), doc, diags),
    )


def _section(value: Any, name: str, table: Any, example: str, doc: YamlDoc, diags: Diagnostics) -> dict[str, Any]:
    """A small map of zone.yaml (kiosk, apply): its known keys, or nothing when it is not a map."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        line, col = doc.where((name,))
        diags.error("zone-type", f"{name} 应为“键: 值”的组合", line, col, f"写成 {name}: {{{example}}}")
        return {}
    return {key: value[written] for key, written in table.read(value, (name,), doc.where, diags).items()}


def _idle_seconds(value: Any, doc: YamlDoc, diags: Diagnostics) -> int:
    seconds = _section(value, "kiosk", KIOSK, "idle_seconds: 180", doc, diags).get("idle_seconds")
    if seconds is None:
        return IDLE_SECONDS
    low, high = IDLE_RANGE
    if not isinstance(seconds, int) or isinstance(seconds, bool) or not low <= seconds <= high:
        line, col = doc.value_at(("kiosk", "idle_seconds"))
        diags.error(
            "zone-type",
            f"kiosk.idle_seconds 应为 {low} 到 {high} 之间的整数（秒）",
            line,
            col,
            f"例如 idle_seconds: {IDLE_SECONDS}（无人操作 3 分钟后返回首页）",
        )
        return IDLE_SECONDS
    return seconds


def _apply_url(value: Any, doc: YamlDoc, diags: Diagnostics) -> str:
    url = _section(value, "apply", APPLY, "url: https://www.example.gov.cn/ysqgk/", doc, diags).get("url")
    if url is None or url == "":
        return ""
    if not isinstance(url, str) or not re.match(r"^https?://[^/\s]+\S*$", url.strip()):
        line, col = doc.value_at(("apply", "url"))
        diags.error(
            "zone-type",
            f"apply.url“{url}”不是完整的网址",
            line,
            col,
            "应以 http:// 或 https:// 开头，例如 url: https://www.example.gov.cn/ysqgk/",
        )
        return ""
    return url.strip()


def _footer(value: Any, doc: YamlDoc, diags: Diagnostics) -> Footer:
    if value is None:
        diags.error(
            "zone-required",
            "zone.yaml 缺少页脚信息“footer”",
            1,
            1,
            "至少填写 footer: {sponsor: 主办单位, site_code: 网站标识码}",
        )
        return Footer()
    if not isinstance(value, dict):
        line, col = doc.where(("footer",))
        diags.error("zone-type", "footer 应为“键: 值”的组合", line, col)
        return Footer()
    FOOTER.read(value, ("footer",), doc.where, diags)
    for spec in FOOTER.keys:
        key, label, example = spec.key, spec.label, spec.hint
        if spec.required and value.get(key) in (None, ""):
            line, col = doc.where(("footer", key)) if key in value else doc.where(("footer",))
            diags.error(
                "zone-required",
                f"footer 缺少{label}（{key}）",
                line,
                col,
                f"在 footer 下添加一行（缩进两个空格）{key}: {example}",
            )
    # as typed: a site code such as 0000000001 must keep its zeros
    return Footer(
        **{
            k: doc.raw.get(("footer", k), str(value.get(k) or "")).strip() if value.get(k) is not None else ""
            for k in FOOTER.by_key
        }
    )


def _calendar(value: Any, doc: YamlDoc, diags: Diagnostics) -> tuple[frozenset, frozenset, frozenset]:
    if value is None:
        return frozenset(), frozenset(), frozenset()
    if not isinstance(value, dict):
        line, col = doc.where(("calendar",))
        diags.error("zone-type", "calendar 应包含 holidays、workdays 日期列表和 years 年份列表", line, col)
        return frozenset(), frozenset(), frozenset()
    result: dict[str, set[dt.date]] = {"holidays": set(), "workdays": set()}
    years: set[int] = set()
    for key, name in CALENDAR.read(value, ("calendar",), doc.where, diags).items():
        dates = value[name]
        if not isinstance(dates, list):
            line, col = doc.value_at(("calendar", key))
            example = "years: [2027]" if key == "years" else f"{key}: [2026-10-01, 2026-10-02]"
            diags.error("zone-type", f"calendar.{key} 应为列表", line, col, f"写成 {example}")
            continue
        for index, item in enumerate(dates):
            if key == "years":
                if isinstance(item, int) and not isinstance(item, bool) and 2000 <= item <= 2100:
                    years.add(item)
                else:
                    line, col = doc.where(("calendar", key, index))
                    diags.error(
                        "zone-type",
                        f"calendar.years 中的“{item}”不是年份",
                        line,
                        col,
                        "years 列出 holidays 和 workdays 已完整写明节假日和调休的年份，例如 years: [2027]",
                    )
                continue
            try:
                result[key].add(to_date(item))
            except FieldError as exc:
                line, col = doc.where(("calendar", key, index))
                diags.error("date-invalid", f"calendar.{key} 中的{exc.message}", line, col, exc.hint)
    return frozenset(result["holidays"]), frozenset(result["workdays"]), frozenset(years)


def _rules(value: Any, doc: YamlDoc, diags: Diagnostics) -> Rules:
    if value is None:
        return Rules()
    if not isinstance(value, dict):
        line, col = doc.where(("rules",))
        diags.error("zone-type", "rules 应为“键: 值”的组合", line, col)
        return Rules()
    kept: dict[str, Any] = {}
    for key, name in RULES.read(value, ("rules",), doc.where, diags).items():
        item, line, col = value[name], *doc.where(("rules", name))
        expected = _RULE_TYPES[RULES.by_key[key].type]
        if not isinstance(item, expected) or (expected is int and isinstance(item, bool)):
            kind = {bool: "true 或 false", int: "整数", str: "文字"}[expected]
            diags.error("zone-type", f"rules.{key} 应为{kind}", line, col)
        elif key == "annual_report_due" and not _month_day(item):
            line, col = doc.value_at(("rules", key))
            diags.error(
                "zone-type",
                f"rules.annual_report_due“{item}”不是“月-日”",
                line,
                col,
                "写成 annual_report_due: '01-31'（条例第四十九条：1月31日前）",
            )
        else:
            kept[key] = item
    return Rules(**kept)


def _extra_css(value: Any, doc: YamlDoc, diags: Diagnostics) -> tuple[str, ...]:
    """A list of file paths as written; one path alone is a list of one. Files: extras.py checks them."""
    if value is None or value == "":
        return ()
    items = value if isinstance(value, list) else [value]
    if any(not isinstance(item, str) for item in items):
        line, col = doc.value_at(("extra_css",))
        hint = f"写成 {ZONE.by_key['extra_css'].hint}"
        diags.error("zone-type", "extra_css 应为样式表文件路径的列表", line, col, hint)
        return ()
    return tuple(item.strip() for item in items if item.strip())


def _month_day(text: str) -> bool:
    """MM-DD of a day every year has (02-29 is refused: most years would have no due date)."""
    match = re.fullmatch(r"(\d{1,2})-(\d{1,2})", text.strip())
    if not match:
        return False
    try:
        dt.date(2001, int(match.group(1)), int(match.group(2)))
    except ValueError:
        return False
    return True
