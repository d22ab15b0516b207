"""Live mode inside the real window (issue 17): the lock, the shortcut from anywhere, names after
the meeting, the chair's name, and picking up after a crash where the chair was."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from expertteam.domain.enums import UserRole
from expertteam.gui.meetings.live import LiveWindow
from expertteam.gui.meetings.meetings_page import MeetingsPage
from expertteam.gui.pages import PageKey
from expertteam.services import meetings, users
from expertteam.services.store import Store
from tests.gui.conftest import open_window
from tests.meeting_helpers import start_with_agenda

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _live(qtbot: QtBot, page: MeetingsPage) -> LiveWindow:
    live = page.live
    assert isinstance(live, LiveWindow)
    qtbot.add_widget(live)
    live.activateWindow()
    qtbot.wait_until(live.isActiveWindow)
    return live


def test_live_mode_opens_from_anywhere_in_the_window(qtbot: QtBot, demo_store: Store,
                                                     settings: QSettings) -> None:
    """Stumble 8: Ctrl+Shift+L worked only with focus inside the meetings page."""
    window = open_window(qtbot, demo_store, settings)
    qtbot.keyClick(window.pages.register.table, Qt.Key.Key_L, CTRL | SHIFT)
    assert window.pages.meetings.live is None  # no meeting in progress: it says so
    assert "geen overleg bezig" in window.statusBar().currentMessage()
    meeting, _items = start_with_agenda(demo_store)
    window.show_page(PageKey.REGISTER)
    window.pages.register.table.setFocus()
    qtbot.keyClick(window.pages.register.table, Qt.Key.Key_L, CTRL | SHIFT)
    live = _live(qtbot, window.pages.meetings)
    assert live.meeting_id == meeting.id
    live.close()


def test_the_idle_lock_waits_for_the_meeting_and_ctrl_l_locks_names_first(
        qtbot: QtBot, demo_store: Store, settings: QSettings) -> None:
    """Stumble 1: the app locked itself after five idle minutes in live mode; any lock in live
    mode hides the names first, and the screens after live mode keep them hidden."""
    start_with_agenda(demo_store)
    window = open_window(qtbot, demo_store, settings)
    auto_lock = window.menu_actions.security.auto_lock
    assert not window.menu_actions.hide_names.isChecked()
    live = window.commands.open_live_mode()
    assert isinstance(live, LiveWindow)
    live = _live(qtbot, window.pages.meetings)
    assert window.menu_actions.hide_names.isChecked()  # names hidden app-wide from now on
    auto_lock.watcher.set_interval(100)
    qtbot.wait(700)  # a long case, nobody touching the laptop
    assert not auto_lock.is_locked
    live.names_button.setChecked(True)
    assert live.case.heading.text().endswith(live.items[0].case.full_name)
    qtbot.keyClick(live, Qt.Key.Key_L, CTRL)  # the chair locks by hand
    assert auto_lock.is_locked
    assert not live.show_names
    assert live.case.heading.text() == live.items[0].item.pseudonym
    auto_lock.watcher.set_interval(60_000)
    dialog = auto_lock.dialog
    assert dialog is not None
    dialog.ok_button.click()  # a plain database: the profile unlocks it
    assert not auto_lock.is_locked
    live.close()
    auto_lock.watcher.set_interval(100)  # out of live mode the idle lock works again
    qtbot.wait_until(lambda: auto_lock.is_locked, timeout=5000)
    auto_lock.unlock()


def test_after_a_crash_the_meeting_resumes_where_the_chair_was(
        qtbot: QtBot, demo_store: Store, settings: QSettings) -> None:
    """Stumble 10: no "Overleg loopt nog — verder?" after a crash, and live mode reopened at
    case 1."""
    meeting, _items = start_with_agenda(demo_store)
    first = open_window(qtbot, demo_store, settings)
    live = first.commands.open_live_mode()
    assert isinstance(live, LiveWindow)
    live = _live(qtbot, first.pages.meetings)
    qtbot.keyClick(live, Qt.Key.Key_PageDown)
    qtbot.keyClick(live, Qt.Key.Key_PageDown)
    on_screen = live.items[2].item.id
    qtbot.wait_until(lambda: meetings.get_meeting(demo_store, meeting.id).live_item_id
                     == on_screen, timeout=3000)  # kept a moment after the chair stops
    live.hide()  # the app dies here: nothing is closed or saved on the way out

    again = open_window(qtbot, demo_store, settings)
    box = again.commands.offer_running_meeting()
    assert isinstance(box, QMessageBox)
    assert box.text().startswith("Overleg loopt nog — verder?")
    assert box.defaultButton().text() == "Verder in de live-modus"
    box.defaultButton().click()
    resumed = _live(qtbot, again.pages.meetings)
    assert resumed is not live
    assert resumed.index == 2
    assert resumed.position.text() == "Casus 3 van 13"
    resumed.close()
    live.close()
    assert QApplication.activeModalWidget() is None


def test_no_question_without_a_meeting_in_progress(qtbot: QtBot, demo_store: Store,
                                                   settings: QSettings) -> None:
    window = open_window(qtbot, demo_store, settings)
    assert window.commands.offer_running_meeting() is None


def test_a_new_meeting_is_chaired_by_the_signed_in_chair(qtbot: QtBot, demo_store: Store,
                                                         settings: QSettings) -> None:
    """Stumble 10: the chair's name came from the previous meeting, not the profile."""
    start_with_agenda(demo_store)  # chaired by Marleen de Boer
    window = open_window(qtbot, demo_store, settings)
    chair = users.create_user(demo_store, "Anna Visser", UserRole.CHAIR)
    demo_store.actor_id = chair.id
    page = window.pages.meetings
    dialog = page.plan_meeting()
    assert dialog.chair.text() == "Anna Visser"
    dialog.reject()
    coordinator = users.create_user(demo_store, "Kees Blom", UserRole.COORDINATOR)
    demo_store.actor_id = coordinator.id  # a coordinator plans for the usual chair
    dialog = page.plan_meeting()
    assert dialog.chair.text() == "Marleen de Boer"
    dialog.reject()
