"""The national annual-report formats as data: labels, keys and shape of each layout.

Two layouts are in use. Reports for 2019 and 2020 follow the trial format that came with the
revised 条例 (国办公开办函〔2019〕60号); from 2021 on, the revised format (国办公开办函〔2021〕30号).
Sections 一–六, the columns of section 三 and section 四 are the same in both; they differ in
section 二 (第二十条 items and their columns) and in （六）其他处理, which 2021 splits in three.
Sources for every label: docs/annual-reports.md.

Every label here is what the national tables print; readers and evaluators look for them
verbatim, so they are never paraphrased.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

# 申请人情况: the six data columns of section 三 (总计 is computed, never a key).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("natural", "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("nonprofit", "社会公益组织"),
    ("legal", "法律服务机构"),
    ("other_org", "其他"),
)
COLUMN_KEYS = tuple(key for key, _ in COLUMNS)
COLUMN_LABELS = dict(COLUMNS)
# Chinese labels a clerk may write instead of the keys; 其他 alone is ambiguous in prose but
# not in this table, where it only ever means 法人或其他组织—其他.
COLUMN_ALIASES = {label: key for key, label in COLUMNS}
TOTAL_LABEL = "总计"


@dataclass(frozen=True)
class Leaf:
    """One data row of section 三: its YAML path under `applications` and its national label."""

    path: tuple[str, ...]
    label: str

    @property
    def dotted(self) -> str:
        return ".".join(self.path)


@dataclass(frozen=True)
class Group:
    """A result group （一）–（六）: a row of its own when it has no reasons, a label otherwise."""

    key: str
    label: str
    reasons: tuple[Leaf, ...] = ()


_GROUPS_2021: tuple[Group, ...] = (
    Group("disclosed", "（一）予以公开"),
    Group("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    Group(
        "withheld",
        "（三）不予公开",
        tuple(
            Leaf(("results", "withheld", k), v)
            for k, v in (
                ("state_secret", "1.属于国家秘密"),
                ("prohibited", "2.其他法律行政法规禁止公开"),
                ("security_stability", "3.危及“三安全一稳定”"),
                ("third_party", "4.保护第三方合法权益"),
                ("internal_affairs", "5.属于三类内部事务信息"),
                ("process_info", "6.属于四类过程性信息"),
                ("enforcement_files", "7.属于行政执法案卷"),
                ("inquiry", "8.属于行政查询事项"),
            )
        ),
    ),
    Group(
        "unavailable",
        "（四）无法提供",
        tuple(
            Leaf(("results", "unavailable", k), v)
            for k, v in (
                ("not_held", "1.本机关不掌握相关政府信息"),
                ("needs_creation", "2.没有现成信息需要另行制作"),
                ("unclear", "3.补正后申请内容仍不明确"),
            )
        ),
    ),
    Group(
        "not_processed",
        "（五）不予处理",
        tuple(
            Leaf(("results", "not_processed", k), v)
            for k, v in (
                ("petition", "1.信访举报投诉类申请"),
                ("duplicate", "2.重复申请"),
                ("publication", "3.要求提供公开出版物"),
                ("excessive", "4.无正当理由大量反复申请"),
                ("confirmation", "5.要求行政机关确认或重新出具已获取信息"),
            )
        ),
    ),
    Group(
        "other",
        "（六）其他处理",
        tuple(
            Leaf(("results", "other", k), v)
            for k, v in (
                ("no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
                ("no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
                ("other", "3.其他"),
            )
        ),
    ),
)


# The 2019 format has the same groups; （六）其他处理 is one row there, with no reasons.
_OTHER_2019 = Group("other", "（六）其他处理")
_GROUPS_2019 = tuple(_OTHER_2019 if g.key == "other" else g for g in _GROUPS_2021)


NEW = Leaf(("new",), "一、本年新收政府信息公开申请数量")
CARRIED_OVER = Leaf(("carried_over",), "二、上年结转政府信息公开申请数量")
RESULTS_LABEL = "三、本年度办理结果"
RESULTS_TOTAL_LABEL = "（七）总计"
CARRIED_FORWARD = Leaf(("carried_forward",), "四、结转下年度继续办理")
BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANT_HEADER = "申请人情况"
ORG_HEADER = "法人或其他组织"

# Section 四: three groups of four outcomes each, plus a computed 总计 per group (15 cells).
APPEAL_OUTCOMES: tuple[tuple[str, str], ...] = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
)
APPEAL_OUTCOME_KEYS = tuple(key for key, _ in APPEAL_OUTCOMES)
APPEAL_ALIASES = {label: key for key, label in APPEAL_OUTCOMES}
APPEAL_GROUPS: tuple[tuple[str, str], ...] = (
    ("review", "行政复议"),
    ("lawsuit", "未经复议直接起诉"),
    ("lawsuit_after_review", "复议后起诉"),
)
APPEAL_GROUP_LABELS = dict(APPEAL_GROUPS)
LAWSUIT_LABEL = "行政诉讼"

# Section 二: the 第二十条 items, each a small table of rows (信息内容) by measures (columns).


@dataclass(frozen=True)
class Measure:
    """One column of a section 二 table: `count` (whole, ≥ 0), `change` (whole, may be < 0), `amount`."""

    key: str
    label: str
    kind: str = "count"


@dataclass(frozen=True)
class Item:
    """One 第二十条 item of section 二; a row with a single measure is written as one number."""

    item: str  # （一）, （五）…: the 第二十条 item it reports
    measures: tuple[Measure, ...]
    rows: tuple[tuple[str, str], ...]  # key, national label

    @property
    def scalar(self) -> bool:
        return len(self.measures) == 1


_DECISIONS_2021 = (Measure("decisions", "本年处理决定数量"),)
_ITEMS_2021 = (
    Item(
        "（一）",
        (Measure("issued", "本年制发件数"), Measure("repealed", "本年废止件数"), Measure("in_force", "现行有效件数")),
        (("rules", "规章"), ("normative", "行政规范性文件")),
    ),
    Item("（五）", _DECISIONS_2021, (("licensing", "行政许可"),)),
    Item("（六）", _DECISIONS_2021, (("penalties", "行政处罚"), ("enforcement", "行政强制"))),
    Item("（八）", (Measure("amount", "本年收费金额（单位：万元）", "amount"),), (("fees", "行政事业性收费"),)),
)
_PROJECTS_2019 = (Measure("last_year", "上一年项目数量"), Measure("change", "本年增/减", "change"))
_ITEMS_2019 = (
    Item(
        "（一）",
        (
            Measure("made", "本年新制作数量"),
            Measure("published", "本年新公开数量"),
            Measure("public_total", "对外公开总数量"),
        ),
        (("rules", "规章"), ("normative", "规范性文件")),
    ),
    Item(
        "（五）",
        (*_PROJECTS_2019, Measure("decisions", "处理决定数量")),
        (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")),
    ),
    Item(
        "（六）",
        (*_PROJECTS_2019, Measure("decisions", "处理决定数量")),
        (("penalties", "行政处罚"), ("enforcement", "行政强制")),
    ),
    Item("（八）", _PROJECTS_2019, (("fees", "行政事业性收费"),)),
    # The format prints no unit for 采购总金额; the amount is shown as the clerk wrote it.
    Item(
        "（九）",
        (Measure("projects", "采购项目数量"), Measure("amount", "采购总金额", "amount")),
        (("procurement", "政府集中采购"),),
    ),
)


@dataclass(frozen=True)
class Layout:
    """One national format: what its tables hold and how a clerk writes them."""

    key: str  # "2019" | "2021"
    name: str  # the issuing document's number
    title: str  # the format's own title
    short: str  # how messages name it
    items: tuple[Item, ...]
    groups: tuple[Group, ...]
    computed: tuple[str, ...]  # section 二 rows computed from the zone's records when not written

    @cached_property
    def result_leaves(self) -> tuple[Leaf, ...]:
        """The outcome rows of section 三, in table order."""
        leaves: list[Leaf] = []
        for group in self.groups:
            leaves.extend(group.reasons or (Leaf(("results", group.key), group.label),))
        return tuple(leaves)

    @cached_property
    def leaves(self) -> tuple[Leaf, ...]:
        """Every section 三 row a clerk writes."""
        return (NEW, CARRIED_OVER, *self.result_leaves, CARRIED_FORWARD)

    def leaf(self, path: tuple[str, ...]) -> Leaf | None:
        return next((leaf for leaf in self.leaves if leaf.path == path), None)

    def fold(self, path: tuple[str, ...]) -> tuple[str, ...]:
        """The row of this layout that holds a 2021 outcome: 2019 counts （六）'s three reasons as one."""
        while len(path) > 1 and self.leaf(path) is None:
            path = path[:-1]
        return path

    def group(self, key: str) -> Group | None:
        return next((g for g in self.groups if g.key == key), None)

    def row(self, key: str) -> tuple[Item, str] | None:
        """The section 二 item holding a row, and the row's label."""
        for item in self.items:
            for row_key, label in item.rows:
                if row_key == key:
                    return item, label
        return None

    def item_of(self, key: str) -> Item:
        """The item of a section 二 row key of this layout."""
        found = self.row(key)
        if found is None:
            raise KeyError(key)
        return found[0]

    def label(self, key: str) -> str:
        found = self.row(key)
        return found[1] if found is not None else key

    @cached_property
    def row_keys(self) -> tuple[str, ...]:
        return tuple(key for item in self.items for key, _ in item.rows)


