"""Every key a clerk may write, declared once: zone.yaml, catalog.yaml, front matter, report maps.

A `Key` says what a key is called (English key, 中文 label, aliases), what it holds (type, enum
values), whether it is required, and how to write it (hint). A `Table` is the keys one YAML
mapping may hold; `Table.read` is the one mechanism that checks a mapping against it: unknown
keys with a "did you mean", empty key names, and a key written twice under two of its names,
each reported at its YAML position (like Zola's `deny_unknown_fields`). What a value must be
beyond its key stays with the file that reads it, because its messages are worded for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from zonegen.diagnostics import Diagnostics
from zonegen.suggest import nearest

Position = tuple[int | None, int | None]
Locate = Callable[[tuple[Any, ...]], Position]


@dataclass(frozen=True)
class Key:
    key: str
    label: str
    type: str = "string"  # string | text | date | int | bool | list | enum | map
    values: tuple[str, ...] = ()  # enum values, or what a list may hold
    aliases: tuple[str, ...] = ()
    required: bool = False
    hint: str = ""  # how to write it, as an example line
    description: str = ""
    only_kind: str | None = None  # a front-matter field that belongs to one 文种 only
    heading: str | None = None  # what pages call it, where the national page layout differs from `label`


class Table:
    """The keys one mapping may hold, reachable by key, by alias and (when `labels`) by 中文 label.

    `where` names the mapping in messages ("zone.yaml ", "footer ", "栏目"; "" for front matter).
    Hints answer as `style` says: "key" names the key (config files), "field" the key and its
    label in the language the clerk wrote (front matter).
    """

    def __init__(
        self,
        where: str,
        keys: Iterable[Key],
        *,
        labels: bool = False,
        code: str = "unknown-key",
        hint: str | None = None,
        style: str = "key",
        misnomers: dict[str, str] | None = None,
        listed: int | None = None,
    ) -> None:
        self.where = where
        self.keys = tuple(keys)
        self.code = code
        self.hint = hint
        self.style = style
        self.misnomers = misnomers or {}
        self.listed = listed
        self.by_key = {spec.key: spec for spec in self.keys}
        self.by_name: dict[str, Key] = {}
        for spec in self.keys:
            for name in (spec.key, *((spec.label,) if labels else ()), *spec.aliases):
                self.by_name.setdefault(name, spec)

    def lookup(self, name: Any) -> Key | None:
        return self.by_name.get(str(name).strip()) if name is not None else None

    def canonical(self, name: Any) -> str | None:
        """The key a name written in the file stands for (None: not in this table)."""
        spec = self.lookup(name)
        return spec.key if spec else None

    def label(self, key: str) -> str:
        """The 中文 label of a key (the key itself when it has none)."""
        spec = self.by_key.get(key)
        return spec.label if spec else key

    def suggest(self, name: str) -> str:
        """A "did you mean" hint for an unknown key; the list of keys when nothing is close."""
        if self.hint:
            return self.hint
        if self.style == "field":
            spec = self._nearest(name.strip())
            if spec is not None and _is_cjk(name):  # answer in the language the clerk wrote the key in
                return f"您是不是想写“{spec.label}”（{spec.key}）？"
            if spec is not None:
                return f"您是不是想写“{spec.key}”（{spec.label}）？"
            shown = self.keys[: self.listed]
            return "可用的键：" + "、".join(f"{f.key}（{f.label}）" for f in shown) + " 等，详见用户手册"
        return _key_hint(name, {written: spec.key for written, spec in self.by_name.items()})

    def _nearest(self, name: str) -> Key | None:
        if name in self.misnomers:
            return self.by_name[self.misnomers[name]]
        # Chinese labels are short: one wrong character of four is a ratio of 0.75, two are 0.5.
        cjk = _is_cjk(name)
        normalised = name.replace("时间", "日期") if cjk else name
        match = nearest(normalised, self.by_name, cutoff=0.5 if cjk else 0.6)
        return self.by_name[match] if match else None

    def unknown(self, name: Any, at: Position, diags: Diagnostics, where: str | None = None) -> None:
        """Report one key that is not in the table (or has no name at all); `where` names the map."""
        where = self.where if where is None else where
        unknown_key(name, {}, at, diags, where=where, code=self.code, hint=self.suggest(str(name)))

    def read(self, mapping: dict, path: tuple[Any, ...], locate: Locate, diags: Diagnostics) -> dict[str, Any]:
        """Check a mapping's keys; returns each known key to the key as written (first one wins)."""
        found: dict[str, Any] = {}
        for name in mapping:
            spec = self.lookup(name)
            at = locate((*path, name))
            if spec is None:
                self.unknown(name, at, diags)
            elif spec.key in found:
                diags.error("duplicate-key", f"“{name}”与前面的“{found[spec.key]}”是同一个字段", *at, "删除其中一行")
            else:
                found[spec.key] = name
        return found


