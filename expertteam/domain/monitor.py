"""The regional monitor, pure: the report at a meetmoment, its statistics and charts.

The pieces it is made of live apart: the waiting rule in ``domain/waiting.py``, the dated
history and a case as it stood on a day in ``domain/timeline.py``, the tables and their
publication (small counts hidden) in ``domain/tables.py``. A report can be frozen when it is
published (``report_to_json`` / ``report_from_json``) and compared with the figures as known
later (``corrections``).
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from expertteam import clock
from expertteam import formatting as fmt
from expertteam.domain.tables import Cell, Column, ColumnKind, Row, Table, show_table
from expertteam.domain.waiting import Category
from expertteam.i18n import N_, _

DEFINITIONS_VERSION = "2026.1"
"""The version of the monitor's definitions (who counts as waiting, the columns of the
aggregate export). Files of different versions are not added up."""


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


def weighted_mean(pairs: Iterable[tuple[float | None, float | None]]) -> float | None:
    """The mean of values weighted by their weights (value, weight); values without a weight
    count once when no value has one. None when there is no value. Averages reported per GI ×
    gemeente (a caseload, a waiting time) add up this way across gemeenten and regions."""
    known = [(value, weight) for value, weight in pairs if value is not None]
    if not known:
        return None
    weighted = [(value, weight) for value, weight in known if weight]
    if weighted:
        total = sum(weight for _v, weight in weighted if weight)
        return round(sum(value * weight for value, weight in weighted if weight) / total, 1)
    return round(sum(value for value, _w in known) / len(known), 1)


# --------------------------------------------------------------------------- the report

@dataclass(frozen=True, slots=True)
class MonitorReport:
    """The regional monitor at a meetmoment, compared with the previous one.

    ``known_at`` is None for the figures as we know them now; a report frozen at publication
    carries the moment it was published (the figures as reported then)."""

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
    region_code: str = ""
    known_at: datetime | None = None
    definitions: str = DEFINITIONS_VERSION

    def table(self, key: str) -> Table:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)

    def has_table(self, key: str) -> bool:
        return any(table.key == key for table in self.tables)

    @property
    def total_now(self) -> int:
        return sum(self.waiting_now.values())

    @property
    def total_previous(self) -> int:
        return sum(self.waiting_previous.values())


# --------------------------------------------------------------------------- frozen reports

def _row_json(row: Row) -> dict[str, Any]:
    return {"labels": list(row.labels), "values": list(row.values), "basis": row.basis,
            "case_ids": list(row.case_ids), "day": row.day.isoformat() if row.day else None,
            "codes": list(row.codes)}


def _row_from(data: Mapping[str, Any]) -> Row:
    return Row(tuple(data["labels"]), tuple(data["values"]), data.get("basis"),
               tuple(data.get("case_ids", ())),
               date.fromisoformat(data["day"]) if data.get("day") else None,
               tuple(data.get("codes", ())))


def report_to_json(report: MonitorReport) -> str:
    """The whole report as JSON text, to be kept unchanged once published."""
    tables = [{
        "key": t.key, "title": t.title, "label_headers": list(t.label_headers),
        "columns": [{"header": c.header, "kind": c.kind.value, "sources": list(c.sources),
                     "group": c.group} for c in t.columns],
        "rows": [_row_json(r) for r in t.rows],
        "total": _row_json(t.total) if t.total is not None else None,
        "note": t.note, "code_headers": list(t.code_headers)} for t in report.tables]
    return json.dumps({
        "region_name": report.region_name, "team_name": report.team_name,
        "region_code": report.region_code, "definitions": report.definitions,
        "meetmoment": report.meetmoment.isoformat(), "previous": report.previous.isoformat(),
        "period": [report.period_start.isoformat(), report.period_end.isoformat()],
        "produced_on": report.produced_on.isoformat(),
        "waiting_now": {c.value: n for c, n in report.waiting_now.items()},
        "waiting_previous": {c.value: n for c, n in report.waiting_previous.items()},
        "notes": list(report.notes), "tables": tables}, ensure_ascii=False)


def report_from_json(text: str, known_at: datetime) -> MonitorReport:
    """A frozen report read back; ``known_at`` is the moment it was published."""
    data = json.loads(text)
    tables = tuple(Table(
        t["key"], t["title"], tuple(t["label_headers"]),
        tuple(Column(c["header"], ColumnKind(c["kind"]), tuple(c.get("sources", ())),
                     c.get("group", "")) for c in t["columns"]),
        tuple(_row_from(r) for r in t["rows"]),
        _row_from(t["total"]) if t.get("total") else None, t.get("note", ""),
        tuple(t.get("code_headers", ()))) for t in data["tables"])
    start, end = (date.fromisoformat(day) for day in data["period"])
    return MonitorReport(
        region_name=data["region_name"], team_name=data["team_name"],
        meetmoment=date.fromisoformat(data["meetmoment"]),
        previous=date.fromisoformat(data["previous"]), period_start=start, period_end=end,
        produced_on=date.fromisoformat(data["produced_on"]),
        waiting_now={Category(c): n for c, n in data["waiting_now"].items()},
        waiting_previous={Category(c): n for c, n in data["waiting_previous"].items()},
        tables=tables, notes=tuple(data.get("notes", ())),
        region_code=data.get("region_code", ""), known_at=known_at,
        definitions=data.get("definitions", DEFINITIONS_VERSION))


@dataclass(frozen=True, slots=True)
class Correction:
    """One published number that is different as known now, with the cases behind it: the
    cases the line counts now but did not then (``added``) and the other way round."""

    table_key: str
    table_title: str
    labels: tuple[str, ...]
    column: str
    then: int | float | None
    now: int | float | None
    added: tuple[int, ...]
    removed: tuple[int, ...]

    @property
    def case_ids(self) -> tuple[int, ...]:
        return tuple(sorted(set(self.added) | set(self.removed)))


def _lines(table: Table) -> dict[tuple[object, ...], Row]:
    rows = list(table.rows) + ([table.total] if table.total is not None else [])
    return {(*row.labels, row.day): row for row in rows}


_COUNTED = (ColumnKind.COUNT, ColumnKind.TOTAL, ColumnKind.PREVIOUS, ColumnKind.CHANGE)


def _value(row: Row | None, index: int, column: Column) -> int | float | None:
    """A line's value; a line that is not there counts no children (0), it has no days."""
    if row is None or index >= len(row.values):
        return 0 if column.kind in _COUNTED else None
    return row.values[index]


