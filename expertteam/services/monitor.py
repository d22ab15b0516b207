"""The regional monitor (the start-page dashboard is ``services/dashboard.py``).

``monitor_at`` reconstructs the register as it stood on a meetmoment from the dated case history
(``CaseChange``; blockers by their own since/resolved dates) — never from today's values — and
counts the children waiting per GI and gemeente, with the change since the previous meetmoment,
the waiting-time distribution, blockers, in- and outflow and lead times over a period, and a
monthly trend.
"""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from expertteam import formatting as fmt
from expertteam.domain import monitor as m
from expertteam.domain.enums import (
    AuditAction,
    BlockerKind,
    CaseStatus,
    ClosingResult,
)
from expertteam.domain.errors import ValidationError
from expertteam.domain.monitor import CaseState, CaseTimeline, Category, Column, ColumnKind, Row
from expertteam.domain.workdays import add_months
from expertteam.i18n import N_, _
from expertteam.services import audit
from expertteam.services.store import Store
from expertteam.storage.models import (
    Case,
    CaseBlocker,
    CaseChange,
    Organisation,
    Region,
)

TREND_MONTHS = 24
DEFAULT_PREVIOUS_MONTHS = 3
NO_GI = N_("(geen GI vastgelegd)")
NO_MUNICIPALITY = N_("(geen gemeente vastgelegd)")


# --------------------------------------------------------------------------- loading

@dataclass(frozen=True, slots=True)
class _Blocker:
    case_id: int
    kind: BlockerKind
    since: date | None
    resolved_on: date | None

    def active_on(self, day: date, referred_on: date) -> bool:
        start = self.since or referred_on
        return start <= day and (self.resolved_on is None or self.resolved_on > day)


@dataclass(frozen=True)
class _History:
    timelines: dict[int, CaseTimeline]
    blockers: list[_Blocker]
    names: dict[int, str]
    case_numbers: dict[int, str]


def _load_history(session: Session, horizon: date) -> _History:
    referred: dict[int, date] = {}
    numbers: dict[int, str] = {}
    for case_id, referred_on, number in session.execute(
            select(Case.id, Case.referred_on, Case.case_number)
            .where(Case.referred_on <= horizon)):
        referred[case_id] = referred_on
        numbers[case_id] = number
    table = CaseChange.__table__.c
    rows = _driver_rows(session, select(
        table.case_id, table.field, table.new_value, table.effective_on, table.id)
        .where(table.effective_on <= horizon))
    changes = [(case_id, name, value, _day(effective_on), seq)
               for case_id, name, value, effective_on, seq in rows]
    timelines = m.build_timelines(referred, changes)
    columns = CaseBlocker.__table__.c
    kinds = {kind.value: kind for kind in BlockerKind}
    blockers = [_Blocker(case_id, kinds[kind], since, resolved)
                for case_id, kind, since, resolved in session.execute(
                    select(columns.case_id, columns.kind, columns.since, columns.resolved_on)
                    .where(columns.case_id.in_(select(Case.id).where(
                        Case.referred_on <= horizon)))).all()]
    names = dict(session.execute(select(Organisation.id, Organisation.name)).all())
    return _History(timelines, blockers, names, numbers)


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


# --------------------------------------------------------------------------- the monitor

@dataclass(frozen=True, slots=True)
class _Snapshot:
    day: date
    states: list[CaseState]

    def waiting(self) -> list[tuple[CaseState, Category]]:
        result = []
        for state in self.states:
            category = state.category_on(self.day)
            if category is not None:
                result.append((state, category))
        return result


def _name(names: Mapping[int, str], org_id: int | None, missing: str) -> str:
    return names.get(org_id, _(missing)) if org_id is not None else _(missing)


def _count_columns(previous: date) -> tuple[Column, ...]:
    return (
        Column(Category.PASSENDE_JEUGDHULP.label, ColumnKind.COUNT),
        Column(Category.VASTE_JEUGDBESCHERMER.label, ColumnKind.COUNT),
        Column(_("Totaal"), ColumnKind.TOTAL),
        Column(_("Totaal op {date}").format(date=fmt.short_date(previous)),
               ColumnKind.PREVIOUS),
        Column(_("Verschil"), ColumnKind.CHANGE),
    )


