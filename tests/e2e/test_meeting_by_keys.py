"""Issue 17, build 5: a whole meeting run by the keyboard alone, as a chair at a projector does:
plan it, mark attendance (one organisation excused, one absent), start it, look back on three
earlier actions (one done, one not done with its reason, one moved by "+3"), close it with one
key and find the minutes on screen, holding that review. Only the arrangement (an earlier
meeting) is made through the services; from then on every step is a key press."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from expertteam.domain.enums import ActionStatus, Attendance, MeetingStatus
from expertteam.domain.workdays import add_working_days
from expertteam.gui.meetings.dialogs import DueChangeDialog, TextDialog
from expertteam.gui.meetings.live import LiveWindow
from expertteam.gui.meetings.meetings_page import MeetingsPage
from expertteam.gui.meetings.plan_dialogs import MeetingDialog
from expertteam.gui.shell import build_main_window
from expertteam.services import action_rows, actions, meetings
from expertteam.services.actions import ActionInput
from expertteam.services.store import Store
from tests.conftest import TODAY, pin_day
from tests.documents.world import pdf_text
from tests.meeting_helpers import org_ids, start_with_agenda

pytestmark = pytest.mark.slow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
NONE = Qt.KeyboardModifier.NoModifier


def _earlier_meeting(store: Store) -> list[int]:
    """Two weeks ago a meeting agreed three actions for its first case and closed."""
    pin_day(TODAY - timedelta(days=14))
    earlier, items = start_with_agenda(store, TODAY - timedelta(days=14))
    ids = org_ids(store)
    agreed = [actions.create_action(store, ActionInput(
        items[0].case_id or 0, description, ids[owner], agenda_item_id=items[0].id)).id
        for description, owner in (("Crisisplek omzetten naar behandelplek",
                                    "Jeugdbescherming Noord"),
                                   ("Intake jeugd-GGZ plannen", "GGZ Jong Westfriesland"),
                                   ("Woonplaatsbeginsel uitzoeken", "Hoorn"))]
    meetings.close_meeting(store, earlier.id)
    pin_day(TODAY)
    return agreed


class Keys:
    """Key presses to whatever has the keyboard, as the chair's fingers do."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot

    def target(self) -> QWidget:
        widget = QApplication.focusWidget() or QApplication.activeWindow()
        assert widget is not None, "nothing has the keyboard"
        return widget

    def press(self, key: Qt.Key, modifiers: Qt.KeyboardModifier = NONE) -> None:
        self.qtbot.keyClick(self.target(), key, modifiers)

    def type(self, text: str) -> None:
        self.qtbot.keyClicks(self.target(), text)  # ASCII only: Qt aborts on anything else

    def back_to(self, window: QWidget) -> None:
        """What a window manager does when a dialog closes: the window below is active again
        (the offscreen platform has no window manager)."""
        window.activateWindow()
        self.qtbot.wait_until(window.isActiveWindow)


