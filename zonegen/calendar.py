"""Chinese working days: chinese-calendar for the years it knows, zone.yaml `calendar` on top.

A day is known when the zone lists it (`holidays`, `workdays`), when chinese-calendar has
its year, or when the zone declares its year complete (`calendar.years`). Listing a few
days of a later year does not make the rest of that year known: guessing a year's holidays
would misstate every deadline in it, so such a day raises UnknownDay and the caller says so.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import chinese_calendar

from zonegen.catalog import Deadline
from zonegen.zone import ZoneConfig


class UnknownDay(Exception):
    """A day neither chinese-calendar nor the zone's calendar knows."""

    def __init__(self, day: dt.date) -> None:
        super().__init__(day)
        self.day = day

    @property
    def year(self) -> int:
        return self.day.year


@lru_cache(maxsize=64)
def builtin_knows(year: int) -> bool:
    """Whether the installed chinese-calendar has the holiday arrangements of a year."""
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


class WorkCalendar:
    """Which days are working days; the zone's days win over the built-in calendar."""

    def __init__(
        self,
        holidays: frozenset[dt.date] = frozenset(),
        workdays: frozenset[dt.date] = frozenset(),
        years: frozenset[int] = frozenset(),
    ) -> None:
        self.holidays, self.workdays, self.years = holidays, workdays, years

    def is_workday(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        if builtin_knows(day.year):
            return chinese_calendar.is_workday(day)
        if day.year in self.years:  # the zone listed every holiday and 调休 day of this year
            return day.weekday() < 5
        raise UnknownDay(day)

    def add_workdays(self, start: dt.date, count: int, from_next_day: bool = True) -> dt.date:
        """The count-th working day from start (the deadline day itself).

        With from_next_day the start day never counts (“自…之日起N个工作日”, the usual reading);
        otherwise a start day that is a working day is day 1.
        """
        day = start + dt.timedelta(days=1) if from_next_day else start
        counted = 0
        while True:
            if self.is_workday(day):
                counted += 1
                if counted >= count:
                    return day
            day += dt.timedelta(days=1)

    def workdays_between(self, first: dt.date, last: dt.date) -> int:
        """Working days in first..last, both included (0 when last is before first)."""
        count, day = 0, first
        while day <= last:
            count += self.is_workday(day)
            day += dt.timedelta(days=1)
        return count

    def due(self, start: dt.date, rule: Deadline, from_next_day: bool = True) -> dt.date:
        """The last day a catalog rule ({workdays: N} / {days: N}) allows, counted from start."""
        if rule.unit == "workdays":
            return self.add_workdays(start, rule.amount, from_next_day)
        return start + dt.timedelta(days=rule.amount if from_next_day else rule.amount - 1)


def zone_calendar(zone: ZoneConfig) -> WorkCalendar:
    """The working-day calendar of a zone: chinese-calendar with its zone.yaml `calendar` on top."""
    return WorkCalendar(zone.holidays, zone.workdays, zone.calendar_years)


def unknown_day_hint(year: int) -> str:
    """What a clerk does about a year the calendar does not know."""
    return (
        f"在 zone.yaml 的 calendar 中写明 {year} 年的全部节假日（holidays）和调休上班日（workdays），"
        f"并写上 years: [{year}]；或升级 chinese-calendar"
    )