def unknown_key(
    name: Any,
    known: Mapping[str, str],
    at: Position,
    diags: Diagnostics,
    *,
    where: str = "",
    code: str = "unknown-key",
    hint: str | None = None,
) -> None:
    """The one report of a key that is not allowed: `known` maps each accepted name to its key.

    A key with no name (`~:`, `"": …`) says so instead of printing "None"; otherwise the hint
    suggests the nearest key, or lists them all.
    """
    if name is None or not str(name).strip():
        message = f"{where.rstrip()}中有一个键没有名字" if where else "有一个键没有名字"
        diags.error(code, message, *at, "冒号前要写键名，例如 title: 标题；值里含有冒号时，用英文引号把整个值括起来")
        return
    message = f"{where}中有未知的键“{name}”" if where else f"未知的键“{name}”"
    diags.error(code, message, *at, hint if hint is not None else _key_hint(str(name), known))


def _key_hint(name: str, known: Mapping[str, str]) -> str:
    """The nearest key to a name (`known`: each accepted name → its key), or the list of keys."""
    guess = nearest(name.strip(), known, cutoff=0.5)
    return f"您是不是想写“{known[guess]}”？" if guess else "可用的键：" + "、".join(dict.fromkeys(known.values()))


def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def required_keys(table: Table) -> tuple[Key, ...]:
    return tuple(spec for spec in table.keys if spec.required)


# ---------------------------------------------------------------- zone.yaml

LEVELS = ("县级", "乡级")

FOOTER = Table(
    "footer ",
    (
        Key("sponsor", "主办单位", required=True, hint="某某县某某乡人民政府"),
        Key("site_code", "网站标识码", required=True, hint="'3300000001'"),
        Key("icp", "ICP备案号"),
        Key("police_record", "公安机关备案号"),
        Key("address", "地址"),
        Key("phone", "联系电话"),
    ),
)
CALENDAR = Table(
    "calendar ",
    (
        Key("holidays", "节假日", "list", description="法定节假日和调休放假的日期，不计入工作日"),
        Key("workdays", "调休上班日", "list", description="周末调休上班的日期，计入工作日"),
        Key("years", "已完整列出的年份", "list", description="holidays 和 workdays 已完整写明节假日和调休的年份"),
    ),
)
RULES = Table(
    "rules ",
    (
        Key("require_review", "发布前须经保密审查", "bool"),
        Key("reviewer", "保密审查人", "string"),
        Key("count_from_next_day", "期限从次日起算", "bool"),
        Key("normative_workdays", "规范性文件公开时限（工作日）", "int"),
        Key("interpretation_workdays", "政策解读公开时限（工作日）", "int"),
        Key("reply_workdays", "依申请公开答复期限（工作日）", "int"),
        Key("reply_extension_workdays", "答复延长期限（工作日）", "int"),
        Key("annual_report_due", "年度报告公布期限（月-日）", "string"),
    ),
)
KIOSK = Table(
    "kiosk ",
    (
        Key(
            "idle_seconds",
            "无人操作多少秒后返回首页",
            "int",
            hint="idle_seconds: 180",
            description="线下专区自助终端无人操作这么多秒后回到首页，并清除搜索、字号和高对比度设置（默认 180）",
        ),
    ),
)
APPLY = Table(
    "apply ",
    (
        Key(
            "url",
            "网上提交依申请公开申请的网址",
            hint="url: https://www.example.gov.cn/ysqgk/",
            description="依申请公开申请表页面上给出的网上提交地址",
        ),
    ),
)
ZONE = Table(
    "zone.yaml ",
    (
        Key("name", "公开主体名称", required=True, hint="name: 黄埠乡人民政府"),
        Key("title", "专区标题"),
        Key(
            "org_code",
            "统一社会信用代码或组织机构代码",
            required=True,
            hint="org_code: 11330000000000000X（18位统一社会信用代码）",
        ),
        Key("index_format", "索引号格式"),
        Key("level", "公开层级", "enum", LEVELS, required=True, hint="level: 乡级（或 县级）"),
        Key("base_url", "线上专区网址", required=True, hint="base_url: https://www.example.gov.cn/zwgk/"),
        Key("catalog", "目录文件"),
        Key("theme", "主题"),
        Key("footer", "页脚信息", "map", required=True),
        Key("calendar", "节假日调整", "map"),
        Key("rules", "规则", "map"),
        Key("page_size", "每页条数", "int"),
        Key("extra_css", "附加样式表", "list", hint="extra_css: [themes/county.css]"),
        Key("extra_head", "附加页头片段", hint="extra_head: themes/head.html"),
        Key("extra_footer", "附加页脚片段", hint="extra_footer: themes/footer.html"),
        Key("kiosk", "线下专区自助终端", "map"),
        Key("apply", "依申请公开网上提交", "map"),
    ),
)

