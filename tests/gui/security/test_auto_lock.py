"""Auto-lock: idle time hides every window behind a curtain; unlocking returns to exactly where
the user was (open forms keep what was typed)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from expertteam.gui.main_window import MainWindow
from expertteam.gui.security.auto_lock import Curtain
from expertteam.gui.security.menu import SecurityControls
from expertteam.gui.security.unlock_dialog import UnlockDialog
from expertteam.gui.shell import build_main_window
from expertteam.services import audit, security
from expertteam.services.store import Store
from tests.security.conftest import PASSPHRASE


@pytest.fixture
def secured(qtbot: QtBot, encrypted_store: Store, settings: QSettings
            ) -> Iterator[tuple[MainWindow, SecurityControls]]:
    window = build_main_window(encrypted_store, settings)
    qtbot.add_widget(window)
    controls = window.menu_actions.security
    window.resize(1200, 700)
    window.show()
    qtbot.wait_exposed(window)
    yield window, controls
    if controls.auto_lock.is_locked:
        controls.auto_lock.unlock()


def test_idle_locks_and_unlock_keeps_the_open_form(qtbot: QtBot, secured: tuple[
        MainWindow, SecurityControls]) -> None:
    window, controls = secured
    assert any(a.text() == "Be&veiliging" for a in window.menuBar().actions())
    editor = window.commands.new_case()
    editor.ask_unsaved = lambda: QMessageBox.StandardButton.Discard  # at teardown
    editor.ui.givenNamesEdit.setText("Noël")  # typed, not saved
    title = editor.windowTitle()
    controls.auto_lock.watcher.set_interval(100)
    qtbot.wait_until(lambda: controls.auto_lock.is_locked, timeout=3000)
    # Locked once is enough: a slow first query after the unlock (the key is derived again)
    # must not let a 100 ms idle time lock again before the test looks.
    controls.auto_lock.watcher.set_interval(60_000)
    dialog = controls.auto_lock.dialog
    assert isinstance(dialog, UnlockDialog)
    direct = Qt.FindChildOption.FindDirectChildrenOnly
    curtains = window.findChildren(Curtain, options=direct) + editor.findChildren(
        Curtain, options=direct)
    assert len(curtains) == 2
    assert all(c.isVisible() and c.geometry() == c.parentWidget().rect() for c in curtains)
    assert editor.windowTitle() == "Expertteam – vergrendeld"
    assert "Westfriesland" not in window.windowTitle()
    window.resize(900, 600)  # the curtain follows the window
    assert curtains[0].geometry() == window.rect()
    # Escape does not get past the lock; a wrong passphrase is refused and logged.
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.passphrase, "fout")
    dialog.ok_button.click()
    assert "klopt niet" in dialog.passphrase_error.text()
    assert controls.auto_lock.is_locked
    last = audit.list_entries(window.store, limit=1)[0]
    assert (last.object_type, last.result.value) == ("session", "refused")
    # Unlocking reconnects (a SQLCipher key derivation, often > 100 ms on a busy machine): with
    # the 100 ms interval the lock would come back before the old curtains are deleted.
    controls.auto_lock.watcher.set_interval(60_000)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.ok_button.click()
    assert not controls.auto_lock.is_locked
    qtbot.wait_until(lambda: not window.findChildren(Curtain))
    assert editor.isVisible()
    assert editor.ui.givenNamesEdit.text() == "Noël"
    assert editor.windowTitle() == title
    assert controls.auto_lock.watcher.timer.isActive()  # watching again


def test_input_postpones_the_lock(qtbot: QtBot, secured: tuple[MainWindow,
                                                               SecurityControls]) -> None:
    window, controls = secured
    timer = controls.auto_lock.watcher.timer
    # Measured on the timer itself, not on wall-clock waits, so a busy machine cannot fail it.
    controls.auto_lock.watcher.set_interval(60_000)
    for _ in range(3):
        qtbot.wait(1500)
        counted_down = timer.remainingTime()
        assert counted_down < 60_000 - 1000
        qtbot.keyClick(window.pages.register, Qt.Key.Key_Down)
        assert timer.remainingTime() > counted_down  # input started the idle time anew
    assert not controls.auto_lock.is_locked
    controls.auto_lock.watcher.set_interval(300)
    qtbot.wait_until(lambda: controls.auto_lock.is_locked, timeout=5000)


def test_lock_now_and_the_idle_time_setting(qtbot: QtBot, secured: tuple[
        MainWindow, SecurityControls]) -> None:
    window, controls = secured
    security.set_auto_lock_minutes(window.store, 12)
    controls.auto_lock.apply_setting()
    assert controls.auto_lock.watcher.timer.interval() == 12 * 60_000
    controls.lock_action.trigger()
    assert controls.auto_lock.is_locked
    dialog = controls.auto_lock.dialog
    assert isinstance(dialog, UnlockDialog)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.ok_button.click()
    assert not controls.auto_lock.is_locked
