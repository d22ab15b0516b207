"""The one rule that decides whether a child is waiting on a day, and for what.

The monitor (on every meetmoment), the dashboard, the register's day count, the signals, the
live meeting, the letters and the terms all ask this module; none has a rule of its own.

A child waits on ``day`` when its case is open that day, something is recorded that it waits
for, the wait had begun (``waiting_since`` on or before ``day``; an unknown start counts as
begun), and — for passende jeugdhulp or a placement — the help had not started by then: a
"Hulp gestart op" on or after the start of the wait ends it, whether or not anyone also cleared
"Wacht op" or closed the case (the term "Passende hulp gestart" on the Termijnen tab is met on
that same day). A wait for a vaste jeugdbeschermer is not ended by help starting: it ends when
"Wacht op" is cleared or changed, or the case is closed.

The functions take plain values (no objects to build per row) so that a register of tens of
thousands of cases is counted quickly.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from expertteam.domain.enums import WaitingFor
from expertteam.i18n import N_, _

WAITING_FOR_HELP = (WaitingFor.PASSENDE_JEUGDHULP, WaitingFor.PLACEMENT)


class Category(StrEnum):
    """What a child waits for, as the ministries count it (seed 001)."""

    PASSENDE_JEUGDHULP = "passende_jeugdhulp"
    VASTE_JEUGDBESCHERMER = "vaste_jeugdbeschermer"

    @property
    def label(self) -> str:
        return _(_CATEGORY_LABELS[self])


_CATEGORY_LABELS = {
    Category.PASSENDE_JEUGDHULP: N_("Passende jeugdhulp"),
    Category.VASTE_JEUGDBESCHERMER: N_("Vaste jeugdbeschermer"),
}


def category_of(waiting_for: WaitingFor | None) -> Category | None:
    """A placement (pleegzorg, gezinshuis, JeugdzorgPlus) is passende jeugdhulp with a stay."""
    if waiting_for is None:
        return None
    if waiting_for is WaitingFor.VASTE_JEUGDBESCHERMER:
        return Category.VASTE_JEUGDBESCHERMER
    return Category.PASSENDE_JEUGDHULP


def help_ends_wait(waiting_for: WaitingFor | None, waiting_since: date | None,
                   help_started_on: date | None) -> date | None:
    """The day the start of help ends this wait (None: help does not end it)."""
    if help_started_on is None or waiting_for not in WAITING_FOR_HELP:
        return None
    if waiting_since is not None and help_started_on < waiting_since:
        return None  # help before this wait began belongs to an earlier episode
    return help_started_on


def waiting_span(waiting_for: WaitingFor | None, waiting_since: date | None,
                 help_started_on: date | None) -> tuple[Category, date | None, date | None] | None:
    """The wait these facts describe: (category, first day or None when unknown, first day no
    longer waiting or None while it lasts). None when nothing is recorded to wait for. Whether
    the case is open is the caller's part (a closed case waits for nothing)."""
    category = category_of(waiting_for)
    if category is None:
        return None
    return category, waiting_since, help_ends_wait(waiting_for, waiting_since, help_started_on)


def waiting_on(day: date, *, is_open: bool, waiting_for: WaitingFor | None,
               waiting_since: date | None, help_started_on: date | None) -> Category | None:
    """What the child waits for on ``day``, or None when it is not waiting then."""
    if not is_open:
        return None
    span = waiting_span(waiting_for, waiting_since, help_started_on)
    if span is None:
        return None
    category, first, ended = span
    if first is not None and first > day:
        return None
    if ended is not None and ended <= day:
        return None
    return category


def days_waiting(day: date, *, is_open: bool, waiting_for: WaitingFor | None,
                 waiting_since: date | None, help_started_on: date | None) -> int | None:
    """Whole days since the wait began, on ``day``; None when not waiting or the start is
    unknown."""
    if waiting_since is None or waiting_on(day, is_open=is_open, waiting_for=waiting_for,
                                           waiting_since=waiting_since,
                                           help_started_on=help_started_on) is None:
        return None
    return (day - waiting_since).days
