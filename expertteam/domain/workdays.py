"""Working days: Monday to Friday, minus the holidays of the Algemene termijnenwet (art. 3).

Those are Nieuwjaarsdag, tweede Paas- en Pinksterdag, both Christmas days, Hemelvaartsdag,
Koningsdag and 5 May every year. They are computed here (the ``holidays`` package takes a quarter
second to import, on the start-up path); ``tests/domain/test_workdays.py`` checks them against the
``holidays`` calendar for NL, which also lists Goede Vrijdag and has 5 May only every fifth year.
"""

from __future__ import annotations

import calendar
from bisect import bisect_left
from datetime import date, timedelta
from functools import lru_cache

from expertteam.i18n import N_, _


def _kings_day(year: int) -> date:
    """Koningsdag (27 April) or, before 2014, Koninginnedag (30 April); a Sunday moves it to
    the Saturday before."""
    day = date(year, 4, 27) if year >= 2014 else date(year, 4, 30)
    return day - timedelta(days=1) if day.weekday() == 6 else day


def _easter_sunday(year: int) -> date:
    """Gregorian Easter (the anonymous algorithm, as in Meeus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=64)
def _named_holidays(year: int) -> dict[date, str]:
    easter = _easter_sunday(year)
    return {
        date(year, 1, 1): N_("Nieuwjaarsdag"),
        easter + timedelta(days=1): N_("tweede paasdag"),
        easter + timedelta(days=39): N_("Hemelvaartsdag"),
        easter + timedelta(days=50): N_("tweede pinksterdag"),
        _kings_day(year): N_("Koningsdag") if year >= 2014 else N_("Koninginnedag"),
        date(year, 5, 5): N_("Bevrijdingsdag"),
        date(year, 12, 25): N_("eerste kerstdag"),
        date(year, 12, 26): N_("tweede kerstdag"),
    }


@lru_cache(maxsize=64)
def termijnenwet_holidays(year: int) -> frozenset[date]:
    """The public holidays of the Algemene termijnenwet in ``year``."""
    return frozenset(_named_holidays(year))


def holiday_name(day: date) -> str | None:
    """The Dutch name of the termijnenwet holiday on ``day`` (``Koningsdag``), or None."""
    name = _named_holidays(day.year).get(day)
    return _(name) if name is not None else None


def is_public_holiday(day: date) -> bool:
    return day in termijnenwet_holidays(day.year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_public_holiday(day)


def add_working_days(start: date, count: int) -> date:
    """The date ``count`` working days after ``start`` (``start`` itself does not count).

    A negative ``count`` goes back in time; zero returns ``start`` unchanged. Forward, it looks
    the day up in the counts per year (``_year_counts``) instead of stepping day by day (the
    signal rules and the dashboard ask it for every measure)."""
    if count < 0:
        day = start
        for _step in range(-count):
            day -= timedelta(days=1)
            while not is_working_day(day):
                day -= timedelta(days=1)
        return day
    if count == 0:
        return start
    year, wanted = start.year, _counted_in_year(start) + count
    while wanted > _year_counts(year)[-1]:
        wanted -= _year_counts(year)[-1]
        year += 1
    # The first day of the year on which the running count reaches ``wanted``: a working day.
    return date(year, 1, 1) + timedelta(days=bisect_left(_year_counts(year), wanted))


@lru_cache(maxsize=256)
def _year_counts(year: int) -> tuple[int, ...]:
    """Working days from 1 January of ``year`` up to and including each day of it (index: the
    day's number in the year, 0-based), counted once per year when first asked."""
    first = date(year, 1, 1)
    holidays = termijnenwet_holidays(year)
    counts, total = [], 0
    for offset in range(366 if calendar.isleap(year) else 365):
        day = first + timedelta(days=offset)
        total += day.weekday() < 5 and day not in holidays
        counts.append(total)
    return tuple(counts)


def _counted_in_year(day: date) -> int:
    """Working days from 1 January of ``day``'s year up to and including ``day``."""
    return _year_counts(day.year)[day.toordinal() - date(day.year, 1, 1).toordinal()]


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when earlier).

    Constant time within a year and per year crossed: from counts per year (``_year_counts``)
    rather than day by day (the signal rules ask this for every case and measure)."""
    if end < start:
        return -working_days_between(end, start)
    if start.year == end.year:
        return _counted_in_year(end) - _counted_in_year(start)
    count = _year_counts(start.year)[-1] - _counted_in_year(start)
    for year in range(start.year + 1, end.year):
        count += _year_counts(year)[-1]
    return count + _counted_in_year(end)


def add_months(start: date, months: int) -> date:
    """Calendar months later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)
