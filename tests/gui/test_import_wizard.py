"""The import wizard: file and kind, column mapping, dry-run report with a near match to
confirm, the import; opened from Bestand › Importeren…."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot

from expertteam.gui.import_wizard import ImportWizard
from expertteam.gui.shell import build_main_window
from expertteam.services import case_register, monitor_publication
from expertteam.services.store import Store
from tests.gui.mnemonics import duplicate_mnemonics
from tests.services.test_import import _messy_workbook, _orgs

SHOTS = Path("/tmp")


def _shot(wizard: ImportWizard, step: int) -> None:
    QApplication.processEvents()
    wizard.grab().save(str(SHOTS / f"import-{step}.png"))


def test_wizard_walks_from_file_to_import(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    _orgs(store)
    path = _messy_workbook(tmp_path / "casussen.xlsx")
    wizard = ImportWizard(store)
    qtbot.add_widget(wizard)
    wizard.show()
    page = wizard.file_page
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    page.path.setText(str(tmp_path / "bestaat-niet.xlsx"))
    wizard.next()
    assert wizard.currentPage() is page
    assert "niet worden geopend" in page.error.text()
    page.path.setText(str(path))
    _shot(wizard, 1)
    wizard.next()
    mapping = wizard.mapping_page
    assert wizard.currentPage() is mapping
    assert [c.accessibleName() for c in mapping.combos][:3] == ["Naam kind", "GEB.DATUM", "BSN"]
    assert mapping.combos[-1].currentData() is None  # "Opmerking" is not one of our fields
    assert mapping.mapping()[1] == "birth_date"
    _shot(wizard, 2)
    wizard.next()
    report = wizard.report_page
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: not wizard.running())  # the dry run runs in the background
    assert commit.isEnabled()
    assert "Nieuw: 2" in report.summary.text()
    assert report.errors.rowCount() == 4
    assert report.errors.item(0, 0).text() == "7"
    assert [c.text() for c in report.checks] == ["‘Horn’ is ‘Hoorn’"]
    report.checks[0].setChecked(True)
    qtbot.waitUntil(lambda: not wizard.running())
    assert "Nieuw: 3" in report.summary.text()
    assert report.errors.rowCount() == 3
    _shot(wizard, 3)
    assert case_register.count_cases(store) == 0
    assert duplicate_mnemonics(wizard) == {}
    wizard.next()
    assert wizard.currentPage() is wizard.result_page
    qtbot.waitUntil(wizard.result_page.isComplete)  # behind a progress dialog
    assert "Toegevoegd: 3" in wizard.result_page.summary.text()
    _shot(wizard, 4)
    assert case_register.count_cases(store) == 3


def test_the_menu_opens_the_wizard(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "instellingen.ini"), QSettings.Format.IniFormat)
    window = build_main_window(store, settings)
    qtbot.add_widget(window)
    window.show()
    assert window.menu_actions.import_.text() == "&Importeren…"
    window.menu_actions.import_.trigger()
    wizard = window.findChild(ImportWizard)
    assert isinstance(wizard, ImportWizard)
    assert wizard.isVisible()
    wizard.reject()


def _at_dry_run(qtbot: QtBot, store: Store, tmp_path: Path) -> ImportWizard:
    """The wizard on the messy workbook, on to the dry-run page (its run just started)."""
    wizard = ImportWizard(store)
    qtbot.add_widget(wizard)
    wizard.show()
    wizard.file_page.path.setText(str(_messy_workbook(tmp_path / "casussen.xlsx")))
    wizard.next()
    wizard.next()
    return wizard


def test_closing_during_the_dry_run_stops_it_and_nothing_is_imported(
        qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    _orgs(store)
    wizard = _at_dry_run(qtbot, store, tmp_path)
    wizard.reject()  # at once, whether the dry run is still busy or not
    assert case_register.count_cases(store) == 0


def test_a_published_meetmoment_is_changed_only_after_the_box_is_ticked(
        qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    _orgs(store)
    monitor_publication.publish_monitor(store, date(2025, 6, 30))
    wizard = _at_dry_run(qtbot, store, tmp_path)
    qtbot.waitUntil(lambda: not wizard.running())
    page = wizard.report_page
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    assert page.published.isVisible()
    assert "30-06-2025" in page.summary.text()
    assert not commit.isEnabled()
    page.published.setChecked(True)
    assert commit.isEnabled()
    wizard.next()
    qtbot.waitUntil(wizard.result_page.isComplete)
    assert "Toegevoegd: 2" in wizard.result_page.summary.text()
    assert case_register.count_cases(store) == 2
