"""Actions (afspraken): who does what for which child by when, and everything that happened
to each of them.

Every change is an ``ActionEvent`` with the date and time, who recorded it
(``store.actor_id``) and, when it happened in a meeting, that meeting. Event kinds:

* ``created`` — the action was agreed (new status open, due date);
* ``status`` — done, not done, cancelled, or reopened, with a note;
* ``due`` — the due date moved (a later date counts as a postponement);
* ``reverted`` / ``reapplied`` — undo and redo (in the meeting screen) of an earlier change:
  the status and due date from before it come back, or its effect again;
* ``withdrawn`` / ``restored`` — undo and redo of the creation itself: the action is kept as
  cancelled and left out of the minutes, or comes back with the same number.

Undo works like a stack over the history: only the latest change still in effect can be undone,
only the latest undone change can be redone, and any new change ends the redo chain.
``Action.times_postponed`` counts the postponements in effect (an undone one does not count).
Actions live on after the meeting that agreed them: their status changes between and in later
meetings. What a closed meeting recorded is frozen in its history: an event recorded in a
closed meeting cannot be undone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from expertteam.domain.due_dates import default_due_date
from expertteam.domain.enums import (
    ActionStatus,
    AuditAction,
    CaseStatus,
    MeetingStatus,
)
from expertteam.domain.errors import LockedError, NotFoundError, StateError, ValidationError
from expertteam.domain.pseudonym import pseudonym
from expertteam.domain.search import matches
from expertteam.domain.workdays import working_days_between
from expertteam.formatting import short_date as format_date
from expertteam.i18n import _
from expertteam.services import audit
from expertteam.services.meeting_rules import (
    ensure_in_progress,
    load_case,
    load_item,
    load_meeting,
    locked_message,
)
from expertteam.services.store import Store
from expertteam.services.term_settings import read_action_due_days
from expertteam.services.validation import clean_text, plausible_date
from expertteam.storage import numbers
from expertteam.storage.models.actions import Action, ActionEvent
from expertteam.storage.models.cases import Case
from expertteam.storage.models.meetings import AgendaItem, Meeting
from expertteam.storage.models.organisations import Contact, Organisation
from expertteam.storage.models.system import UserProfile
from expertteam.storage.numbers import allocate_number

CREATED, STATUS, DUE = "created", "status", "due"
REVERTED, WITHDRAWN = "reverted", "withdrawn"
REAPPLIED, RESTORED = "reapplied", "restored"
UNDO_KINDS = frozenset({REVERTED, WITHDRAWN})
REDO_KINDS = frozenset({REAPPLIED, RESTORED})
NOTE_REQUIRED = frozenset({ActionStatus.NOT_DONE, ActionStatus.CANCELLED})


@dataclass(frozen=True, slots=True)
class ActionInput:
    case_id: int
    description: str
    owner_organisation_id: int | None
    owner_contact_id: int | None = None
    due_on: date | None = None
    agenda_item_id: int | None = None


@dataclass(frozen=True, slots=True)
class ActionInfo:
    id: int
    number: int
    case_id: int
    case_number: str
    pseudonym: str
    child_name: str
    agenda_item_id: int | None
    meeting_id: int | None
    meeting_held_on: date | None
    description: str
    owner_organisation_id: int
    owner_organisation_name: str
    owner_contact_id: int | None
    owner_contact_name: str
    due_on: date
    status: ActionStatus
    times_postponed: int
    status_changed_on: date | None
    created_on: date
    overdue: bool
    working_days_overdue: int

    @property
    def owner_label(self) -> str:
        return f"{self.owner_organisation_name} ({self.owner_contact_name})" \
            if self.owner_contact_name else self.owner_organisation_name

    @property
    def is_open(self) -> bool:
        return self.status is ActionStatus.OPEN


@dataclass(frozen=True, slots=True)
class ActionEventInfo:
    id: int
    action_id: int
    at: datetime
    kind: str
    old_status: ActionStatus | None
    new_status: ActionStatus | None
    old_due_on: date | None
    new_due_on: date | None
    note: str
    meeting_id: int | None
    meeting_held_on: date | None
    recorded_by_id: int | None
    recorded_by_name: str

    @property
    def description(self) -> str:
        """The change in words, for the history list."""
        parts: list[str] = []
        if self.kind == CREATED:
            parts.append(_("Afgesproken, termijn {due}").format(
                due=format_date(self.new_due_on) if self.new_due_on else "-"))
        elif self.kind == WITHDRAWN:
            parts.append(_("Ingetrokken (ongedaan gemaakt)"))
        elif self.kind == RESTORED:
            parts.append(_("Teruggezet (opnieuw uitgevoerd)"))
        else:
            if self.kind == REVERTED:
                parts.append(_("Ongedaan gemaakt:"))
            elif self.kind == REAPPLIED:
                parts.append(_("Opnieuw uitgevoerd:"))
            if self.new_status is not None and self.new_status != self.old_status:
                parts.append(_("status {old} → {new}").format(
                    old=self.old_status.label if self.old_status else "-",
                    new=self.new_status.label))
            if self.new_due_on is not None and self.new_due_on != self.old_due_on:
                parts.append(_("termijn {old} → {new}").format(
                    old=format_date(self.old_due_on) if self.old_due_on else "-",
                    new=format_date(self.new_due_on)))
        text = " ".join(parts)
        return f"{text} — {self.note}" if self.note else text


@dataclass(frozen=True)
class ActionFilter:
    statuses: tuple[ActionStatus, ...] = (ActionStatus.OPEN,)
    owner_organisation_id: int | None = None
    case_id: int | None = None
    overdue_only: bool = False
    text: str = ""


# --------------------------------------------------------------------------- helpers

_OWNER, _CONTACT = aliased(Organisation, name="owner"), aliased(Contact, name="owner_contact")
_ITEM, _MEETING = aliased(AgendaItem, name="agreed_on"), aliased(Meeting, name="agreed_in")
# Built once: the action rows with case, owner and meeting columns.
_ROWS = (select(Action, Case.case_number, Case.given_names, Case.surname, Case.birth_date,
                _OWNER.name, _CONTACT.name, _ITEM.meeting_id, _MEETING.held_on)
         .join(Case, Action.case_id == Case.id)
         .join(_OWNER, Action.owner_organisation_id == _OWNER.id)
         .outerjoin(_CONTACT, Action.owner_contact_id == _CONTACT.id)
         .outerjoin(_ITEM, Action.agenda_item_id == _ITEM.id)
         .outerjoin(_MEETING, _ITEM.meeting_id == _MEETING.id)
         .where(Case.purged_on.is_(None)))


def _info(row: Any, today: date) -> ActionInfo:
    action: Action
    action, number, given, surname, birth, owner_name, contact_name, meeting_id, held_on = row
    overdue = action.status is ActionStatus.OPEN and action.due_on < today
    return ActionInfo(
        id=action.id, number=action.number, case_id=action.case_id, case_number=number,
        pseudonym=pseudonym(number, given, surname, birth), child_name=f"{given} {surname}",
        agenda_item_id=action.agenda_item_id,
        meeting_id=meeting_id, meeting_held_on=held_on,
        description=action.description, owner_organisation_id=action.owner_organisation_id,
        owner_organisation_name=str(owner_name), owner_contact_id=action.owner_contact_id,
        owner_contact_name=str(contact_name or ""), due_on=action.due_on, status=action.status,
        times_postponed=action.times_postponed, status_changed_on=action.status_changed_on,
        created_on=action.created_at.date(), overdue=overdue,
        working_days_overdue=working_days_between(action.due_on, today) if overdue else 0)


def _fetch(session: Session, store: Store, action_id: int) -> ActionInfo:
    row = session.execute(_ROWS.where(Action.id == action_id)).first()
    if row is None:
        raise NotFoundError(_("Deze actie bestaat niet (meer)."))
    return _info(row, store.today())


def fetch_actions(session: Session, store: Store, *, case_ids: Sequence[int] = (),
                  action_ids: Sequence[int] = (),
                  agenda_item_ids: Sequence[int] = (),
                  open_or_touched_in: int | None = None) -> list[ActionInfo]:
    """Actions of these cases, or with these ids, or agreed on these agenda items (for other
    services reading in the same session), ordered by number. With ``open_or_touched_in`` (a
    meeting id) only the open actions and those with an event in that meeting."""
    query = _ROWS
    if open_or_touched_in is not None:
        touched = select(ActionEvent.action_id).where(
            ActionEvent.meeting_id == open_or_touched_in)
        query = query.where(or_(Action.status == ActionStatus.OPEN, Action.id.in_(touched)))
    if case_ids:
        query = query.where(Action.case_id.in_(list(case_ids)))
    if action_ids:
        query = query.where(Action.id.in_(list(action_ids)))
    if agenda_item_ids:
        query = query.where(Action.agenda_item_id.in_(list(agenda_item_ids)))
    return [_info(row, store.today())
            for row in session.execute(query.order_by(Action.number))]


def _load(session: Session, action_id: int) -> Action:
    action = session.get(Action, action_id)
    if action is None:
        raise NotFoundError(_("Deze actie bestaat niet (meer)."))
    return action


def _meeting_for_event(session: Session, meeting_id: int | None) -> int | None:
    if meeting_id is None:
        return None
    ensure_in_progress(load_meeting(session, meeting_id))
    return meeting_id


def _owner(session: Session, organisation_id: int | None, contact_id: int | None) -> None:
    if organisation_id is None:
        raise ValidationError("owner_organisation_id", _("Kies de actiehouder: de organisatie "
                                                         "die de actie uitvoert."))
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise ValidationError("owner_organisation_id", _("De gekozen actiehouder bestaat niet "
                                                         "(meer)."))
    if not organisation.active:
        raise ValidationError("owner_organisation_id", _("{name} is niet meer actief; kies een "
                                                         "andere actiehouder.").format(
                                                             name=organisation.name))
    if contact_id is not None:
        contact = session.get(Contact, contact_id)
        if contact is None or contact.organisation_id != organisation_id:
            raise ValidationError("owner_contact_id", _("De contactpersoon moet bij {name} "
                                                        "werken.").format(
                                                            name=organisation.name))


def _check_due(due_on: date, today: date) -> None:
    plausible_date(due_on, "due_on", _("Termijn"))
    if due_on < today:
        raise ValidationError("due_on", _("De termijn {due} ligt in het verleden.").format(
            due=format_date(due_on)))


def _event(action: Action, store: Store, kind: str, meeting_id: int | None, *,
           old_status: ActionStatus | None = None, new_status: ActionStatus | None = None,
           old_due: date | None = None, new_due: date | None = None,
           note: str = "") -> ActionEvent:
    event = ActionEvent(action=action, at=store.now(), kind=kind,
                        old_status=old_status.value if old_status else None,
                        new_status=new_status.value if new_status else None,
                        old_due_on=old_due, new_due_on=new_due, note=note,
                        meeting_id=meeting_id, recorded_by_id=store.actor_id)
    return event


def _mark_discussed(session: Session, meeting_id: int | None, case_id: int) -> None:
    if meeting_id is None:
        return
    item = session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id,
                                                    AgendaItem.case_id == case_id)).first()
    if item is not None and not item.dropped:
        item.discussed = True


def effective_history(events: Sequence[ActionEvent]) -> tuple[list[ActionEvent],
                                                              list[ActionEvent]]:
    """The changes in effect (oldest first) and the undone ones that can be redone (last
    undone last), replaying undo and redo events over the history in order."""
    applied: list[ActionEvent] = []
    undone: list[ActionEvent] = []
    for event in events:
        if event.kind in UNDO_KINDS:
            if applied:
                undone.append(applied.pop())
        elif event.kind in REDO_KINDS:
            if undone:
                applied.append(undone.pop())
        else:
            applied.append(event)
            undone.clear()
    return applied, undone


def postponements(events: Sequence[ActionEvent]) -> int:
    """How many due-date changes in effect moved the date later."""
    applied, _undone = effective_history(events)
    return sum(1 for e in applied if e.kind == DUE and e.old_due_on is not None and
               e.new_due_on is not None and e.new_due_on > e.old_due_on)


def _note(note: str) -> str:
    return clean_text(note, "note", _("Toelichting"), max_length=2000, multiline=True)


# --------------------------------------------------------------------------- use cases

def create_action(store: Store, data: ActionInput) -> ActionInfo:
    """Agree an action for a child: what, owner organisation (and contact), due date (default
    the region's term: ten working days unless changed in the settings). Agreed on an agenda
    item, it belongs to that meeting, which must be in progress. Gets the next action number.

    Raises ``NotFoundError``, ``ValidationError`` (no description, no owner organisation, a
    contact of another organisation, a due date in the past), ``StateError`` (closed case,
    meeting not started, item of another case) or ``LockedError`` (closed meeting)."""
    with store.transaction() as session:
        action = add_action(session, store, data)
        audit.record(session, store, AuditAction.CREATE, "action", action.id)
        return _fetch(session, store, action.id)


def add_action(session: Session, store: Store, data: ActionInput, *,
               past_due: bool = False) -> Action:
    """Validate and add an action inside the caller's transaction (the caller audits);
    ``create_action`` and the spreadsheet import come here. ``past_due`` accepts a due date in
    the past (an imported action that is already overdue). Nothing is added when it raises."""
    case = load_case(session, data.case_id)
    if case.status is CaseStatus.CLOSED:
        raise StateError(_("Deze casus is afgesloten; heropen hem om een actie af te "
                           "spreken."))
    meeting_id: int | None = None
    if data.agenda_item_id is not None:
        item = load_item(session, data.agenda_item_id)
        ensure_in_progress(item.meeting)
        if item.case_id != case.id:
            raise StateError(_("Dit agendapunt gaat over een andere casus."))
        meeting_id = item.meeting_id
        item.discussed = True
    description = clean_text(data.description, "description", _("Actie"), required=True,
                             max_length=1000)
    _owner(session, data.owner_organisation_id, data.owner_contact_id)
    assert data.owner_organisation_id is not None
    due = data.due_on or default_due_date(store.today(), read_action_due_days(session))
    if past_due:
        plausible_date(due, "due_on", _("Termijn"))
    else:
        _check_due(due, store.today())
    number = allocate_number(session, numbers.ACTION, floor=(
        session.scalars(select(func.max(Action.number))).one() or 0) + 1)
    action = Action(number=number, case_id=case.id, agenda_item_id=data.agenda_item_id,
                    description=description,
                    owner_organisation_id=data.owner_organisation_id,
                    owner_contact_id=data.owner_contact_id, due_on=due,
                    status=ActionStatus.OPEN, times_postponed=0)
    session.add(action)
    session.add(_event(action, store, CREATED, meeting_id, new_status=ActionStatus.OPEN,
                       new_due=due))
    session.flush()
    return action


def change_action_status(store: Store, action_id: int, status: ActionStatus, note: str = "",
                         *, meeting_id: int | None = None) -> ActionInfo:
    """Mark an open action done, not done or cancelled, or reopen a finished one (status open).
    A note is required for not done and cancelled. Recorded in a meeting (``meeting_id``), the
    case's agenda item there counts as discussed.

    Raises ``NotFoundError``, ``ValidationError`` (missing note), ``StateError`` (status
    unchanged, meeting not started) or ``LockedError`` (meeting closed)."""
    if not isinstance(status, ActionStatus):
        raise ValidationError("status", _("Kies een status."))
    with store.transaction() as session:
        action = _load(session, action_id)
        event_meeting = _meeting_for_event(session, meeting_id)
        if action.status is status:
            raise StateError(_("Actie {n} heeft deze status al ({status}).").format(
                n=action.number, status=status.label.lower()))
        if action.status is not ActionStatus.OPEN and status is not ActionStatus.OPEN:
            raise StateError(_("Actie {n} is al afgehandeld ({status}); heropen haar eerst.")
                             .format(n=action.number, status=action.status.label.lower()))
        text = _note(note)
        if status in NOTE_REQUIRED and not text:
            raise ValidationError("note", _("Licht toe waarom de actie {status} is.").format(
                status=status.label.lower()))
        session.add(_event(action, store, STATUS, event_meeting, old_status=action.status,
                           new_status=status, note=text))
        action.status, action.status_changed_on = status, store.today()
        _mark_discussed(session, event_meeting, action.case_id)
        session.flush()
        audit.record(session, store, AuditAction.CHANGE, "action", action.id,
                     detail=f"status:{status.value}")
        return _fetch(session, store, action.id)


def change_due_date(store: Store, action_id: int, due_on: date, note: str = "", *,
                    meeting_id: int | None = None) -> ActionInfo:
    """Move the due date of an open action; a later date counts as a postponement.

    Raises ``NotFoundError``, ``ValidationError`` (date in the past), ``StateError`` (action
    not open, date unchanged, meeting not started) or ``LockedError`` (meeting closed)."""
    with store.transaction() as session:
        action = _load(session, action_id)
        event_meeting = _meeting_for_event(session, meeting_id)
        if action.status is not ActionStatus.OPEN:
            raise StateError(_("Alleen van een open actie kan de termijn worden verzet."))
        if due_on == action.due_on:
            raise StateError(_("Actie {n} heeft deze termijn al.").format(n=action.number))
        _check_due(due_on, store.today())
        session.add(_event(action, store, DUE, event_meeting, old_due=action.due_on,
                           new_due=due_on, note=_note(note)))
        if due_on > action.due_on:
            action.times_postponed += 1
        action.due_on = due_on
        _mark_discussed(session, event_meeting, action.case_id)
        session.flush()
        audit.record(session, store, AuditAction.CHANGE, "action", action.id, detail="due")
        return _fetch(session, store, action.id)


def last_event_id(store: Store, action_id: int) -> int:
    """Id of the action's latest event (what the change just made recorded; an undo command
    keeps it). Raises ``NotFoundError``."""
    with store.transaction() as session:
        event_id = session.scalars(select(func.max(ActionEvent.id))
                                   .where(ActionEvent.action_id == action_id)).one()
        if event_id is None:
            raise NotFoundError(_("Deze actie bestaat niet (meer)."))
        return int(event_id)


def _check_meeting_open(session: Session, event: ActionEvent) -> None:
    if event.meeting_id is not None and \
            load_meeting(session, event.meeting_id).status is MeetingStatus.CLOSED:
        raise LockedError(locked_message())


def _apply_undo_redo(session: Session, store: Store, action: Action, kind: str,
                     status: ActionStatus, due_on: date, meeting_id: int | None) -> None:
    session.add(_event(action, store, kind, meeting_id, old_status=action.status,
                       new_status=status, old_due=action.due_on, new_due=due_on,
                       note=_("Ongedaan gemaakt") if kind in UNDO_KINDS
                       else _("Opnieuw uitgevoerd")))
    if status is not action.status:
        action.status, action.status_changed_on = status, store.today()
    action.due_on = due_on
    session.flush()
    session.expire(action, ["events"])
    action.times_postponed = postponements(action.events)
    session.flush()


def undo_event(store: Store, action_id: int, event_id: int, *,
               meeting_id: int | None = None) -> ActionInfo:
    """Undo a change (``event_id``) that is the latest still in effect: a new event restores
    the status and due date from before it. Undoing the creation withdraws the action (kept as
    cancelled, left out of the minutes). Nothing is deleted.

    Raises ``NotFoundError``, ``StateError`` (the action changed since) or ``LockedError`` (the
    change was recorded in a meeting that is closed now, or ``meeting_id`` is closed)."""
    with store.transaction() as session:
        action = _load(session, action_id)
        event_meeting = _meeting_for_event(session, meeting_id)
        applied, _undone = effective_history(action.events)
        if not applied or applied[-1].id != event_id:
            raise StateError(_("Actie {n} is intussen gewijzigd; dit kan niet meer ongedaan "
                               "worden gemaakt.").format(n=action.number))
        target = applied[-1]
        _check_meeting_open(session, target)
        if target.kind == CREATED:
            _apply_undo_redo(session, store, action, WITHDRAWN, ActionStatus.CANCELLED,
                             action.due_on, event_meeting)
        else:
            status = ActionStatus(target.old_status) if target.old_status else action.status
            _apply_undo_redo(session, store, action, REVERTED, status,
                             target.old_due_on or action.due_on, event_meeting)
        audit.record(session, store, AuditAction.CHANGE, "action", action.id, detail="undo")
        return _fetch(session, store, action.id)


def redo_event(store: Store, action_id: int, event_id: int, *,
               meeting_id: int | None = None) -> ActionInfo:
    """Redo the change ``event_id`` that was undone last: a new event brings its effect back
    (a withdrawn action returns, open, with the same number).

    Raises ``NotFoundError``, ``StateError`` (something changed since the undo) or
    ``LockedError`` (as ``undo_event``)."""
    with store.transaction() as session:
        action = _load(session, action_id)
        event_meeting = _meeting_for_event(session, meeting_id)
        _applied, undone = effective_history(action.events)
        if not undone or undone[-1].id != event_id:
            raise StateError(_("Actie {n} is intussen gewijzigd; dit kan niet opnieuw worden "
                               "uitgevoerd.").format(n=action.number))
        target = undone[-1]
        _check_meeting_open(session, target)
        if target.kind == CREATED:
            _apply_undo_redo(session, store, action, RESTORED, ActionStatus.OPEN,
                             action.due_on, event_meeting)
        else:
            status = ActionStatus(target.new_status) if target.new_status else action.status
            _apply_undo_redo(session, store, action, REAPPLIED, status,
                             target.new_due_on or action.due_on, event_meeting)
        audit.record(session, store, AuditAction.CHANGE, "action", action.id, detail="redo")
        return _fetch(session, store, action.id)


def get_action(store: Store, action_id: int) -> ActionInfo:
    """One action. Raises ``NotFoundError``."""
    with store.transaction() as session:
        info = _fetch(session, store, action_id)
        audit.record(session, store, AuditAction.VIEW, "action", action_id)
        return info


def action_history(store: Store, action_id: int) -> list[ActionEventInfo]:
    """Every event of an action, oldest first, with who recorded it and in which meeting.
    Raises ``NotFoundError``."""
    with store.transaction() as session:
        _load(session, action_id)
        rows = session.execute(
            select(ActionEvent, Meeting.held_on, UserProfile.name)
            .outerjoin(Meeting, ActionEvent.meeting_id == Meeting.id)
            .outerjoin(UserProfile, ActionEvent.recorded_by_id == UserProfile.id)
            .where(ActionEvent.action_id == action_id).order_by(ActionEvent.id)).all()
        audit.record(session, store, AuditAction.VIEW, "action", action_id, detail="history")
        return [ActionEventInfo(
            id=event.id, action_id=event.action_id, at=event.at, kind=event.kind,
            old_status=ActionStatus(event.old_status) if event.old_status else None,
            new_status=ActionStatus(event.new_status) if event.new_status else None,
            old_due_on=event.old_due_on, new_due_on=event.new_due_on, note=event.note,
            meeting_id=event.meeting_id, meeting_held_on=held_on,
            recorded_by_id=event.recorded_by_id, recorded_by_name=user or "")
            for event, held_on, user in rows]


def case_actions(store: Store, case_id: int) -> list[ActionInfo]:
    """All actions of one child, by number. Raises ``NotFoundError``."""
    with store.transaction() as session:
        load_case(session, case_id)
        result = fetch_actions(session, store, case_ids=[case_id])
        audit.record(session, store, AuditAction.VIEW, "case", case_id, detail="actions")
        return result


def action_overview(store: Store, action_filter: ActionFilter | None = None) -> list[ActionInfo]:
    """Actions across cases (by default the open ones), sorted by owner organisation, due date
    and number; ``overdue`` is computed against today."""
    wanted = action_filter or ActionFilter()
    today = store.today()
    with store.transaction() as session:
        query = _ROWS
        if wanted.statuses:
            query = query.where(Action.status.in_(wanted.statuses))
        if wanted.owner_organisation_id is not None:
            query = query.where(Action.owner_organisation_id == wanted.owner_organisation_id)
        if wanted.case_id is not None:
            query = query.where(Action.case_id == wanted.case_id)
        if wanted.overdue_only:
            query = query.where(Action.status == ActionStatus.OPEN, Action.due_on < today)
        rows = session.execute(query.order_by(_OWNER.name, Action.due_on, Action.number)).all()
        result = [_info(row, today) for row in rows]
        audit.record(session, store, AuditAction.VIEW, "action", "*",
                     detail=f"overview {len(result)} rows")
    if wanted.text.strip():
        result = [a for a in result if matches(
            wanted.text, str(a.number), a.case_number, a.description, a.owner_label,
            a.child_name)]
    return result