def _grouped_table(key: str, title: str, label_headers: tuple[str, ...],
                   now: Sequence[tuple[CaseState, Category]],
                   before: Sequence[tuple[CaseState, Category]],
                   labels_of: Callable[[CaseState], tuple[str, ...]], previous: date,
                   note: str = "") -> m.Table:
    """Counts per group (the labels ``labels_of`` gives a case), now and at ``previous``."""
    counts: dict[tuple[str, ...], Counter[Category]] = defaultdict(Counter)
    ids: dict[tuple[str, ...], list[int]] = defaultdict(list)
    earlier: Counter[tuple[str, ...]] = Counter()
    for state, category in now:
        group = labels_of(state)
        counts[group][category] += 1
        ids[group].append(state.case_id)
    for state, _category in before:
        earlier[labels_of(state)] += 1
    rows = []
    for group in sorted(set(counts) | set(earlier), key=_sort_key):
        pj = counts[group][Category.PASSENDE_JEUGDHULP]
        vjb = counts[group][Category.VASTE_JEUGDBESCHERMER]
        rows.append(Row(group, (pj, vjb, pj + vjb, earlier[group], pj + vjb - earlier[group]),
                        case_ids=tuple(sorted(ids[group]))))
    pj_all = sum(r.values[0] or 0 for r in rows)
    vjb_all = sum(r.values[1] or 0 for r in rows)
    before_all = sum(earlier.values())
    blank = ("",) * (len(label_headers) - 1)
    total = Row((_("Totaal"), *blank), (pj_all, vjb_all, pj_all + vjb_all, before_all,
                                        pj_all + vjb_all - before_all),
                case_ids=tuple(sorted(state.case_id for state, _c in now)))
    return m.Table(key, title, label_headers, _count_columns(previous), tuple(rows), total, note)


def _sort_key(labels: tuple[str, ...]) -> tuple[tuple[bool, str], ...]:
    """Alphabetical, with '(geen … vastgelegd)' last."""
    return tuple((label.startswith("("), label.casefold()) for label in labels)


def _waiting_tables(history: _History, now: _Snapshot, before: _Snapshot) -> list[m.Table]:
    names = history.names
    waiting_now, waiting_before = now.waiting(), before.waiting()
    when = fmt.long_date(now.day)
    placement_note = _("Passende jeugdhulp telt ook kinderen die wachten op een plaatsing "
                       "(pleegzorg, gezinshuis, JeugdzorgPlus).")

    def gi_name(state: CaseState) -> str:
        return _name(names, state.gi_id, NO_GI)

    def municipality_name(state: CaseState) -> str:
        return _name(names, state.municipality_id, NO_MUNICIPALITY)

    return [
        _grouped_table(
            "gi_gemeente", _("Wachtende kinderen per GI en gemeente op {date}").format(date=when),
            (_("GI"), _("Gemeente")), waiting_now, waiting_before,
            lambda s: (gi_name(s), municipality_name(s)), before.day, placement_note),
        _grouped_table(
            "gemeente", _("Wachtende kinderen per gemeente op {date}").format(date=when),
            (_("Gemeente"),), waiting_now, waiting_before,
            lambda s: (municipality_name(s),), before.day, placement_note),
        _grouped_table(
            m.GI_KEY, _("Wachtende kinderen per GI op {date}").format(date=when),
            (_("GI"),), waiting_now, waiting_before,
            lambda s: (gi_name(s),), before.day, placement_note),
    ]


