"""The national annual-report format (国办公开办函〔2021〕30号) as data: labels, keys and shape.

Every label here is what the national tables print; readers and evaluators look for them
verbatim, so they are never paraphrased.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from zonegen.schema import Key, Table

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


RESULT_GROUPS: tuple[Group, ...] = (
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


def _result_leaves() -> tuple[Leaf, ...]:
    leaves: list[Leaf] = []
    for group in RESULT_GROUPS:
        leaves.extend(group.reasons or (Leaf(("results", group.key), group.label),))
    return tuple(leaves)


NEW = Leaf(("new",), "一、本年新收政府信息公开申请数量")
CARRIED_OVER = Leaf(("carried_over",), "二、上年结转政府信息公开申请数量")
RESULTS_LABEL = "三、本年度办理结果"
RESULTS_TOTAL_LABEL = "（七）总计"
CARRIED_FORWARD = Leaf(("carried_forward",), "四、结转下年度继续办理")
RESULT_LEAVES = _result_leaves()  # the 24 outcome rows, in table order
LEAVES = (NEW, CARRIED_OVER, *RESULT_LEAVES, CARRIED_FORWARD)  # every row a clerk writes
LEAF_BY_PATH = {leaf.path: leaf for leaf in LEAVES}
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

# Section 二: 第二十条 rows and their columns.
DOC_COUNTS: tuple[tuple[str, str], ...] = (
    ("issued", "本年制发件数"),
    ("repealed", "本年废止件数"),
    ("in_force", "现行有效件数"),
)
DOC_COUNT_KEYS = tuple(key for key, _ in DOC_COUNTS)
DOC_COUNT_ALIASES = {label: key for key, label in DOC_COUNTS}
DOC_ROWS: tuple[tuple[str, str], ...] = (("rules", "规章"), ("normative", "行政规范性文件"))
DECISION_ROWS: tuple[tuple[str, str], ...] = (
    ("licensing", "行政许可"),
    ("penalties", "行政处罚"),
    ("enforcement", "行政强制"),
)
FEES = ("fees", "行政事业性收费")
PROACTIVE_KEYS = (*(k for k, _ in DOC_ROWS), *(k for k, _ in DECISION_ROWS), FEES[0])
PROACTIVE_LABELS = {**dict(DOC_ROWS), **dict(DECISION_ROWS), FEES[0]: FEES[1]}

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


# ---------------------------------------------------------------- the keys of each map, for checking
# One Table per map a clerk writes; figures.py reads through them, so unknown keys, nameless keys
# and a key written twice (as key and as label) are reported by the one mechanism in zonegen.schema.

_TOTAL = Key("total", TOTAL_LABEL, aliases=(TOTAL_LABEL,))


def _table(where: str, pairs: Iterable[tuple[str, str]], *, labels: bool = True, total: Key | None = None) -> Table:
    keys = [Key(key, label) for key, label in pairs]
    return Table(where, [*keys, *((total,) if total else ())], labels=labels, code="report-key")


PROACTIVE_TABLE = _table("主动公开情况（proactive）", PROACTIVE_LABELS.items())
DOC_COUNT_TABLE = _table("", DOC_COUNTS)  # named per row in messages
APPLICATIONS_TABLE = _table(
    "申请情况（applications）",
    (
        (NEW.path[0], NEW.label),
        (CARRIED_OVER.path[0], CARRIED_OVER.label),
        ("results", RESULTS_LABEL),
        (CARRIED_FORWARD.path[0], CARRIED_FORWARD.label),
    ),
    labels=False,
)
RESULTS_TABLE = _table(
    "本年度办理结果（results）",
    ((g.key, g.label) for g in RESULT_GROUPS),
    labels=False,
    total=Key("total", TOTAL_LABEL, aliases=(TOTAL_LABEL, RESULTS_TOTAL_LABEL)),
)
REASON_TABLES = {
    g.key: _table("", ((r.path[-1], r.label) for r in g.reasons), labels=False, total=_TOTAL)
    for g in RESULT_GROUPS
    if g.reasons
}
COLUMNS_TABLE = _table("", COLUMNS, total=_TOTAL)
APPEALS_TABLE = _table("复议诉讼情况（appeals）", APPEAL_GROUPS)
OUTCOMES_TABLE = _table("", APPEAL_OUTCOMES, total=_TOTAL)
