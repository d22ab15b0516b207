"""Help: the six-step explanation and the shortcut overview read from the window's actions."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from expertteam.gui.help import HowItWorksDialog, ShortcutsDialog, shortcut_rows
from expertteam.gui.main_window import MainWindow
from expertteam.gui.shell import build_main_window
from expertteam.services.store import Store


def _window(qtbot: QtBot, store: Store, tmp_path: object) -> MainWindow:
    settings = QSettings(f"{tmp_path}/instellingen.ini", QSettings.Format.IniFormat)
    window = build_main_window(store, settings)
    qtbot.add_widget(window)
    return window


def test_how_it_works_has_six_steps(qtbot: QtBot) -> None:
    dialog = HowItWorksDialog()
    qtbot.add_widget(dialog)
    text = dialog.browser.toPlainText()
    for step in ("Aanmelden", "Overleg voorbereiden", "Overleg voeren", "Afronden en versturen",
                 "Bewaken", "Opschalen"):
        assert step in text
    assert "Jeugdautoriteit" in text


def test_shortcut_overview_lists_the_window_actions(qtbot: QtBot, store: Store,
                                                    tmp_path: object) -> None:
    window = _window(qtbot, store, tmp_path)
    rows = shortcut_rows(window)
    keys = {keys for _menu, _text, keys in rows}
    assert "Ctrl+N" in keys
    assert "F1" in keys
    assert all(text and "&" not in text for _menu, text, _keys in rows)
    dialog = ShortcutsDialog(window)
    qtbot.add_widget(dialog)
    assert dialog.table.rowCount() == len(rows)
    assert window.menu_actions.shortcuts.shortcut().toString() == "F1"
