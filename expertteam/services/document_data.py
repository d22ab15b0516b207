"""The documents' input built from the register (inside the caller's transaction).

Children become display strings here: pseudonymised (case number, initials, birth year) unless
names were asked for; when pseudonymised, every free text (summaries, goals, decisions, actions,
notes, history) passes the privacy guard (``services/privacy.py``): a child's name becomes its
initials, a hidden name, BSN, birth date, address, e-mail address or telephone number a
placeholder.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from expertteam.documents.data import (
    ActionHistoryLine,
    ActionLine,
    AddendumLine,
    AgreementLine,
    AgreementSheet,
    AttendanceLine,
    BlockerLine,
    CaseSection,
    DecisionLine,
    MeasureLine,
    MinutesData,
    ParticipantActionList,
    ReviewLine,
)
from expertteam.domain.enums import ActionStatus
from expertteam.domain.pseudonym import pseudonym
from expertteam.formatting import short_date
from expertteam.i18n import N_, _
from expertteam.services.action_events import CREATED, WITHDRAWN, ActionEventInfo
from expertteam.services.meeting_record import MeetingRecord, RecordAction, RecordChange
from expertteam.services.privacy import guard
from expertteam.storage.models.actions import Action, ActionEvent
from expertteam.storage.models.cases import Case
from expertteam.storage.models.meetings import AgendaItem, Meeting
from expertteam.storage.models.organisations import Contact, Organisation


class ChildNames:
    """Display strings for children, and free text guarded when pseudonymised."""

    def __init__(self, session: Session, with_names: bool) -> None:
        self.session = session
        self.with_names = with_names

    def label(self, case: Case) -> str:
        if self.with_names:
            name = f"{case.given_names} {case.surname}".strip()
            year = f" · {case.birth_date.year}" if case.birth_date else ""
            return f"{name} · {case.case_number}{year}"
        return pseudonym(case.case_number, case.given_names, case.surname, case.birth_date)

    def scrub(self, text: str, cases: Iterable[Case]) -> str:
        if self.with_names or not text:
            return text
        return guard(self.session, [case.id for case in cases]).text(text)


def _action_line(action: Action, child: str, children: ChildNames, today: date,
                 scope: Iterable[Case]) -> ActionLine:
    """``scope``: the cases whose children are hidden in the action's text (every child the
    document is about, not only the action's own: a brother or sister is often named)."""
    return ActionLine(
        number=action.number, child=child,
        description=children.scrub(action.description, scope),
        owner_organisation=action.owner_organisation.name,
        owner_person=action.owner_contact.name if action.owner_contact else "",
        due_on=action.due_on, status=action.status, times_postponed=action.times_postponed,
        overdue=action.status is ActionStatus.OPEN and action.due_on < today)


# --------------------------------------------------------------------------- minutes

_STATUS_WORDS = {ActionStatus.DONE: N_("Gedaan"), ActionStatus.NOT_DONE: N_("Niet gedaan"),
                 ActionStatus.CANCELLED: N_("Vervallen"), ActionStatus.OPEN: N_("Heropend")}


def _change_text(change: RecordChange) -> str:
    if change.status is not None:
        text = _(_STATUS_WORDS[change.status])
    else:
        old = short_date(change.old_due_on) if change.old_due_on else "–"
        new = short_date(change.new_due_on) if change.new_due_on else "–"
        earlier = change.old_due_on is not None and change.new_due_on is not None and \
            change.new_due_on < change.old_due_on
        text = (_("Termijn vervroegd van {old} naar {new}") if earlier
                else _("Termijn verzet van {old} naar {new}")).format(old=old, new=new)
    return f"{text}: {change.note}" if change.note.strip() else text


def review_outcome(action: RecordAction) -> str:
    """What became of an earlier agreement in this meeting, in words for the minutes."""
    if action.changes:
        return "; ".join(_change_text(change) for change in action.changes)
    return _("Loopt door, uiterlijk {due}").format(due=short_date(action.due_on))



