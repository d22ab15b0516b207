"""Dated facts with two times, and a case as it stood on a day.

Every dated fact of a case is a history row (``case_change``) with two dates: ``effective_on``,
the day it took effect in the child's life (valid time, entered by the user, never in the
future), and ``recorded_at``, the moment it was typed (transaction time, from the clock). A
correction of an earlier entry is a row of its own that ``supersedes`` it: the old row is kept.

- **As we know it now**: every row, minus the rows a correction superseded.
- **As reported then** (at a publication moment): only the rows recorded by then, minus the
  rows superseded by corrections recorded by then.

The value of a field on a day is the value of the most recently *recorded* live row that had
taken effect by that day: a change recorded later but dated back (a closure typed a week late)
wins from its own date on over an earlier-recorded change with a later date. A correction that
only moves an earlier row (``services/case_history.py``) supersedes it and records the later
rows again after it, so that they keep their place.

Fields of the case itself have ``item_id`` None; a blocker's or a measure's fields carry its id
(``blocker.since``, ``measure.plan_on``, …).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from operator import itemgetter
from typing import NamedTuple

from expertteam.domain.enums import CaseStatus, ClosingResult, WaitingFor
from expertteam.domain.waiting import Category, days_waiting, waiting_on, waiting_span

TRACKED = ("status", "waiting_for", "waiting_since", "help_started_on", "municipality_id",
           "gi_id", "jeugdbeschermer_id", "referred_on", "closing_result")
"""The case's own fields kept as dated history."""

BLOCKER_FIELDS = ("kind", "since", "resolved_on")
MEASURE_FIELDS = ("kind", "ruling_date", "gi_charged_on", "first_contact_on", "plan_on",
                  "carried_out_on", "end_date", "removed")
BLOCKER_PREFIX = "blocker."
MEASURE_PREFIX = "measure."


class Change(NamedTuple):
    """One live change of one field, as the timeline needs it. ``seq`` is the recording
    order."""

    case_id: int
    field: str
    value: str | None
    effective_on: date
    seq: int


class Recorded(NamedTuple):
    """A history row as the database holds it (``seq`` is its id, the recording order)."""

    seq: int
    case_id: int
    item_id: int | None
    field: str
    value: str | None
    effective_on: date
    supersedes: int | None


def live(rows: Iterable[Recorded]) -> list[Recorded]:
    """The rows still in force: those no correction among ``rows`` superseded.

    For the figures as reported at a moment, ``rows`` are those recorded by then (the query
    cuts them); for the figures as known now, every row."""
    kept = list(rows)
    dead = {row.supersedes for row in kept if row.supersedes is not None}
    return [row for row in kept if row.seq not in dead]


def value_on(changes: Iterable[Change], day: date) -> dict[str, str | None]:
    """Per field, the value in force on ``day`` (fields without a row by then are absent)."""
    best: dict[str, int] = {}
    values: dict[str, str | None] = {}
    for change in changes:
        if change.effective_on <= day and change.seq > best.get(change.field, -1):
            best[change.field] = change.seq
            values[change.field] = change.value
    return values


def first_values(changes: Iterable[Change]) -> dict[str, str | None]:
    """Per field, the earliest value recorded (by effective date, then recording order)."""
    result: dict[str, str | None] = {}
    for change in sorted(changes, key=_ORDER):
        result.setdefault(change.field, change.value)
    return result


# --------------------------------------------------------------------------- a case's state

@dataclass(frozen=True, slots=True)
class CaseState:
    """A case's tracked fields as they stood on some day."""

    case_id: int
    referred_on: date
    status: CaseStatus
    waiting_for: WaitingFor | None
    waiting_since: date | None
    help_started_on: date | None
    municipality_id: int | None
    gi_id: int | None
    closing_result: ClosingResult | None

    @property
    def is_open(self) -> bool:
        return self.status is not CaseStatus.CLOSED

    def category_on(self, day: date) -> Category | None:
        """What the child waited for on ``day`` (None when not waiting then)."""
        return waiting_on(day, is_open=self.is_open, waiting_for=self.waiting_for,
                          waiting_since=self.waiting_since,
                          help_started_on=self.help_started_on)

    def days_waiting(self, day: date) -> int | None:
        return days_waiting(day, is_open=self.is_open, waiting_for=self.waiting_for,
                            waiting_since=self.waiting_since,
                            help_started_on=self.help_started_on)


_STATUSES = {member.value: member for member in CaseStatus}
_WAITING = {member.value: member for member in WaitingFor}
_RESULTS = {member.value: member for member in ClosingResult}
_DATES: dict[object, date | None] = {None: None, "": None}
"""ISO text (or a date, as a server's driver returns it) → the date: a few thousand distinct
days at most."""


def as_date(value: date | str | None) -> date | None:
    try:
        return _DATES[value]  # one lookup: this runs for every date of every history row
    except KeyError:
        found = _DATES[value] = value if isinstance(value, date) else date.fromisoformat(str(value))
        return found


def as_int(value: str | None) -> int | None:
    return int(value) if value else None


