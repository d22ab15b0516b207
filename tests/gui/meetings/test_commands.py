"""Undo commands on a bare QUndoStack, against a real database."""

from datetime import timedelta

import pytest
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from expertteam.domain.enums import ActionStatus, Attendance
from expertteam.domain.errors import StateError, ValidationError
from expertteam.gui.meetings import commands
from expertteam.services import (
    action_events,
    action_rows,
    actions,
    agenda,
    live_meeting,
    meeting_record,
    meetings,
)
from expertteam.services.actions import ActionInput
from expertteam.services.meeting_data import InviteeInput
from expertteam.services.store import Store
from tests.meeting_helpers import org_ids, start_with_agenda


class Sink:
    def __init__(self) -> None:
        self.changed: list[int | None] = []
        self.failures: list[str] = []

    def item_changed(self, item_id: int | None) -> None:
        self.changed.append(item_id)

    def command_failed(self, message: str) -> None:
        self.failures.append(message)


@pytest.fixture
def stack(qtbot: QtBot) -> QUndoStack:
    return QUndoStack()


def test_add_decision_undo_withdraws_and_redo_restores(demo_store: Store,
                                                       stack: QUndoStack) -> None:
    meeting, items = start_with_agenda(demo_store)
    sink = Sink()
    item = items[0]
    commands.perform(stack, commands.AddDecision(demo_store, sink, item.id,
                                                 "Casus in behandeling", item.discussed))
    assert stack.count() == 1
    assert stack.undoText() == "Besluit vastleggen"
    assert [d.text for d in live_meeting.live_item(demo_store, item.id).decisions] == [
        "Casus in behandeling"]
    stack.undo()
    undone = live_meeting.live_item(demo_store, item.id)
    assert undone.decisions == ()
    assert not undone.item.discussed
    stack.redo()
    redone = live_meeting.live_item(demo_store, item.id)
    assert [d.text for d in redone.decisions] == ["Casus in behandeling"]
    assert redone.item.discussed
    assert sink.changed == [item.id, item.id, item.id]
    assert [d.text for d in meeting_record.meeting_record(demo_store, meeting.id).decisions] == [
        "Casus in behandeling"]


def test_refused_first_call_is_not_pushed(demo_store: Store, stack: QUndoStack) -> None:
    _meeting, items = start_with_agenda(demo_store)
    sink = Sink()
    with pytest.raises(ValidationError):
        commands.perform(stack, commands.AddDecision(demo_store, sink, items[0].id, "  ",
                                                     False))
    assert stack.count() == 0
    assert sink.changed == []


def test_add_action_undo_redo_keeps_number_and_history(demo_store: Store,
                                                       stack: QUndoStack) -> None:
    meeting, items = start_with_agenda(demo_store)
    sink = Sink()
    item = items[1]
    data = ActionInput(item.case_id or 0, "Plek zoeken", org_ids(demo_store)["Hoorn"],
                       agenda_item_id=item.id)
    command = commands.AddAction(demo_store, sink, data, meeting.id)
    commands.perform(stack, command)
    assert command.result is not None
    number = command.result.number
    assert [a.number for a in live_meeting.live_item(demo_store, item.id).actions] == [number]
    stack.undo()
    assert live_meeting.live_item(demo_store, item.id).actions == ()
    assert action_rows.action_overview(demo_store) == []
    stack.redo()
    assert [a.number for a in live_meeting.live_item(demo_store, item.id).actions] == [number]
    assert command.action_id is not None
    kinds = [e.kind for e in action_events.action_history(demo_store, command.action_id)]
    assert kinds == ["created", "withdrawn", "restored"]
    stack.undo()
    assert action_rows.get_action(demo_store, command.action_id).status is ActionStatus.CANCELLED


