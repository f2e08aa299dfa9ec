"""catalog.yaml: the zone's columns, the standard domains and items, and extra fields."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from zonegen.diagnostics import Diagnostics
from zonegen.provenance import check_deadline_text, check_unsourced, read_source
from zonegen.schema import AUDIENCES as AUDIENCES  # re-exported: these lists used to live here
from zonegen.schema import (
    CATALOG,
    COLUMN,
    COLUMN_TYPES,
    DEFAULTS,
    DOMAIN,
    FIELD,
    FIELD_TYPES,
    ITEM,
    Table,
)
from zonegen.schema import CATEGORIES as CATEGORIES
from zonegen.schema import CHANNELS as CHANNELS
from zonegen.schema import MODES as MODES
from zonegen.schema import REFRESH as REFRESH
from zonegen.source import read_text
from zonegen.suggest import did_you_mean
from zonegen.yamlsrc import YamlDoc, YamlError, lint_and_repair, parse_yaml

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FIELD_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Deadline:
    """A machine rule for a 公开时限: N working days or N calendar days from `created`."""

    amount: int
    unit: str  # "workdays" | "days"

    def describe(self) -> str:
        return f"{self.amount}个工作日" if self.unit == "workdays" else f"{self.amount}日"


@dataclass(frozen=True)
class Source:
    """Where a catalog item comes from: the national 标准指引, the county 标准目录 used, and what differs."""

    guideline: str = ""
    catalog: str = ""
    url: str = ""
    note: str = ""
    unsourced: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.guideline or self.catalog)


@dataclass(frozen=True)
class ItemInfo:
    """The attributes of a catalog item (公开事项)."""

    group: str = ""
    content: str = ""
    basis: str = ""
    deadline_text: str = ""
    deadline: Deadline | None = None
    refresh: str | None = None
    subject: str = ""
    channels: tuple[str, ...] = ()
    audience: str = ""
    mode: str = "主动"
    levels: tuple[str, ...] = ()
    category: str = ""
    publicity: Deadline | None = None  # 公示期 the 公开时限 names ("公示7个工作日"), when it names one
    aliases: tuple[str, ...] = ()
    source: Source = Source()


@dataclass(eq=False)
class Node:
    """One place in the catalog tree: a column, a domain or an item."""

    id: str
    title: str
    kind: str  # "column" | "domain" | "item"
    type: str  # column type, or "domain" / "item"
    path: str
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    description: str = ""
    item: ItemInfo | None = None

    def applies_to(self, level: str) -> bool:
        """Whether the node applies at a zone's 公开层级 (columns always do)."""
        if self.item is not None:
            return not self.item.levels or level in self.item.levels
        if self.kind == "domain":
            return not self.children or any(c.applies_to(level) for c in self.children)
        return True

    def ancestors(self) -> list[Node]:
        chain: list[Node] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]

    def walk(self):  # type: ignore[no-untyped-def]
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class FieldSpec:
    """A front-matter field a county adds in catalog.yaml `fields`."""

    key: str
    label: str
    type: str = "string"
    required: bool = False
    values: tuple[str, ...] = ()


@dataclass
class Catalog:
    columns: list[Node]
    nodes: dict[str, Node]  # by id path, in display order
    fields: list[FieldSpec]
    default_deadline: Deadline | None
    source: str  # path as shown in diagnostics

    def of_type(self, column_type: str) -> Node | None:
        return next((n for n in self.columns if n.type == column_type), None)

    def example_path(self) -> str:
        """A real node path of this catalog for hints: the first plain list column (deepest first child)."""
        for column in self.columns:
            if column.type == "list":
                node = column
                while node.children:
                    node = node.children[0]
                return node.path
        return next(iter(self.nodes), "notices")

    @property
    def domains(self) -> list[Node]:
        column = self.of_type("domains")
        return column.children if column else []


def standard_catalog_path() -> Path:
    return Path(str(resources.files("zonegen") / "data" / "catalog.yaml"))


def resolve_catalog(root: Path, override: str | None) -> tuple[Path, str]:
    """Which catalog a zone uses, and how to name it in diagnostics."""
    if override:
        path = (root / override).resolve()
        return path, override
    if (root / "catalog.yaml").is_file():
        return root / "catalog.yaml", "catalog.yaml"
    return standard_catalog_path(), "(标准目录) catalog.yaml"


