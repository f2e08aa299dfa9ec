"""What every audit rule reads: the loaded zone as of one day, its calendar and deadlines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from zonegen.audit.model import RULES, Finding
from zonegen.calendar import UnknownDay, WorkCalendar, unknown_day_hint, zone_calendar
from zonegen.catalog import Deadline, Node
from zonegen.diagnostics import Diagnostic
from zonegen.load import LoadedZone
from zonegen.records import Record
from zonegen.site import Site, plan, record_url

STATUTE_DEADLINE = Deadline(20, "workdays")
STATUTE_BASIS = "条例第二十六条：自该政府信息形成或者变更之日起20个工作日内及时公开"


@dataclass
class Context:
    """The zone as published on as_of, and the helpers the rules share."""

    loaded: LoadedZone
    as_of: dt.date
    diagnostics: list[Diagnostic] = field(default_factory=list)  # what `check` found
    site_dir: Path | None = None  # a built site to check against (expiry)
    unknown_years: set[int] = field(default_factory=set)

    @cached_property
    def calendar(self) -> WorkCalendar:
        return zone_calendar(self.loaded.zone)

    @cached_property
    def site(self) -> Site:
        """The site a build on as_of would write: what a visitor can open."""
        return plan(self.loaded, self.as_of)

    @cached_property
    def records(self) -> list[Record]:
        """主动公开 records already published on as_of, in file order."""
        return sorted((r for r in self.loaded.records if r.is_public and r.published <= self.as_of), key=_by_file)

    @cached_property
    def by_index_no(self) -> dict[str, Record]:
        return {r.index_no: r for r in self.loaded.records if r.is_public}

    def node(self, record: Record) -> Node | None:
        return self.loaded.catalog.nodes.get(record.node)

    def url(self, record: Record) -> str | None:
        """The record's page in the online zone, when a build on as_of publishes it."""
        if not record.published_on(self.as_of) or not self.loaded.zone.base_url:
            return None
        return self.loaded.zone.base_url + record_url(record)

    def node_url(self, node: Node) -> str | None:
        from zonegen.site import node_url

        return self.loaded.zone.base_url + node_url(node) if self.loaded.zone.base_url else None

    @property
    def from_next_day(self) -> bool:
        return self.loaded.zone.rules.count_from_next_day

    def due(self, start: dt.date, rule: Deadline) -> dt.date:
        """start + rule in this zone's calendar; raises UnknownDay."""
        return self.calendar.due(start, rule, self.from_next_day)

    def default_deadline(self) -> tuple[Deadline, str]:
        """The catalog's `defaults.deadline`, else 条例 第二十六条's 20 working days."""
        rule = self.loaded.catalog.default_deadline
        if rule is not None:
            return rule, f"目录 defaults.deadline：{rule.describe()}内公开（{self.loaded.catalog.source}）"
        return STATUTE_DEADLINE, STATUTE_BASIS

    def unknown(
        self,
        exc: UnknownDay,
        rule: str,
        record: Record | None = None,
        node: str | None = None,
        file: str | None = None,
        line: int | None = None,
    ) -> list[Finding]:
        """One warning per unknown year and rule: a deadline that cannot be computed is said so."""
        key = exc.year * 100 + _RULE_NUMBERS.get(rule, 0)
        if key in self.unknown_years:
            return []
        self.unknown_years.add(key)
        return [
            Finding(
                rule,
                "warning",
                "calendar-unknown",
                f"无法计算期限：不知道 {exc.day} 所在的 {exc.year} 年的节假日安排，{exc.year} 年的相关期限均未检查",
                "工作日按国务院办公厅公布的节假日安排计算（chinese-calendar 与 zone.yaml calendar）",
                unknown_day_hint(exc.year),
                file=record.file if record else file,
                line=record.line_of("published") if record else line,
                index_no=record.index_no if record else None,
                node=record.node if record else node,
                title=record.title if record else "",
            )
        ]


_RULE_NUMBERS = {name: number for number, name in enumerate(RULES, 1)}


def _by_file(record: Record) -> tuple[str, str]:
    return (record.file, record.index_no)


def workdays_late(ctx: Context, due: dt.date, on: dt.date) -> str:
    """“晚了 N 个工作日” for a clerk; calendar days when a day between is unknown."""
    try:
        late = ctx.calendar.workdays_between(due + dt.timedelta(days=1), on)
    except UnknownDay:
        return f"晚了 {(on - due).days} 天"
    return f"晚了 {late} 个工作日" if late else f"晚了 {(on - due).days} 天（均为节假日）"
