"""The unlock dialog: first start, wrong then right passphrase, profile choice, ways out."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from expertteam.domain.enums import UserRole
from expertteam.gui import app as gui_app
from expertteam.gui.security.unlock_dialog import UnlockDialog
from expertteam.gui.security.unlock_form import Page
from expertteam.services import audit, security, users
from expertteam.services.store import Store
from expertteam.storage.integrity import FileKind, classify
from tests.security.conftest import PASSPHRASE


def _soon(call: Callable[[], None]) -> QTimer:
    """Run ``call`` once the modal dialog's event loop runs. A QTimer object, not
    ``QTimer.singleShot(0, callable)``, which crashed the interpreter at exit here."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(call)
    timer.start(0)
    return timer


def _dialog(qtbot: QtBot, path: Path) -> UnlockDialog:
    dialog = UnlockDialog(path)
    qtbot.add_widget(dialog)
    dialog.show()
    return dialog


def test_wrong_passphrase_then_right_one(qtbot: QtBot, encrypted_path: Path) -> None:
    dialog = _dialog(qtbot, encrypted_path)
    assert dialog.current_page() is Page.PASSPHRASE
    qtbot.keyClicks(dialog.passphrase, "niet goed")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.current_page() is Page.PASSPHRASE
    assert "wachtwoord klopt niet" in dialog.passphrase_error.text()
    assert dialog.failed_attempts == 1
    assert dialog.store is None
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.current_page() is Page.USER
    assert dialog.user_combo.itemText(0) == "Anna de Boer (voorzitter)"
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.store is not None
    assert dialog.store.actor_id == users.list_users(dialog.store)[0].id
    last = audit.list_entries(dialog.store, limit=1)[0]
    assert (last.object_type, last.detail) == ("session", "unlock")
    dialog.store.close()


def test_new_profile_at_unlock_refuses_a_shared_account(qtbot: QtBot,
                                                        encrypted_path: Path) -> None:
    dialog = _dialog(qtbot, encrypted_path)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.ok_button.click()
    dialog.user_combo.setCurrentIndex(dialog.user_combo.count() - 1)  # "Nieuw profiel…"
    assert dialog.new_user_name.isEnabled()
    qtbot.keyClicks(dialog.new_user_name, "admin")
    dialog.ok_button.click()
    assert "gedeeld account" in dialog.user_error.text()
    dialog.new_user_name.setText("Chloë Bakker")
    dialog.new_user_role.setCurrentIndex(dialog.new_user_role.findData(UserRole.MEMBER.value))
    dialog.ok_button.click()
    assert dialog.store is not None
    assert users.current_user(dialog.store).name == "Chloë Bakker"
    dialog.store.close()


def test_first_start_sets_a_passphrase_and_the_first_profile(qtbot: QtBot,
                                                             tmp_path: Path) -> None:
    path = tmp_path / "nieuw.db"
    dialog = _dialog(qtbot, path)
    assert dialog.current_page() is Page.CREATE
    qtbot.keyClicks(dialog.create_passphrase.first, "welkom01")
    assert "veelgebruikt woord" in dialog.create_passphrase.verdict.text()
    dialog.ok_button.click()
    assert dialog.create_error.text()
    assert not path.exists()
    dialog.create_passphrase.first.setText("Fietsen langs de Hoornse haven")
    dialog.create_passphrase.repeat.setText("Fietsen langs de Hoornse")
    dialog.ok_button.click()
    assert "niet gelijk" in dialog.create_error.text()
    dialog.create_passphrase.repeat.setText("Fietsen langs de Hoornse haven")
    assert dialog.create_passphrase.bar.value() >= 2
    dialog.create_name.setText("Noël Jansen")
    dialog.ok_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.store is not None
    assert classify(path) is FileKind.ENCRYPTED
    assert users.current_user(dialog.store).name == "Noël Jansen"
    dialog.store.close()


def test_plain_database_is_encrypted_on_request(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "oud.db"
    Store.create(path).close()
    dialog = _dialog(qtbot, path)
    assert dialog.current_page() is Page.PLAIN
    dialog.plain_passphrase.first.setText(PASSPHRASE)
    dialog.plain_passphrase.repeat.setText(PASSPHRASE)
    dialog.ok_button.click()
    assert dialog.current_page() is Page.USER  # no profiles yet: "Nieuw profiel…" only
    dialog.new_user_name.setText("Bram de Wit")
    dialog.ok_button.click()
    assert dialog.store is not None
    assert classify(path) is FileKind.ENCRYPTED
    dialog.store.close()


def test_damaged_file_offers_a_backup_and_keeps_the_file(qtbot: QtBot, encrypted_path: Path,
                                                         tmp_path: Path) -> None:
    spare = tmp_path / "reserve.db"
    shutil.copy2(encrypted_path, spare)
    damaged = encrypted_path.read_bytes()[:30000]
    encrypted_path.write_bytes(damaged)
    dialog = _dialog(qtbot, encrypted_path)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.ok_button.click()
    assert dialog.current_page() is Page.PROBLEM
    assert "beschadigd" in dialog.problem_text.text()
    assert dialog.restore_button.isVisible()
    assert not dialog.ok_button.isVisible()
    dialog.ask_open_file = lambda _title: spare  # type: ignore[method-assign,assignment]
    dialog.ask_backup_passphrase = lambda: PASSPHRASE  # type: ignore[method-assign]
    dialog.restore_button.click()
    assert dialog.current_page() is Page.PASSPHRASE
    kept = list(tmp_path.glob("*-voor-herstel-*.db"))
    assert len(kept) == 1
    assert kept[0].read_bytes() == damaged
    dialog.passphrase.setText(PASSPHRASE)
    dialog.ok_button.click()
    assert dialog.current_page() is Page.USER
    dialog.reject()  # giving up closes the store again
    assert dialog.store is None


def test_foreign_file_through_open_store_for_gui(qtbot: QtBot, tmp_path: Path) -> None:
    """The app's entry point runs the dialog; a foreign file shows the problem page."""
    bad = tmp_path / "kapot.db"
    bad.write_bytes(b"dit is geen database" * 200)
    seen: list[str] = []

    def look_and_leave() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, UnlockDialog)
        seen.append(dialog.problem_text.text())
        dialog.reject()

    timer = _soon(look_and_leave)
    assert gui_app.open_store_for_gui(bad, None) is None
    timer.stop()
    assert seen
    assert "geen database van Expertteam" in seen[0]
    assert bad.read_bytes() == b"dit is geen database" * 200


def test_open_store_for_gui_first_start(qtbot: QtBot, tmp_path: Path) -> None:
    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, UnlockDialog)
        dialog.create_passphrase.first.setText(PASSPHRASE)
        dialog.create_passphrase.repeat.setText(PASSPHRASE)
        dialog.create_name.setText("Anna de Boer")
        dialog.ok_button.click()

    timer = _soon(fill_in)
    store = gui_app.open_store_for_gui(tmp_path / "nieuw.db", None)
    timer.stop()
    assert store is not None
    assert security.is_encrypted(store)
    store.close()


def test_enter_on_the_profile_page_opens_the_app(qtbot: QtBot, encrypted_path: Path) -> None:
    """Issue 17, stumble 8: in an active window, Enter on the profile page did nothing until
    Tab (the "Doorgaan" button was not the dialog's default)."""
    dialog = _dialog(qtbot, encrypted_path)
    dialog.activateWindow()
    qtbot.wait_until(dialog.isActiveWindow)
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.current_page() is Page.USER
    assert QApplication.focusWidget() is dialog.user_combo
    qtbot.keyClick(dialog.user_combo, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.store is not None
    dialog.store.close()