def minutes_data(session: Session, record: MeetingRecord, children: ChildNames,
                 team_name: str) -> MinutesData:
    """The minutes from the meeting's record (statuses as they stood at closing)."""
    case_ids = {item.case_id for item in record.items if item.case_id is not None}
    cases = {case.id: case for case in session.scalars(
        select(Case).where(Case.id.in_(case_ids)))} if case_ids else {}
    everyone = list(cases.values())
    labels = {case_id: children.label(case) for case_id, case in cases.items()}
    # "verlopen" in the minutes means: overdue on the day of the meeting.
    meeting_day = record.held_on

    def line(action: RecordAction) -> ActionLine:
        return ActionLine(
            number=action.number, child=labels.get(action.case_id, action.pseudonym),
            description=children.scrub(action.description, everyone),
            owner_organisation=action.owner_organisation_name,
            owner_person=action.owner_contact_name, due_on=action.due_on, status=action.status,
            times_postponed=action.times_postponed,
            overdue=action.status is ActionStatus.OPEN and action.due_on < meeting_day)

    sections: list[CaseSection] = []
    decisions: list[DecisionLine] = []
    # Every text hides every child of the meeting, not only its own section's (a brother or
    # sister discussed in the same meeting is often named), with one guard for the document.
    for position, item in enumerate(record.items, start=1):
        child = labels.get(item.case_id or 0, "")
        title = children.scrub(item.title, everyone)
        own = tuple(DecisionLine(d.number, child or title, children.scrub(d.text, everyone))
                    for d in item.decisions)
        decisions += own
        kind_label = f"{item.kind.label} — {title}" if child and title else item.kind.label
        if item.carried_over:
            kind_label += _(" (doorgeschoven uit een eerder overleg)")
        reviewed = tuple(
            ReviewLine(a.number, children.scrub(a.description, everyone), a.owner_label,
                       children.scrub(review_outcome(a), everyone))
            for a in item.reviewed_actions if a.changes or a.status is ActionStatus.OPEN)
        sections.append(CaseSection(
            position=position, heading=child or title or item.kind.label, kind_label=kind_label,
            summary=children.scrub(item.summary, everyone), decisions=own,
            new_actions=tuple(line(a) for a in item.new_actions), discussed=item.discussed,
            reviewed=reviewed))
    attendance = tuple(AttendanceLine(a.organisation_name, a.organisation_kind.label,
                                      a.contact_name, a.attendance) for a in record.attendance)
    addenda = tuple(AddendumLine(a.version, a.recorded_at.date(),
                                 children.scrub(a.text, everyone)) for a in record.addenda)
    return MinutesData(
        team_name=team_name, held_on=record.held_on, starts_at=record.starts_at,
        place=record.place, chair=record.chair_name, minute_taker=record.minute_taker_name,
        closed_at=record.closed_at, attendance=attendance, sections=tuple(sections),
        decisions=tuple(decisions),
        actions=tuple(line(a) for a in sorted(record.actions, key=lambda a: a.number)),
        notes=children.scrub(record.notes, everyone), addenda=addenda)


# --------------------------------------------------------------------------- action lists


def participant_data(session: Session, organisation: Organisation, children: ChildNames,
                     today: date) -> ParticipantActionList:
    """The open actions of ``organisation`` across all (not purged) cases, by due date."""
    actions = session.scalars(
        select(Action).join(Action.case)
        .where(Action.owner_organisation_id == organisation.id,
               Action.status == ActionStatus.OPEN, Case.purged_on.is_(None))
        .options(selectinload(Action.case), selectinload(Action.owner_organisation),
                 selectinload(Action.owner_contact))
        .order_by(Action.due_on, Action.number)).all()
    contacts = session.scalars(select(Contact.name).where(
        Contact.organisation_id == organisation.id, Contact.active.is_(True))
        .order_by(Contact.name)).all()
    scope = [action.case for action in actions]
    return ParticipantActionList(
        organisation=organisation.name, organisation_kind=organisation.kind.label, as_of=today,
        actions=tuple(_action_line(a, children.label(a.case), children, today, scope)
                      for a in actions),
        contacts=tuple(contacts))