def load_catalog(path: Path, shown: str, lenient: bool = False) -> tuple[Catalog | None, Diagnostics]:
    """Read and validate a catalog; None when it has errors.

    With lenient=True a catalog with errors is still returned as far as it could be read, so
    that `check` goes on to check the records against it in the same run.
    """
    diags = Diagnostics(shown)
    if not path.is_file():
        diags.error(
            "catalog-missing",
            f"找不到目录文件 {shown}",
            hint="检查 zone.yaml 中 catalog 的路径（相对于专区目录）；不写 catalog 时使用内置的标准目录",
        )
        return None, diags
    text = read_text(path, diags)
    if text is None:
        return None, diags
    text, fixes = lint_and_repair(text)
    for fix in fixes:
        diags.error(fix.kind, fix.message, fix.line, fix.column, fix.hint)
    parsed = parse_yaml(text)
    if isinstance(parsed, YamlError):
        diags.error("yaml-syntax", parsed.message, parsed.line, parsed.column, parsed.hint)
        return None, diags
    catalog = _Reader(parsed, diags, shown).read()
    return (catalog if lenient or not diags.has_errors else None), diags


class _Reader:
    """Builds the Catalog from its YAML, reporting every problem with its line."""

    def __init__(self, doc: YamlDoc, diags: Diagnostics, shown: str) -> None:
        self.doc = doc
        self.diags = diags
        self.shown = shown

    def error(self, code: str, message: str, path: tuple, hint: str | None = None) -> None:
        line, col = self.doc.where(path)
        self.diags.error(code, message, line, col, hint)

    def bad_value(self, code: str, message: str, path: tuple, hint: str | None = None) -> None:
        """A problem with the value at path: pointed at the value, not its key."""
        line, col = self.doc.value_at(path)
        self.diags.error(code, message, line, col, hint)

    def warn_value(self, code: str, message: str, path: tuple, hint: str | None = None) -> None:
        line, col = self.doc.value_at(path)
        self.diags.warning(code, message, line, col, hint)

    def defaults(self, value: Any) -> Deadline | None:
        if value is None:
            return None
        if not isinstance(value, dict):
            self.bad_value(
                "catalog-format",
                "defaults 应为“键: 值”的组合",
                ("defaults",),
                "例如 defaults: {deadline: {workdays: 20}}",
            )
            return None
        self.keys(value, DEFAULTS, ("defaults",))
        return self.deadline(value.get("deadline"), ("defaults", "deadline"))

    def keys(self, value: dict, table: Table, path: tuple) -> None:
        table.read(value, path, self.doc.where, self.diags)

    def read(self) -> Catalog | None:
        data = self.doc.data
        if not isinstance(data, dict):
            self.error("catalog-format", "目录文件应由 version、columns、domains 等键组成", ())
            return None
        self.keys(data, CATALOG, ())
        for path, line, col in self.doc.duplicates:
            self.diags.error("duplicate-key", f"键“{path[-1]}”重复出现", line, col, "删除重复的一项")
        if data.get("version", 1) != 1:
            self.bad_value(
                "catalog-version", f"不支持的目录版本 {data.get('version')}", ("version",), "目前只支持 version: 1"
            )
        columns = self.columns(data.get("columns"), ("columns",), None)
        if not columns:
            self.error(
                "catalog-columns", "目录中没有栏目（columns）", ("columns",), "至少需要一个栏目，例如政府信息公开指南"
            )
        self.column_types(columns)
        domain_column = next((c for c in columns if c.type == "domains"), None)
        domains = data.get("domains") or []
        if domain_column is not None:
            domain_column.children = self.domains(domains, domain_column)
        elif domains:
            self.error(
                "catalog-domains",
                "目录定义了领域（domains），但没有 type: domains 的栏目",
                ("domains",),
                "添加一个栏目：{id: domains, title: 基层政务公开标准目录, type: domains}",
            )
        fields = self.fields(data.get("fields"))
        default = self.defaults(data.get("defaults"))
        nodes: dict[str, Node] = {}
        for column in columns:
            for node in column.walk():
                nodes[node.path] = node
        return Catalog(columns, nodes, fields, default, self.shown)

    def ids(self, entries: list, path: tuple, what: str) -> list[str | None]:
        """Check sibling ids; returns the id each entry is filed under (None: not at all).

        An id that breaks the rules is filed under its fix (Notices → notices), and a duplicate
        is left out, so that the records are not reported a second time for the catalog's fault.
        """
        seen: set[str] = set()
        usable: list[str | None] = []
        for index, entry in enumerate(entries):
            ident = entry.get("id") if isinstance(entry, dict) else None
            where = (*path, index, "id")
            filed: str | None = None
            if ident is not None and ident != "" and not isinstance(ident, str):
                filed = self.typed_id(ident, where, seen)
            elif not isinstance(ident, str) or not ident:
                self.error(
                    "catalog-id",
                    f"{what}缺少 id",
                    (*path, index),
                    "每项都要有 id：小写英文字母、数字和连字符，例如 social-assistance",
                )
            elif not SLUG.match(ident):
                slug = re.sub(r"[^a-z0-9]+", "-", ident.lower()).strip("-")
                hint = "id 只能用小写英文字母、数字和连字符 -（它是网址和 content 下的文件夹名）"
                hint += f"，例如 {slug}" if slug and SLUG.match(slug) else "，例如 social-assistance"
                self.bad_value("catalog-id", f"id“{ident}”不合规", where, hint)
                filed = slug if slug and SLUG.match(slug) and slug not in seen else None
            elif ident in seen:
                self.bad_value(
                    "catalog-id",
                    f"id“{ident}”与同级的另一项重复",
                    where,
                    "同一层级的 id 必须各不相同（id 是文件夹名和网址）",
                )
            else:
                filed = ident
            if filed:
                seen.add(filed)
            usable.append(filed)
        return usable

    def typed_id(self, ident: Any, where: tuple, seen: set[str]) -> str | None:
        """An id YAML read as a number or true/false (id: 2025): reported, filed under its text."""
        if not isinstance(ident, int | float):  # bool is an int
            hint = "id 只能用小写英文字母、数字和连字符，例如 social-assistance"
            self.bad_value("catalog-id", "id 应为一段文字", where, hint)
            return None
        shown = self.doc.raw.get(where, str(ident).lower())
        what = "true/false" if isinstance(ident, bool) else "数字"
        self.bad_value(
            "catalog-id",
            f"id“{shown}”被读成了{what}，不是文字",
            where,
            f"id 是小写英文字母、数字和连字符组成的文字：加英文引号写成 id: '{shown}'，或以字母开头，例如 id: y{shown}",
        )
        return shown if SLUG.match(shown) and shown not in seen else None

    def columns(self, value: Any, path: tuple, parent: Node | None) -> list[Node]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.error("catalog-format", "columns 应为列表（每项以 - 开头）", path)
            return []
        filed = self.ids(value, path, "栏目")
        nodes: list[Node] = []
        for index, entry in enumerate(value):
            where = (*path, index)
            if not isinstance(entry, dict):
                self.error("catalog-format", "栏目应为“键: 值”的组合", where)
                continue
            self.keys(entry, COLUMN, where)
            ident, title = filed[index] or str(entry.get("id") or ""), entry.get("title")
            if not title:
                self.error("catalog-title", f"栏目“{ident}”缺少 title", where, "请填写栏目名称")
            kind = entry.get("type", "list")
            if kind not in COLUMN_TYPES:
                self.bad_value(
                    "catalog-type", f"栏目类型“{kind}”无效", (*where, "type"), "可用的类型：" + "、".join(COLUMN_TYPES)
                )
            if parent is not None and kind in ("guide", "domains", "annual-reports"):
                self.bad_value("catalog-type", f"“{kind}”类型的栏目只能放在第一层", (*where, "type"))
            node = Node(
                ident,
                str(title or ident),
                "column",
                str(kind),
                f"{parent.path}/{ident}" if parent else ident,
                parent,
                description=str(entry.get("description") or ""),
            )
            if kind == "domains" and entry.get("children"):
                self.error(
                    "catalog-format",
                    "type: domains 的栏目不需要 children：它的子栏目就是 domains 中的领域",
                    (*where, "children"),
                )
            else:
                node.children = self.columns(entry.get("children"), (*where, "children"), node)
            if filed[index]:
                nodes.append(node)
        return nodes

    def column_types(self, columns: list[Node]) -> None:
        for kind in ("guide", "domains", "annual-reports"):
            if sum(1 for c in columns if c.type == kind) > 1:
                self.error("catalog-type", f"只能有一个“{kind}”类型的栏目", ("columns",))

    def domains(self, value: Any, column: Node) -> list[Node]:
        if not isinstance(value, list):
            self.error("catalog-format", "domains 应为列表（每项以 - 开头）", ("domains",))
            return []
        filed = self.ids(value, ("domains",), "领域")
        result = []
        for index, entry in enumerate(value):
            where = ("domains", index)
            if not isinstance(entry, dict):
                self.error("catalog-format", "领域应为“键: 值”的组合", where)
                continue
            self.keys(entry, DOMAIN, where)
            ident = filed[index] or str(entry.get("id") or "")
            if not entry.get("title"):
                self.error("catalog-title", f"领域“{ident}”缺少 title", where)
            domain = Node(
                ident,
                str(entry.get("title") or ident),
                "domain",
                "domain",
                f"{column.path}/{ident}",
                column,
                description=str(entry.get("description") or ""),
            )
            source = read_source(self, entry.get("source"), where, Source())
            items = entry.get("items") or []
            if not isinstance(items, list):
                self.error("catalog-format", "items 应为列表", (*where, "items"))
                items = []
            item_ids = self.ids(items, (*where, "items"), "公开事项")
            for number, raw in enumerate(items):
                if not isinstance(raw, dict):
                    self.error("catalog-format", "公开事项应为“键: 值”的组合", (*where, "items", number))
                    continue
                item = self.item(raw, (*where, "items", number), domain, item_ids[number] or "", source)
                if item_ids[number]:
                    domain.children.append(item)
            if filed[index]:
                result.append(domain)
        return result

    def item(self, raw: dict, where: tuple, domain: Node, ident: str, inherited: Source) -> Node:
        self.keys(raw, ITEM, where)
        if not raw.get("title"):
            self.error("catalog-title", f"公开事项“{ident}”缺少 title（二级事项）", where)

        def one_of(key: str, default: str = "") -> str:
            allowed = ITEM.by_key[key].values
            value = raw.get(key, default)
            if value in (None, ""):
                return default
            if value not in allowed:
                self.bad_value(
                    "catalog-enum",
                    f"{key}“{value}”无效",
                    (*where, key),
                    (did_you_mean(str(value), allowed, 0.3) or "") + "可选：" + "、".join(allowed),
                )
            return str(value)

        def many(key: str, strict: bool) -> tuple[str, ...]:
            allowed = ITEM.by_key[key].values
            value = raw.get(key) or []
            if isinstance(value, str):
                value = [v for v in re.split(r"[、,，]\s*", value) if v]
            if not isinstance(value, list):
                self.bad_value("catalog-format", f"{key} 应为列表", (*where, key))
                return ()
            bad = False
            for index, entry in enumerate(value):
                if entry not in allowed:
                    line, col = self.doc.where((*where, key, index))
                    report = self.diags.error if strict else self.diags.warning
                    report(
                        "catalog-enum",
                        f"{key} 中的“{entry}”不在标准列表中",
                        line,
                        col,
                        (did_you_mean(str(entry), allowed, 0.3) or "") + "可选：" + "、".join(allowed),
                    )
                    bad = True
            # a strict list with an error is reported once; it is not also applied half-read
            return () if bad and strict else tuple(str(v) for v in value)

        deadline = self.deadline(raw.get("deadline"), (*where, "deadline"))
        publicity = self.deadline(raw.get("publicity"), (*where, "publicity"), "publicity")
        deadline_text = str(raw.get("deadline_text") or "")
        check_deadline_text(self, where, deadline_text, deadline, publicity)
        source = read_source(self, raw.get("source"), where, inherited)
        check_unsourced(self, raw, where, source)
        info = ItemInfo(
            group=str(raw.get("group") or ""),
            content=str(raw.get("content") or ""),
            basis=str(raw.get("basis") or ""),
            deadline_text=deadline_text,
            deadline=deadline,
            refresh=one_of("refresh") or None,
            subject=str(raw.get("subject") or ""),
            channels=many("channels", strict=False),
            audience=one_of("audience"),
            mode=one_of("mode", "主动"),
            levels=many("levels", strict=True),
            category=one_of("category"),
            publicity=publicity,
            aliases=self.aliases(raw.get("aliases"), (*where, "aliases")),
            source=source,
        )
        return Node(
            ident,
            str(raw.get("title") or ident),
            "item",
            "item",
            f"{domain.path}/{ident}",
            domain,
            description=str(raw.get("description") or ""),
            item=info,
        )

    def aliases(self, value: Any, where: tuple) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            value = [v for v in re.split(r"[、,，]\s*", value) if v]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.bad_value("catalog-format", "aliases 应为文字的列表", where, "例如 aliases: [低保, 最低生活保障]")
            return ()
        return tuple(dict.fromkeys(v.strip() for v in value))

    def deadline(self, value: Any, where: tuple, key: str = "deadline") -> Deadline | None:
        if value is None:
            return None
        amount_of = "天数" if key == "deadline" else "公示天数"
        hint = (
            "写成 {workdays: 20}（工作日）或 {days: 20}（自然日）；无法计算时省略"
            if key == "deadline"
            else "写成 {workdays: 7}（公示7个工作日）或 {days: 7}（公示7日）；公开时限没有写公示期时省略"
        )
        if not isinstance(value, dict) or len(value) != 1:
            shown = value if not isinstance(value, dict) else ", ".join(f"{k}: {v}" for k, v in value.items())
            self.bad_value("catalog-deadline", f"{key}“{shown}”格式无效", where, hint)
            return None
        ((unit, amount),) = value.items()
        if unit not in ("workdays", "days"):
            guess = did_you_mean(str(unit), ("workdays", "days"))
            self.bad_value("catalog-deadline", f"{key} 的单位“{unit}”无效", where, (guess or "") + hint)
            return None
        if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
            self.bad_value("catalog-deadline", f"{key} 的{amount_of}“{amount}”应为正整数", where, hint)
            return None
        return Deadline(amount, unit)

    def fields(self, value: Any) -> list[FieldSpec]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.error("catalog-format", "fields 应为列表", ("fields",))
            return []
        from zonegen.fields import CORE_KEYS, CORE_LABELS
        from zonegen.records import RESERVED_NAMES

        specs: list[FieldSpec] = []
        declared: set[str] = set()
        for index, entry in enumerate(value):
            where = ("fields", index)
            if not isinstance(entry, dict):
                self.error("catalog-format", "字段应为“键: 值”的组合", where)
                continue
            self.keys(entry, FIELD, where)
            key, label = str(entry.get("key") or ""), str(entry.get("label") or "")
            kind = entry.get("type", "string")
            if not FIELD_KEY.match(key):
                self.bad_value(
                    "catalog-field",
                    f"字段键“{key}”不合规",
                    (*where, "key"),
                    "用小写英文字母、数字和下划线，例如 region_code",
                )
                continue
            if key in RESERVED_NAMES and key not in CORE_KEYS:
                self.bad_value(
                    "catalog-field",
                    f"字段键“{key}”是 zonegen 内部使用的名称，不能用作字段",
                    (*where, "key"),
                    f"换一个键名，例如 county_{key}（file、node、text、html 等名称由 zonegen 保留）",
                )
                continue
            if key in CORE_KEYS or label in CORE_LABELS:
                self.bad_value(
                    "catalog-field",
                    f"字段“{key}”（{label}）与内置字段重名",
                    (*where, "key"),
                    "换一个键名和标签；内置字段（title、index_no 等）不需要在 fields 中声明",
                )
                continue
            if key in declared:
                self.bad_value(
                    "catalog-field", f"字段“{key}”重复声明", (*where, "key"), "每个字段只声明一次；删除多余的一项"
                )
                continue
            declared.add(key)
            if kind not in FIELD_TYPES:
                self.bad_value(
                    "catalog-field", f"字段类型“{kind}”无效", (*where, "type"), "可选：" + "、".join(FIELD_TYPES)
                )
                kind = "string"  # reported once here; the records that use it are still read
            values = entry.get("values") or []
            if kind == "enum" and not values:
                self.error("catalog-field", f"枚举字段“{key}”缺少 values", where, "例如 values: [甲, 乙]")
            specs.append(
                FieldSpec(key, label or key, str(kind), bool(entry.get("required")), tuple(str(v) for v in values))
            )
        return specs
