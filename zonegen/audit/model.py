"""What an audit finds: one finding per problem, each naming its rule, place, due date and basis."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]

# Rule ids (contract, Audit) in report order, with the names a clerk reads.
RULES = {
    "timeliness": "发布时限",
    "coverage": "事项覆盖",
    "blank-column": "空白栏目",
    "freshness": "更新频率",
    "interpretation": "政策解读",
    "annual-report": "年度报告",
    "expiry": "公示期",
    "applications": "依申请公开",
}
SEVERITY_LABEL = {"error": "错误", "warning": "警告"}


@dataclass(frozen=True)
class Finding:
    """One problem an inspector would mark down, and what it rests on."""

    rule: str
    severity: Severity
    code: str  # what exactly: late, missing, stale, calendar-unknown, …
    message: str
    basis: str  # the article or catalog rule the finding rests on
    hint: str | None = None
    file: str | None = None
    line: int | None = None
    index_no: str | None = None
    node: str | None = None
    title: str = ""  # the record's or node's title
    due: dt.date | None = None  # the last day allowed
    on: dt.date | None = None  # what happened on which day (published, replied); None: not yet
    url: str | None = None  # the page in the online zone, when there is one

    def sort_key(self) -> tuple[Any, ...]:
        return (list(RULES).index(self.rule), self.file or "", self.line or 0, self.node or "", self.code, self.message)

    def where(self) -> str:
        if self.file:
            return f"{self.file}:{self.line}" if self.line else self.file
        return self.node or "专区"

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "code": self.code,
            "file": self.file,
            "line": self.line,
            "index_no": self.index_no,
            "node": self.node,
            "title": self.title,
            "due": self.due.isoformat() if self.due else None,
            "date": self.on.isoformat() if self.on else None,
            "basis": self.basis,
            "message": self.message,
            "hint": self.hint,
            "url": self.url,
        }


@dataclass
class Stats:
    """Counts of the records published as of the audit date (seed 003's 自评报告 figures)."""

    records: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    by_domain: dict[str, int] = field(default_factory=dict)
    by_month: dict[str, int] = field(default_factory=dict)
    by_domain_month: dict[str, dict[str, int]] = field(default_factory=dict)
    blank_columns: int = 0
    openable_columns: int = 0


@dataclass
class Audit:
    """The whole result: the date it speaks for, the findings in report order, the statistics."""

    as_of: dt.date
    zone_name: str
    findings: list[Finding]
    stats: Stats
    check_errors: int = 0  # errors `zonegen check` reports: the audit may be incomplete
    check_warnings: int = 0

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)

    def by_rule(self) -> dict[str, int]:
        counts = dict.fromkeys(RULES, 0)
        for finding in self.findings:
            counts[finding.rule] += 1
        return counts

    def exit_code(self, strict: bool) -> int:
        """Contract: 0 no findings, 1 findings of severity error (--strict: any)."""
        return 1 if self.errors or (strict and self.findings) else 0


def about(record: Any, key: str = "published") -> dict[str, Any]:
    """The Finding fields that say which record a finding is about, pointing at the line of `key`."""
    return {
        "file": record.file,
        "line": record.line_of(key),
        "index_no": record.index_no,
        "node": record.node,
        "title": record.title,
    }
