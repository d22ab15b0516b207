"""The history of an action: one event per change (who, when, in which meeting), read back
as a list, and undo and redo as new events over it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from expertteam.domain.enums import ActionStatus, AuditAction, MeetingStatus
from expertteam.domain.errors import LockedError, NotFoundError, StateError
from expertteam.formatting import short_date as format_date
from expertteam.i18n import _
from expertteam.services import audit
from expertteam.services.action_rows import ActionInfo, fetch_action, load_action
from expertteam.services.meeting_rules import ensure_in_progress, load_meeting, locked_message
from expertteam.services.store import Store
from expertteam.storage.models.actions import Action, ActionEvent
from expertteam.storage.models.meetings import Meeting
from expertteam.storage.models.system import UserProfile

# Every change of an action is an ``ActionEvent`` with the date and time, who recorded it
# (``store.actor_id``) and, when it happened in a meeting, that meeting. Event kinds:
# - ``created``: the action was agreed (new status open, due date);
# - ``status``: done, not done, cancelled, or reopened, with a note;
# - ``due``: the due date moved (a later date counts as a postponement);
# - ``reverted`` / ``reapplied``: undo and redo (in the meeting screen) of an earlier change:
#   the status and due date from before it come back, or its effect again;
# - ``withdrawn`` / ``restored``: undo and redo of the creation itself: the action is kept as
#   cancelled and left out of the minutes, or comes back with the same number.
# Undo works like a stack over the history: only the latest change still in effect can be
# undone, only the latest undone change can be redone, and any new change ends the redo chain.
# ``Action.times_postponed`` counts the postponements in effect (an undone one does not count).
# Actions live on after the meeting that agreed them: their status changes between and in later
# meetings. What a closed meeting recorded is frozen in its history: an event recorded in a
# closed meeting cannot be undone.
CREATED, STATUS, DUE = "created", "status", "due"
REVERTED, WITHDRAWN = "reverted", "withdrawn"
REAPPLIED, RESTORED = "reapplied", "restored"
UNDO_KINDS = frozenset({REVERTED, WITHDRAWN})
REDO_KINDS = frozenset({REAPPLIED, RESTORED})


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


def new_event(action: Action, store: Store, kind: str, meeting_id: int | None, *,
              old_status: ActionStatus | None = None, new_status: ActionStatus | None = None,
              old_due: date | None = None, new_due: date | None = None,
              note: str = "") -> ActionEvent:
    """An event of ``kind`` for the action, stamped now and with the acting user (the caller
    adds it to the session)."""
    event = ActionEvent(action=action, at=store.now(), kind=kind,
                        old_status=old_status.value if old_status else None,
                        new_status=new_status.value if new_status else None,
                        old_due_on=old_due, new_due_on=new_due, note=note,
                        meeting_id=meeting_id, recorded_by_id=store.actor_id)
    return event


def meeting_for_event(session: Session, meeting_id: int | None) -> int | None:
    """The meeting a change is recorded in, if any. Raises ``NotFoundError``, ``StateError``
    (not started) or ``LockedError`` (closed)."""
    if meeting_id is None:
        return None
    ensure_in_progress(load_meeting(session, meeting_id))
    return meeting_id


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


def last_event_id(store: Store, action_id: int) -> int:
    """Id of the action's latest event (what the change just made recorded; an undo command
    keeps it). Raises ``NotFoundError``."""
    with store.transaction() as session:
        event_id = session.scalars(select(func.max(ActionEvent.id))
                                   .where(ActionEvent.action_id == action_id)).one()
        if event_id is None:
            raise NotFoundError(_("Deze actie bestaat niet (meer)."))
        return int(event_id)


def action_history(store: Store, action_id: int) -> list[ActionEventInfo]:
    """Every event of an action, oldest first, with who recorded it and in which meeting.
    Raises ``NotFoundError``."""
    with store.transaction() as session:
        load_action(session, action_id)
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


def _check_meeting_open(session: Session, event: ActionEvent) -> None:
    if event.meeting_id is not None and \
            load_meeting(session, event.meeting_id).status is MeetingStatus.CLOSED:
        raise LockedError(locked_message())


def _apply_undo_redo(session: Session, store: Store, action: Action, kind: str,
                     status: ActionStatus, due_on: date, meeting_id: int | None) -> None:
    session.add(new_event(action, store, kind, meeting_id, old_status=action.status,
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
        action = load_action(session, action_id)
        event_meeting = meeting_for_event(session, meeting_id)
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
        return fetch_action(session, store, action.id)


def redo_event(store: Store, action_id: int, event_id: int, *,
               meeting_id: int | None = None) -> ActionInfo:
    """Redo the change ``event_id`` that was undone last: a new event brings its effect back
    (a withdrawn action returns, open, with the same number).

    Raises ``NotFoundError``, ``StateError`` (something changed since the undo) or
    ``LockedError`` (as ``undo_event``)."""
    with store.transaction() as session:
        action = load_action(session, action_id)
        event_meeting = meeting_for_event(session, meeting_id)
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
        return fetch_action(session, store, action.id)
