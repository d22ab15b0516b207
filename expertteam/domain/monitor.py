"""The regional monitor, pure: the register as it stood on a date, and its statistics.

A case's tracked fields change over time; every change is kept with the date it took effect
(``CaseChange``). The state of a case on a day is, per field, the value of the most recently
*recorded* change that had taken effect by that day. Recording order (not only the effective
date) decides, so that a closure recorded later but dated back (``close_case(closed_on=…)``)
overrides an earlier-recorded change with a later effective date.

Counts for publication may hide small numbers: a count from 1 to 4 shows as ``<5`` (primary
suppression), and where a hidden count could be worked out from a total and the other shown
counts of its row or column, a second count (or the total) is hidden as ``x``.
"""

from __future__ import annotations

import statistics
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from operator import itemgetter
from typing import NamedTuple

from expertteam import formatting as fmt
from expertteam.domain.enums import CaseStatus, ClosingResult, WaitingFor
from expertteam.i18n import N_, _

SUPPRESSION_THRESHOLD = 5
SUPPRESSED_SMALL = "<5"
SUPPRESSED_DERIVABLE = "x"
NOT_APPLICABLE = "–"

TRACKED = ("status", "waiting_for", "waiting_since", "help_started_on", "municipality_id",
           "gi_id", "closing_result")


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


# --------------------------------------------------------------------------- reconstruction

class Change(NamedTuple):
    """One recorded change of one tracked field. ``seq`` is the recording order."""

    case_id: int
    field: str
    value: str | None
    effective_on: date
    seq: int


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
        if not self.is_open or self.waiting_for is None:
            return None
        if self.waiting_since is not None and self.waiting_since > day:
            return None
        return category_of(self.waiting_for)

    def days_waiting(self, day: date) -> int | None:
        if self.category_on(day) is None or self.waiting_since is None:
            return None
        return (day - self.waiting_since).days


_STATUSES = {member.value: member for member in CaseStatus}
_WAITING = {member.value: member for member in WaitingFor}
_RESULTS = {member.value: member for member in ClosingResult}


_DATES: dict[str, date] = {}  # ISO text → date; a few thousand distinct days at most


def _as_date(value: str | None) -> date | None:
    if not value:
        return None
    found = _DATES.get(value)
    if found is None:
        found = _DATES[value] = date.fromisoformat(value)
    return found


def _as_int(value: str | None) -> int | None:
    return int(value) if value else None


def _state(case_id: int, referred_on: date, values: Mapping[str, str | None]) -> CaseState:
    status = values.get("status")
    waiting_for = values.get("waiting_for")
    result = values.get("closing_result")
    return CaseState(
        case_id=case_id, referred_on=referred_on,
        status=_STATUSES[status] if status else CaseStatus.REFERRED,
        waiting_for=_WAITING[waiting_for] if waiting_for else None,
        waiting_since=_as_date(values.get("waiting_since")),
        help_started_on=_as_date(values.get("help_started_on")),
        municipality_id=_as_int(values.get("municipality_id")),
        gi_id=_as_int(values.get("gi_id")),
        closing_result=_RESULTS[result] if result else None)


@dataclass(frozen=True, slots=True)
class CaseTimeline:
    """A case's states, each valid from its start date up to the next one's."""

    case_id: int
    referred_on: date
    starts: tuple[date, ...]
    states: tuple[CaseState, ...]

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


ChangeRow = tuple[int, str, str | None, date, int]
"""A ``Change`` as a plain tuple (what the database returns): same fields, same order."""

_ORDER = itemgetter(3, 4)  # effective date, then recording order


def build_timeline(case_id: int, referred_on: date,
                   changes: Iterable[ChangeRow]) -> CaseTimeline:
    """The timeline of one case from its recorded changes (any order).

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
    return CaseTimeline(case_id, referred_on, tuple(starts), tuple(states))


def build_timelines(referred: Mapping[int, date],
                    changes: Iterable[ChangeRow]) -> dict[int, CaseTimeline]:
    """Timelines for every case in ``referred`` (case id → referral date)."""
    grouped: dict[int, list[ChangeRow]] = {case_id: [] for case_id in referred}
    for change in changes:
        bucket = grouped.get(change[0])
        if bucket is not None:
            bucket.append(change)
    return {case_id: build_timeline(case_id, referred[case_id], items)
            for case_id, items in grouped.items()}


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

    Walks each timeline's stretches once and marks the range of days each stretch covers,
    instead of reconstructing every case on every day."""
    if list(days) != sorted(days):
        raise ValueError("days must be sorted")
    size = len(days)
    diff = {category: [0] * (size + 1) for category in Category}
    for timeline in timelines:
        for start, until, state in timeline.segments():
            if not state.is_open or state.waiting_for is None:
                continue
            category = category_of(state.waiting_for)
            assert category is not None
            begin = max(start, state.waiting_since) if state.waiting_since else start
            low = bisect_left(days, begin)
            high = size if until is None else bisect_left(days, until)
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