# --------------------------------------------------------------------------- agreement sheet


def _event_info(event: ActionEvent, meetings: dict[int, date]) -> ActionEventInfo:
    return ActionEventInfo(
        id=event.id, action_id=event.action_id, at=event.at, kind=event.kind,
        old_status=ActionStatus(event.old_status) if event.old_status else None,
        new_status=ActionStatus(event.new_status) if event.new_status else None,
        old_due_on=event.old_due_on, new_due_on=event.new_due_on, note=event.note,
        meeting_id=event.meeting_id, meeting_held_on=meetings.get(event.meeting_id or 0),
        recorded_by_id=event.recorded_by_id, recorded_by_name="")


def _meeting_label(held_on: date | None) -> str:
    return _("Overleg {date}").format(date=short_date(held_on)) if held_on else ""


def _history(action: Action, meetings: dict[int, date], item_meetings: dict[int, int],
             children: ChildNames) -> tuple[ActionHistoryLine, ...]:
    events = sorted(action.events, key=lambda e: e.id)
    lines: list[ActionHistoryLine] = []
    if not any(e.kind == CREATED for e in events):
        # Recorded before the history existed (an import): state the agreement itself.
        meeting_id = item_meetings.get(action.agenda_item_id or 0)
        lines.append(ActionHistoryLine(
            action.created_at.date(), _("Afgesproken"),
            _meeting_label(meetings.get(meeting_id or 0))))
    for event in events:
        info = _event_info(event, meetings)
        lines.append(ActionHistoryLine(event.at.date(),
                                       children.scrub(info.description, [action.case]),
                                       _meeting_label(info.meeting_held_on)))
    return tuple(lines)


def sheet_data(session: Session, case: Case, children: ChildNames, today: date
               ) -> AgreementSheet:
    """Everything agreed for one child; actions withdrawn right after creation are left out."""
    actions = [a for a in session.scalars(
        select(Action).where(Action.case_id == case.id)
        .options(selectinload(Action.owner_organisation), selectinload(Action.owner_contact),
                 selectinload(Action.events))
        .order_by(Action.number)).all()
        if not (a.events and max(a.events, key=lambda e: e.id).kind == WITHDRAWN)]
    item_ids = {a.agenda_item_id for a in actions if a.agenda_item_id is not None}
    item_meetings: dict[int, int] = dict(session.execute(
        select(AgendaItem.id, AgendaItem.meeting_id).where(AgendaItem.id.in_(item_ids)))
        .all()) if item_ids else {}
    meeting_ids = {e.meeting_id for a in actions for e in a.events if e.meeting_id}
    meeting_ids |= set(item_meetings.values())
    meetings: dict[int, date] = dict(session.execute(
        select(Meeting.id, Meeting.held_on).where(Meeting.id.in_(meeting_ids)))
        .all()) if meeting_ids else {}
    label = children.label(case)
    return AgreementSheet(
        case_number=case.case_number, child=label, as_of=today, status=case.status.label,
        municipality=case.municipality.name if case.municipality else "",
        gi=case.gi.name if case.gi else "",
        jeugdbeschermer=case.jeugdbeschermer.name if case.jeugdbeschermer else "",
        referred_on=case.referred_on,
        waiting_for=case.waiting_for.label if case.waiting_for else "",
        waiting_since=case.waiting_since, goal=children.scrub(case.goal, [case]),
        measures=tuple(MeasureLine(m.kind.label, m.ruling_date, m.gi_charged_on, m.end_date)
                       for m in case.measures if not m.removed),
        blockers=tuple(BlockerLine(b.kind.label, b.provider.name if b.provider else "",
                                   b.since, b.resolved_on, children.scrub(b.note, [case]))
                       for b in case.blockers),
        agreements=tuple(
            AgreementLine(_action_line(a, label, children, today, [case]), a.created_at.date(),
                          _history(a, meetings, item_meetings, children))
            for a in actions))