def corrections(then: MonitorReport, now: MonitorReport) -> list[Correction]:
    """Every number of ``then`` (as published) that ``now`` (the same meetmoment as known
    today) shows differently, table by table and line by line."""
    found: list[Correction] = []
    for table in then.tables:
        if not now.has_table(table.key):
            continue
        current = now.table(table.key)
        before, after = _lines(table), _lines(current)
        for key in list(before) + [k for k in after if k not in before]:
            old, new = before.get(key), after.get(key)
            reference = old or new
            assert reference is not None
            old_cases = set(old.case_ids) if old else set()
            new_cases = set(new.case_ids) if new else set()
            for index, column in enumerate(table.columns):
                value_then = _value(old, index, column)
                value_now = _value(new, index, column)
                if value_then == value_now:
                    continue
                found.append(Correction(
                    table.key, current.title, reference.labels, column.title, value_then,
                    value_now, tuple(sorted(new_cases - old_cases)),
                    tuple(sorted(old_cases - new_cases))))
    return found


# --------------------------------------------------------------------------- charts

TREND_KEY = "verloop"
GI_KEY = "gi"
BLOCKER_KEY = "knelpunten"
GI_REPORT_KEY = "gi_opgave"
GI_CAPACITY_KEY = "gi_capaciteit"
GI_TREND_KEY = "verloop_gi"
TERMS_KEY = "termijnen"


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
    gi_trend: LineChart | None = None  # when GI figures exist for two meetmomenten or more


def _whole(value: int | float | None) -> int | None:
    return None if value is None else int(value)


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
        tuple(tuple(_whole(row.cells[i].number) for row in trend.rows if row.day is not None)
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
    return ReportCharts(line, by_gi, by_blocker, _gi_trend_chart(report, suppress, hidden_note))


def _gi_trend_chart(report: MonitorReport, suppress: bool, note: str) -> LineChart | None:
    if not report.has_table(GI_TREND_KEY):
        return None
    table = report.table(GI_TREND_KEY)
    shown = show_table(table, suppress)
    days = tuple(row.day for row in shown.rows if row.day is not None)
    if len(days) < 2:
        return None
    names = tuple(column.title for column in table.columns)
    return LineChart(
        _("Wachtende kinderen volgens de GI's en volgens het expertteam"), names, days,
        tuple(tuple(_whole(row.cells[i].number) for row in shown.rows)
              for i in range(len(names))), note,
        tuple(shown.rows[-1].cells[i].text for i in range(len(names))))


def view_text(report: MonitorReport) -> str:
    """Which figures these are: as known now, or as reported at a moment."""
    if report.known_at is None:
        return _("zoals nu bekend (alles wat tot {date} is vastgelegd)").format(
            date=fmt.long_date(report.produced_on))
    return _("zoals gerapporteerd op {moment}").format(
        moment=fmt.date_time(clock.to_local(report.known_at)))
