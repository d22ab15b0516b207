"""The register's history read for the monitor: every case, blocker and measure as it stood on
any day, as known now or as known at a moment (the figures as reported then).

Reads plain column tuples (``storage/plain_rows.py``), not ORM objects: a large region has a
quarter of a million history rows (``bench/bench_monitor.py``).
"""

from __future__ import annotations

import threading
import weakref
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from expertteam.domain import timeline as tl
from expertteam.domain.enums import BlockerKind, MeasureKind
from expertteam.domain.terms import MeasureFacts
from expertteam.domain.timeline import CaseTimeline, Change, Recorded
from expertteam.i18n import N_, _
from expertteam.storage.models.cases import Case, CaseChange
from expertteam.storage.models.organisations import Organisation
from expertteam.storage.plain_rows import plain_rows

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

    @cached_property
    def blocker_steps(self) -> tuple[tuple[date, ...], tuple[BlockerKind | None, ...]]:
        """As a blocker: the days its standing changed and, from each, the kind it blocked
        with (None: not begun yet, or resolved). The rule of ``blocker_kind_on``, swept once
        in order of effective date (``domain/timeline.py``'s ``value_on`` per day)."""
        by_since = self.has("since")
        first_kind = self.first("kind")
        best: dict[str, int] = {}
        values: dict[str, str | None] = {}
        starts: list[date] = []
        kinds: list[BlockerKind | None] = []
        for change in sorted(self.changes, key=lambda c: (c.effective_on, c.seq)):
            if change.seq > best.get(change.field, -1):
                best[change.field] = change.seq
                values[change.field] = change.value
            started = values.get("since") is not None if by_since else "kind" in values
            kind = _KINDS.get(values.get("kind") or first_kind or "") \
                if started and values.get("resolved_on") is None else None
            if starts and starts[-1] == change.effective_on:
                kinds[-1] = kind
            elif not kinds or kinds[-1] != kind:
                starts.append(change.effective_on)
                kinds.append(kind)
        return tuple(starts), tuple(kinds)

    def blocker_kind_on(self, day: date) -> BlockerKind | None:
        """As a blocker: its kind if it was begun and unresolved on ``day``. A blocker without
        a start date (from before that was asked) runs from the day its kind took effect: the
        referral."""
        starts, kinds = self.blocker_steps
        index = bisect_right(starts, day) - 1
        return kinds[index] if index >= 0 else None

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
            if blocker.case_id in open_cases:
                kind = blocker.blocker_kind_on(day)
                if kind is not None:
                    result[kind].add(blocker.case_id)
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


_TABLE = CaseChange.__table__.c
_ROWS = select(_TABLE.id, _TABLE.case_id, _TABLE.item_id, _TABLE.field, _TABLE.new_value,
               _TABLE.effective_on, _TABLE.supersedes_id).order_by(_TABLE.id)


def load_history(session: Session, known_at: datetime | None = None) -> History:
    """Every case's history as known now, or as known at ``known_at`` (rows recorded by
    then, corrections recorded by then).

    As known now, the history is kept per open database and brought up to date from the rows
    recorded since (``_memo_for``): the rows are append-only, so only the cases with new rows
    are rebuilt."""
    purged = set(session.scalars(select(Case.id).where(Case.purged_on.is_not(None))))
    if known_at is None:
        facts = _memo_for(session).brought_up_to_date(session)
    else:
        facts = _facts_of(plain_rows(session, _ROWS.where(_TABLE.recorded_at <= known_at)))
    timelines: dict[int, CaseTimeline] = {}
    blockers: dict[int, ItemHistory] = {}
    measures: dict[int, ItemHistory] = {}
    for case_id, case in facts.items():
        if case.timeline is None or case_id in purged:
            continue
        timelines[case_id] = case.timeline
        blockers.update(case.blockers)
        measures.update(case.measures)
    names: dict[int, str] = {}
    codes: dict[int, str] = {}
    for org_id, name, cbs, kvk in session.execute(
            select(Organisation.id, Organisation.name, Organisation.cbs_code,
                   Organisation.kvk_number)):
        names[org_id] = name
        codes[org_id] = cbs or kvk or ""
    numbers = {case_id: number for case_id, number
               in session.execute(select(Case.id, Case.case_number)) if case_id in timelines}
    return History(timelines, blockers, measures, names, codes, numbers)


@dataclass(frozen=True)
class CaseFacts:
    """One case's history built from its live rows; ``timeline`` is None for a case without
    a referral date (it never existed, as known)."""

    timeline: CaseTimeline | None
    blockers: dict[int, ItemHistory]
    measures: dict[int, ItemHistory]


