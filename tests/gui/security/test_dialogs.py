"""The audit-log viewer, restore, retention, passphrase and users dialogs, on real databases."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from expertteam.domain.enums import AuditAction, CaseStatus, ClosingResult
from expertteam.gui.security.audit_viewer import AuditLogDialog
from expertteam.gui.security.backup_dialogs import BackupRunner, RestoreDialog
from expertteam.gui.security.passphrase_dialog import PassphraseDialog
from expertteam.gui.security.retention_dialog import RetentionDialog
from expertteam.gui.security.users_dialog import UsersDialog
from expertteam.services import audit, backup, case_register, cases, retention, security, users
from expertteam.services.store import Store
from expertteam.storage.models.cases import Case
from tests.security.conftest import PASSPHRASE


def test_audit_viewer_filters_verifies_and_exports(qtbot: QtBot, encrypted_store: Store,
                                                   tmp_path: Path, qtmodeltester: object
                                                   ) -> None:
    row = case_register.list_register(encrypted_store)[0]
    cases.get_case(encrypted_store, row.id)
    dialog = AuditLogDialog(encrypted_store)
    qtbot.add_widget(dialog)
    dialog.show()
    qtmodeltester.check(dialog.model)  # type: ignore[attr-defined]
    total = dialog.model.rowCount()
    assert total > 0
    dialog.action.setCurrentIndex(dialog.action.findData(AuditAction.VIEW.value))
    assert 0 < dialog.model.rowCount() < total
    assert {r.action for r in dialog.model.rows} == {AuditAction.VIEW}
    dialog.object_type.setCurrentIndex(dialog.object_type.findData("case"))
    dialog.object_id.setText(str(row.id))
    dialog.refresh()
    assert [r.object_id for r in dialog.model.rows] == [str(row.id)]
    assert dialog.model.data(dialog.model.index(0, 1)) == "Anna de Boer (voorzitter)"
    dialog.date_from.setDate(date(2100, 1, 1))
    assert dialog.model.rowCount() == 0
    dialog.date_from.setDate(None)
    dialog.date_to.setDate(date(1999, 1, 1))
    dialog.date_from.setDate(date(2000, 1, 1))
    assert dialog.model.rowCount() == 0
    assert dialog.verify() == []
    assert "ongeschonden" in dialog.status.text()
    target = tmp_path / "log.csv"
    dialog.ask_export_path = lambda: target  # type: ignore[method-assign]
    dialog.date_to.setDate(None)
    dialog.date_from.setDate(None)
    dialog.current_filter()
    from unittest import mock

    with mock.patch("expertteam.gui.security.audit_viewer.QMessageBox.information"):
        dialog.export_button.click()
    with target.open(encoding="utf-8") as handle:
        lines = list(csv.reader(handle, delimiter=";"))
    assert lines[1][4] == "case"
    dialog.grab().save(str(tmp_path / "audit.png"))
    assert dialog.model.index(0, 0, QModelIndex()).isValid()
    assert dialog.model.headerData(0, Qt.Orientation.Horizontal) == "Moment"


def test_restore_dialog_previews_and_restores(qtbot: QtBot, encrypted_store: Store,
                                              tmp_path: Path) -> None:
    made = backup.automatic_backup(encrypted_store)
    count = case_register.count_cases(encrypted_store)
    open_case = next(r.id for r in case_register.list_register(encrypted_store)
                     if r.status is not CaseStatus.CLOSED)
    cases.close_case(encrypted_store, open_case, ClosingResult.OTHER)
    dialog = RestoreDialog(encrypted_store)
    qtbot.add_widget(dialog)
    dialog.show()
    assert dialog.list.count() == 1
    dialog.list.setCurrentRow(0)
    assert f"{count} casussen" in dialog.preview_label.text()
    assert dialog.restore_button.isEnabled()
    dialog.confirm = lambda: True  # type: ignore[method-assign]
    dialog.restore_button.click()
    assert dialog.restored is not None
    assert dialog.restored.previous_copy is not None
    assert audit.list_entries(encrypted_store, limit=1)[0].detail == "restore"
    assert cases.get_case(encrypted_store, open_case).status is not CaseStatus.CLOSED
    assert made.exists()


def test_backup_runner_works_in_a_thread(qtbot: QtBot, encrypted_store: Store,
                                         tmp_path: Path) -> None:
    runner = BackupRunner(encrypted_store, tmp_path / "stick.db", None)
    with qtbot.wait_signal(runner.finished, timeout=20000) as finished:
        runner.start()
    assert finished.args is not None
    preview = finished.args[0]
    assert preview is not None
    assert preview.cases == case_register.count_cases(encrypted_store)
    assert runner.progress.maximum() > 1


def test_retention_dialog_purges_checked_cases(qtbot: QtBot, encrypted_store: Store) -> None:
    row = next(r for r in case_register.list_register(encrypted_store)
               if r.status is not CaseStatus.CLOSED)
    with encrypted_store.transaction() as session:
        case = session.get(Case, row.id)
        assert case is not None
        case.referred_on = date(2018, 1, 1)
    cases.close_case(encrypted_store, row.id, ClosingResult.PLACED, closed_on=date(2019, 5, 1),
                     confirmed=True)  # before the demo's published meetmoment
    dialog = RetentionDialog(encrypted_store)
    qtbot.add_widget(dialog)
    dialog.show()
    assert dialog.table.rowCount() == 1
    dialog.purge_button.click()
    assert "Vink eerst" in dialog.error.text()
    item = dialog.table.item(0, 0)
    assert item is not None
    item.setCheckState(Qt.CheckState.Checked)
    dialog.confirm = lambda _n: True  # type: ignore[method-assign,assignment]
    dialog.purge_button.click()
    assert dialog.table.rowCount() == 0
    assert retention.list_due_for_purge(encrypted_store) == []
    dialog.years.setValue(7)
    dialog.save_years.click()
    assert retention.retention_years(encrypted_store) == 7


def test_passphrase_dialog_rekeys(qtbot: QtBot, encrypted_store: Store) -> None:
    dialog = PassphraseDialog(encrypted_store)
    qtbot.add_widget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.old, "fout")
    dialog.new.first.setText("Een nieuwe lange wachtzin")
    dialog.new.repeat.setText("Een nieuwe lange wachtzin")
    dialog.apply()
    assert "huidige wachtwoord klopt niet" in dialog.error.text()
    dialog.old.setText(PASSPHRASE)
    dialog.apply()
    assert dialog.result() == PassphraseDialog.DialogCode.Accepted
    assert security.verify_passphrase(encrypted_store, "Een nieuwe lange wachtzin")


def test_users_dialog_adds_and_deactivates(qtbot: QtBot, encrypted_store: Store) -> None:
    dialog = UsersDialog(encrypted_store)
    qtbot.add_widget(dialog)
    dialog.show()
    dialog.name.setText("Chloë Bakker")
    dialog.add_button.click()
    assert dialog.current() is not None
    assert dialog.current().name == "Chloë Bakker"
    dialog.toggle_button.click()
    assert [u.name for u in users.list_users(encrypted_store)] == ["Anna de Boer"]
    dialog.name.setText("beheerder")
    dialog.add_button.click()
    assert "gedeeld account" in dialog.error.text()
