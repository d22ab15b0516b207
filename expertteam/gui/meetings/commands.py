"""Undo commands for meeting edits: each is a small ``QUndoCommand`` that calls services.

``perform(stack, command)`` runs the command's first call (which may raise an
``ExpertteamError``) and only then pushes it, so a refused change never lands on the stack;
``run(parent, stack, command, title=…)`` does that through ``gui/operations.py``, which shows a
refusal where it belongs. The sink (the page or live screen) announces the changes.

Undo and redo call services too; nothing is deleted: an undone decision is withdrawn, an
undone action change is reverted through the action's history (``action_events.undo_event`` /
``redo_event``), an undone agenda item is dropped. When an undo or redo is refused (the meeting
was closed in the meantime) the command reports it and leaves the stack.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Protocol

from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from expertteam.domain.enums import ActionStatus, Attendance
from expertteam.gui import operations
from expertteam.gui.operations import ErrorDisplay
from expertteam.i18n import _
from expertteam.services import action_events, actions, agenda, decisions, meeting_invitees
from expertteam.services.action_rows import ActionInfo
from expertteam.services.actions import ActionInput
from expertteam.services.meeting_data import InviteeInput
from expertteam.services.store import Store


class ChangeSink(Protocol):
    """Who hears about changes: refresh an agenda item (None: the whole meeting), show an
    error."""

    def item_changed(self, item_id: int | None) -> None: ...

    def command_failed(self, message: str) -> None: ...


class ServiceCommand(QUndoCommand):
    """Base: ``first()`` is the original call; ``undo_call``/``redo_call`` follow."""

    def __init__(self, text: str, store: Store, sink: ChangeSink, item_id: int | None) -> None:
        super().__init__(text)
        self.store = store
        self.sink = sink
        self.item_id = item_id
        self._fresh = True

    def first(self) -> None:
        raise NotImplementedError

    def undo_call(self) -> None:
        raise NotImplementedError

    def redo_call(self) -> None:
        raise NotImplementedError

    def _guard(self, call: Callable[[], None]) -> None:
        if operations.attempt(None, call, title=self.text(),
                              report=self.sink.command_failed) is None:
            self.setObsolete(True)

    def redo(self) -> None:
        if self._fresh:
            self._fresh = False  # the first call already ran in ``perform``
        else:
            self._guard(self.redo_call)
        self.sink.item_changed(self.item_id)

    def undo(self) -> None:
        self._guard(self.undo_call)
        self.sink.item_changed(self.item_id)


def perform(stack: QUndoStack, command: ServiceCommand) -> None:
    """Run the command's first call and push it. Raises the service's ``ExpertteamError``."""
    command.first()
    stack.push(command)


def run(parent: QWidget | None, stack: QUndoStack, command: ServiceCommand, *, title: str,
        errors: ErrorDisplay | None = None,
        report: Callable[[str], None] | None = None) -> bool:
    """``perform`` through ``operations.attempt``: a refusal is shown (at its field, on the
    ``report`` line or in a box titled ``title``) and stays off the stack. True when done."""
    return operations.attempt(parent, lambda: perform(stack, command), title=title,
                              errors=errors, report=report) is not None


# --------------------------------------------------------------------------- agenda items

class AddDecision(ServiceCommand):
    def __init__(self, store: Store, sink: ChangeSink, item_id: int, text: str,
                 was_discussed: bool) -> None:
        super().__init__(_("Besluit vastleggen"), store, sink, item_id)
        self.decision_text = text
        self.was_discussed = was_discussed
        self.decision_id: int | None = None

    def first(self) -> None:
        assert self.item_id is not None
        self.decision_id = decisions.add_decision(self.store, self.item_id, self.decision_text).id

    def undo_call(self) -> None:
        assert self.decision_id is not None
        assert self.item_id is not None
        decisions.set_decision_withdrawn(self.store, self.decision_id, True)
        if not self.was_discussed:
            agenda.set_discussed(self.store, self.item_id, False)

    def redo_call(self) -> None:
        assert self.decision_id is not None
        assert self.item_id is not None
        decisions.set_decision_withdrawn(self.store, self.decision_id, False)
        agenda.set_discussed(self.store, self.item_id, True)


class ChangeSummary(ServiceCommand):
    def __init__(self, store: Store, sink: ChangeSink, item_id: int, old: str, new: str,
                 was_discussed: bool) -> None:
        super().__init__(_("Samenvatting wijzigen"), store, sink, item_id)
        self.old, self.new, self.was_discussed = old, new, was_discussed

    def first(self) -> None:
        assert self.item_id is not None
        agenda.set_summary(self.store, self.item_id, self.new)

    def undo_call(self) -> None:
        assert self.item_id is not None
        agenda.set_summary(self.store, self.item_id, self.old)
        agenda.set_discussed(self.store, self.item_id, self.was_discussed)

    def redo_call(self) -> None:
        self.first()


class SetDiscussed(ServiceCommand):
    def __init__(self, store: Store, sink: ChangeSink, item_id: int, discussed: bool) -> None:
        super().__init__(_("Besproken") if discussed else _("Niet besproken"), store, sink,
                         item_id)
        self.discussed = discussed

    def first(self) -> None:
        assert self.item_id is not None
        agenda.set_discussed(self.store, self.item_id, self.discussed)

    def undo_call(self) -> None:
        assert self.item_id is not None
        agenda.set_discussed(self.store, self.item_id, not self.discussed)

    def redo_call(self) -> None:
        self.first()


class SetDropped(ServiceCommand):
    def __init__(self, store: Store, sink: ChangeSink, item_id: int, dropped: bool) -> None:
        super().__init__(_("Agendapunt schrappen") if dropped else
                         _("Agendapunt terugzetten"), store, sink, item_id)
        self.dropped = dropped

    def first(self) -> None:
        assert self.item_id is not None
        agenda.set_dropped(self.store, self.item_id, self.dropped)

    def undo_call(self) -> None:
        assert self.item_id is not None
        agenda.set_dropped(self.store, self.item_id, not self.dropped)

    def redo_call(self) -> None:
        self.first()


class Reorder(ServiceCommand):
    def __init__(self, store: Store, sink: ChangeSink, meeting_id: int, old: Sequence[int],
                 new: Sequence[int], moved_item: int | None = None) -> None:
        super().__init__(_("Agenda herschikken"), store, sink, moved_item)
        self.meeting_id, self.old, self.new = meeting_id, list(old), list(new)

    def first(self) -> None:
        agenda.reorder_agenda(self.store, self.meeting_id, self.new)

    def undo_call(self) -> None:
        agenda.reorder_agenda(self.store, self.meeting_id, self.old)

    def redo_call(self) -> None:
        self.first()


class AddAgendaItem(ServiceCommand):
    """Add a case or a general item; undo drops it again (it stays listed, struck out)."""

    def __init__(self, store: Store, sink: ChangeSink, meeting_id: int, *,
                 case_id: int | None = None, title: str = "") -> None:
        super().__init__(_("Agendapunt toevoegen"), store, sink, None)
        self.meeting_id, self.case_id, self.title = meeting_id, case_id, title

    def first(self) -> None:
        self.item_id = agenda.add_agenda_item(self.store, self.meeting_id, case_id=self.case_id,
                                              title=self.title).id

    def undo_call(self) -> None:
        assert self.item_id is not None
        agenda.set_dropped(self.store, self.item_id, True)

    def redo_call(self) -> None:
        assert self.item_id is not None
        agenda.set_dropped(self.store, self.item_id, False)


# --------------------------------------------------------------------------- attendance

class SetAttendance(ServiceCommand):
    def __init__(self, store: Store, sink: ChangeSink, invitee_id: int, old: Attendance,
                 new: Attendance) -> None:
        super().__init__(_("Aanwezigheid: {state}").format(state=new.label.lower()), store,
                         sink, None)
        self.invitee_id, self.old, self.new = invitee_id, old, new

    def first(self) -> None:
        meeting_invitees.set_attendance(self.store, self.invitee_id, self.new)

    def undo_call(self) -> None:
        meeting_invitees.set_attendance(self.store, self.invitee_id, self.old)

    def redo_call(self) -> None:
        self.first()


class AddInvitee(ServiceCommand):
    """Invite (or, during the meeting, add late) an organisation; undo takes it off."""

    def __init__(self, store: Store, sink: ChangeSink, meeting_id: int,
                 data: InviteeInput) -> None:
        super().__init__(_("Genodigde toevoegen"), store, sink, None)
        self.meeting_id, self.data = meeting_id, data
        self.invitee_id: int | None = None

    def first(self) -> None:
        self.invitee_id = meeting_invitees.add_invitee(self.store, self.meeting_id, self.data).id

    def undo_call(self) -> None:
        assert self.invitee_id is not None
        meeting_invitees.remove_invitee(self.store, self.invitee_id)

    def redo_call(self) -> None:
        self.first()


# --------------------------------------------------------------------------- actions

class ActionCommand(ServiceCommand):
    """A change to an action; undo and redo add events to the action's history, so it shows
    every step."""

    def __init__(self, text: str, store: Store, sink: ChangeSink, item_id: int | None,
                 meeting_id: int | None) -> None:
        super().__init__(text, store, sink, item_id)
        self.meeting_id = meeting_id
        self.action_id: int | None = None
        self.event_id: int | None = None
        self.result: ActionInfo | None = None

    def call(self) -> ActionInfo:
        raise NotImplementedError

    def first(self) -> None:
        self.result = self.call()
        self.action_id = self.result.id
        self.event_id = action_events.last_event_id(self.store, self.action_id)

    def undo_call(self) -> None:
        assert self.action_id is not None
        assert self.event_id is not None
        self.result = action_events.undo_event(self.store, self.action_id, self.event_id,
                                               meeting_id=self.meeting_id)

    def redo_call(self) -> None:
        assert self.action_id is not None
        assert self.event_id is not None
        self.result = action_events.redo_event(self.store, self.action_id, self.event_id,
                                               meeting_id=self.meeting_id)


class AddAction(ActionCommand):
    def __init__(self, store: Store, sink: ChangeSink, data: ActionInput,
                 meeting_id: int | None) -> None:
        super().__init__(_("Actie toevoegen"), store, sink, data.agenda_item_id, meeting_id)
        self.data = data

    def call(self) -> ActionInfo:
        return actions.create_action(self.store, self.data)


class ChangeActionStatus(ActionCommand):
    def __init__(self, store: Store, sink: ChangeSink, item_id: int | None,
                 meeting_id: int | None, action_id: int, status: ActionStatus,
                 note: str) -> None:
        super().__init__(_("Actie: {status}").format(status=status.label.lower()), store, sink,
                         item_id, meeting_id)
        self.target, self.status, self.note = action_id, status, note

    def call(self) -> ActionInfo:
        return actions.change_action_status(self.store, self.target, self.status, self.note,
                                            meeting_id=self.meeting_id)


class ChangeDueDate(ActionCommand):
    def __init__(self, store: Store, sink: ChangeSink, item_id: int | None,
                 meeting_id: int | None, action_id: int, due_on: date, note: str) -> None:
        super().__init__(_("Termijn verzetten"), store, sink, item_id, meeting_id)
        self.target, self.due_on, self.note = action_id, due_on, note

    def call(self) -> ActionInfo:
        return actions.change_due_date(self.store, self.target, self.due_on, self.note,
                                       meeting_id=self.meeting_id)
