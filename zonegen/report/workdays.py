"""Chinese working days: chinese-calendar for the years it knows, zone.yaml `calendar` on top."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import chinese_calendar


class UnknownYear(Exception):
    """A date in a year neither chinese-calendar nor the zone's calendar knows."""

    def __init__(self, year: int) -> None:
        super().__init__(year)
        self.year = year


@lru_cache(maxsize=64)
def _builtin_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


class WorkCalendar:
    """Which days are working days; zone overrides win over the built-in calendar.

    A year the built-in calendar does not know is usable only when the zone lists some
    holiday or adjusted workday in it: then weekends are off and the listed days apply.
    Guessing a year's holidays silently would misstate deadlines.
    """

    def __init__(self, holidays: frozenset[dt.date] = frozenset(), workdays: frozenset[dt.date] = frozenset()) -> None:
        self.holidays, self.workdays = holidays, workdays
        self.zone_years = {d.year for d in holidays | workdays}

    def is_workday(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        if _builtin_knows(day.year):
            return chinese_calendar.is_workday(day)
        if day.year in self.zone_years:
            return day.weekday() < 5
        raise UnknownYear(day.year)

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
