from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from expertteam.domain.workdays import (
    add_months,
    add_working_days,
    is_working_day,
    working_days_between,
)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 4, 3), True),    # Goede Vrijdag is not in the Algemene termijnenwet
        (date(2026, 4, 5), False),   # Eerste Paasdag (Sunday)
        (date(2026, 4, 6), False),   # Tweede Paasdag
        (date(2026, 4, 27), False),  # Koningsdag
        (date(2026, 5, 5), False),   # Bevrijdingsdag counts every year
        (date(2026, 5, 14), False),  # Hemelvaartsdag
        (date(2026, 5, 25), False),  # Tweede Pinksterdag
        (date(2026, 12, 25), False),
        (date(2026, 12, 26), False),  # Saturday and Tweede Kerstdag
        (date(2026, 12, 28), True),
        (date(2026, 11, 21), False),  # Saturday
    ],
)
def test_working_days_skip_weekends_and_public_holidays(day: date, expected: bool) -> None:
    assert is_working_day(day) is expected


def test_five_working_days_across_easter() -> None:
    # Thursday 2 April 2026: Fri 3, (weekend, Easter Monday 6), Tue 7, Wed 8, Thu 9, Fri 10.
    assert add_working_days(date(2026, 4, 2), 5) == date(2026, 4, 10)


def test_five_working_days_across_kings_day() -> None:
    # Friday 24 April 2026: Mon 27 is Koningsdag, so Tue 28 … Mon 4 May.
    assert add_working_days(date(2026, 4, 24), 5) == date(2026, 5, 4)


def test_five_working_days_across_christmas() -> None:
    # Wednesday 23 Dec 2026: Thu 24, (Fri 25 and Sat 26 holidays, weekend), Mon 28 … Thu 31.
    assert add_working_days(date(2026, 12, 23), 5) == date(2026, 12, 31)


def test_working_days_round_trip_and_zero() -> None:
    start = date(2026, 11, 20)
    assert add_working_days(start, 0) == start
    end = add_working_days(start, 12)
    assert working_days_between(start, end) == 12
    assert add_working_days(end, -12) == start
    assert working_days_between(end, start) == -12


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 11, 23), 3, date(2027, 2, 23)),
        (date(2026, 3, 15), 12, date(2027, 3, 15)),
    ],
)
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize("year", range(2010, 2041))
def test_termijnenwet_holidays_agree_with_the_holidays_calendar(year: int) -> None:
    """The `holidays` calendar minus Goede Vrijdag and the two Sundays, plus 5 May each year."""
    import holidays
    from dateutil.easter import easter

    from expertteam.domain.workdays import termijnenwet_holidays

    sunday = easter(year)
    expected = set(holidays.country_holidays("NL", years=year))
    expected -= {sunday - timedelta(days=2), sunday, sunday + timedelta(days=49)}
    expected.add(date(year, 5, 5))
    assert termijnenwet_holidays(year) == expected


def _counted_day_by_day(start: date, end: date) -> int:
    """The definition: every day after ``start`` up to and including ``end`` looked at."""
    if end < start:
        return -_counted_day_by_day(end, start)
    return sum(1 for offset in range(1, (end - start).days + 1)
               if is_working_day(start + timedelta(days=offset)))


_DAYS = st.dates(min_value=date(2012, 1, 1), max_value=date(2031, 12, 31))


@settings(max_examples=300, deadline=None)
@given(start=_DAYS, end=_DAYS)
def test_working_days_between_counts_as_day_by_day(start: date, end: date) -> None:
    assert working_days_between(start, end) == _counted_day_by_day(start, end)


@pytest.mark.parametrize(("start", "end"), [
    (date(2025, 12, 31), date(2026, 1, 1)),  # only Nieuwjaarsdag: none
    (date(2025, 12, 31), date(2026, 1, 2)),
    (date(2024, 2, 28), date(2024, 3, 1)),  # a leap day
    (date(2023, 12, 29), date(2027, 1, 4)),  # years crossed whole
    (date(2026, 11, 23), date(2026, 11, 23)),
])
def test_working_days_between_at_year_ends_and_leap_days(start: date, end: date) -> None:
    assert working_days_between(start, end) == _counted_day_by_day(start, end)
    assert working_days_between(end, start) == -_counted_day_by_day(start, end)


def _added_day_by_day(start: date, count: int) -> date:
    """The definition: step a day at a time, counting the working days passed."""
    step, day, remaining = (1 if count >= 0 else -1), start, abs(count)
    while remaining:
        day += timedelta(days=step)
        remaining -= is_working_day(day)
    return day


@settings(max_examples=300, deadline=None)
@given(start=_DAYS, count=st.integers(-400, 800))
def test_add_working_days_is_stepping_day_by_day(start: date, count: int) -> None:
    assert add_working_days(start, count) == _added_day_by_day(start, count)


@pytest.mark.parametrize(("start", "count"), [
    (date(2025, 12, 31), 1), (date(2026, 12, 24), 1), (date(2026, 12, 31), 1),
    (date(2024, 2, 28), 1), (date(2026, 1, 1), 253), (date(2026, 1, 1), 254),
    (date(2025, 6, 1), 600), (date(2026, 12, 27), -1), (date(2027, 1, 2), -3),
])
def test_add_working_days_at_year_ends(start: date, count: int) -> None:
    assert add_working_days(start, count) == _added_day_by_day(start, count)
