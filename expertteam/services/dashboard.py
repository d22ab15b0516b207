"""The start page's dashboard: what needs attention today (children waiting, actions due or
overdue, passed terms, escalations, the next meeting), with the cases behind every figure."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from expertteam import formatting as fmt
from expertteam.domain import monitor as m
from expertteam.domain.enums import (
    ActionStatus,
    AuditAction,
    CaseStatus,
    MeetingStatus,
)
from expertteam.domain.escalation import EscalationStatus
from expertteam.domain.terms import (
    HELP_EXPECTED_MONTHS,
    MeasureFacts,
    TermKind,
    TermState,
    case_terms,
)
from expertteam.domain.waiting import Category, days_waiting, waiting_on
from expertteam.domain.workdays import add_months
from expertteam.i18n import N_, _
from expertteam.services import audit
from expertteam.services.store import Store
from expertteam.storage.models.actions import Action
from expertteam.storage.models.cases import Case, Measure
from expertteam.storage.models.escalations import Escalation, EscalationCase
from expertteam.storage.models.meetings import AgendaItem, Meeting
from expertteam.storage.models.organisations import Organisation
from expertteam.storage.plain_rows import plain_rows


class Section(StrEnum):
    WAITING = "waiting"
    ACTIONS = "actions"
    TERMS = "terms"
    ESCALATIONS = "escalations"
    MEETING = "meeting"

    @property
    def label(self) -> str:
        return _(_SECTION_LABELS[self])


_SECTION_LABELS = {
    Section.WAITING: N_("Wachtende kinderen"),
    Section.ACTIONS: N_("Verlopen acties per deelnemer"),
    Section.TERMS: N_("Wettelijke termijnen verstreken"),
    Section.ESCALATIONS: N_("Open escalaties"),
    Section.MEETING: N_("Volgend overleg"),
}


@dataclass(frozen=True, slots=True)
class Figure:
    """One tile: a figure with the cases behind it (empty when there are none)."""

    key: str
    section: Section
    title: str
    value: str
    detail: str
    case_ids: tuple[int, ...]
    count: int | None = None
    attention: bool = False


@dataclass(frozen=True, slots=True)
class Dashboard:
    today: date
    figures: tuple[Figure, ...]
    sections: tuple[Section, ...]

    def section(self, section: Section) -> tuple[Figure, ...]:
        return tuple(figure for figure in self.figures if figure.section is section)

    def figure(self, key: str) -> Figure:
        for figure in self.figures:
            if figure.key == key:
                return figure
        raise KeyError(key)


def _days_text(days: int | None) -> str:
    if days is None:
        return _("onbekend")
    return _("{n} dag").format(n=days) if days == 1 else _("{n} dagen").format(n=days)


def _waiting_figures(session: Session, today: date) -> list[Figure]:
    rows = plain_rows(session, select(
        Case.id, Case.case_number, Case.waiting_for, Case.waiting_since, Case.help_started_on)
        .where(Case.purged_on.is_(None), Case.status != CaseStatus.CLOSED,
               Case.waiting_for.is_not(None)))
    figures: list[Figure] = []
    per_category: dict[Category, list[tuple[int, int | None]]] = {c: [] for c in Category}
    for case_id, _number, waiting_for, since, help_on in rows:
        category = waiting_on(today, is_open=True, waiting_for=waiting_for,
                              waiting_since=since, help_started_on=help_on)
        if category is not None:
            per_category[category].append((case_id, days_waiting(
                today, is_open=True, waiting_for=waiting_for, waiting_since=since,
                help_started_on=help_on)))
    for category in Category:
        entries = per_category[category]
        days = [d for _c, d in entries if d is not None]
        detail = _("mediaan {median} · langst {longest}").format(
            median=_days_text(m.median_days(days)), longest=_days_text(m.longest(days))) \
            if days else _("niemand wacht")
        figures.append(Figure(
            f"waiting_{category.value}", Section.WAITING,
            _("Wachten op {what}").format(what=category.label.lower()), str(len(entries)),
            detail, tuple(sorted(c for c, _d in entries)), len(entries)))
    limit = add_months(today, -HELP_EXPECTED_MONTHS)
    everyone = [(c, d) for entries in per_category.values() for c, d in entries]
    long_waiting = [c for c, d in everyone if d is not None and today - timedelta(days=d) < limit]
    figures.append(Figure(
        "waiting_long", Section.WAITING, _("Langer dan 3 maanden wachtend"),
        str(len(long_waiting)), _("de inspecties verwachten hulp binnen ongeveer 3 maanden"),
        tuple(sorted(long_waiting)), len(long_waiting), attention=bool(long_waiting)))
    known = [(d, c) for c, d in everyone if d is not None]
    if known:
        most, case_id = max(known, key=lambda item: (item[0], -item[1]))
        number = next(n for c, n, _w, _s, _h in rows if c == case_id)
        figures.append(Figure("waiting_longest", Section.WAITING, _("Langst wachtend"),
                              _days_text(most), number, (case_id,), most,
                              attention=today - timedelta(days=most) < limit))
    return figures


def _action_figures(session: Session, today: date) -> list[Figure]:
    rows = session.execute(
        select(Action.owner_organisation_id, Organisation.name, Action.case_id, Action.due_on)
        .join(Organisation, Action.owner_organisation_id == Organisation.id)
        .join(Case, Action.case_id == Case.id)
        .where(Action.status == ActionStatus.OPEN, Action.due_on < today,
               Case.purged_on.is_(None))).all()
    per_owner: dict[tuple[str, int], list[tuple[int, date]]] = defaultdict(list)
    for owner_id, name, case_id, due_on in rows:
        per_owner[(name, owner_id)].append((case_id, due_on))
    figures = []
    for (name, owner_id), items in sorted(per_owner.items(), key=lambda kv: (-len(kv[1]),
                                                                               kv[0][0])):
        oldest = min(due for _c, due in items)
        detail = _("oudste verlopen sinds {date}").format(date=fmt.short_date(oldest))
        figures.append(Figure(f"actions_{owner_id}", Section.ACTIONS, name, str(len(items)),
                              detail, tuple(sorted({c for c, _d in items})), len(items),
                              attention=True))
    return figures


def _term_figures(session: Session, today: date) -> list[Figure]:
    measures: dict[int, list[MeasureFacts]] = defaultdict(list)
    for case_id, *facts in plain_rows(session, select(
            Measure.case_id, Measure.kind, Measure.ruling_date, Measure.gi_charged_on,
            Measure.first_contact_on, Measure.plan_on, Measure.end_date, Measure.carried_out_on)
            .join(Case, Measure.case_id == Case.id)
            .where(Measure.removed.is_(False), Case.purged_on.is_(None),
                   Case.status != CaseStatus.CLOSED)):
        measures[case_id].append(MeasureFacts(*facts))
    overdue: dict[TermKind, set[int]] = {TermKind.FIRST_CONTACT: set(),
                                         TermKind.PLAN_VAN_AANPAK: set()}
    for case_id, facts in measures.items():
        for term in case_terms(facts, None, None):
            if term.kind in overdue and term.state(today) is TermState.OVERDUE:
                overdue[term.kind].add(case_id)
    titles = {TermKind.FIRST_CONTACT: _("Eerste contact jeugdbeschermer (5 werkdagen)"),
              TermKind.PLAN_VAN_AANPAK: _("Plan van aanpak (6 weken)")}
    return [Figure(f"term_{kind.value}", Section.TERMS, titles[kind], str(len(ids)),
                   _("termijn verstreken, nog niet gehaald"), tuple(sorted(ids)), len(ids),
                   attention=bool(ids))
            for kind, ids in overdue.items()]


def _escalation_figures(session: Session, today: date) -> list[Figure]:
    """Escalations not yet resolved or withdrawn, and those whose follow-up date has passed."""
    open_rows = session.execute(
        select(Escalation.id, Escalation.level, Escalation.status, Escalation.follow_up_on)
        .where(Escalation.status.not_in([s for s in EscalationStatus if s.final]))).all()
    links: dict[int, set[int]] = defaultdict(set)
    if open_rows:
        for escalation_id, case_id in session.execute(
                select(EscalationCase.escalation_id, EscalationCase.case_id)
                .where(EscalationCase.escalation_id.in_([row[0] for row in open_rows]))):
            links[escalation_id].add(case_id)
    per_level = Counter(level for _id, level, _status, _follow in open_rows)
    detail = " · ".join(f"{count} {level.label}" for level, count in sorted(
        per_level.items(), key=lambda item: item[0].value)) or _("geen escalaties open")
    all_cases = sorted({c for ids in links.values() for c in ids})
    overdue = [row for row in open_rows
               if row[2].under_way and row[3] is not None and today > row[3]]
    overdue_cases = sorted({c for row in overdue for c in links[row[0]]})
    return [
        Figure("escalations_open", Section.ESCALATIONS, _("Open escalaties"),
               str(len(open_rows)), detail, tuple(all_cases), len(open_rows)),
        Figure("escalations_follow_up", Section.ESCALATIONS,
               _("Geen reactie op de afgesproken datum"), str(len(overdue)),
               _("terugkoppeldatum verstreken"), tuple(overdue_cases),
               len(overdue), attention=bool(overdue)),
    ]


def _meeting_figure(session: Session, today: date) -> Figure:
    meeting = session.scalars(
        select(Meeting).where(Meeting.held_on >= today, Meeting.status != MeetingStatus.CLOSED)
        .order_by(Meeting.held_on, Meeting.starts_at, Meeting.id).limit(1)).first()
    if meeting is None:
        return _no_meeting_ahead(session, today)
    case_ids = tuple(sorted({case_id for case_id in session.scalars(
        select(AgendaItem.case_id).where(AgendaItem.meeting_id == meeting.id,
                                         AgendaItem.dropped.is_(False),
                                         AgendaItem.case_id.is_not(None)))
        if case_id is not None}))
    parts = []
    if meeting.starts_at is not None:
        parts.append(fmt.short_time(meeting.starts_at))
    if meeting.place:
        parts.append(meeting.place)
    parts.append(_("{n} casussen op de agenda").format(n=len(case_ids)) if len(case_ids) != 1
                 else _("1 casus op de agenda"))
    days_until = (meeting.held_on - today).days
    when = _("vandaag") if days_until == 0 else fmt.short_date(meeting.held_on)
    parts.insert(0, fmt.long_date(meeting.held_on, weekday=True))
    return Figure("meeting_next", Section.MEETING, _("Volgend overleg"), when,
                  " · ".join(parts), case_ids, len(case_ids))


def _no_meeting_ahead(session: Session, today: date) -> Figure:
    """No meeting from today on: say so, and name a meeting whose day has passed without it
    being closed (it still holds the agenda and actions the chair meant to discuss)."""
    passed = session.scalars(
        select(Meeting).where(Meeting.held_on < today, Meeting.status != MeetingStatus.CLOSED)
        .order_by(Meeting.held_on.desc(), Meeting.id.desc()).limit(1)).first()
    if passed is None:
        return Figure("meeting_next", Section.MEETING, _("Volgend overleg"),
                      _("niet gepland"), _("er staat geen overleg in de agenda"), ())
    verb = _("is nog bezig") if passed.status is MeetingStatus.IN_PROGRESS else \
        _("is niet gehouden of niet afgesloten")
    return Figure("meeting_next", Section.MEETING, _("Volgend overleg"), _("niet gepland"),
                  _("het overleg van {date} {state}: sluit het af of verplaats het naar een "
                    "nieuwe datum").format(date=fmt.long_date(passed.held_on), state=verb),
                  (), attention=True)


def dashboard(store: Store) -> Dashboard:
    """What needs attention today: waiting children (how many, how long), overdue actions per
    participant, legal terms passed, open escalations and the next meeting — each with the case
    ids behind it. Raises nothing of its own (``StorageError`` when the database fails)."""
    today = store.today()
    with store.transaction() as session:
        figures = _waiting_figures(session, today)
        figures += _action_figures(session, today)
        figures += _term_figures(session, today)
        figures += _escalation_figures(session, today)
        figures.append(_meeting_figure(session, today))
        audit.record(session, store, AuditAction.VIEW, "dashboard", "*",
                     detail=f"{len(figures)} figures")
    sections = (Section.WAITING, Section.ACTIONS, Section.TERMS, Section.ESCALATIONS,
                Section.MEETING)
    return Dashboard(today, tuple(figures), sections)