def _state(case_id: int, referred_on: date, values: Mapping[str, str | None]) -> CaseState:
    status = values.get("status")
    waiting_for = values.get("waiting_for")
    result = values.get("closing_result")
    return CaseState(
        case_id=case_id, referred_on=referred_on,
        status=_STATUSES[status] if status else CaseStatus.REFERRED,
        waiting_for=_WAITING[waiting_for] if waiting_for else None,
        waiting_since=as_date(values.get("waiting_since")),
        help_started_on=as_date(values.get("help_started_on")),
        municipality_id=as_int(values.get("municipality_id")),
        gi_id=as_int(values.get("gi_id")),
        closing_result=_RESULTS[result] if result else None)


@dataclass(frozen=True, slots=True)
class CaseTimeline:
    """A case's states, each valid from its start date up to the next one's."""

    case_id: int
    referred_on: date
    starts: tuple[date, ...]
    states: tuple[CaseState, ...]
    waits: tuple[Wait, ...] = ()
    """The stretches the child waited, from the states (``waits_of``)."""

    def state_at(self, day: date) -> CaseState | None:
        """The case as it stood at the end of ``day``; None before it was referred."""
        if day < self.referred_on:
            return None
        index = bisect_right(self.starts, day) - 1
        return self.states[index] if index >= 0 else None

    def segments(self) -> Iterable[tuple[date, date | None, CaseState]]:
        """(from, until-exclusive or None, state) for every stretch of the timeline."""
        for index, state in enumerate(self.states):
            until = self.starts[index + 1] if index + 1 < len(self.starts) else None
            yield self.starts[index], until, state


class Wait(NamedTuple):
    """A stretch a child waited for ``category``: from ``begin`` up to ``end`` (exclusive;
    None while still waiting)."""

    category: Category
    begin: date
    end: date | None


def waits_of(timeline: CaseTimeline) -> tuple[Wait, ...]:
    """Every stretch of the timeline in which the child waited (the waiting rule as
    intervals)."""
    result = []
    for start, until, state in timeline.segments():
        if not state.is_open:
            continue
        span = waiting_span(state.waiting_for, state.waiting_since, state.help_started_on)
        if span is None:
            continue
        category, first, ended = span
        begin = max(start, first) if first is not None else start
        end = until if ended is None else (ended if until is None else min(until, ended))
        if end is None or begin < end:
            result.append(Wait(category, begin, end))
    return tuple(result)


ChangeRow = tuple[int, str, str | None, date, int]
"""A ``Change`` as a plain tuple: same fields, same order."""

_ORDER = itemgetter(3, 4)  # effective date, then recording order


def build_timeline(case_id: int, referred_on: date,
                   changes: Iterable[ChangeRow]) -> CaseTimeline:
    """The timeline of one case from its live changes (any order).

    One sweep in order of effective date: per field, the value of the highest ``seq`` seen so
    far is the value in force — so a change recorded later but dated back wins from its own
    date on, and a change recorded earlier with a later date gives way to it."""
    ordered = sorted(changes, key=_ORDER)
    best: dict[str, int] = {}
    values: dict[str, str | None] = {}
    starts: list[date] = []
    states: list[CaseState] = []

    def emit(day: date) -> None:
        start = max(day, referred_on)
        state = _state(case_id, referred_on, values)
        if starts and starts[-1] == start:
            states[-1] = state
            if len(states) > 1 and states[-2] == state:
                starts.pop()
                states.pop()
        elif not states or states[-1] != state:
            starts.append(start)
            states.append(state)

    if not ordered or ordered[0][3] > referred_on:
        emit(referred_on)
    pending: date | None = None
    for change in ordered:
        day = change[3]
        if pending is not None and day != pending:
            emit(pending)
        pending = day
        name = change[1]
        if change[4] > best.get(name, -1):
            best[name] = change[4]
            values[name] = change[2]
    if pending is not None:
        emit(pending)
    timeline = CaseTimeline(case_id, referred_on, tuple(starts), tuple(states))
    return replace(timeline, waits=waits_of(timeline))


def states_at(timelines: Iterable[CaseTimeline], day: date) -> list[CaseState]:
    """Every case that existed on ``day``, as it stood then."""
    result = []
    for timeline in timelines:
        state = timeline.state_at(day)
        if state is not None:
            result.append(state)
    return result


def waiting_series(timelines: Iterable[CaseTimeline],
                   days: Sequence[date]) -> dict[Category, list[int]]:
    """Children waiting on each of ``days`` (sorted ascending), per category.

    Marks the range of days each of a timeline's waits covers, instead of reconstructing
    every case on every day."""
    if list(days) != sorted(days):
        raise ValueError("days must be sorted")
    size = len(days)
    diff = {category: [0] * (size + 1) for category in Category}
    for timeline in timelines:
        for category, begin, end in timeline.waits:
            low = bisect_left(days, begin)
            high = size if end is None else bisect_left(days, end)
            if low < high:
                diff[category][low] += 1
                diff[category][high] -= 1
    series: dict[Category, list[int]] = {}
    for category, deltas in diff.items():
        running, values = 0, []
        for delta in deltas[:size]:
            running += delta
            values.append(running)
        series[category] = values
    return series