# --------------------------------------------------------------------------- statistics

@dataclass(frozen=True, slots=True)
class Bucket:
    label: str
    low: int
    high: int | None  # inclusive; None = no upper bound

    def holds(self, days: int) -> bool:
        return days >= self.low and (self.high is None or days <= self.high)


WAITING_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    (N_("0–30 dagen"), 0, 30),
    (N_("31–90 dagen"), 31, 90),
    (N_("91–180 dagen (langer dan 3 maanden)"), 91, 180),
    (N_("181–365 dagen"), 181, 365),
    (N_("meer dan een jaar"), 366, None),
)


def waiting_buckets() -> tuple[Bucket, ...]:
    return tuple(Bucket(_(label), low, high) for label, low, high in WAITING_BUCKETS)


def bucket_counts(days: Iterable[int], buckets: Sequence[Bucket]) -> list[int]:
    counts = [0] * len(buckets)
    for value in days:
        for index, bucket in enumerate(buckets):
            if bucket.holds(value):
                counts[index] += 1
                break
    return counts


def median_days(values: Sequence[int]) -> int | None:
    """The median in whole days (halves rounded up), None for no values."""
    if not values:
        return None
    middle = statistics.median(values)
    return int(middle + 0.5)


def mean_days(values: Sequence[int]) -> int | None:
    if not values:
        return None
    return int(sum(values) / len(values) + 0.5)


def longest(values: Sequence[int]) -> int | None:
    return max(values) if values else None


def change_text(value: int) -> str:
    """A change as shown in tables: +3, -2, 0."""
    return f"+{value}" if value > 0 else str(value)


# --------------------------------------------------------------------------- tables

