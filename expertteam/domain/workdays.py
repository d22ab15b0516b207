"""Working days: Monday to Friday, minus the holidays of the Algemene termijnenwet (art. 3).

Those are Nieuwjaarsdag, tweede Paas- en Pinksterdag, both Christmas days, Hemelvaartsdag,
Koningsdag and 5 May every year. The ``holidays`` calendar for NL also lists Goede Vrijdag and
has 5 May only every fifth year, so both are corrected here.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> frozenset[date]:
    import holidays  # deferred: only needed when a term is computed
    from dateutil.easter import easter

    days = set(holidays.country_holidays("NL", years=year).keys())
    days.discard(easter(year) - timedelta(days=2))  # Goede Vrijdag: not in the termijnenwet
    days.add(date(year, 5, 5))
    return frozenset(days)


def is_public_holiday(day: date) -> bool:
    return day in _holidays_of(day.year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_public_holiday(day)


def add_working_days(start: date, count: int) -> date:
    """The date ``count`` working days after ``start`` (``start`` itself does not count).

    A negative ``count`` goes back in time; zero returns ``start`` unchanged.
    """
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    day = start
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when earlier)."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def add_months(start: date, months: int) -> date:
    """Calendar months later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)