# ---------------------------------------------------------------- catalog.yaml

COLUMN_TYPES = ("list", "guide", "domains", "annual-reports")
FIELD_TYPES = ("string", "text", "date", "int", "bool", "list", "enum")
CATEGORIES = ("决策公开", "执行公开", "管理公开", "服务公开", "结果公开")
AUDIENCES = ("全社会", "特定群体")
MODES = ("主动", "依申请")
REFRESH = ("monthly", "quarterly", "yearly")
CHANNELS = (
    "政府网站", "政府公报", "两微一端", "发布会/听证会", "广播电视", "纸质媒体", "公开查阅点",
    "政务服务中心", "便民服务站", "入户/现场", "社区/企事业单位/村公示栏(电子屏)", "精准推送", "其他",
)  # fmt: skip

_ID = Key("id", "标识", required=True, hint="小写英文字母、数字和连字符，例如 social-assistance")
_TITLE = Key("title", "名称", required=True)
_DESCRIPTION = Key("description", "说明", "text")
CATALOG = Table(
    "目录",
    (
        Key("version", "版本", "int"),
        Key("columns", "栏目", "list", required=True),
        Key("domains", "领域", "list"),
        Key("fields", "字段", "list"),
        Key("defaults", "默认值", "map"),
    ),
)
COLUMN = Table(
    "栏目",
    (_ID, _TITLE, Key("type", "栏目类型", "enum", COLUMN_TYPES), Key("children", "子栏目", "list"), _DESCRIPTION),
)
# Where an item comes from: the national 标准指引 and the county 标准目录 its rows were taken from.
SOURCE = Table(
    "source ",
    (
        Key(
            "guideline",
            "标准指引",
            description="国家标准指引的名称和文号，例如《社会救助领域基层政务公开标准指引》（民办函〔2019〕52号）",
        ),
        Key("catalog", "参照的标准目录", description="取用其内容的县级（乡级）标准目录：单位、名称和年份"),
        Key("url", "标准目录网址", description="该标准目录发布页的网址（http:// 或 https://）"),
        Key("note", "说明", "text", description="与来源不同之处及其原因，或哪些属性在来源中找不到"),
        Key("unsourced", "来源中没有的属性", "list", description="来源中找不到、因而未填写的属性键，例如 [subject]"),
    ),
)
_SOURCE = Key("source", "来源", "map", hint="source: {guideline: 《……标准指引》（……〔2019〕…号）, catalog: ……}")
DOMAIN = Table("领域", (_ID, _TITLE, Key("items", "公开事项", "list"), _SOURCE, _DESCRIPTION))
ITEM = Table(
    "公开事项",
    (
        _ID,
        _TITLE,
        Key("group", "一级事项"),
        Key("content", "公开内容（要素）", "text"),
        Key("basis", "公开依据", "text"),
        Key("deadline_text", "公开时限"),
        Key("deadline", "公开时限（可计算）", "map", hint="{workdays: 20}"),
        Key("publicity", "公示期（可计算）", "map", hint="{workdays: 7}"),
        Key("refresh", "更新周期", "enum", REFRESH),
        Key("subject", "公开主体"),
        Key("channels", "公开渠道和载体", "list", CHANNELS),
        Key("audience", "公开对象", "enum", AUDIENCES),
        Key("mode", "公开方式", "enum", MODES),
        Key("levels", "公开层级", "list", LEVELS),
        Key("category", "五公开类别", "enum", CATEGORIES),
        Key("aliases", "别名", "list", hint="aliases: [低保, 最低生活保障]"),
        _SOURCE,
        _DESCRIPTION,
    ),
)
FIELD = Table(
    "字段",
    (
        Key("key", "键", required=True, hint="小写英文字母、数字和下划线，例如 region_code"),
        Key("label", "标签"),
        Key("type", "类型", "enum", FIELD_TYPES),
        Key("required", "必填", "bool"),
        Key("values", "可选值", "list"),
        _DESCRIPTION,
    ),
)
DEFAULTS = Table("defaults ", (Key("deadline", "公开时限（可计算）", "map", hint="{workdays: 20}"),))