def _waiting_time_tables(now: _Snapshot) -> list[m.Table]:
    waiting = now.waiting()
    buckets = m.waiting_buckets()
    days: dict[Category, list[int]] = {category: [] for category in Category}
    ids: dict[int, list[int]] = defaultdict(list)
    for state, category in waiting:
        value = state.days_waiting(now.day)
        if value is None:
            continue
        days[category].append(value)
        for index, bucket in enumerate(buckets):
            if bucket.holds(value):
                ids[index].append(state.case_id)
                break
    pj = m.bucket_counts(days[Category.PASSENDE_JEUGDHULP], buckets)
    vjb = m.bucket_counts(days[Category.VASTE_JEUGDBESCHERMER], buckets)
    rows = tuple(Row((bucket.label,), (pj[i], vjb[i], pj[i] + vjb[i]),
                     case_ids=tuple(sorted(ids[i])))
                 for i, bucket in enumerate(buckets))
    columns = (Column(Category.PASSENDE_JEUGDHULP.label, ColumnKind.COUNT),
               Column(Category.VASTE_JEUGDBESCHERMER.label, ColumnKind.COUNT),
               Column(_("Totaal"), ColumnKind.TOTAL))
    total = Row((_("Totaal"),), (sum(pj), sum(vjb), sum(pj) + sum(vjb)),
                case_ids=tuple(sorted(state.case_id for state, _c in waiting)))
    distribution = m.Table(
        "wachttijd", _("Wachttijd op {date}").format(date=fmt.long_date(now.day)),
        (_("Wacht al"),), columns, rows, total,
        _("Wachttijd = dagen sinds de datum waarop het kind is gaan wachten. De inspecties "
          "verwachten passende hulp binnen ongeveer 3 maanden."))
    every = days[Category.PASSENDE_JEUGDHULP] + days[Category.VASTE_JEUGDBESCHERMER]

    def stats_row(label: str, values: list[int], case_ids: Iterable[int]) -> Row:
        return Row((label,), (len(values), m.median_days(values), m.longest(values)),
                   basis=len(values), case_ids=tuple(sorted(case_ids)))

    by_category = {category: [s.case_id for s, c in waiting if c is category]
                   for category in Category}
    stats = m.Table(
        "wachttijd_dagen", _("Wachttijd in dagen op {date}").format(date=fmt.long_date(now.day)),
        (_("Wacht op"),),
        (Column(_("Kinderen"), ColumnKind.COUNT), Column(_("Mediaan (dagen)"), ColumnKind.DAYS),
         Column(_("Langst (dagen)"), ColumnKind.DAYS)),
        tuple(stats_row(category.label, days[category], by_category[category])
              for category in Category),
        stats_row(_("Alle wachtende kinderen"), every, (s.case_id for s, _c in waiting)))
    return [distribution, stats]


def _blockers_on(history: _History, snapshot: _Snapshot) -> dict[BlockerKind, set[int]]:
    open_cases = {state.case_id: state.referred_on for state in snapshot.states if state.is_open}
    result: dict[BlockerKind, set[int]] = {kind: set() for kind in BlockerKind}
    for blocker in history.blockers:
        referred_on = open_cases.get(blocker.case_id)
        if referred_on is not None and blocker.active_on(snapshot.day, referred_on):
            result[blocker.kind].add(blocker.case_id)
    return result


def _blocker_table(history: _History, now: _Snapshot, before: _Snapshot) -> m.Table:
    current, earlier = _blockers_on(history, now), _blockers_on(history, before)
    rows = tuple(
        Row((kind.label,), (len(current[kind]), len(earlier[kind]),
                            len(current[kind]) - len(earlier[kind])),
            case_ids=tuple(sorted(current[kind])))
        for kind in BlockerKind)
    return m.Table(
        m.BLOCKER_KEY, _("Lopende casussen per soort knelpunt op {date}").format(
            date=fmt.long_date(now.day)),
        (_("Knelpunt"),),
        (Column(_("Kinderen"), ColumnKind.COUNT),
         Column(_("Kinderen op {date}").format(date=fmt.short_date(before.day)),
                ColumnKind.PREVIOUS),
         Column(_("Verschil"), ColumnKind.CHANGE)),
        rows, None,
        _("Een kind kan meer dan één knelpunt hebben; de kolom telt daarom niet op tot het "
          "aantal kinderen."))


