"""Chinese working days: the holidays and 调休 days of chinese-calendar, and a zone's own years."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zonegen.calendar import UnknownDay, WorkCalendar, builtin_knows
from zonegen.catalog import Deadline

D = dt.date
CAL = WorkCalendar()


def test_the_installed_calendar_knows_2026() -> None:
    assert builtin_knows(2026)  # pyproject requires chinese-calendar>=1.11


def test_spring_festival_2026() -> None:
    # 02-15..02-23 off; Saturday 02-14 and Saturday 02-28 are 调休 working days.
    assert CAL.add_workdays(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert CAL.add_workdays(D(2026, 2, 14), 1) == D(2026, 2, 24)
    assert CAL.add_workdays(D(2026, 2, 12), 3) == D(2026, 2, 24)


def test_national_day_2026() -> None:
    # 10-01..10-07 off; Sunday 09-20 and Saturday 10-10 are working days.
    assert CAL.add_workdays(D(2026, 9, 29), 3) == D(2026, 10, 9)
    assert CAL.add_workdays(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert CAL.add_workdays(D(2026, 10, 9), 1) == D(2026, 10, 10)


def test_new_year_2026() -> None:
    # 01-01..01-03 off; Sunday 01-04 is a working day.
    assert CAL.add_workdays(D(2025, 12, 31), 1) == D(2026, 1, 4)
    assert [CAL.is_workday(D(2026, 1, d)) for d in (1, 2, 3, 4)] == [False, False, False, True]


def test_weekend_workday_counts() -> None:
    assert CAL.is_workday(D(2026, 9, 20))
    assert CAL.add_workdays(D(2026, 9, 18), 3) == D(2026, 9, 22)
    without = WorkCalendar(holidays=frozenset({D(2026, 9, 20)}))  # as if the Sunday were off
    assert without.add_workdays(D(2026, 9, 18), 3) == D(2026, 9, 23)


def test_start_day_counts_only_when_asked() -> None:
    assert CAL.add_workdays(D(2026, 3, 2), 1) == D(2026, 3, 3)
    assert CAL.add_workdays(D(2026, 3, 2), 1, from_next_day=False) == D(2026, 3, 2)
    assert CAL.due(D(2026, 3, 10), Deadline(20, "days")) == D(2026, 3, 30)
    assert CAL.due(D(2026, 3, 10), Deadline(20, "days"), from_next_day=False) == D(2026, 3, 29)


def test_a_year_nobody_knows_is_never_guessed() -> None:
    with pytest.raises(UnknownDay) as raised:
        CAL.add_workdays(D(2026, 12, 20), 20)
    assert raised.value.day == D(2027, 1, 1)


def test_listing_some_days_of_a_year_does_not_make_it_known() -> None:
    partial = WorkCalendar(holidays=frozenset({D(2027, 1, 1)}), workdays=frozenset({D(2027, 2, 6)}))
    assert not partial.is_workday(D(2027, 1, 1))
    assert partial.is_workday(D(2027, 2, 6))
    with pytest.raises(UnknownDay):
        partial.is_workday(D(2027, 1, 4))
    whole = WorkCalendar(holidays=frozenset({D(2027, 1, 1)}), years=frozenset({2027}))
    assert whole.add_workdays(D(2026, 12, 31), 1) == D(2027, 1, 4)


def test_zone_days_win_over_the_builtin_calendar() -> None:
    local = WorkCalendar(holidays=frozenset({D(2026, 3, 3)}))  # a local holiday
    assert local.add_workdays(D(2026, 3, 2), 1) == D(2026, 3, 4)


@settings(deadline=None)  # a shared CI machine must not turn a slow example into a failure
@given(
    start=st.dates(D(2024, 1, 1), D(2026, 10, 31)),
    count=st.integers(1, 40),
    extra=st.dates(D(2024, 1, 1), D(2026, 12, 31)),
)
def test_adding_a_holiday_never_moves_a_deadline_earlier(start: dt.date, count: int, extra: dt.date) -> None:
    before = WorkCalendar().add_workdays(start, count)
    after = WorkCalendar(holidays=frozenset({extra})).add_workdays(start, count)
    assert after >= before
    assert after == before or start < extra <= after
