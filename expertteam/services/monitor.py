"""The regional monitor (the start-page dashboard is ``services/dashboard.py``).

``monitor_at`` reconstructs the register as it stood on a meetmoment from the dated history
(``services/monitor_history.py``) — never from today's values — and counts the children waiting
per GI and gemeente (the one waiting rule, ``domain/waiting.py``), with the change since the
previous meetmoment, the waiting-time distribution, blockers, passed terms, in- and outflow and
lead times over a period (``services/monitor_flow.py``), the GI's own figures beside the
expertteam's (``services/monitor_gi.py``) and a monthly trend. With ``known_at`` it counts only
what had been recorded by then: the figures as they could have been reported at that moment.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from expertteam import formatting as fmt
from expertteam.collector import collector_paused
from expertteam.domain import monitor as m
from expertteam.domain import tables as t
from expertteam.domain import timeline as tl
from expertteam.domain.enums import AuditAction, BlockerKind
from expertteam.domain.errors import ValidationError
from expertteam.domain.tables import Column, ColumnKind, Row
from expertteam.domain.terms import TermKind, TermState, measure_terms
from expertteam.domain.timeline import CaseState
from expertteam.domain.waiting import Category
from expertteam.domain.workdays import add_months
from expertteam.i18n import _
from expertteam.services import audit, monitor_flow, monitor_gi
from expertteam.services.monitor_history import (
    NO_GI,
    NO_MUNICIPALITY,
    History,
    load_history,
    name_of,
    sort_key,
)
from expertteam.services.store import Store
from expertteam.storage.models.system import Region

DEFAULT_PREVIOUS_MONTHS = 3
TERM_KINDS = (TermKind.FIRST_CONTACT, TermKind.PLAN_VAN_AANPAK)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Every case as it stood on ``day``: those waiting then (with what for), and the open
    ones by id."""

    day: date
    waiting: list[tuple[CaseState, Category]]
    open_cases: dict[int, CaseState]

    @classmethod
    def on(cls, day: date, timelines: Iterable[tl.CaseTimeline]) -> Snapshot:
        waiting = []
        open_cases = {}
        for state in tl.states_at(timelines, day):
            if state.is_open:
                open_cases[state.case_id] = state
                category = state.category_on(day)
                if category is not None:
                    waiting.append((state, category))
        return cls(day, waiting, open_cases)


def _count_columns(previous: date) -> tuple[Column, ...]:
    return (
        Column(Category.PASSENDE_JEUGDHULP.label, ColumnKind.COUNT),
        Column(Category.VASTE_JEUGDBESCHERMER.label, ColumnKind.COUNT),
        Column(_("Totaal"), ColumnKind.TOTAL),
        Column(_("Totaal op {date}").format(date=fmt.short_date(previous)),
               ColumnKind.PREVIOUS),
        Column(_("Verschil"), ColumnKind.CHANGE),
    )


Group = tuple[tuple[str, ...], tuple[str, ...]]  # labels, codes


def _grouped_table(key: str, title: str, label_headers: tuple[str, ...],
                   now: Sequence[tuple[CaseState, Category]],
                   before: Sequence[tuple[CaseState, Category]],
                   group_of: Callable[[CaseState], Group], previous: date,
                   note: str = "", code_headers: tuple[str, ...] = ()) -> t.Table:
    """Counts per group (the labels ``group_of`` gives a case), now and at ``previous``."""
    counts: dict[tuple[str, ...], Counter[Category]] = defaultdict(Counter)
    ids: dict[tuple[str, ...], list[int]] = defaultdict(list)
    codes: dict[tuple[str, ...], tuple[str, ...]] = {}
    earlier: Counter[tuple[str, ...]] = Counter()
    for state, category in now:
        labels, codes[labels] = group_of(state)
        counts[labels][category] += 1
        ids[labels].append(state.case_id)
    for state, _category in before:
        labels, codes[labels] = group_of(state)
        earlier[labels] += 1
    rows = []
    for group in sorted(set(counts) | set(earlier), key=sort_key):
        pj = counts[group][Category.PASSENDE_JEUGDHULP]
        vjb = counts[group][Category.VASTE_JEUGDBESCHERMER]
        rows.append(Row(group, (pj, vjb, pj + vjb, earlier[group], pj + vjb - earlier[group]),
                        case_ids=tuple(sorted(ids[group])), codes=codes[group]))
    pj_all = sum(r.values[0] or 0 for r in rows)
    vjb_all = sum(r.values[1] or 0 for r in rows)
    before_all = sum(earlier.values())
    blank = ("",) * (len(label_headers) - 1)
    total = Row((_("Totaal"), *blank), (pj_all, vjb_all, pj_all + vjb_all, before_all,
                                        pj_all + vjb_all - before_all),
                case_ids=tuple(sorted(state.case_id for state, _c in now)))
    return t.Table(key, title, label_headers, _count_columns(previous), tuple(rows), total,
                   note, code_headers)


