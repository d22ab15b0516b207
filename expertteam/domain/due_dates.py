"""Due dates as a chair types them in a meeting, in Dutch.

Accepted entries (case and surrounding spaces do not matter):

* a date: ``23-11-2026``, ``23-11-26``, ``23/11``, ``23.11.2026``, ``2026-11-23``. Without a
  year, the first such day from today on is meant (``5-1`` typed in December is next January);
* working days: ``in 5 werkdagen``, ``over 5 werkdagen``, ``5 werkdagen``, ``1 werkdag``,
  ``5 wd``, ``+5``;
* calendar periods: ``3 dagen``, ``2 weken``, ``1 week``, ``1 maand``, ``2 maanden`` (each may
  start with ``in`` or ``over``); a period that ends on a weekend or public holiday moves to the
  next working day, because nobody can be held to a Sunday;
* words: ``vandaag``, ``morgen``, ``overmorgen``, and a weekday (``vrijdag``, ``vr``) for the
  first such day after today.

Working days and periods count from today, or from ``counted_from`` when the caller gives one:
moving an action's due date by ``+3`` means three working days after the current due date.
A date without a year is the first such day from today on; ``29-2`` is the next 29 February
when one falls within a year. ``day_warning`` says when a date lands on a weekend or holiday
(a word or a date is taken as typed; only periods move to a working day).

An empty entry means the default term: the region's number of working days from today
(``DEFAULT_WORKING_DAYS`` unless the caller passes the stored setting).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from expertteam.domain.errors import ValidationError
from expertteam.domain.workdays import (
    add_months,
    add_working_days,
    holiday_name,
    is_working_day,
    working_days_between,
)
from expertteam.formatting import WEEKDAYS, WEEKDAYS_SHORT, short_date
from expertteam.i18n import _, ngettext

DEFAULT_WORKING_DAYS = 10
FIELD = "due_on"


_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{2}|\d{4}))?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_PLUS = re.compile(r"^\+\s*(\d{1,3})$")
_PERIOD = re.compile(r"^(?:(?:in|over)\s+)?(\d{1,3})\s*([a-z]+)$")
_WORKING_DAY_UNITS = frozenset({"wd", "werkdag", "werkdagen"})
_DAY_UNITS = frozenset({"d", "dag", "dagen"})
_WEEK_UNITS = frozenset({"w", "wk", "week", "weken"})
_MONTH_UNITS = frozenset({"m", "mnd", "maand", "maanden"})
_WORDS = {"vandaag": 0, "morgen": 1, "overmorgen": 2}
MAX_AHEAD_DAYS = 3 * 366


def default_due_date(today: date, working_days: int = DEFAULT_WORKING_DAYS) -> date:
    """The due date of a new action when none is given: ``working_days`` (the region's
    setting, ten unless changed) working days from today."""
    return add_working_days(today, working_days)


def next_working_day(day: date) -> date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def parse_due_date(text: str, today: date,
                   default_working_days: int = DEFAULT_WORKING_DAYS, *,
                   counted_from: date | None = None) -> date:
    """The due date meant by ``text`` (see the module docstring): dates and words from
    ``today``, working days and periods from ``counted_from`` (default today).

    Raises ``ValidationError`` (field ``due_on``) with an example of what is accepted, for an
    entry it cannot read, a date that does not exist, or a date before today.
    """
    entry = " ".join(text.strip().lower().split())
    if not entry:
        return default_due_date(today, default_working_days)
    due = _parse(entry, today, counted_from or today)
    if due is None:
        raise ValidationError(FIELD, _("‘{entry}’ is geen termijn die ik begrijp. Typ een datum "
                                       "(23-11-2026) of bijvoorbeeld ‘in 5 werkdagen’, ‘+5’, "
                                       "‘2 weken’ of ‘morgen’.").format(entry=text.strip()))
    if due < today:
        raise ValidationError(FIELD, _("De termijn {due} ligt in het verleden.")
                              .format(due=short_date(due)))
    if (due - today).days > MAX_AHEAD_DAYS:
        raise ValidationError(FIELD, _("De termijn {due} ligt meer dan drie jaar vooruit.")
                              .format(due=short_date(due)))
    return due


def _parse(entry: str, today: date, start: date) -> date | None:
    if entry in _WORDS:
        return today + timedelta(days=_WORDS[entry])
    if entry in WEEKDAYS or entry in WEEKDAYS_SHORT:
        index = WEEKDAYS.index(entry) if entry in WEEKDAYS else WEEKDAYS_SHORT.index(entry)
        ahead = (index - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead)
    if match := _ISO.match(entry):
        return _make_date(int(match[1]), int(match[2]), int(match[3]))
    if match := _DATE.match(entry):
        return _dutch_date(match, today)
    if match := _PLUS.match(entry):
        return add_working_days(start, int(match[1]))
    if match := _PERIOD.match(entry):
        return _period(int(match[1]), match[2], start)
    return None


def _make_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValidationError(FIELD, _("{day}-{month}-{year} bestaat niet als datum.").format(
            day=day, month=month, year=year)) from None


def _dutch_date(match: re.Match[str], today: date) -> date:
    day, month = int(match[1]), int(match[2])
    if match[3] is None:
        return _without_year(day, month, today)
    year = int(match[3])
    if len(match[3]) == 2:
        year += 2000
    return _make_date(year, month, day)


def _without_year(day: int, month: int, today: date) -> date:
    """The first such day from today on, within a year (29-2 only in a leap year)."""
    if (month, day) != (2, 29):
        candidate = _make_date(today.year, month, day)
        return candidate if candidate >= today else _make_date(today.year + 1, month, day)
    for year in (today.year, today.year + 1):
        if calendar.isleap(year) and date(year, 2, 29) >= today:
            return date(year, 2, 29)
    leap = next(y for y in range(today.year + 1, today.year + 9) if calendar.isleap(y))
    raise ValidationError(FIELD, _("29 februari valt niet binnen een jaar; typ het jaar erbij, "
                                   "bijvoorbeeld 29-2-{year}.").format(year=leap))


def _period(count: int, unit: str, today: date) -> date | None:
    if unit in _WORKING_DAY_UNITS:
        return add_working_days(today, count)
    if unit in _DAY_UNITS:
        return next_working_day(today + timedelta(days=count))
    if unit in _WEEK_UNITS:
        return next_working_day(today + timedelta(weeks=count))
    if unit in _MONTH_UNITS:
        return next_working_day(add_months(today, count))
    return None


def day_warning(due: date) -> str:
    """A hint when ``due`` is no working day: "let op: dat is een zaterdag" or "let op: dat is
    Koningsdag, een feestdag"; empty otherwise."""
    name = holiday_name(due)
    if name is not None:
        return _("let op: dat is {name}, een feestdag").format(name=name)
    if due.weekday() >= 5:
        return _("let op: dat is een {weekday}").format(weekday=WEEKDAYS[due.weekday()])
    return ""


def describe_due(due: date, today: date) -> str:
    """How far off a due date is, in working days: ``vandaag``, ``over 3 werkdagen``,
    ``2 werkdagen te laat``."""
    if due == today:
        return _("vandaag")
    days = working_days_between(today, due)
    if due > today:
        if days == 0:  # a weekend day or holiday just ahead
            calendar_days = (due - today).days
            return ngettext("over {n} dag", "over {n} dagen", calendar_days).format(
                n=calendar_days)
        return ngettext("over {n} werkdag", "over {n} werkdagen", days).format(n=days)
    late = max(1, -days)
    return ngettext("{n} werkdag te laat", "{n} werkdagen te laat", late).format(n=late)