def _facts_of(rows: Iterable[Any]) -> dict[int, CaseFacts]:
    """Per case, its facts from its rows (driver tuples in the order of ``_ROWS``)."""
    grouped: dict[int, list[Recorded]] = defaultdict(list)
    for seq, case_id, item_id, name, value, effective, supersedes in rows:
        grouped[case_id].append(Recorded(seq, case_id, item_id, name, value, effective,
                                         supersedes))
    return {case_id: case_facts(recorded) for case_id, recorded in grouped.items()}


def case_facts(rows: Iterable[Recorded]) -> CaseFacts:
    """One case's facts from all its rows (a correction supersedes a row of its own case)."""
    live = tl.live(rows)
    referred_on = _referral(live)
    if referred_on is None:
        return CaseFacts(None, {}, {})
    case_id = live[0].case_id
    timeline = tl.build_timeline(case_id, referred_on, [
        (row.case_id, row.field, row.value, row.effective_on, row.seq)
        for row in live if row.item_id is None])
    return CaseFacts(timeline, _items(live, tl.BLOCKER_PREFIX), _items(live, tl.MEASURE_PREFIX))


def _referral(rows: Iterable[Recorded]) -> date | None:
    """The case's referral date (as known): its latest live row."""
    best: tuple[int, date] | None = None
    for row in rows:
        if row.field == "referred_on" and row.item_id is None and row.value:
            day = tl.as_date(row.value)
            if day is not None and (best is None or row.seq > best[0]):
                best = (row.seq, day)
    return best[1] if best is not None else None


def _items(rows: Iterable[Recorded], prefix: str) -> dict[int, ItemHistory]:
    grouped: dict[int, list[Change]] = defaultdict(list)
    owner: dict[int, int] = {}
    cut = len(prefix)
    for row in rows:
        if row.item_id is not None and row.field.startswith(prefix):
            grouped[row.item_id].append(Change(row.case_id, row.field[cut:], row.value,
                                               row.effective_on, row.seq))
            owner[row.item_id] = row.case_id
    return {item: ItemHistory(owner[item], tuple(changes)) for item, changes in grouped.items()}


FULL_READ_ABOVE = 2000
"""More cases touched than this since the last read: read everything again (one scan is then
cheaper than reading the cases one by one)."""


class _HistoryMemo:
    """The history of one open database as known now, per case, with the rows it was built
    from counted: ``count`` rows up to id ``top``."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.facts: dict[int, CaseFacts] = {}
        self.top = 0
        self.count = -1  # nothing read yet

    def brought_up_to_date(self, session: Session) -> dict[int, CaseFacts]:
        """The facts after reading what was recorded since the last call. Rows only ever come
        in (never change or go), so new ids are all there is to read, unless the count of rows
        up to the newest id says otherwise (a row that committed late on a server, a restored
        file): then everything is read again."""
        with self.lock:
            if self.count < 0 or not self._read_since(session):
                self._read_all(session)
            return dict(self.facts)

    def _read_since(self, session: Session) -> bool:
        """Rebuild the cases with rows newer than ``top``; False when that cannot be trusted
        (or would cost more than reading everything)."""
        new = plain_rows(session, _ROWS.where(_TABLE.id > self.top))
        touched = sorted({row[1] for row in new})
        top = max((row[0] for row in new), default=self.top)
        if len(touched) > FULL_READ_ABOVE or \
                self._count_to(session, top) != self.count + len(new):
            return False
        if touched:
            self.facts.update(_facts_of(plain_rows(
                session, _ROWS.where(_TABLE.case_id.in_(touched)))))
        self.top, self.count = top, self.count + len(new)
        return True

    def _read_all(self, session: Session) -> None:
        rows = plain_rows(session, _ROWS)
        self.facts = _facts_of(rows)
        self.top = max((row[0] for row in rows), default=0)
        self.count = len(rows)

    @staticmethod
    def _count_to(session: Session, top: int) -> int:
        return int(session.scalar(select(func.count()).select_from(CaseChange)
                                  .where(_TABLE.id <= top)) or 0)


_memos_lock = threading.Lock()
_memos: weakref.WeakKeyDictionary[Engine, _HistoryMemo] = weakref.WeakKeyDictionary()


def _memo_for(session: Session) -> _HistoryMemo:
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    with _memos_lock:
        memo = _memos.get(engine)
        if memo is None:
            memo = _memos[engine] = _HistoryMemo()
        return memo