def _waiting_tables(history: History, now: Snapshot, before: Snapshot) -> list[t.Table]:
    names, codes = history.names, history.codes
    waiting_now, waiting_before = now.waiting, before.waiting
    when = fmt.long_date(now.day)
    placement_note = _("Passende jeugdhulp telt ook kinderen die wachten op een plaatsing "
                       "(pleegzorg, gezinshuis, JeugdzorgPlus).")

    gis: dict[int | None, tuple[str, str]] = {}
    municipalities: dict[int | None, tuple[str, str]] = {}

    def gi(state: CaseState) -> tuple[str, str]:
        found = gis.get(state.gi_id)
        if found is None:
            found = gis[state.gi_id] = (name_of(names, state.gi_id, NO_GI),
                                        codes.get(state.gi_id or -1, ""))
        return found

    def municipality(state: CaseState) -> tuple[str, str]:
        found = municipalities.get(state.municipality_id)
        if found is None:
            found = municipalities[state.municipality_id] = (
                name_of(names, state.municipality_id, NO_MUNICIPALITY),
                codes.get(state.municipality_id or -1, ""))
        return found

    def both(state: CaseState) -> Group:
        (gi_name, gi_code), (mun_name, mun_code) = gi(state), municipality(state)
        return (gi_name, mun_name), (gi_code, mun_code)

    return [
        _grouped_table(
            "gi_gemeente", _("Wachtende kinderen per GI en gemeente op {date}").format(date=when),
            (_("GI"), _("Gemeente")), waiting_now, waiting_before, both, before.day,
            placement_note, (_("KvK-nummer GI"), _("CBS-code gemeente"))),
        _grouped_table(
            "gemeente", _("Wachtende kinderen per gemeente op {date}").format(date=when),
            (_("Gemeente"),), waiting_now, waiting_before,
            lambda s: ((municipality(s)[0],), (municipality(s)[1],)), before.day,
            placement_note, (_("CBS-code gemeente"),)),
        _grouped_table(
            m.GI_KEY, _("Wachtende kinderen per GI op {date}").format(date=when),
            (_("GI"),), waiting_now, waiting_before, lambda s: ((gi(s)[0],), (gi(s)[1],)),
            before.day, placement_note, (_("KvK-nummer GI"),)),
    ]


def _waiting_time_tables(now: Snapshot) -> list[t.Table]:
    waiting = now.waiting
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
    distribution = t.Table(
        "wachttijd", _("Wachttijd op {date}").format(date=fmt.long_date(now.day)),
        (_("Wacht al"),), columns, rows, total,
        _("Wachttijd = dagen sinds de datum waarop het kind is gaan wachten. De inspecties "
          "verwachten passende hulp binnen ongeveer 3 maanden."))
    every = days[Category.PASSENDE_JEUGDHULP] + days[Category.VASTE_JEUGDBESCHERMER]

    def stats_row(label: str, values: list[int], case_ids: list[int]) -> Row:
        return Row((label,), (len(values), m.median_days(values), m.longest(values)),
                   basis=len(values), case_ids=tuple(sorted(case_ids)))

    by_category = {category: [s.case_id for s, c in waiting if c is category]
                   for category in Category}
    stats = t.Table(
        "wachttijd_dagen", _("Wachttijd in dagen op {date}").format(date=fmt.long_date(now.day)),
        (_("Wacht op"),),
        (Column(_("Kinderen"), ColumnKind.COUNT), Column(_("Mediaan (dagen)"), ColumnKind.DAYS),
         Column(_("Langst (dagen)"), ColumnKind.DAYS)),
        tuple(stats_row(category.label, days[category], by_category[category])
              for category in Category),
        stats_row(_("Alle wachtende kinderen"), every, [s.case_id for s, _c in waiting]))
    return [distribution, stats]


def _compare_columns(before: date) -> tuple[Column, ...]:
    return (Column(_("Kinderen"), ColumnKind.COUNT),
            Column(_("Kinderen op {date}").format(date=fmt.short_date(before)),
                   ColumnKind.PREVIOUS),
            Column(_("Verschil"), ColumnKind.CHANGE))


def _blocker_table(history: History, now: Snapshot, before: Snapshot) -> t.Table:
    current = history.blocker_kinds_on(now.day, now.open_cases)
    earlier = history.blocker_kinds_on(before.day, before.open_cases)
    rows = tuple(
        Row((kind.label,), (len(current[kind]), len(earlier[kind]),
                            len(current[kind]) - len(earlier[kind])),
            case_ids=tuple(sorted(current[kind])))
        for kind in BlockerKind)
    return t.Table(
        m.BLOCKER_KEY, _("Lopende casussen per soort knelpunt op {date}").format(
            date=fmt.long_date(now.day)),
        (_("Knelpunt"),), _compare_columns(before.day), rows, None,
        _("Een kind kan meer dan één knelpunt hebben; de kolom telt daarom niet op tot het "
          "aantal kinderen."))


