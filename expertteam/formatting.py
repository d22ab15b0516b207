"""Dutch formatting of dates, times, numbers and counted phrases, and reading a date as people
type it (``parse_date``): the one place for it.

A leaf module like ``expertteam.i18n``: every layer may import it (domain, documents, services,
gui, CLI). Month and weekday names are Babel's ``nl_NL`` names; numbers of a thousand and more
are grouped by Babel (imported on first use, not at start-up); numeric dates are the Dutch
``dd-mm-jjjj``.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from expertteam.i18n import ngettext

LOCALE = "nl_NL"


# Babel's nl_NL names (abbreviations without their dot), written out so that the start-up does
# not pay for loading the locale data; tests/test_formatting.py checks them against Babel.
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
MONTHS_SHORT = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov",
                "dec")
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
WEEKDAYS_SHORT = ("ma", "di", "wo", "do", "vr", "za", "zo")


def babel_names() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(months, short months, weekdays, short weekdays) from Babel's ``nl_NL`` data."""
    from babel import Locale

    locale = Locale.parse(LOCALE)
    months = locale.months["format"]
    days = locale.days["format"]
    return (tuple(months["wide"][n] for n in range(1, 13)),
            tuple(months["abbreviated"][n].rstrip(".") for n in range(1, 13)),
            tuple(days["wide"][n] for n in range(7)),
            tuple(days["abbreviated"][n].rstrip(".") for n in range(7)))


def month_name(month: int) -> str:
    """``november`` for 11."""
    return MONTHS[month - 1]


def short_date(day: date | None, empty: str = "") -> str:
    """``23-11-2026``; ``empty`` for no date."""
    return empty if day is None else f"{day.day:02d}-{day.month:02d}-{day.year}"


_DATE_PARTS = re.compile(r"^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{2}|\d{4})$")
_DATE_COMPACT = re.compile(r"^(\d{2})(\d{2})(\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATE_NAMED = re.compile(r"^(\d{1,2})[-/. ]*([a-z]+)\.?[-/. ]*(\d{4})$")
# "sept" and "maa" as people abbreviate them, besides Babel's names.
_MONTH_WORDS = {**{name: n for n, name in enumerate(MONTHS, 1)},
                **{name: n for n, name in enumerate(MONTHS_SHORT, 1)},
                "sept": 9, "maa": 3, "okto": 10}


def parse_date(text: str, *, past: bool = False, today: date | None = None) -> date | None:
    """A Dutch date as people type it: 3-2-2026, 03-02-2026, 3/2/26, 03022026, 2026-02-03,
    3 feb 2026 or 3 februari 2026.

    A two-digit year is this century's; with ``past`` (a birth date) it is the latest such
    year that is not after ``today``'s: "98" is 1998, "12" is 2012. Returns None for text that
    is not a date (the caller decides whether empty is allowed)."""
    value = text.strip()
    match = _DATE_ISO.match(value)
    named = _DATE_NAMED.match(value.lower())
    if match:
        year, month, day = (int(part) for part in match.groups())
    elif named:
        month_number = _MONTH_WORDS.get(named.group(2))
        if month_number is None:
            return None
        day, month, year = int(named.group(1)), month_number, int(named.group(3))
    else:
        match = _DATE_PARTS.match(value) or _DATE_COMPACT.match(value)
        if not match:
            return None
        day, month, year = (int(part) for part in match.groups())
        if year < 100:
            year += 2000
            if past and today is not None and year > today.year:
                year -= 100
    try:
        return date(year, month, day)
    except ValueError:
        return None


def long_date(day: date, *, weekday: bool = False) -> str:
    """``23 november 2026`` (or ``maandag 23 november 2026``)."""
    text = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    return f"{WEEKDAYS[day.weekday()]} {text}" if weekday else text


def compact_date(day: date) -> str:
    """``ma 23 nov 2026``: short weekday and month, for a preview next to an entry."""
    return f"{WEEKDAYS_SHORT[day.weekday()]} {day.day} {MONTHS_SHORT[day.month - 1]} {day.year}"


def month_label(day: date) -> str:
    """``nov 2026``"""
    return f"{MONTHS_SHORT[day.month - 1]} {day.year}"


def short_time(value: time | datetime | None) -> str:
    """``09:30``; empty for no time."""
    return "" if value is None else f"{value.hour:02d}:{value.minute:02d}"


def date_time(moment: datetime | None, *, seconds: bool = False, empty: str = "") -> str:
    """``23-11-2026 14:05`` (with ``seconds``: ``14:05:09``), as the moment is given."""
    if moment is None:
        return empty
    text = f"{short_date(moment.date())} {short_time(moment)}"
    return f"{text}:{moment.second:02d}" if seconds else text


def number(value: int) -> str:
    """``20.000``: a whole number with the Dutch thousands separator."""
    if -1000 < value < 1000:
        return str(value)
    from babel.numbers import format_decimal

    return format_decimal(value, locale=LOCALE)


def counted(n: int, singular: str, plural: str) -> str:
    """``1 kind wacht`` / ``2 kinderen wachten``: the Dutch plural for ``n`` (through the
    translation catalogue), with ``{n}`` formatted as a Dutch number."""
    return ngettext(singular, plural, n).format(n=number(n))
