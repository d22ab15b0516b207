"""The register's history read for the monitor: every case, blocker and measure as it stood on
any day, as known now or as known at a moment (the figures as reported then).

Reads plain column tuples, not ORM objects: a large region has a quarter of a million history
rows (``bench/bench_monitor.py``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from expertteam.domain import timeline as tl
from expertteam.domain.enums import BlockerKind, MeasureKind
from expertteam.domain.terms import MeasureFacts
from expertteam.domain.timeline import CaseTimeline, Change, Recorded
from expertteam.i18n import N_, _
from expertteam.storage.models.cases import Case, CaseChange
from expertteam.storage.models.organisations import Organisation

NO_GI = N_("(geen GI vastgelegd)")
NO_MUNICIPALITY = N_("(geen gemeente vastgelegd)")
_KINDS = {kind.value: kind for kind in BlockerKind}
_MEASURES = {kind.value: kind for kind in MeasureKind}


@dataclass(frozen=True)
class ItemHistory:
    """The live rows of one blocker or measure (field names without their prefix)."""

    case_id: int
    changes: tuple[Change, ...]

    def values_on(self, day: date) -> dict[str, str | None]:
        return tl.value_on(self.changes, day)

    def first(self, name: str) -> str | None:
        return tl.first_values(c for c in self.changes if c.field == name).get(name)

    def has(self, name: str) -> bool:
        return any(change.field == name for change in self.changes)

    def latest(self, name: str) -> str | None:
        """The value last recorded, whatever day it took effect (a removal as known)."""
        rows = [change for change in self.changes if change.field == name]
        return max(rows, key=lambda change: change.seq).value if rows else None


@dataclass(frozen=True)
class History:
    timelines: dict[int, CaseTimeline]
    blockers: dict[int, ItemHistory]
    measures: dict[int, ItemHistory]
    names: dict[int, str]
    codes: dict[int, str]  # organisation id → CBS code (gemeente) or KvK number (GI)
    case_numbers: dict[int, str]

    def blocker_kinds_on(self, day: date, open_cases: Mapping[int, object]
                         ) -> dict[BlockerKind, set[int]]:
        """Per blocker kind, the open cases that had such a blocker unresolved on ``day``."""
        result: dict[BlockerKind, set[int]] = {kind: set() for kind in BlockerKind}
        for blocker in self.blockers.values():
            if blocker.case_id not in open_cases:
                continue
            values = blocker.values_on(day)
            # A blocker without a start date (from before that was asked) runs from the day
            # its kind took effect: the referral.
            started = values.get("since") is not None if blocker.has("since") \
                else "kind" in values
            if not started or values.get("resolved_on") is not None:
                continue
            kind = values.get("kind") or blocker.first("kind")
            if kind in _KINDS:
                result[_KINDS[kind]].add(blocker.case_id)
        return result

    def measures_on(self, day: date, open_cases: Mapping[int, object]
                    ) -> dict[int, list[MeasureFacts]]:
        """Per open case, its measures with the dates known by ``day`` (a measure removed as
        entered by mistake counts on no day)."""
        result: dict[int, list[MeasureFacts]] = defaultdict(list)
        for measure in self.measures.values():
            if measure.case_id not in open_cases or measure.latest("removed") == "1":
                continue
            values = measure.values_on(day)
            kind = _MEASURES.get(values.get("kind") or measure.first("kind") or "")
            if kind is None:
                continue
            result[measure.case_id].append(MeasureFacts(
                kind, tl.as_date(values.get("ruling_date")),
                tl.as_date(values.get("gi_charged_on")),
                tl.as_date(values.get("first_contact_on")), tl.as_date(values.get("plan_on")),
                tl.as_date(values.get("end_date")), tl.as_date(values.get("carried_out_on"))))
        return result


def name_of(names: Mapping[int, str], org_id: int | None, missing: str) -> str:
    return names.get(org_id, _(missing)) if org_id is not None else _(missing)


def sort_key(labels: tuple[str, ...]) -> tuple[tuple[bool, str], ...]:
    """Alphabetical, with '(geen … vastgelegd)' last."""
    return tuple((label.startswith("("), label.casefold()) for label in labels)


def load_history(session: Session, known_at: datetime | None = None) -> History:
    """Every case's history as known now, or as known at ``known_at`` (rows recorded by
    then, corrections recorded by then)."""
    table = CaseChange.__table__.c
    statement = select(table.id, table.case_id, table.item_id, table.field, table.new_value,
                       table.effective_on, table.supersedes_id)
    purged = select(Case.id).where(Case.purged_on.is_not(None))
    statement = statement.where(table.case_id.not_in(purged))
    if known_at is not None:
        statement = statement.where(table.recorded_at <= known_at)
    rows = tl.live(Recorded(seq, case_id, item_id, name, value, _day(effective), supersedes)
                   for seq, case_id, item_id, name, value, effective, supersedes
                   in _driver_rows(session, statement))
    referred = _referrals(rows)
    case_rows = [(row.case_id, row.field, row.value, row.effective_on, row.seq) for row in rows
                 if row.item_id is None and row.case_id in referred]
    timelines = tl.build_timelines(referred, case_rows)
    blockers = _items(rows, tl.BLOCKER_PREFIX, referred)
    measures = _items(rows, tl.MEASURE_PREFIX, referred)
    names: dict[int, str] = {}
    codes: dict[int, str] = {}
    for org_id, name, cbs, kvk in session.execute(
            select(Organisation.id, Organisation.name, Organisation.cbs_code,
                   Organisation.kvk_number)):
        names[org_id] = name
        codes[org_id] = cbs or kvk or ""
    numbers = dict(session.execute(select(Case.id, Case.case_number)
                                   .where(Case.id.in_(list(referred)))).all()) \
        if referred else {}
    return History(timelines, blockers, measures, names, codes, numbers)


def _referrals(rows: Iterable[Recorded]) -> dict[int, date]:
    """The referral date of every case that existed (as known): its latest live row."""
    best: dict[int, tuple[int, date]] = {}
    for row in rows:
        if row.field == "referred_on" and row.item_id is None and row.value:
            day = tl.as_date(row.value)
            if day is not None and row.seq > best.get(row.case_id, (-1, day))[0]:
                best[row.case_id] = (row.seq, day)
    return {case_id: day for case_id, (_seq, day) in best.items()}


def _items(rows: Iterable[Recorded], prefix: str, referred: Mapping[int, date]
           ) -> dict[int, ItemHistory]:
    grouped: dict[int, list[Change]] = defaultdict(list)
    owner: dict[int, int] = {}
    cut = len(prefix)
    for row in rows:
        if row.item_id is not None and row.field.startswith(prefix) and \
                row.case_id in referred:
            grouped[row.item_id].append(Change(row.case_id, row.field[cut:], row.value,
                                               row.effective_on, row.seq))
            owner[row.item_id] = row.case_id
    return {item: ItemHistory(owner[item], tuple(changes)) for item, changes in grouped.items()}


def _driver_rows(session: Session, statement: Select[Any]) -> list[Any]:
    """The statement's rows as the database driver returns them.

    SQLAlchemy's per-row result processing costs more than the query itself for the quarter of
    a million history rows of a large region (1.9 s against 0.5 s for 20,000 cases), so the
    statement — still built from the models — is compiled and run without it. Dates then come
    as ISO text on SQLite; ``_day`` reads both."""
    connection = session.connection()
    compiled = statement.compile(dialect=connection.dialect,
                                 compile_kwargs={"literal_binds": True})
    return list(connection.exec_driver_sql(str(compiled)).fetchall())


_DAYS: dict[str, date] = {}


def _day(value: date | str) -> date:
    if isinstance(value, date):
        return value
    found = _DAYS.get(value)
    if found is None:
        found = _DAYS[value] = date.fromisoformat(value)
    return found