def _overdue_terms(history: History, snapshot: Snapshot) -> dict[TermKind, set[int]]:
    """Per term, the open cases whose term had passed on the day without being met."""
    result: dict[TermKind, set[int]] = {kind: set() for kind in TERM_KINDS}
    for case_id, facts in history.measures_on(snapshot.day, snapshot.open_cases).items():
        for measure in facts:
            if measure.end_date is not None:  # ended by then
                continue
            for term in measure_terms(measure):
                if term.kind in result and term.state(snapshot.day) is TermState.OVERDUE:
                    result[term.kind].add(case_id)
    return result


def _terms_table(history: History, now: Snapshot, before: Snapshot) -> t.Table:
    current, earlier = _overdue_terms(history, now), _overdue_terms(history, before)
    rows = tuple(Row((kind.label,), (len(current[kind]), len(earlier[kind]),
                                     len(current[kind]) - len(earlier[kind])),
                     case_ids=tuple(sorted(current[kind]))) for kind in TERM_KINDS)
    return t.Table(
        m.TERMS_KEY, _("Lopende casussen met een verstreken wettelijke termijn op {date}").format(
            date=fmt.long_date(now.day)),
        (_("Termijn"),), _compare_columns(before.day), rows, None,
        _("Telt de maatregelen die op die dag liepen en waarvan de termijn was verstreken "
          "zonder dat het eerste contact of het plan van aanpak was vastgelegd, met de datums "
          "zoals ze nu bekend zijn."))


def _region(session: Session) -> tuple[str, str, str]:
    region = session.scalars(select(Region).order_by(Region.id.desc()).limit(1)).first()
    if region is None:
        return "", _("Expertteam"), ""
    return region.name, region.team_name, region.code


MIN_YEAR = 1900


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


def default_dates(meetmoment: date, previous: date | None = None,
                  period: tuple[date, date] | None = None) -> tuple[date, tuple[date, date]]:
    """The previous meetmoment (three months earlier) and the period (the day after it up to
    and including the meetmoment) where not given. Raises ``ValidationError`` for a date
    before 1900."""
    for field, day in (("meetmoment", meetmoment), ("previous", previous),
                       *(("period", d) for d in period or ())):
        if day is not None and day.year < MIN_YEAR:
            # Before any register existed; also keeps "three months earlier" a real date.
            raise ValidationError(field, _("Kies een datum na {year}.").format(year=MIN_YEAR))
    previous = previous or add_months(meetmoment, -DEFAULT_PREVIOUS_MONTHS)
    return previous, period or (previous + timedelta(days=1), meetmoment)


def monitor_at(store: Store, meetmoment: date, previous: date | None = None,
               period: tuple[date, date] | None = None, *,
               known_at: datetime | None = None) -> m.MonitorReport:
    """The regional monitor at ``meetmoment``, reconstructed from the dated history.

    ``previous`` is the meetmoment to compare with (default: three months earlier); ``period``
    the span for in- and outflow and lead times (default: the day after ``previous`` up to and
    including ``meetmoment``); ``known_at`` counts only what was recorded by that moment
    (default: everything known now). Raises ``ValidationError`` (field ``meetmoment``,
    ``previous`` or ``period``) for a date in the future or dates in the wrong order."""
    previous, period = default_dates(meetmoment, previous, period)
    _check_dates(store.today(), meetmoment, previous, period)
    with collector_paused():
        return _compute(store, meetmoment, previous, period, known_at)


def _compute(store: Store, meetmoment: date, previous: date, period: tuple[date, date],
             known_at: datetime | None) -> m.MonitorReport:
    with store.transaction() as session:
        history = load_history(session, known_at)
        figures = monitor_gi.load_figures(session, meetmoment, known_at)
        region_name, team_name, region_code = _region(session)
        audit.record(session, store, AuditAction.VIEW, "monitor", meetmoment.isoformat(),
                     detail=f"previous={previous.isoformat()} cases={len(history.timelines)}"
                     + (" as-reported" if known_at else ""))
    timelines = history.timelines.values()
    now, before = Snapshot.on(meetmoment, timelines), Snapshot.on(previous, timelines)
    tables = _waiting_tables(history, now, before)
    tables += monitor_gi.gi_tables(history, now.waiting, figures, meetmoment)
    tables += _waiting_time_tables(now)
    tables.append(_blocker_table(history, now, before))
    tables.append(_terms_table(history, now, before))
    tables += monitor_flow.flow_tables(history, *period)
    tables.append(monitor_flow.trend(history, meetmoment))
    tables.append(monitor_gi.gi_trend(history, figures, meetmoment))
    counts_now = Counter(category for _s, category in now.waiting)
    counts_before = Counter(category for _s, category in before.waiting)
    return m.MonitorReport(
        region_name=region_name, team_name=team_name, meetmoment=meetmoment, previous=previous,
        period_start=period[0], period_end=period[1], produced_on=store.today(),
        waiting_now={category: counts_now[category] for category in Category},
        waiting_previous={category: counts_before[category] for category in Category},
        tables=tuple(tables), region_code=region_code, known_at=known_at)