def test_status_and_due_date_commands(demo_store: Store, stack: QUndoStack) -> None:
    meeting, items = start_with_agenda(demo_store)
    sink = Sink()
    item = items[0]
    action = actions.create_action(demo_store, ActionInput(
        item.case_id or 0, "Plek zoeken", org_ids(demo_store)["Hoorn"]))
    commands.perform(stack, commands.ChangeDueDate(
        demo_store, sink, item.id, meeting.id, action.id, action.due_on + timedelta(days=7),
        "Vakantie"))
    commands.perform(stack, commands.ChangeActionStatus(
        demo_store, sink, item.id, meeting.id, action.id, ActionStatus.NOT_DONE,
        "Aanbieder weigert"))
    current = action_rows.get_action(demo_store, action.id)
    assert (current.status, current.times_postponed) == (ActionStatus.NOT_DONE, 1)
    stack.undo()
    stack.undo()
    current = action_rows.get_action(demo_store, action.id)
    assert (current.status, current.due_on, current.times_postponed) == (
        ActionStatus.OPEN, action.due_on, 0)
    stack.redo()
    assert action_rows.get_action(demo_store, action.id).times_postponed == 1
    with pytest.raises(ValidationError):  # not done needs a reason: nothing pushed
        commands.perform(stack, commands.ChangeActionStatus(
            demo_store, sink, item.id, meeting.id, action.id, ActionStatus.NOT_DONE, ""))
    assert stack.count() == 2


def test_attendance_reorder_drop_and_late_invitee(demo_store: Store,
                                                  stack: QUndoStack) -> None:
    meeting, items = start_with_agenda(demo_store)
    sink = Sink()
    invitee = meeting.invitees[0]
    commands.perform(stack, commands.SetAttendance(demo_store, sink, invitee.id,
                                                   invitee.attendance, Attendance.ABSENT))
    order = [i.id for i in items]
    commands.perform(stack, commands.Reorder(demo_store, sink, meeting.id, order,
                                             list(reversed(order))))
    commands.perform(stack, commands.SetDropped(demo_store, sink, items[5].id, True))
    commands.perform(stack, commands.AddInvitee(
        demo_store, sink, meeting.id, InviteeInput(org_ids(demo_store)["CJG Medemblik"])))
    info = meetings.get_meeting(demo_store, meeting.id)
    assert info.invitees[-1].late_addition
    assert info.invitees[0].attendance is Attendance.ABSENT
    assert agenda.list_agenda(demo_store, meeting.id)[0].id == order[-1]
    for _ in range(4):
        stack.undo()
    info = meetings.get_meeting(demo_store, meeting.id)
    assert len(info.invitees) == len(meeting.invitees)
    assert info.invitees[0].attendance is Attendance.PRESENT
    restored = agenda.list_agenda(demo_store, meeting.id)
    assert [i.id for i in restored] == order
    assert not any(i.dropped for i in restored)


def test_undo_after_closing_is_refused_and_reported(demo_store: Store,
                                                    stack: QUndoStack) -> None:
    meeting, items = start_with_agenda(demo_store)
    sink = Sink()
    commands.perform(stack, commands.AddDecision(demo_store, sink, items[0].id, "Besluit",
                                                 False))
    meetings.close_meeting(demo_store, meeting.id)
    stack.undo()
    assert len(sink.failures) == 1
    assert "gesloten" in sink.failures[0]
    assert stack.count() == 0  # the refused command left the stack
    assert [d.text for d in meeting_record.meeting_record(demo_store, meeting.id).decisions] == [
        "Besluit"]


def test_summary_and_discussed_commands(demo_store: Store, stack: QUndoStack) -> None:
    _meeting, items = start_with_agenda(demo_store)
    sink = Sink()
    item = items[3]
    commands.perform(stack, commands.ChangeSummary(demo_store, sink, item.id, "", "Besproken",
                                                   False))
    assert live_meeting.live_item(demo_store, item.id).item.summary == "Besproken"
    stack.undo()
    after = live_meeting.live_item(demo_store, item.id).item
    assert (after.summary, after.discussed) == ("", False)
    commands.perform(stack, commands.SetDiscussed(demo_store, sink, item.id, True))
    assert live_meeting.live_item(demo_store, item.id).item.discussed
    stack.undo()
    assert not live_meeting.live_item(demo_store, item.id).item.discussed


def test_stale_undo_of_an_action_changed_elsewhere(demo_store: Store,
                                                   stack: QUndoStack) -> None:
    meeting, items = start_with_agenda(demo_store)
    sink = Sink()
    action = actions.create_action(demo_store, ActionInput(
        items[0].case_id or 0, "Bellen", org_ids(demo_store)["Hoorn"]))
    commands.perform(stack, commands.ChangeActionStatus(
        demo_store, sink, items[0].id, meeting.id, action.id, ActionStatus.DONE, ""))
    actions.change_action_status(demo_store, action.id, ActionStatus.OPEN, "Toch niet")
    stack.undo()
    assert sink.failures
    assert "intussen gewijzigd" in sink.failures[0]
    with pytest.raises(StateError):
        action_events.undo_event(demo_store, action.id, 1)
