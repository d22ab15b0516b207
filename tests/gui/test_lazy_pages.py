"""Start-up independent of the data: pages are built when first shown (only the start page at
start-up; a change announced while a page was never built costs nothing and the page, once shown,
shows the data as it is), and the whole-file check runs after the window is up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from expertteam.gui.changes import Change, notice_for
from expertteam.gui.escalations.signals_page import SignalsPage
from expertteam.gui.pages import PAGES, PageKey
from expertteam.gui.register_view import RegisterPage
from expertteam.gui.shell import build_main_window
from expertteam.services import actions, case_register, organisations, signals
from expertteam.services.actions import ActionInput
from expertteam.services.store import Store
from tests.security.test_page_check_later import make_damaged


def _built(window: object) -> set[str]:
    return {spec.key.value for spec in PAGES
            if window.built_page(spec.key) is not None}  # type: ignore[attr-defined]


def test_only_the_start_page_is_built_until_another_is_shown(
        qtbot: QtBot, demo_store: Store, settings: QSettings) -> None:
    window = build_main_window(demo_store, settings)
    qtbot.add_widget(window)
    window.show()
    assert _built(window) == {PageKey.DASHBOARD.value}
    assert window.menu_actions.documents is not None  # the menus need no page

    window.page_actions[PageKey.SIGNALS].trigger()  # the navigation's shortcut
    assert _built(window) == {PageKey.DASHBOARD.value, PageKey.SIGNALS.value}
    page = window.pages.signals
    assert isinstance(page, SignalsPage)
    assert page.isVisible()
    window.navigation.setCurrentRow(1)  # clicking "Casusregister"
    register = window.built_page(PageKey.REGISTER)
    assert isinstance(register, RegisterPage)
    assert register.isVisible()
    assert register.proxy.rowCount() == case_register.count_cases(demo_store)


def test_the_saved_start_page_is_the_only_one_built(
        qtbot: QtBot, demo_store: Store, settings: QSettings) -> None:
    settings.setValue("main_window/page", PageKey.MEETINGS.value)
    window = build_main_window(demo_store, settings)
    qtbot.add_widget(window)
    assert _built(window) == {PageKey.MEETINGS.value}
    assert window.current_page_key() == PageKey.MEETINGS.value


def test_a_change_reaching_a_page_never_built_is_harmless(
        qtbot: QtBot, demo_store: Store, settings: QSettings) -> None:
    window = build_main_window(demo_store, settings)
    qtbot.add_widget(window)
    window.show()
    case_id = next(row.id for row in case_register.list_register(demo_store)
                   if row.status.value != "closed")
    owner = organisations.list_organisations(demo_store)[0].id
    actions.create_action(demo_store, ActionInput(case_id, "Bellen met de aanbieder", owner))
    notice_for(demo_store).announce(Change.EVERYTHING)
    assert _built(window) == {PageKey.DASHBOARD.value}  # nothing was built to refresh it

    page = window.show_page(PageKey.ACTIONS)
    descriptions = [page.model.index(row, column).data()  # type: ignore[attr-defined]
                    for row in range(page.model.rowCount())  # type: ignore[attr-defined]
                    for column in range(page.model.columnCount())]  # type: ignore[attr-defined]
    assert "Bellen met de aanbieder" in descriptions


def test_the_navigation_counts_open_signals_before_the_page_is_built(
        qtbot: QtBot, demo_store: Store, settings: QSettings) -> None:
    window = build_main_window(demo_store, settings)
    qtbot.add_widget(window)
    window.show()
    open_count = sum(1 for row in signals.current_signals(demo_store) if not row.dismissed)
    assert open_count

    def titles() -> list[str]:
        return [window.navigation.item(n).text() for n in range(window.navigation.count())]

    qtbot.wait_until(lambda: f"Signalen ({open_count})" in titles())
    assert window.built_page(PageKey.SIGNALS) is None
    window.close()  # waits for a count still running before the store is closed


def test_the_window_reports_a_damaged_page_found_after_start(
        qtbot: QtBot, tmp_path: Path, settings: QSettings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "beschadigd.db"
    make_damaged(path)
    shown: list[str] = []

    def critical(_parent: object, _title: str, text: str, *_args: object) -> object:
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "critical", critical)
    store = Store.open(path, check_pages=False)  # as the app opens it
    try:
        window = build_main_window(store, settings)
        qtbot.add_widget(window)
        window.show()
        qtbot.wait_until(lambda: bool(shown))
        assert "beschadig" in shown[0]  # found by the check, or by a page reading first
        window.close()
    finally:
        store.close()


LATER_MODULES = ("expertteam.gui.meetings.meetings_page", "expertteam.gui.meetings.live",
                 "expertteam.gui.meetings.overview", "expertteam.gui.monitor.monitor_page",
                 "expertteam.gui.escalations.signals_page",
                 "expertteam.gui.escalations.register_page", "expertteam.gui.documents.sending")
IMPORTS_AT_START = """
import sys, tempfile
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from expertteam.gui.shell import build_main_window
from expertteam.services.store import Store
with tempfile.TemporaryDirectory() as folder:
    store = Store.create(Path(folder) / "expertteam.db")
    window = build_main_window(store, QSettings(str(Path(folder) / "instellingen.ini"),
                                                QSettings.Format.IniFormat))
    window.show()
    app.processEvents()
    print(" ".join(sorted(m for m in sys.modules if m.startswith("expertteam."))))
    window.close()
    store.close()
"""


def test_start_up_imports_no_module_of_a_page_not_shown(tmp_path: Path) -> None:
    """A fresh process: only the start page's module is imported (the others cost start-up
    time); showing a page imports its own."""
    result = subprocess.run([sys.executable, "-c", IMPORTS_AT_START], capture_output=True,
                            text=True, timeout=120, check=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
                                 "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)})
    imported = set(result.stdout.split())
    assert "expertteam.gui.monitor.dashboard_page" in imported  # the start page
    assert imported.isdisjoint(LATER_MODULES), sorted(imported & set(LATER_MODULES))