def _flow_tables(history: _History, start: date, end: date) -> list[m.Table]:
    period = _("{start} tot en met {end}").format(start=fmt.short_date(start),
                                                  end=fmt.short_date(end))
    opened: list[int] = []
    closed: dict[int, ClosingResult | None] = {}
    referral_to_help: list[tuple[int, int]] = []
    waiting_to_help: list[tuple[int, int]] = []
    end_states = {}
    for case_id, timeline in history.timelines.items():
        if start <= timeline.referred_on <= end:
            opened.append(case_id)
        previous_status: CaseStatus | None = None
        for segment_start, _until, state in timeline.segments():
            if state.status is CaseStatus.CLOSED and previous_status is not CaseStatus.CLOSED \
                    and start <= segment_start <= end:
                closed[case_id] = state.closing_result
            previous_status = state.status
        state_end = timeline.state_at(end)
        if state_end is not None:
            end_states[case_id] = state_end
    for case_id, state in end_states.items():
        help_on = state.help_started_on
        if help_on is None or not start <= help_on <= end:
            continue
        referral_to_help.append((case_id, max(0, (help_on - state.referred_on).days)))
        first_waiting = _first_waiting_since(history.timelines[case_id], help_on)
        if first_waiting is not None:
            waiting_to_help.append((case_id, max(0, (help_on - first_waiting).days)))
    flow = m.Table(
        "instroom_uitstroom", _("Aangemelde en afgesloten casussen, {period}").format(
            period=period),
        (_("Casussen"),), (Column(_("Aantal"), ColumnKind.COUNT),),
        (Row((_("Aangemeld"),), (len(opened),), case_ids=tuple(sorted(opened))),
         Row((_("Afgesloten"),), (len(closed),), case_ids=tuple(sorted(closed)))))
    results: dict[ClosingResult, list[int]] = {result: [] for result in ClosingResult}
    unknown: list[int] = []
    for case_id, result in closed.items():
        (results[result] if result is not None else unknown).append(case_id)
    result_rows = [Row((result.label,), (len(ids),), case_ids=tuple(sorted(ids)))
                   for result, ids in results.items()]
    if unknown:
        result_rows.append(Row((_("Onbekend"),), (len(unknown),), case_ids=tuple(sorted(unknown))))
    outcome = m.Table(
        "afsluitresultaat", _("Resultaat bij afsluiting, {period}").format(period=period),
        (_("Resultaat"),), (Column(_("Casussen"), ColumnKind.COUNT),), tuple(result_rows),
        Row((_("Totaal afgesloten"),), (len(closed),), case_ids=tuple(sorted(closed))))

    def lead_row(label: str, pairs: list[tuple[int, int]]) -> Row:
        values = [days for _case, days in pairs]
        return Row((label,), (len(values), m.mean_days(values), m.median_days(values)),
                   basis=len(values), case_ids=tuple(sorted(case for case, _d in pairs)))

    lead = m.Table(
        "doorlooptijd", _("Doorlooptijd tot start van de hulp, {period}").format(period=period),
        (_("Doorlooptijd"),),
        (Column(_("Kinderen"), ColumnKind.COUNT), Column(_("Gemiddeld (dagen)"), ColumnKind.DAYS),
         Column(_("Mediaan (dagen)"), ColumnKind.DAYS)),
        (lead_row(_("Van aanmelding tot start hulp"), referral_to_help),
         lead_row(_("Van begin wachten tot start hulp"), waiting_to_help)),
        None,
        _("Kinderen bij wie de passende hulp in deze periode is gestart."))
    return [flow, outcome, lead]


def _first_waiting_since(timeline: CaseTimeline, until: date) -> date | None:
    """The waiting-since date the case last had before help started."""
    found: date | None = None
    for segment_start, _until, state in timeline.segments():
        if segment_start > until:
            break
        if state.waiting_since is not None:
            found = state.waiting_since
    return found


def _trend_days(meetmoment: date, earliest: date | None) -> list[date]:
    days = [add_months(meetmoment, -k) for k in range(TREND_MONTHS, -1, -1)]
    if earliest is not None:
        start = max(0, sum(1 for day in days if day < earliest) - 1)
        days = days[start:]
    return days


