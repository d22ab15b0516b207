from datetime import timedelta

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from expertteam.domain.enums import ActionStatus, Attendance
from expertteam.gui.meetings.models import (
    LIVE_COLUMNS,
    ActionColumn,
    ActionTableModel,
    AgendaColumn,
    AgendaModel,
    HistoryModel,
    InviteeModel,
    MeetingListModel,
)
from expertteam.gui.meetings.style import OVERDUE_BACKGROUND
from expertteam.gui.table_model import Role
from expertteam.services import (
    action_events,
    action_rows,
    actions,
    agenda,
    decisions,
    meeting_invitees,
    meetings,
)
from expertteam.services.actions import ActionInput
from expertteam.services.store import Store
from tests.conftest import TODAY, pin_day
from tests.meeting_helpers import org_ids, start_with_agenda


def test_meeting_list_model(qtmodeltester: ModelTester, demo_store: Store) -> None:
    start_with_agenda(demo_store)
    model = MeetingListModel()
    model.set_rows(meetings.list_meetings(demo_store))
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    assert model.data(model.index(0, 0)) == "23-11-2026"
    assert model.data(model.index(0, 3)) == "Bezig"
    assert model.data(model.index(0, 4)) == "13"


def test_agenda_model_hides_names_and_strikes_dropped(qtmodeltester: ModelTester,
                                                      demo_store: Store) -> None:
    meeting, items = start_with_agenda(demo_store)
    agenda.set_dropped(demo_store, items[2].id, True)
    decisions.add_decision(demo_store, items[0].id, "In behandeling")
    model = AgendaModel()
    model.set_items(agenda.list_agenda(demo_store, meeting.id))
    qtmodeltester.check(model)
    subject = model.index(0, AgendaColumn.SUBJECT)
    assert model.data(subject) == items[0].pseudonym
    model.set_hide_names(False)
    assert model.data(subject) == f"{items[0].case_number} · {items[0].child_name}"
    assert model.data(model.index(0, AgendaColumn.STATE)) == "Besproken · 1 besluit"
    dropped = model.index(2, AgendaColumn.STATE)
    assert model.data(dropped) == "Geschrapt"
    assert model.data(dropped, Qt.ItemDataRole.FontRole).strikeOut()
    assert model.data(subject, Role.ID) == items[0].id


def test_invitee_model_marks_attendance_in_text(qtmodeltester: ModelTester,
                                                demo_store: Store) -> None:
    meeting, _items = start_with_agenda(demo_store)
    meeting_invitees.set_attendance(demo_store, meeting.invitees[1].id, Attendance.EXCUSED)
    model = InviteeModel()
    model.set_invitees(meetings.get_meeting(demo_store, meeting.id).invitees)
    qtmodeltester.check(model)
    assert model.data(model.index(0, 0)) == "✔ Aanwezig"
    assert model.data(model.index(1, 0)) == "– Afgemeld"
    assert model.data(model.index(0, 1)) == meeting.invitees[0].organisation_name


def test_action_model_marks_overdue_with_colour_and_text(qtmodeltester: ModelTester,
                                                          demo_store: Store) -> None:
    ids = org_ids(demo_store)
    meeting, items = start_with_agenda(demo_store)
    pin_day(TODAY - timedelta(days=14))
    late = actions.create_action(demo_store, ActionInput(
        items[0].case_id or 0, "Plek zoeken", ids["Hoorn"], due_on=TODAY - timedelta(days=7)))
    pin_day(TODAY)
    fine = actions.create_action(demo_store, ActionInput(
        items[0].case_id or 0, "Bellen", ids["Enkhuizen"]))
    actions.change_due_date(demo_store, fine.id, fine.due_on + timedelta(days=3))
    model = ActionTableModel()
    model.set_actions(action_rows.action_overview(demo_store), TODAY)
    qtmodeltester.check(model)
    late_row = model.row_of(late.id)
    fine_row = model.row_of(fine.id)
    assert late_row is not None
    assert fine_row is not None
    overdue_cell = model.index(late_row, ActionColumn.OVERDUE)
    assert model.data(overdue_cell) == "! Verlopen · 5 werkdagen"
    assert model.data(overdue_cell, Qt.ItemDataRole.BackgroundRole).color() == \
        OVERDUE_BACKGROUND
    assert model.data(model.index(late_row, ActionColumn.DUE)).startswith("! 16-11-2026")
    assert model.data(model.index(fine_row, ActionColumn.OVERDUE)) == ""
    assert model.data(model.index(fine_row, ActionColumn.OVERDUE),
                      Qt.ItemDataRole.BackgroundRole) is None
    assert model.data(model.index(fine_row, ActionColumn.POSTPONED)) == "1 keer"
    assert model.data(model.index(fine_row, ActionColumn.CHILD)) == items[0].pseudonym
    model.set_hide_names(False)
    assert items[0].child_name in model.data(model.index(fine_row, ActionColumn.CHILD))
    live = ActionTableModel(LIVE_COLUMNS)
    live.set_actions(action_rows.action_overview(demo_store), TODAY)
    qtmodeltester.check(live)
    assert live.columnCount() == 5
    assert meeting.id


def test_history_model(qtmodeltester: ModelTester, demo_store: Store) -> None:
    ids = org_ids(demo_store)
    _meeting, items = start_with_agenda(demo_store)
    action = actions.create_action(demo_store, ActionInput(
        items[0].case_id or 0, "Plek zoeken", ids["Hoorn"], agenda_item_id=items[0].id))
    actions.change_action_status(demo_store, action.id, ActionStatus.DONE, "Gelukt")
    model = HistoryModel()
    model.set_events(action_events.action_history(demo_store, action.id))
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.data(model.index(0, 1)) == "23-11-2026"
    assert model.data(model.index(1, 2)) == "status Open → Gedaan — Gelukt"
