"""A report's resolved figures: what was written, filled in with what the zone computes.

Totals are never stored: every 总计 is computed here from its parts.
"""

from __future__ import annotations

from dataclasses import dataclass

from zonegen.records import Record
from zonegen.report import schema as S
from zonegen.report.figures import Figures, Path
from zonegen.report.sections import Body, split_body

Rows = dict[Path, dict[str, int]]
Number = int | float


def format_amount(value: float) -> str:
    """Money as a clerk writes it: 0, 12.5, 3.25 — no float noise, at most 4 decimals."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text or "0"


@dataclass
class Report:
    """One year's report, every figure resolved, in its year's national layout."""

    year: int
    layout: S.Layout
    record: Record
    figures: Figures
    proactive: dict[str, dict[str, Number]]  # section 二: row key → measure key → value
    rows: Rows  # every section 三 leaf of the layout → column → count
    appeals: dict[str, dict[str, int]]
    normative_computed: dict[str, int]
    csv_rows: Rows | None  # section 三 computed from data/applications.csv, when it covers the year
    body: Body

    def row(self, leaf: S.Leaf) -> dict[str, int]:
        return self.rows[leaf.path]

    def results_total(self) -> dict[str, int]:
        """（七）总计, per column: the sum of every outcome row."""
        return {c: sum(self.rows[leaf.path][c] for leaf in self.layout.result_leaves) for c in S.COLUMN_KEYS}

    def appeal_total(self, group: str) -> int:
        return sum(self.appeals[group].values())

    @property
    def received(self) -> int:
        """本年新收, all applicants."""
        return sum(self.rows[S.NEW.path].values())

    def outcome_totals(self) -> dict[str, int]:
        """Per result group （一）–（六）, all applicants: for the column chart."""
        totals: dict[str, int] = {}
        for group in self.layout.groups:
            leaves = group.reasons or (S.Leaf(("results", group.key), group.label),)
            totals[group.key] = sum(sum(self.rows[leaf.path].values()) for leaf in leaves)
        return totals


def resolve(record: Record, figures: Figures, normative_computed: dict[str, int], csv_rows: Rows | None) -> Report:
    """Fill what the clerk left out: computed figures where the zone knows them, zero elsewhere."""
    layout = figures.layout
    proactive: dict[str, dict[str, Number]] = {}
    for item in layout.items:
        for key, _label in item.rows:
            written = figures.proactive.get(key, {})
            computed = normative_computed if key in layout.computed else {}
            proactive[key] = {
                m.key: written.get(m.key, computed.get(m.key, 0.0 if m.kind == "amount" else 0)) for m in item.measures
            }
    if csv_rows is not None:
        rows = {path: dict(columns) for path, columns in csv_rows.items()}
    else:
        zero = dict.fromkeys(S.COLUMN_KEYS, 0)
        rows = {leaf.path: dict(figures.rows.get(leaf.path, zero)) for leaf in layout.leaves}
    appeals = {
        key: dict(figures.appeals.get(key, dict.fromkeys(S.APPEAL_OUTCOME_KEYS, 0))) for key, _ in S.APPEAL_GROUPS
    }
    return Report(
        year=figures.year,
        layout=layout,
        record=record,
        figures=figures,
        proactive=proactive,
        rows=rows,
        appeals=appeals,
        normative_computed=normative_computed,
        csv_rows=csv_rows,
        body=split_body(record.html),
    )
