"""The chair's live screen, driven by keyboard with qtbot over a real database."""

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from expertteam.domain.enums import ActionStatus, AuditAction
from expertteam.gui.meetings.dialogs import ActionDialog, DueChangeDialog, TextDialog
from expertteam.gui.meetings.live import LiveWindow
from expertteam.gui.meetings.live_record import AttendanceDialog
from expertteam.services import actions, audit, live_meeting, meetings
from expertteam.services.actions import ActionInput
from expertteam.services.store import Store
from tests.meeting_helpers import org_ids, start_with_agenda

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def live(qtbot: QtBot, demo_store: Store) -> Iterator[LiveWindow]:
    meeting, items = start_with_agenda(demo_store)
    actions.create_action(demo_store, ActionInput(
        items[0].case_id or 0, "Crisisplek omzetten", org_ids(demo_store)["Hoorn"]))
    window = LiveWindow(demo_store, meeting.id)
    qtbot.add_widget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.wait_exposed(window)
    yield window
    window.close()


def _dialog(kind: type[QWidget]) -> QWidget:
    widget = QApplication.activeModalWidget() or next(
        (w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()),
        None)
    assert isinstance(widget, kind), widget
    return widget


def test_pseudonymised_by_default_and_names_on_request(qtbot: QtBot, live: LiveWindow,
                                                       demo_store: Store) -> None:
    first = live.items[0]
    assert first.case is not None
    assert live.case.heading.text() == first.item.pseudonym
    assert first.case.given_names not in live.case.facts.text()
    assert first.case.given_names not in live.sidebar.item(0).text()
    qtbot.keyClick(live, Qt.Key.Key_H, CTRL)
    assert live.case.heading.text() == f"{first.case.case_number} · {first.case.full_name}"
    assert live.names_button.text() == "Namen verbergen"
    assert any(e.detail == "names shown" and e.action is AuditAction.VIEW
               for e in audit.list_entries(demo_store))
    qtbot.keyClick(live, Qt.Key.Key_H, CTRL)
    assert live.case.heading.text() == first.item.pseudonym


def test_keyboard_navigation_and_position(qtbot: QtBot, live: LiveWindow) -> None:
    assert live.position.text() == "Casus 1 van 13"
    qtbot.keyClick(live, Qt.Key.Key_PageDown)
    assert live.position.text() == "Casus 2 van 13"
    assert live.case.heading.text() == live.items[1].item.pseudonym
    qtbot.keyClick(live, Qt.Key.Key_Right, ALT)
    assert live.position.text() == "Casus 3 van 13"
    qtbot.keyClick(live, Qt.Key.Key_PageUp)
    qtbot.keyClick(live, Qt.Key.Key_Left, ALT)
    qtbot.keyClick(live, Qt.Key.Key_Left, ALT)  # stays on the first
    assert live.position.text() == "Casus 1 van 13"
    qtbot.keyClick(live, Qt.Key.Key_End, CTRL)
    assert live.position.text() == "Casus 13 van 13"
    live.sidebar.setCurrentRow(4)
    assert live.position.text() == "Casus 5 van 13"


def test_add_decision_with_ctrl_d_and_undo_redo(qtbot: QtBot, live: LiveWindow) -> None:
    qtbot.keyClick(live, Qt.Key.Key_D, CTRL)
    dialog = _dialog(TextDialog)
    assert isinstance(dialog, TextDialog)
    qtbot.keyClicks(dialog.editor, "Casus in behandeling genomen")
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, CTRL)
    assert not dialog.isVisible()
    assert "Casus in behandeling genomen" in live.case.decisions.text()
    assert live.case.discussed.isChecked()
    assert live.sidebar.item(0).text().startswith("✔")
    qtbot.keyClick(live, Qt.Key.Key_Z, CTRL)
    assert "Casus in behandeling genomen" not in live.case.decisions.text()
    assert not live.case.discussed.isChecked()
    qtbot.keyClick(live, Qt.Key.Key_Y, CTRL)
    assert "Casus in behandeling genomen" in live.case.decisions.text()


