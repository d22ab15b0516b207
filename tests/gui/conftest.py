"""GUI fixtures: settings in a temp INI file, and a main window over a real database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from expertteam.gui.app_style import install_app_style
from expertteam.gui.main_window import MainWindow
from expertteam.gui.pages import PageKey
from expertteam.gui.shell import build_main_window
from expertteam.services.store import Store


@pytest.fixture(scope="session", autouse=True)
def _app_style(qapp: QApplication) -> None:
    """The GUI tests run with the application's own style rules (the focus frame)."""
    install_app_style(qapp)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """Window state goes to a temp file, never to the user's real settings."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def open_window(qtbot: QtBot, store: Store, settings: QSettings) -> MainWindow:
    main = build_main_window(store, settings)
    qtbot.add_widget(main)
    main.resize(1366, 740)
    main.show_page(PageKey.REGISTER)
    main.show()
    main.activateWindow()
    qtbot.wait_until(main.isActiveWindow)  # shortcuts need the active window
    return main


@pytest.fixture
def window(qtbot: QtBot, demo_store: Store, settings: QSettings) -> Iterator[MainWindow]:
    """The main window over the demo region, shown on the register page."""
    main = open_window(qtbot, demo_store, settings)
    yield main
    for editor in main.commands.editors.values():  # never block teardown on "save changes?"
        editor.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
