"""A whole case conference driven through the real widgets: plan it, mark attendance, step
through three cases in live mode recording decisions and actions, mark an earlier action done,
close it, then find the locked record and the carried-over items in the next meeting."""

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from expertteam.domain.enums import ActionStatus, AgendaItemKind, Attendance, MeetingStatus
from expertteam.domain.errors import LockedError
from expertteam.gui.meetings.dialogs import ActionDialog, TextDialog
from expertteam.gui.meetings.live import LiveWindow
from expertteam.gui.meetings.meetings_page import MeetingsPage
from expertteam.gui.meetings.meetings_view import RECORD_TAB
from expertteam.gui.meetings.plan_dialogs import MeetingDialog
from expertteam.gui.shell import build_main_window
from expertteam.services import action_rows, actions, decisions, meeting_record, meetings
from expertteam.services.actions import ActionInput
from expertteam.services.store import Store
from tests.conftest import TODAY, pin_day
from tests.meeting_helpers import org_ids, start_with_agenda

pytestmark = pytest.mark.slow  # a whole flow through the GUI or program; make test-fast skips it

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _visible(kind: type) -> object:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    assert len(found) == 1, found
    return found[0]


def _earlier_meeting_with_an_open_action(store: Store) -> int:
    """Arrange: two weeks ago a meeting agreed an action that is still open, and ran out of
    time for the other cases."""
    pin_day(TODAY - timedelta(days=14))
    earlier, items = start_with_agenda(store, TODAY - timedelta(days=14))
    action = actions.create_action(store, ActionInput(
        items[0].case_id or 0, "Crisisplek omzetten naar behandelplek",
        org_ids(store)["Jeugdbescherming Noord"], agenda_item_id=items[0].id))
    meetings.close_meeting(store, earlier.id)
    pin_day(TODAY)
    return action.id


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_a_whole_meeting_through_the_gui(qtbot: QtBot, demo_store: Store,
                                         tmp_path: Path) -> None:
    earlier_action = _earlier_meeting_with_an_open_action(demo_store)
    window = build_main_window(demo_store, QSettings(str(tmp_path / "s.ini"),
                                              QSettings.Format.IniFormat))
    qtbot.add_widget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.wait_exposed(window)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.commands.set_hide_names(True)

    # --- plan -----------------------------------------------------------------------------
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    page = window.stack.currentWidget()
    assert isinstance(page, MeetingsPage)
    page.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_N, CTRL | SHIFT)
    dialog = _visible(MeetingDialog)
    assert isinstance(dialog, MeetingDialog)
    assert dialog.held_on.date() == TODAY  # two weeks after the earlier meeting
    dialog.place.clear()
    qtbot.keyClicks(dialog.place, "Stadhuis Enkhuizen")
    qtbot.keyClicks(dialog.starts_at, "09:30")
    qtbot.keyClick(dialog.place, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    meeting = page.meeting
    assert meeting is not None
    assert meeting.status is MeetingStatus.PLANNED
    assert len(meeting.invitees) == 6  # as at the earlier meeting
    agenda_items = page.agenda_editor.model.items()
    assert agenda_items[0].kind is AgendaItemKind.ACTION_REVIEW  # opens with the review
    assert agenda_items[0].title.startswith("1 open actie uit eerder overleg")

    # --- attendance -----------------------------------------------------------------------
    page.tabs.setCurrentIndex(1)
    table = page.attendance.table
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_1)       # Hoorn present
    qtbot.keyClick(table, Qt.Key.Key_3)       # Enkhuizen excused
    qtbot.keyClick(table, Qt.Key.Key_1)       # Jeugdbescherming Noord present
    qtbot.keyClick(table, Qt.Key.Key_2)       # William Schrikker absent
    page.attendance.all_present.click()       # the rest present
    attendance = [i.attendance for i in meetings.get_meeting(demo_store, meeting.id).invitees]
    assert attendance == [Attendance.PRESENT, Attendance.EXCUSED, Attendance.PRESENT,
                          Attendance.ABSENT, Attendance.PRESENT, Attendance.PRESENT]

    # --- live mode: case 1, the review: the earlier action is done -------------------------
    page.header.start_button.click()
    live = page.live
    assert isinstance(live, LiveWindow)
    qtbot.add_widget(live)
    qtbot.wait_exposed(live)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is live)
    assert live.position.text() == "Casus 1 van 13"
    assert live.case.heading.text() == agenda_items[0].pseudonym  # no names on the projector
    assert [a.id for a in live.items[0].actions] == [earlier_action]
    qtbot.keyClick(live, Qt.Key.Key_Return, CTRL)
    note = _visible(TextDialog)
    assert isinstance(note, TextDialog)
    qtbot.keyClicks(note.editor, "Plek gevonden bij De Kustlijn")
    qtbot.keyClick(note.editor, Qt.Key.Key_Return)
    assert action_rows.get_action(demo_store, earlier_action).status is ActionStatus.DONE
    assert live.sidebar.item(0).text().startswith("✔")

    # --- case 2: a decision ---------------------------------------------------------------
    qtbot.keyClick(live, Qt.Key.Key_PageDown)
    assert live.position.text() == "Casus 2 van 13"
    qtbot.keyClick(live, Qt.Key.Key_D, CTRL)
    decision = _visible(TextDialog)
    assert isinstance(decision, TextDialog)
    qtbot.keyClicks(decision.editor, "Casus in behandeling; GI wijst binnen 5 werkdagen een "
                                     "vaste jeugdbeschermer toe.")
    qtbot.keyClick(decision.editor, Qt.Key.Key_Return, CTRL)

    # --- case 3: a decision and an action -------------------------------------------------
    qtbot.keyClick(live, Qt.Key.Key_PageDown)
    assert live.position.text() == "Casus 3 van 13"
    qtbot.keyClick(live, Qt.Key.Key_D, CTRL)
    decision = _visible(TextDialog)
    assert isinstance(decision, TextDialog)
    qtbot.keyClicks(decision.editor, "Opschalen naar het expertisenetwerk.")
    qtbot.keyClick(decision.editor, Qt.Key.Key_Return, CTRL)
    qtbot.keyClick(live, Qt.Key.Key_A, CTRL)
    entry = _visible(ActionDialog)
    assert isinstance(entry, ActionDialog)
    qtbot.keyClicks(entry.description, "Expertisenetwerk benaderen")
    qtbot.keyClick(entry.description, Qt.Key.Key_Return)
    qtbot.keyClicks(entry.owner, "hoorn")
    entry.owner.setText("hoorn")  # the completion list would otherwise still be open
    qtbot.keyClick(entry.owner, Qt.Key.Key_Return)
    qtbot.keyClicks(entry.due.line_edit, "+5")
    qtbot.keyClick(entry.due.line_edit, Qt.Key.Key_Return)
    assert not entry.isVisible()
    third = live.items[2]
    new_action = next(a for a in third.actions if a.description == "Expertisenetwerk benaderen")
    assert (new_action.owner_organisation_name, new_action.due_on) == (
        "Hoorn", TODAY + timedelta(days=7))

    # --- close ----------------------------------------------------------------------------
    live.close_button.click()
    box = next(w for w in live.findChildren(QMessageBox) if w.isVisible())
    assert "10 agendapunten zijn niet besproken" in box.text()
    with qtbot.wait_signal(live.meeting_closed):
        next(b for b in box.buttons()
             if box.buttonRole(b) is QMessageBox.ButtonRole.AcceptRole).click()
    wrap_up = live.wrap_up  # the Afronden screen, with the minutes on it
    assert wrap_up is not None
    qtbot.wait_until(lambda: wrap_up.ready, timeout=20_000)
    live.close()
    assert not live.isVisible()

    # --- the locked record ----------------------------------------------------------------
    assert page.meeting is not None
    assert page.meeting.status is MeetingStatus.CLOSED
    assert page.tabs.currentIndex() == RECORD_TAB
    shown = page.record.browser.toPlainText()
    assert "Casus in behandeling; GI wijst binnen 5 werkdagen" in shown
    assert "Expertisenetwerk benaderen" in shown
    assert "Plek gevonden bij De Kustlijn" in shown
    assert third.case is not None
    assert third.case.given_names not in shown
    record = meeting_record.meeting_record(demo_store, meeting.id)
    assert record.locked
    assert [(d.number, d.item_position) for d in record.decisions] == [(1, 2), (2, 3)]
    assert [(a.description, a.new_in_meeting) for a in record.actions
            if a.new_in_meeting or a.changed_in_meeting] == [
        ("Crisisplek omzetten naar behandelplek", False), ("Expertisenetwerk benaderen", True)]
    with pytest.raises(LockedError):
        decisions.add_decision(demo_store, agenda_items[1].id, "Te laat")
    assert not page.agenda_editor.propose_button.isEnabled()

    # --- the next meeting's proposal ------------------------------------------------------
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(page, Qt.Key.Key_N, CTRL | SHIFT)
    following = _visible(MeetingDialog)
    assert isinstance(following, MeetingDialog)
    assert following.held_on.date() == TODAY + timedelta(days=14)
    following.try_accept()
    next_items = page.agenda_editor.model.items()
    assert page.meeting is not None
    assert page.meeting.id != meeting.id
    assert next_items[0].case_id == third.item.case_id
    assert next_items[0].kind is AgendaItemKind.ACTION_REVIEW
    carried = {i.case_id: i for i in next_items if i.carried_over_from_id is not None}
    undiscussed = {i.case_id for i in agenda_items[3:]}
    assert undiscussed <= set(carried)
    assert all(carried[case].title.startswith("Niet besproken op 23-11-2026")
               for case in undiscussed)
    assert agenda_items[1].case_id not in {i.case_id for i in next_items}  # decided, done
    window.close()