def test_empty_decision_keeps_the_dialog_open_with_a_message(qtbot: QtBot,
                                                            live: LiveWindow) -> None:
    dialog = live.recorder.add_decision()
    assert isinstance(dialog, TextDialog)
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, CTRL)
    assert dialog.isVisible()
    assert dialog.error.text() == "Besluit is verplicht."
    dialog.reject()


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_add_action_with_owner_completion_and_working_days(qtbot: QtBot, live: LiveWindow,
                                                           demo_store: Store) -> None:
    qtbot.keyClick(live, Qt.Key.Key_PageDown)
    qtbot.keyClick(live, Qt.Key.Key_A, CTRL)
    dialog = _dialog(ActionDialog)
    assert isinstance(dialog, ActionDialog)
    qtbot.keyClicks(dialog.description, "Intake plannen")
    qtbot.keyClick(dialog.description, Qt.Key.Key_Return)
    assert dialog.focusWidget() is dialog.owner
    qtbot.keyClicks(dialog.owner, "ggz jong")
    completer = dialog.owner.completer()
    assert completer is not None
    assert completer.currentCompletion() == "GGZ Jong Westfriesland"
    dialog.owner.setText("ggz jong")
    qtbot.keyClick(dialog.owner, Qt.Key.Key_Return)
    assert dialog.focusWidget() is dialog.due.line_edit
    qtbot.keyClicks(dialog.due.line_edit, "in 5 werkdagen")
    assert dialog.due.preview.text() == "→ ma 30 nov 2026 (over 5 werkdagen)"
    qtbot.keyClick(dialog.due.line_edit, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    live_item = live.items[1]
    assert [(a.description, a.owner_organisation_name, a.due_on.isoformat())
            for a in live_item.actions] == [
        ("Intake plannen", "GGZ Jong Westfriesland", "2026-11-30")]
    assert live.case.action_model.rowCount() == 1
    assert live.case.actions_view.isVisible()
    qtbot.keyClick(live, Qt.Key.Key_Z, CTRL)
    assert live.items[1].actions == ()
    assert live.case.no_actions.isVisible()
    assert actions.action_overview(demo_store, actions.ActionFilter(
        text="Intake plannen")) == []


def test_unknown_owner_is_refused_in_the_dialog(qtbot: QtBot, live: LiveWindow) -> None:
    dialog = live.recorder.add_action()
    assert isinstance(dialog, ActionDialog)
    dialog.description.setText("Bellen")
    dialog.owner.setText("ggz")  # two organisations match: the chair must choose
    dialog.try_accept()
    assert dialog.isVisible()
    assert "‘ggz’ is geen organisatie uit de lijst" in dialog.error.text()
    dialog.owner.setText("")
    dialog.try_accept()
    assert "Kies de actiehouder" in dialog.error.text()
    dialog.due.setText("gisteren")
    dialog.owner.setText("Hoorn")
    dialog.try_accept()
    assert "geen termijn die ik begrijp" in dialog.error.text()
    dialog.reject()


def test_mark_done_and_not_done_with_a_note(qtbot: QtBot, live: LiveWindow,
                                            demo_store: Store) -> None:
    first = live.items[0]
    action = first.actions[0]
    qtbot.keyClick(live, Qt.Key.Key_Return, CTRL)
    dialog = _dialog(TextDialog)
    assert isinstance(dialog, TextDialog)
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Return)  # a note is optional for done
    assert actions.get_action(demo_store, action.id).status is ActionStatus.DONE
    assert "Gedaan" in live.case.action_model.data(live.case.action_model.index(0, 4))
    qtbot.keyClick(live, Qt.Key.Key_Z, CTRL)
    assert actions.get_action(demo_store, action.id).status is ActionStatus.OPEN
    qtbot.keyClick(live, Qt.Key.Key_Return, CTRL | SHIFT)
    dialog = _dialog(TextDialog)
    assert isinstance(dialog, TextDialog)
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "Licht toe" in dialog.error.text()
    qtbot.keyClicks(dialog.editor, "Aanbieder weigert opname")
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    changed = actions.get_action(demo_store, action.id)
    assert changed.status is ActionStatus.NOT_DONE
    history = actions.action_history(demo_store, action.id)
    assert history[-1].note == "Aanbieder weigert opname"
    assert history[-1].meeting_id == live.meeting_id
    qtbot.keyClick(live, Qt.Key.Key_Return, CTRL)  # already handled: a message, no dialog
    assert "al afgehandeld" in live.message.text()


def test_change_due_date_with_ctrl_t(qtbot: QtBot, live: LiveWindow, demo_store: Store) -> None:
    action = live.items[0].actions[0]
    qtbot.keyClick(live, Qt.Key.Key_T, CTRL)
    dialog = _dialog(DueChangeDialog)
    assert isinstance(dialog, DueChangeDialog)
    qtbot.keyClicks(dialog.due.line_edit, "2 weken")  # 7 December: the date it already has
    qtbot.keyClick(dialog.due.line_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "heeft deze termijn al" in dialog.error.text()
    dialog.due.setText("3 weken")
    qtbot.keyClicks(dialog.note, "Aanbieder met vakantie")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    changed = actions.get_action(demo_store, action.id)
    assert changed.due_on.isoformat() == "2026-12-14"
    assert changed.times_postponed == 1
    assert "14-12-2026" in live.case.action_model.data(live.case.action_model.index(0, 3))


def test_discussed_toggle_and_attendance_dialog(qtbot: QtBot, live: LiveWindow,
                                                demo_store: Store) -> None:
    qtbot.keyClick(live, Qt.Key.Key_B, CTRL)
    assert live.items[0].item.discussed
    qtbot.keyClick(live, Qt.Key.Key_B, CTRL)
    assert not live.items[0].item.discussed
    qtbot.keyClick(live, Qt.Key.Key_A, CTRL | SHIFT)
    dialog = _dialog(AttendanceDialog)
    assert isinstance(dialog, AttendanceDialog)
    table = dialog.attendance.table
    table.setFocus()
    table.selectRow(1)
    qtbot.keyClick(table, Qt.Key.Key_3)
    info = meetings.get_meeting(demo_store, live.meeting_id)
    assert info.invitees[1].attendance.value == "excused"
    assert live.data.meeting.invitees[1].attendance.value == "excused"
    assert len([o for o in live.data.owners if o.present and o.contact_id is None]) == 5
    dialog.accept()


def test_close_meeting_from_the_live_screen(qtbot: QtBot, live: LiveWindow,
                                            demo_store: Store) -> None:
    box = live.recorder.close_meeting()
    assert box is not None
    assert "13 agendapunten zijn niet besproken" in box.text()
    with qtbot.wait_signal(live.meeting_closed):
        box.buttons()[0].click() if box.buttonRole(box.buttons()[0]).name == "AcceptRole" \
            else box.buttons()[1].click()
    assert meetings.get_meeting(demo_store, live.meeting_id).locked
    assert not live.isVisible()
    assert live.closing_summary is not None
    assert live.closing_summary.undiscussed_items == 13
    assert live_meeting.live_meeting(demo_store, live.meeting_id).meeting.locked