def _trend(history: _History, meetmoment: date) -> m.Table:
    earliest = min((t.referred_on for t in history.timelines.values()), default=None)
    days = _trend_days(meetmoment, earliest)
    series = m.waiting_series(history.timelines.values(), days)
    pj, vjb = series[Category.PASSENDE_JEUGDHULP], series[Category.VASTE_JEUGDBESCHERMER]
    return m.Table(
        m.TREND_KEY, _("Verloop van het aantal wachtende kinderen"), (_("Datum"),),
        (Column(Category.PASSENDE_JEUGDHULP.label, ColumnKind.COUNT),
         Column(Category.VASTE_JEUGDBESCHERMER.label, ColumnKind.COUNT),
         Column(_("Totaal"), ColumnKind.TOTAL)),
        tuple(Row((fmt.short_date(day),), (pj[i], vjb[i], pj[i] + vjb[i]), day=day)
              for i, day in enumerate(days)),
        None, _("Stand op dezelfde dag van elke maand, teruggerekend uit de vastgelegde "
                "geschiedenis."))


def _region(session: Session) -> tuple[str, str]:
    region = session.scalars(select(Region).order_by(Region.id.desc()).limit(1)).first()
    if region is None:
        return "", _("Expertteam")
    return region.name, region.team_name


def _check_dates(today: date, meetmoment: date, previous: date,
                 period: tuple[date, date]) -> None:
    if meetmoment > today:
        raise ValidationError("meetmoment", _("Het meetmoment ligt in de toekomst; kies vandaag "
                                              "of een eerdere datum."))
    if previous >= meetmoment:
        raise ValidationError("previous", _("Het vorige meetmoment moet vóór het meetmoment "
                                            "liggen."))
    start, end = period
    if start > end:
        raise ValidationError("period", _("De periode begint na het einde; draai de datums om."))
    if end > today:
        raise ValidationError("period", _("De periode loopt tot in de toekomst; kies als einde "
                                          "vandaag of eerder."))


def monitor_at(store: Store, meetmoment: date, previous: date | None = None,
               period: tuple[date, date] | None = None) -> m.MonitorReport:
    """The regional monitor at ``meetmoment``, reconstructed from the dated history.

    ``previous`` is the meetmoment to compare with (default: three months earlier); ``period``
    the span for in- and outflow and lead times (default: the day after ``previous`` up to and
    including ``meetmoment``). Raises ``ValidationError`` (field ``meetmoment``, ``previous`` or
    ``period``) for a date in the future or dates in the wrong order."""
    today = store.today()
    previous = previous or add_months(meetmoment, -DEFAULT_PREVIOUS_MONTHS)
    period = period or (previous + timedelta(days=1), meetmoment)
    _check_dates(today, meetmoment, previous, period)
    horizon = max(meetmoment, period[1])
    with _collector_paused():
        return _compute(store, meetmoment, previous, period, horizon)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the history is rebuilt.

    The reconstruction makes hundreds of thousands of small acyclic objects, which reference
    counting frees; the cyclic collector would rescan the growing heap over and over (about a
    third of the time for 20,000 cases)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _compute(store: Store, meetmoment: date, previous: date, period: tuple[date, date],
             horizon: date) -> m.MonitorReport:
    today = store.today()
    with store.transaction() as session:
        history = _load_history(session, horizon)
        region_name, team_name = _region(session)
        audit.record(session, store, AuditAction.VIEW, "monitor", meetmoment.isoformat(),
                     detail=f"previous={previous.isoformat()} cases={len(history.timelines)}")
    timelines = history.timelines.values()
    now = _Snapshot(meetmoment, m.states_at(timelines, meetmoment))
    before = _Snapshot(previous, m.states_at(timelines, previous))
    tables = _waiting_tables(history, now, before)
    tables += _waiting_time_tables(now)
    tables.append(_blocker_table(history, now, before))
    tables += _flow_tables(history, *period)
    tables.append(_trend(history, meetmoment))
    counts_now = Counter(category for _s, category in now.waiting())
    counts_before = Counter(category for _s, category in before.waiting())
    return m.MonitorReport(
        region_name=region_name, team_name=team_name, meetmoment=meetmoment, previous=previous,
        period_start=period[0], period_end=period[1], produced_on=today,
        waiting_now={category: counts_now[category] for category in Category},
        waiting_previous={category: counts_before[category] for category in Category},
        tables=tuple(tables))
