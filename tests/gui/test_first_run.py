"""The first run on an empty data folder: passphrase and first profile (unlock dialog), then the
welcome flow (demo region, or the own region with letterhead basics), landing on the dashboard
with a hint of the next step."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QToolBar, QWizard
from pytestqt.qtbot import QtBot

from expertteam.gui.first_run import WelcomeWizard, needs_welcome
from expertteam.gui.main_window import MainWindow
from expertteam.gui.security.unlock_dialog import UnlockDialog
from expertteam.gui.shell import build_main_window
from expertteam.services import case_register, letterhead, regions, users
from expertteam.services.store import Store

PASSPHRASE = "Fietsen langs de Hoornse haven"


def _soon(call: Callable[[], None]) -> QTimer:
    """Run ``call`` once the modal dialog's event loop runs."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(call)
    timer.start(0)
    return timer


@pytest.fixture
def first_start(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    """An empty data folder, unlocked the way a new user does it."""
    path = tmp_path / "gegevens" / "expertteam.db"
    path.parent.mkdir()
    dialog = UnlockDialog(path)
    qtbot.add_widget(dialog)
    dialog.show()
    dialog.create_passphrase.first.setText(PASSPHRASE)
    dialog.create_passphrase.repeat.setText(PASSPHRASE)
    dialog.create_name.setText("Anna de Boer")
    dialog.ok_button.click()
    store = dialog.store
    assert isinstance(store, Store)
    assert users.current_user(store) is not None
    settings = QSettings(str(tmp_path / "instellingen.ini"), QSettings.Format.IniFormat)
    window = build_main_window(store, settings)
    qtbot.add_widget(window)
    window.show()
    yield window
    store.close()


def _active_wizard() -> WelcomeWizard:
    wizard = QApplication.activeModalWidget()
    assert isinstance(wizard, WelcomeWizard)
    return wizard


def test_first_run_with_own_region_and_letterhead(qtbot: QtBot, first_start: MainWindow) -> None:
    store = first_start.store
    assert needs_welcome(store)
    seen: dict[str, str] = {}

    def walk() -> None:
        wizard = _active_wizard()
        wizard.start.empty_choice.setChecked(True)
        wizard.next()
        assert wizard.currentId() == WelcomeWizard.REGION_PAGE
        page = wizard.region
        page.region.setCurrentIndex(page.region.findData("JZ28"))
        page.team_name.setText("x" * 250)
        wizard.next()  # refused: the name is too long
        seen["error"] = page.error.text()
        assert wizard.currentId() == WelcomeWizard.REGION_PAGE
        page.team_name.clear()
        qtbot.keyClicks(page.team_name, "Expertteam Centraal Gelderland")
        wizard.next()
        assert wizard.currentId() == WelcomeWizard.LETTERHEAD_PAGE
        wizard.letterhead.address.setPlainText("Postbus 9\n6800 AA Arnhem")
        wizard.letterhead.signatory_name.setText("Noël Jansen")
        qtbot.keyClicks(wizard.letterhead.signatory_role, "voorzitter")
        wizard.button(QWizard.WizardButton.FinishButton).click()

    timer = _soon(walk)
    assert first_start.commands.welcome()
    timer.stop()
    assert "te lang" in seen["error"]
    region = regions.get_region(store)
    assert region is not None
    assert (region.code, region.team_name) == (
        "JZ28", "Expertteam Centraal Gelderland")
    stored = letterhead.get_letterhead(store)
    assert stored.signatory_name == "Noël Jansen"
    assert stored.address_lines == ("Postbus 9", "6800 AA Arnhem")
    assert case_register.count_cases(store) == 0
    assert first_start.current_page_key() == "dashboard"
    hint = first_start.findChild(QToolBar, "next_step_hint")
    assert hint is not None
    assert hint.isVisible()
    assert "Expertteam Centraal Gelderland" in first_start.windowTitle()
    assert not needs_welcome(store)


def test_first_run_with_the_demo_region(qtbot: QtBot, first_start: MainWindow) -> None:
    def walk() -> None:
        wizard = _active_wizard()
        assert wizard.start.demo_choice.isChecked()  # the default for a first look
        wizard.button(QWizard.WizardButton.FinishButton).click()

    timer = _soon(walk)
    assert first_start.commands.welcome()
    timer.stop()
    assert case_register.count_cases(first_start.store) == 15
    assert first_start.current_page_key() == "dashboard"
    hint = first_start.findChild(QToolBar, "next_step_hint")
    assert hint is not None


def test_skipping_the_welcome_starts_empty(qtbot: QtBot, first_start: MainWindow) -> None:
    timer = _soon(lambda: _active_wizard().reject())
    assert not first_start.commands.welcome()
    timer.stop()
    assert case_register.count_cases(first_start.store) == 0
    assert first_start.findChild(QToolBar, "next_step_hint") is None