LAYOUT_2019 = Layout(
    "2019",
    "国办公开办函〔2019〕60号",
    "中华人民共和国政府信息公开工作年度报告格式（试行）",
    "2019 年格式",
    _ITEMS_2019,
    _GROUPS_2019,
    (),
)
LAYOUT_2021 = Layout(
    "2021",
    "国办公开办函〔2021〕30号",
    "中华人民共和国政府信息公开工作年度报告格式",
    "2021 年格式",
    _ITEMS_2021,
    _GROUPS_2021,
    ("normative",),
)
# Columns of the two layouts that count the same thing, for hints that map one to the other.
EQUIVALENT_MEASURES = (("made", "issued"), ("decisions", "decisions"))
FIRST_YEAR = 2019  # the first year with a national format (reports on 2019, under the revised 条例)


def layout_for(year: int) -> Layout:
    """Reports on 2019 and 2020 use the 2019 format; from 2021 on, the 2021 format."""
    return LAYOUT_2021 if year >= 2021 else LAYOUT_2019


def other_layout(layout: Layout) -> Layout:
    return LAYOUT_2019 if layout is LAYOUT_2021 else LAYOUT_2021


# The six sections, in order; 二–四 are tables made from data, 一、五、六 prose from the body.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("一", "一、总体情况"),
    ("二", "二、主动公开政府信息情况"),
    ("三", "三、收到和处理政府信息公开申请情况"),
    ("四", "四、政府信息公开行政复议、行政诉讼情况"),
    ("五", "五、存在的主要问题及改进情况"),
    ("六", "六、其他需要报告的事项"),
)
PROSE_SECTIONS = ("一", "五", "六")
