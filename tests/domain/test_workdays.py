from datetime import date, timedelta

import pytest

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
