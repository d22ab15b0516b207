"""Actions (afspraken): who does what for which child by when. Agree one, mark it done, not
done or cancelled, or move its due date; each change is an event (``action_events.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from expertteam.domain.due_dates import default_due_date
from expertteam.domain.enums import ActionStatus, AuditAction, CaseStatus
from expertteam.domain.errors import StateError, ValidationError
from expertteam.formatting import short_date as format_date
from expertteam.i18n import _
from expertteam.services import audit
from expertteam.services.action_events import CREATED, DUE, STATUS, meeting_for_event, new_event
from expertteam.services.action_rows import ActionInfo, fetch_action, load_action
from expertteam.services.meeting_rules import ensure_in_progress, load_case, load_item
from expertteam.services.store import Store
from expertteam.services.term_settings import read_action_due_days
from expertteam.services.validation import clean_text, plausible_date
from expertteam.storage import numbers
from expertteam.storage.models.actions import Action
from expertteam.storage.models.meetings import AgendaItem
from expertteam.storage.models.organisations import Contact, Organisation
from expertteam.storage.numbers import allocate_number

NOTE_REQUIRED = frozenset({ActionStatus.NOT_DONE, ActionStatus.CANCELLED})


@dataclass(frozen=True, slots=True)
class ActionInput:
    case_id: int
    description: str
    owner_organisation_id: int | None
    owner_contact_id: int | None = None
    due_on: date | None = None
    agenda_item_id: int | None = None


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


def _mark_discussed(session: Session, meeting_id: int | None, case_id: int) -> None:
    if meeting_id is None:
        return
    item = session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id,
                                                    AgendaItem.case_id == case_id)).first()
    if item is not None and not item.dropped:
        item.discussed = True


def _note(note: str) -> str:
    return clean_text(note, "note", _("Toelichting"), max_length=2000, multiline=True)


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
        return fetch_action(session, store, action.id)


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
    session.add(new_event(action, store, CREATED, meeting_id, new_status=ActionStatus.OPEN,
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
        action = load_action(session, action_id)
        event_meeting = meeting_for_event(session, meeting_id)
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
        session.add(new_event(action, store, STATUS, event_meeting, old_status=action.status,
                              new_status=status, note=text))
        action.status, action.status_changed_on = status, store.today()
        _mark_discussed(session, event_meeting, action.case_id)
        session.flush()
        audit.record(session, store, AuditAction.CHANGE, "action", action.id,
                     detail=f"status:{status.value}")
        return fetch_action(session, store, action.id)


def change_due_date(store: Store, action_id: int, due_on: date, note: str = "", *,
                    meeting_id: int | None = None) -> ActionInfo:
    """Move the due date of an open action; a later date counts as a postponement.

    Raises ``NotFoundError``, ``ValidationError`` (date in the past), ``StateError`` (action
    not open, date unchanged, meeting not started) or ``LockedError`` (meeting closed)."""
    with store.transaction() as session:
        action = load_action(session, action_id)
        event_meeting = meeting_for_event(session, meeting_id)
        if action.status is not ActionStatus.OPEN:
            raise StateError(_("Alleen van een open actie kan de termijn worden verzet."))
        if due_on == action.due_on:
            raise StateError(_("Actie {n} heeft deze termijn al.").format(n=action.number))
        _check_due(due_on, store.today())
        session.add(new_event(action, store, DUE, event_meeting, old_due=action.due_on,
                              new_due=due_on, note=_note(note)))
        if due_on > action.due_on:
            action.times_postponed += 1
        action.due_on = due_on
        _mark_discussed(session, event_meeting, action.case_id)
        session.flush()
        audit.record(session, store, AuditAction.CHANGE, "action", action.id, detail="due")
        return fetch_action(session, store, action.id)
