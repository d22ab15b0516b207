"""The record of a meeting as the minutes show it: one plain read model for the documents.

For a closed meeting the record is what was true when it closed: action statuses, due dates
and postponements are replayed from the action history up to the moment of closing, so a later
change to an action does not rewrite old minutes. Addenda follow the record; asking for an
earlier ``version`` gives the record with only the addenda up to that version (version 1 is the
record as closed).

Children appear both as pseudonym (case number, initials, birth year) and by name; a document
shows the pseudonym unless the user chooses otherwise.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select

from expertteam.domain.enums import (
    ActionStatus,
    AgendaItemKind,
    Attendance,
    AuditAction,
    MeetingStatus,
    OrganisationKind,
)
from expertteam.domain.errors import ValidationError
from expertteam.domain.pseudonym import pseudonym
from expertteam.i18n import _
from expertteam.services import audit
from expertteam.services.action_events import (
    CREATED,
    DUE,
    REDO_KINDS,
    STATUS,
    UNDO_KINDS,
    WITHDRAWN,
    effective_history,
    postponements,
)
from expertteam.services.meeting_rules import load_meeting
from expertteam.services.store import Store
from expertteam.storage.models.actions import Action, ActionEvent
from expertteam.storage.models.cases import Case
from expertteam.storage.models.meetings import Decision
from expertteam.storage.models.organisations import Contact, Organisation
from expertteam.storage.models.system import Region, UserProfile


@dataclass(frozen=True, slots=True)
class AttendanceLine:
    organisation_name: str
    organisation_kind: OrganisationKind
    contact_name: str
    attendance: Attendance
    late_addition: bool


@dataclass(frozen=True, slots=True)
class RecordDecision:
    number: int
    item_position: int
    case_number: str
    pseudonym: str
    child_name: str
    text: str


@dataclass(frozen=True, slots=True)
class RecordChange:
    """What the meeting did to an action: a new status (``status``) or a moved due date
    (``old_due_on`` → ``new_due_on``), with the note recorded with it."""

    status: ActionStatus | None
    old_due_on: date | None
    new_due_on: date | None
    note: str


@dataclass(frozen=True, slots=True)
class RecordAction:
    number: int
    case_id: int
    case_number: str
    pseudonym: str
    child_name: str
    description: str
    owner_organisation_name: str
    owner_contact_name: str
    due_on: date
    status: ActionStatus
    times_postponed: int
    new_in_meeting: bool
    changed_in_meeting: bool
    note: str
    changes: tuple[RecordChange, ...] = ()  # in this meeting, in order (undone ones left out)

    @property
    def owner_label(self) -> str:
        return f"{self.owner_organisation_name} ({self.owner_contact_name})" \
            if self.owner_contact_name else self.owner_organisation_name


@dataclass(frozen=True, slots=True)
class RecordItem:
    position: int
    kind: AgendaItemKind
    title: str
    case_id: int | None
    case_number: str
    pseudonym: str
    child_name: str
    summary: str
    discussed: bool
    carried_over: bool
    decisions: tuple[RecordDecision, ...]
    new_actions: tuple[RecordAction, ...]
    reviewed_actions: tuple[RecordAction, ...]


@dataclass(frozen=True, slots=True)
class RecordAddendum:
    version: int
    recorded_at: datetime
    recorded_by_name: str
    text: str


@dataclass(frozen=True, slots=True)
class MeetingRecord:
    meeting_id: int
    team_name: str
    region_name: str
    held_on: date
    starts_at: time | None
    place: str
    chair_name: str
    minute_taker_name: str
    status: MeetingStatus
    notes: str
    started_at: datetime | None
    closed_at: datetime | None
    version: int
    latest_version: int
    attendance: tuple[AttendanceLine, ...]
    items: tuple[RecordItem, ...]
    decisions: tuple[RecordDecision, ...]
    actions: tuple[RecordAction, ...]
    addenda: tuple[RecordAddendum, ...]

    @property
    def locked(self) -> bool:
        return self.status is MeetingStatus.CLOSED

    @property
    def undiscussed_items(self) -> tuple[RecordItem, ...]:
        """Items that carry over to the next meeting."""
        return tuple(item for item in self.items if not item.discussed)

    @property
    def present(self) -> tuple[AttendanceLine, ...]:
        return tuple(a for a in self.attendance if a.attendance is Attendance.PRESENT)


@dataclass(frozen=True, slots=True)
class _ActionState:
    status: ActionStatus
    due_on: date
    times_postponed: int
    withdrawn: bool
    changed_here: bool
    note: str
    changes: tuple[RecordChange, ...]


def _replay(action: Action, events: list[ActionEvent], until: datetime | None,
            meeting_id: int) -> _ActionState:
    """The action as it stood at ``until`` (now when None), from its history."""
    upto = [e for e in events if until is None or e.at <= until]
    if not upto:
        return _ActionState(action.status, action.due_on, action.times_postponed, False, False,
                            "", ())
    status, due = ActionStatus.OPEN, action.due_on
    for event in upto:
        if event.new_status:
            status = ActionStatus(event.new_status)
        if event.new_due_on:
            due = event.new_due_on
    here = [e for e in upto if e.meeting_id == meeting_id and e.kind != CREATED]
    note = next((e.note for e in reversed(here) if e.note and e.kind not in
                 UNDO_KINDS | REDO_KINDS),
                "")
    applied, _undone = effective_history(upto)
    changes = tuple(
        RecordChange(ActionStatus(e.new_status) if e.kind == STATUS and e.new_status else None,
                     e.old_due_on if e.kind == DUE else None,
                     e.new_due_on if e.kind == DUE else None, e.note)
        for e in applied if e.meeting_id == meeting_id and e.kind in (STATUS, DUE))
    return _ActionState(status, due, postponements(upto),
                        upto[-1].kind == WITHDRAWN, bool(here), note, changes)


def meeting_record(store: Store, meeting_id: int, version: int | None = None) -> MeetingRecord:
    """The meeting's record for the minutes (latest version unless ``version`` is given).

    Raises ``NotFoundError`` or ``ValidationError`` (a version the meeting does not have)."""
    with store.transaction() as session:
        meeting = load_meeting(session, meeting_id)
        shown = meeting.version if version is None else version
        if not 1 <= shown <= meeting.version:
            raise ValidationError("version", _("Dit overleg heeft versie 1 tot en met {n}.")
                                  .format(n=meeting.version))
        region = session.scalars(select(Region).order_by(Region.id.desc()).limit(1)).first()
        attendance = tuple(
            AttendanceLine(i.organisation.name, i.organisation.kind,
                           i.contact.name if i.contact else "", i.attendance, i.late_addition)
            for i in sorted(meeting.invitees, key=lambda i: (i.organisation.name, i.id)))
        items = [item for item in sorted(meeting.agenda_items, key=lambda i: i.position)
                 if not item.dropped]
        item_ids = [item.id for item in items]
        case_ids = [item.case_id for item in items if item.case_id is not None]
        cases = {c.id: c for c in session.scalars(select(Case).where(Case.id.in_(case_ids)))}
        decisions: dict[int, list[Decision]] = defaultdict(list)
        for decision in session.scalars(
                select(Decision).where(Decision.agenda_item_id.in_(item_ids),
                                       Decision.withdrawn.is_(False)).order_by(Decision.id)):
            decisions[decision.agenda_item_id].append(decision)
        candidates = session.execute(
            select(Action, Organisation.name, Contact.name)
            .join(Organisation, Action.owner_organisation_id == Organisation.id)
            .outerjoin(Contact, Action.owner_contact_id == Contact.id)
            .where(Action.case_id.in_(case_ids)).order_by(Action.number)).all()
        events: dict[int, list[ActionEvent]] = defaultdict(list)
        for event in session.scalars(
                select(ActionEvent).where(ActionEvent.action_id.in_(
                    [a.id for a, _o, _c in candidates])).order_by(ActionEvent.id)):
            events[event.action_id].append(event)
        until = meeting.closed_at if meeting.status is MeetingStatus.CLOSED else None
        new_by_item: dict[int, list[RecordAction]] = defaultdict(list)
        reviewed_by_case: dict[int, list[RecordAction]] = defaultdict(list)
        all_actions: list[RecordAction] = []
        for action, owner_name, contact_name in candidates:
            history = events[action.id]
            if until is not None and history and history[0].at > until:
                continue  # agreed after this meeting closed
            state = _replay(action, history, until, meeting.id)
            new = action.agenda_item_id in item_ids
            if state.withdrawn or not (new or state.changed_here or
                                       state.status is ActionStatus.OPEN):
                continue
            owner_case = cases[action.case_id]
            line = RecordAction(
                number=action.number, case_id=owner_case.id,
                case_number=owner_case.case_number,
                pseudonym=pseudonym(owner_case.case_number, owner_case.given_names,
                                    owner_case.surname, owner_case.birth_date),
                child_name=f"{owner_case.given_names} {owner_case.surname}",
                description=action.description, owner_organisation_name=owner_name,
                owner_contact_name=contact_name or "", due_on=state.due_on,
                status=state.status, times_postponed=state.times_postponed,
                new_in_meeting=new, changed_in_meeting=state.changed_here and not new,
                note=state.note, changes=state.changes)
            all_actions.append(line)
            if new and action.agenda_item_id is not None:
                new_by_item[action.agenda_item_id].append(line)
            else:
                reviewed_by_case[owner_case.id].append(line)
        record_items: list[RecordItem] = []
        numbered: list[RecordDecision] = []
        for item in items:
            case = cases.get(item.case_id) if item.case_id is not None else None
            name = pseudonym(case.case_number, case.given_names, case.surname,
                             case.birth_date) if case else ""
            child = f"{case.given_names} {case.surname}" if case else ""
            item_decisions: list[RecordDecision] = []
            for decision in decisions[item.id]:
                numbered.append(RecordDecision(len(numbered) + 1, item.position,
                                               case.case_number if case else "", name, child,
                                               decision.text))
                item_decisions.append(numbered[-1])
            record_items.append(RecordItem(
                position=item.position, kind=item.kind, title=item.title,
                case_id=item.case_id, case_number=case.case_number if case else "",
                pseudonym=name, child_name=child, summary=item.summary,
                discussed=item.discussed, carried_over=item.carried_over_from_id is not None,
                decisions=tuple(item_decisions), new_actions=tuple(new_by_item[item.id]),
                reviewed_actions=tuple(reviewed_by_case[case.id]) if case else ()))
        users = dict(session.execute(select(UserProfile.id, UserProfile.name)).all())
        addenda = tuple(RecordAddendum(a.version, a.created_at,
                                       users.get(a.recorded_by_id or -1, ""), a.text)
                        for a in meeting.addenda if a.version <= shown)
        audit.record(session, store, AuditAction.VIEW, "meeting", meeting.id,
                     detail=f"record v{shown}")
        return MeetingRecord(
            meeting_id=meeting.id, team_name=region.team_name if region else "",
            region_name=region.name if region else "", held_on=meeting.held_on,
            starts_at=meeting.starts_at, place=meeting.place, chair_name=meeting.chair_name,
            minute_taker_name=meeting.minute_taker_name, status=meeting.status,
            notes=meeting.notes, started_at=meeting.started_at, closed_at=meeting.closed_at,
            version=shown, latest_version=meeting.version, attendance=attendance,
            items=tuple(record_items), decisions=tuple(numbered), actions=tuple(all_actions),
            addenda=addenda)