# ---------------------------------------------------------------- record front matter

KINDS = ("规范性文件", "政策文件", "解读", "公告公示", "工作动态", "年度报告", "指南", "其他")
DISCLOSURES = ("主动公开", "依申请公开", "不予公开")
VALIDITIES = ("有效", "失效", "废止")

CORE_FIELDS = (
    Key("title", "标题", aliases=("名称",), required=True, hint="标题写文件或信息的全称", heading="名称"),
    Key("index_no", "索引号", required=True, hint="新建记录时用 zonegen new 自动分配索引号"),
    Key("created", "生成日期", "date", aliases=("成文日期", "形成日期"), required=True, hint="日期写成 2025-03-01"),
    Key("published", "发布日期", "date", required=True, hint="日期写成 2025-03-01"),
    Key("publisher", "发布机构", aliases=("发文机关",)),
    Key("doc_no", "文号", aliases=("发文字号",)),
    Key("kind", "文种", "enum", KINDS),
    Key("disclosure", "公开属性", "enum", DISCLOSURES, aliases=("公开方式",), heading="公开方式"),
    Key("validity", "有效性", "enum", VALIDITIES),
    Key("repealed", "废止日期", "date", aliases=("失效日期",)),
    Key("interprets", "解读对象"),
    Key("summary", "内容概述", "text", aliases=("摘要",)),
    Key("keywords", "关键词", "list", aliases=("主题词",)),
    Key("topic", "主题分类"),
    Key("attachments", "附件", "list"),
    Key("review", "保密审查", "map"),
    Key("pii_ok", "个人信息说明"),
    Key("also", "同时发布于", "list"),
    Key("approved", "批准日期", "date"),
    Key("expires", "公示截止", "date", aliases=("公示截止日期",)),
)
GUIDE_FIELDS = (
    Key("office", "工作机构名称", only_kind="指南"),
    Key("address", "办公地址", only_kind="指南"),
    Key("hours", "办公时间", only_kind="指南"),
    Key("phone", "联系电话", only_kind="指南"),
    Key("fax", "传真号码", aliases=("传真",), only_kind="指南"),
    Key("email", "电子邮箱", only_kind="指南"),
    Key("web", "互联网联系方式", aliases=("网址",), only_kind="指南"),
    Key("postcode", "邮政编码", only_kind="指南"),
)
REPORT_FIELDS = (
    Key("year", "年度", "int", only_kind="年度报告"),
    Key("proactive", "主动公开情况", "map", only_kind="年度报告"),
    Key("applications", "申请情况", "map", only_kind="年度报告"),
    Key("appeals", "复议诉讼情况", "map", only_kind="年度报告"),
)
GUIDE_REQUIRED = ("office", "address", "hours", "phone")
BUILT_IN = CORE_FIELDS + GUIDE_FIELDS + REPORT_FIELDS
REVIEW = Table(
    "保密审查（review）",
    (Key("by", "审查人"), Key("date", "审查日期", "date")),
    labels=True,
    hint="只能写 by（审查人）和 date（审查日期）",
)

# Words clerks use for a field under another name; suggested, never silently accepted.
_MISNOMERS = {
    "date": "published", "日期": "published", "发文日期": "created", "印发日期": "created",
    "发文单位": "publisher", "来源": "publisher", "发布单位": "publisher", "author": "publisher",
    "文件编号": "doc_no", "编号": "index_no", "category": "topic", "分类": "topic", "tags": "keywords",
    "description": "summary", "简介": "summary", "status": "validity", "状态": "validity",
    "files": "attachments", "file": "attachments", "附件列表": "attachments", "类型": "kind",
    "公开类型": "disclosure", "公开形式": "disclosure",
}  # fmt: skip


class Schema(Table):
    """Every field a record may carry: the built-in ones and a county's catalog `fields`."""

    def __init__(self, extra: tuple[Key, ...] = ()) -> None:
        super().__init__("", BUILT_IN + extra, labels=True, style="field", misnomers=_MISNOMERS, listed=10)
        self.fields = self.keys
        self.extra = extra


FRONT_MATTER = Schema()


def label(key: str) -> str:
    """The 中文 label of a built-in front-matter field, for templates (a county's: `Schema.label`)."""
    return FRONT_MATTER.label(key)


def heading(key: str) -> str:
    """What pages call a built-in field: the national page layout's name where it differs from the label."""
    spec = FRONT_MATTER.by_key.get(key)
    return (spec.heading or spec.label) if spec else key