def _modal(qtbot: QtBot, kind: type[QWidget]) -> QWidget:
    qtbot.wait_until(lambda: isinstance(QApplication.activeModalWidget(), kind)
                     or isinstance(QApplication.activeWindow(), kind))
    widget = QApplication.activeModalWidget() or QApplication.activeWindow()
    assert isinstance(widget, kind)
    widget.activateWindow()
    qtbot.wait_until(widget.isActiveWindow)
    return widget


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_a_whole_meeting_by_keys_only(qtbot: QtBot, demo_store: Store, tmp_path: Path) -> None:
    done_id, not_done_id, moved_id = _earlier_meeting(demo_store)
    moved_before = action_rows.get_action(demo_store, moved_id).due_on
    window = build_main_window(demo_store, QSettings(str(tmp_path / "s.ini"),
                                                     QSettings.Format.IniFormat))
    qtbot.add_widget(window)
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    qtbot.wait_until(window.isActiveWindow)
    keys = Keys(qtbot)

    # --- plan: Ctrl+2 to the meetings, Ctrl+Shift+N, a place, Enter -----------------------
    keys.press(Qt.Key.Key_2, CTRL)
    page = window.stack.currentWidget()
    assert isinstance(page, MeetingsPage)
    keys.press(Qt.Key.Key_N, CTRL | SHIFT)
    plan = _modal(qtbot, MeetingDialog)
    assert isinstance(plan, MeetingDialog)
    assert QApplication.focusWidget() is plan.held_on.line_edit
    keys.press(Qt.Key.Key_Tab)  # past the date (two weeks after the last one) and the time
    keys.press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is plan.place
    keys.press(Qt.Key.Key_A, CTRL)  # the previous place is proposed: type over it
    keys.type("Stadhuis Enkhuizen")
    keys.press(Qt.Key.Key_Return)
    qtbot.wait_until(lambda: not plan.isVisible())
    meeting = page.meeting
    assert meeting is not None
    assert meeting.status is MeetingStatus.PLANNED

    # --- attendance: Alt+Z to the tab, Tab into the list, then 1 / 2 / 3 -------------------
    window.activateWindow()
    qtbot.wait_until(window.isActiveWindow)
    keys.press(Qt.Key.Key_Z, ALT)
    assert page.tabs.currentWidget() is page.attendance
    for _tab in range(12):  # a few Tabs at most (a list that kept Tab was a trap)
        if QApplication.focusWidget() is page.attendance.table:
            break
        keys.press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.attendance.table
    keys.press(Qt.Key.Key_Home, CTRL)
    for key in (Qt.Key.Key_1, Qt.Key.Key_3, Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_1,
                Qt.Key.Key_1):
        keys.press(key)
    attendance = [i.attendance for i in meetings.get_meeting(demo_store, meeting.id).invitees]
    assert attendance == [Attendance.PRESENT, Attendance.EXCUSED, Attendance.PRESENT,
                          Attendance.ABSENT, Attendance.PRESENT, Attendance.PRESENT]

    # --- start (Alt+S): live mode opens on the review of the earlier actions -------------
    keys.press(Qt.Key.Key_S, ALT)
    qtbot.wait_until(lambda: page.live is not None)  # Alt+letter presses after a short flash
    live = page.live
    assert isinstance(live, LiveWindow)
    qtbot.add_widget(live)
    keys.back_to(live)  # it opened maximised, in front
    assert [a.id for a in live.items[0].actions] == [done_id, not_done_id, moved_id]
    assert live.case.heading.text() == live.items[0].item.pseudonym

    keys.press(Qt.Key.Key_Return, CTRL)  # the first open action: done, with a note
    note = _modal(qtbot, TextDialog)
    keys.type("Plek gevonden bij De Kustlijn")
    keys.press(Qt.Key.Key_Return)
    qtbot.wait_until(lambda: not note.isVisible())
    keys.back_to(live)
    keys.press(Qt.Key.Key_Return, CTRL | SHIFT)  # the next: not done, with the reason
    reason = _modal(qtbot, TextDialog)
    keys.type("Aanbieder heeft een opnamestop")
    keys.press(Qt.Key.Key_Return)
    qtbot.wait_until(lambda: not reason.isVisible())
    keys.back_to(live)
    keys.press(Qt.Key.Key_T, CTRL)  # the last: three working days later than it was
    move = _modal(qtbot, DueChangeDialog)
    keys.type("+3")
    keys.press(Qt.Key.Key_Tab)
    keys.type("Gemeenten overleggen eerst")
    keys.press(Qt.Key.Key_Return)
    qtbot.wait_until(lambda: not move.isVisible())
    statuses = [action_rows.get_action(demo_store, i).status for i in (done_id, not_done_id)]
    assert statuses == [ActionStatus.DONE, ActionStatus.NOT_DONE]
    moved = action_rows.get_action(demo_store, moved_id)
    assert moved.due_on == add_working_days(moved_before, 3)

    # --- close: Alt+S, then the one key to the minutes on screen --------------------------
    keys.back_to(live)
    keys.press(Qt.Key.Key_S, ALT)
    box = _modal(qtbot, QMessageBox)
    assert "Overleg sluiten" in box.windowTitle()
    keys.press(Qt.Key.Key_Return)
    wrap_up = live.wrap_up
    assert wrap_up is not None
    qtbot.wait_until(lambda: wrap_up.ready, timeout=30_000)
    assert meetings.get_meeting(demo_store, meeting.id).status is MeetingStatus.CLOSED
    assert wrap_up.shown is not None
    assert wrap_up.shown.organisation_id is None
    assert wrap_up.viewer.document() is wrap_up.shown.pdf.document

    text = pdf_text(wrap_up.shown.document.pdf)
    assert "Terugblik op eerdere afspraken" in text
    assert "Gedaan: Plek gevonden bij De Kustlijn" in text
    assert "Niet gedaan: Aanbieder heeft een opnamestop" in text
    assert (f"Termijn verzet van {moved_before.strftime('%d-%m-%Y')} naar "
            f"{moved.due_on.strftime('%d-%m-%Y')}: Gemeenten overleggen eerst") in text
    assert "Afgemeld: 1" in text
    assert "Afwezig: 1" in text
    first = live.items[0].case
    assert first is not None
    assert first.given_names not in text  # pseudonymised: the projector shows no names

    # --- leave (Esc): the main window keeps the names hidden -----------------------------
    live.activateWindow()
    qtbot.wait_until(live.isActiveWindow)
    keys.press(Qt.Key.Key_Escape)
    qtbot.wait_until(lambda: not live.isVisible())
    assert window.menu_actions.hide_names.isChecked()
    window.close()
