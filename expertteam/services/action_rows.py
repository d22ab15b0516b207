"""Reading actions: one action, a child's actions and the overview across cases, as plain rows
with their owner, meeting and whether they are overdue."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from expertteam.domain.enums import ActionStatus, AuditAction
from expertteam.domain.errors import NotFoundError
from expertteam.domain.pseudonym import pseudonym
from expertteam.domain.search import matches
from expertteam.domain.workdays import working_days_between
from expertteam.i18n import _
from expertteam.services import audit
from expertteam.services.meeting_rules import load_case
from expertteam.services.store import Store
from expertteam.storage.models.actions import Action, ActionEvent
from expertteam.storage.models.cases import Case
from expertteam.storage.models.meetings import AgendaItem, Meeting
from expertteam.storage.models.organisations import Contact, Organisation


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


@dataclass(frozen=True)
class ActionFilter:
    statuses: tuple[ActionStatus, ...] = (ActionStatus.OPEN,)
    owner_organisation_id: int | None = None
    case_id: int | None = None
    overdue_only: bool = False
    text: str = ""


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


def fetch_action(session: Session, store: Store, action_id: int) -> ActionInfo:
    """One action as a row, read in the caller's session. Raises ``NotFoundError``."""
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


def load_action(session: Session, action_id: int) -> Action:
    """The stored action. Raises ``NotFoundError``."""
    action = session.get(Action, action_id)
    if action is None:
        raise NotFoundError(_("Deze actie bestaat niet (meer)."))
    return action


def get_action(store: Store, action_id: int) -> ActionInfo:
    """One action. Raises ``NotFoundError``."""
    with store.transaction() as session:
        info = fetch_action(session, store, action_id)
        audit.record(session, store, AuditAction.VIEW, "action", action_id)
        return info


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