class ColumnKind(StrEnum):
    COUNT = "count"          # a count of children (a part of the row's TOTAL, if any)
    TOTAL = "total"          # the sum of the row's COUNT columns
    PREVIOUS = "previous"    # a count at the previous meetmoment
    CHANGE = "change"        # current TOTAL (or first COUNT) minus PREVIOUS
    DAYS = "days"            # a duration in days: not a count


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    kind: ColumnKind


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a table: labels, then one value per value column (None = not applicable).

    ``basis`` is the number of children a DAYS value rests on; ``case_ids`` the cases behind
    the line (for looking them up in the app; never printed); ``day`` the date a line of a
    time series stands for."""

    labels: tuple[str, ...]
    values: tuple[int | None, ...]
    basis: int | None = None
    case_ids: tuple[int, ...] = ()
    day: date | None = None


@dataclass(frozen=True, slots=True)
class Table:
    key: str
    title: str
    label_headers: tuple[str, ...]
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    total: Row | None = None
    note: str = ""

    @property
    def headers(self) -> tuple[str, ...]:
        return self.label_headers + tuple(column.header for column in self.columns)


@dataclass(frozen=True, slots=True)
class Cell:
    """A value as published: ``number`` is None where hidden or not applicable."""

    number: int | None
    text: str


@dataclass(frozen=True, slots=True)
class ShownRow:
    labels: tuple[str, ...]
    cells: tuple[Cell, ...]
    is_total: bool = False
    day: date | None = None


@dataclass(frozen=True, slots=True)
class ShownTable:
    key: str
    title: str
    headers: tuple[str, ...]
    label_count: int
    rows: tuple[ShownRow, ...]
    note: str
    suppressed: bool


def _plain(value: int | None, kind: ColumnKind) -> Cell:
    if value is None:
        return Cell(None, NOT_APPLICABLE)
    return Cell(value, change_text(value) if kind is ColumnKind.CHANGE else str(value))


def _is_small(value: int | None) -> bool:
    return value is not None and 0 < value < SUPPRESSION_THRESHOLD


def _secondary(hidden: dict[tuple[int, int], str], lines: list[tuple[list[tuple[int, int]],
               tuple[int, int] | None]], value_of: Callable[[tuple[int, int]], int | None]) -> None:
    """Hide more cells until no line (parts plus its shown total) has exactly one hidden part.

    A line whose only hidden part could be worked out gets its smallest other non-zero shown
    part hidden; if there is none, its total is hidden."""
    for _round in range(100):
        changed = False
        for parts, total in lines:
            if total is not None and total in hidden:
                continue
            hidden_parts = [cell for cell in parts if cell in hidden]
            if len(hidden_parts) != 1:
                continue
            if total is None:
                continue
            candidates = [cell for cell in parts
                          if cell not in hidden and (value_of(cell) or 0) > 0]
            if candidates:
                chosen = min(candidates, key=lambda cell: (value_of(cell) or 0, cell))
                hidden[chosen] = SUPPRESSED_SMALL if _is_small(value_of(chosen)) \
                    else SUPPRESSED_DERIVABLE
            else:
                hidden[total] = SUPPRESSED_SMALL if _is_small(value_of(total)) \
                    else SUPPRESSED_DERIVABLE
            changed = True
        if not changed:
            return


def _hidden_cells(table: Table, all_rows: list[Row], total_index: int | None,
                  kinds: list[ColumnKind]) -> dict[tuple[int, int], str]:
    """The cells to hide when small counts are suppressed: the small counts themselves, then
    what they could be derived from (secondary suppression)."""
    hidden: dict[tuple[int, int], str] = {}

    def value_of(cell: tuple[int, int]) -> int | None:
        return all_rows[cell[0]].values[cell[1]]

    countable = (ColumnKind.COUNT, ColumnKind.TOTAL, ColumnKind.PREVIOUS)
    for r, row in enumerate(all_rows):
        for c, kind in enumerate(kinds):
            if kind in countable and _is_small(row.values[c]):
                hidden[(r, c)] = SUPPRESSED_SMALL
    lines: list[tuple[list[tuple[int, int]], tuple[int, int] | None]] = []
    count_columns = [c for c, kind in enumerate(kinds) if kind is ColumnKind.COUNT]
    total_columns = [c for c, kind in enumerate(kinds) if kind is ColumnKind.TOTAL]
    if count_columns and total_columns:
        for r in range(len(all_rows)):
            lines.append(([(r, c) for c in count_columns], (r, total_columns[0])))
    if total_index is not None:
        for c, kind in enumerate(kinds):
            if kind in countable:
                lines.append(([(r, c) for r in range(len(table.rows))], (total_index, c)))
    _secondary(hidden, lines, value_of)
    reference = total_columns[0] if total_columns else (count_columns[0]
                                                        if count_columns else None)
    previous = [c for c, kind in enumerate(kinds) if kind is ColumnKind.PREVIOUS]
    _hide_derivable(hidden, all_rows, kinds, previous, reference)
    return hidden


def _hide_derivable(hidden: dict[tuple[int, int], str], all_rows: list[Row],
                    kinds: list[ColumnKind], previous: list[int], reference: int | None) -> None:
    """A change computed from a hidden count, and a median over fewer than the threshold."""
    for r, row in enumerate(all_rows):
        for c, kind in enumerate(kinds):
            if kind is ColumnKind.CHANGE and row.values[c] is not None:
                sources = [(r, p) for p in previous]
                if reference is not None:
                    sources.append((r, reference))
                if any(source in hidden for source in sources):
                    hidden[(r, c)] = SUPPRESSED_DERIVABLE
            elif kind is ColumnKind.DAYS and row.values[c] is not None and \
                    row.basis is not None and row.basis < SUPPRESSION_THRESHOLD:
                hidden[(r, c)] = SUPPRESSED_DERIVABLE


def show_table(table: Table, suppress: bool) -> ShownTable:
    """The table as published: plain numbers, or with small counts hidden (see module doc)."""
    all_rows = list(table.rows) + ([table.total] if table.total is not None else [])
    total_index = len(table.rows) if table.total is not None else None
    kinds = [column.kind for column in table.columns]
    hidden = _hidden_cells(table, all_rows, total_index, kinds) if suppress else {}
    shown: list[ShownRow] = []
    for r, row in enumerate(all_rows):
        cells = tuple(Cell(None, hidden[(r, c)]) if (r, c) in hidden
                      else _plain(row.values[c], kind) for c, kind in enumerate(kinds))
        shown.append(ShownRow(row.labels, cells, is_total=r == total_index, day=row.day))
    return ShownTable(table.key, table.title, table.headers, len(table.label_headers),
                      tuple(shown), table.note, suppress)


def suppression_legend() -> str:
    return _("<5 = minder dan vijf kinderen, niet getoond; x = niet getoond omdat het getal "
             "anders uit de andere getallen of het totaal is af te leiden.")


# --------------------------------------------------------------------------- the report

@dataclass(frozen=True, slots=True)
class MonitorReport:
    """The regional monitor at a meetmoment, compared with the previous one."""

    region_name: str
    team_name: str
    meetmoment: date
    previous: date
    period_start: date
    period_end: date
    produced_on: date
    waiting_now: Mapping[Category, int]
    waiting_previous: Mapping[Category, int]
    tables: tuple[Table, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    def table(self, key: str) -> Table:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)

    @property
    def total_now(self) -> int:
        return sum(self.waiting_now.values())

    @property
    def total_previous(self) -> int:
        return sum(self.waiting_previous.values())


# --------------------------------------------------------------------------- charts

TREND_KEY = "verloop"
GI_KEY = "gi"
BLOCKER_KEY = "knelpunten"


@dataclass(frozen=True, slots=True)
class LineChart:
    """Values per series over time; None where a value is hidden."""

    title: str
    names: tuple[str, ...]
    days: tuple[date, ...]
    values: tuple[tuple[int | None, ...], ...]  # per series, per day
    note: str = ""
    last_texts: tuple[str, ...] = ()  # per series, the last value as published ("<5", "x")


@dataclass(frozen=True, slots=True)
class BarChart:
    """Bars per label (a GI, a blocker kind), one per series; hidden values keep their text."""

    title: str
    names: tuple[str, ...]
    labels: tuple[str, ...]
    cells: tuple[tuple[Cell, ...], ...]  # per label, per series
    note: str = ""


@dataclass(frozen=True, slots=True)
class ReportCharts:
    trend: LineChart
    by_gi: BarChart
    by_blocker: BarChart


def report_charts(report: MonitorReport, suppress: bool) -> ReportCharts:
    """The three charts, drawn from the tables as published, so that a chart never shows a
    number its table hides."""
    hidden_note = _("Aantallen onder de 5 zijn afgeschermd en niet als getal getoond.") \
        if suppress else ""
    trend_table = report.table(TREND_KEY)
    trend = show_table(trend_table, suppress)
    days = tuple(row.day for row in trend.rows if row.day is not None)
    names = tuple(column.header for column in trend_table.columns)
    line = LineChart(
        _("Wachtende kinderen per maand"), names, days,
        tuple(tuple(row.cells[i].number for row in trend.rows if row.day is not None)
              for i in range(len(names))), hidden_note,
        tuple(trend.rows[-1].cells[i].text if trend.rows else "" for i in range(len(names))))
    gi_table = report.table(GI_KEY)
    gi = show_table(gi_table, suppress)
    gi_rows = [(source, row) for source, row in zip(gi_table.rows, gi.rows, strict=False)
               if (source.values[2] or 0) > 0]
    by_gi = BarChart(
        _("Wachtende kinderen per GI op {date}").format(date=fmt.long_date(report.meetmoment)),
        (gi_table.columns[0].header, gi_table.columns[1].header),
        tuple(row.labels[0] for _source, row in gi_rows),
        tuple((row.cells[0], row.cells[1]) for _source, row in gi_rows), hidden_note)
    blocker_table = report.table(BLOCKER_KEY)
    blockers = show_table(blocker_table, suppress)
    blocker_rows = [(source, row) for source, row in
                    zip(blocker_table.rows, blockers.rows, strict=False)
                    if (source.values[0] or 0) > 0 or (source.values[1] or 0) > 0]
    by_blocker = BarChart(
        _("Lopende casussen per soort knelpunt"),
        (_("Op {date}").format(date=fmt.short_date(report.meetmoment)),
         _("Op {date}").format(date=fmt.short_date(report.previous))),
        tuple(row.labels[0] for _source, row in blocker_rows),
        tuple((row.cells[0], row.cells[1]) for _source, row in blocker_rows), hidden_note)
    return ReportCharts(line, by_gi, by_blocker)
