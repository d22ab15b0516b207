"""Issue 13 in the unlock dialog: another program's SQLite file (no offer to encrypt it), a
database of a newer Expertteam, a database held through a hard link, a plain backup restored
where the database is encrypted. Each message is grabbed to /work/shots/files-*.png."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from expertteam.gui.security.unlock_dialog import UnlockDialog
from expertteam.gui.security.unlock_form import Page
from expertteam.services import backup
from expertteam.services.store import Store
from expertteam.storage import integrity
from tests.security.conftest import PASSPHRASE
from tests.security.hostile import foreign_sqlite, make_newer, tree

SHOTS = Path(os.environ.get("EXPERTTEAM_SHOTS", "/work/shots"))


def _dialog(qtbot: QtBot, path: Path) -> UnlockDialog:
    dialog = UnlockDialog(path)
    qtbot.add_widget(dialog)
    dialog.resize(560, 420)
    dialog.show()
    qtbot.wait_exposed(dialog)
    return dialog


def _shot(dialog: UnlockDialog, name: str) -> None:
    if SHOTS.is_dir():
        dialog.grab().save(str(SHOTS / f"files-{name}.png"))


def test_a_foreign_sqlite_file_is_not_offered_for_encryption(qtbot: QtBot,
                                                             tmp_path: Path) -> None:
    path = foreign_sqlite(tmp_path / "fotos.db")
    before = tree(tmp_path)
    dialog = _dialog(qtbot, path)
    assert dialog.current_page() is Page.PROBLEM  # not the "niet versleuteld" page
    assert "geen database van Expertteam" in dialog.problem_text.text()
    assert not dialog.restore_button.isVisible()  # the file is never put aside either
    assert dialog.choose_button.isVisible()
    assert not dialog.ok_button.isVisible()
    _shot(dialog, "foreign")
    dialog.reject()
    assert tree(tmp_path) == before


@pytest.mark.parametrize("encrypted", [False, True])
def test_a_newer_schema_says_so_in_the_dialog(qtbot: QtBot, request: pytest.FixtureRequest,
                                              encrypted: bool) -> None:
    if encrypted:
        path, key = request.getfixturevalue("encrypted_path"), PASSPHRASE
    else:
        store = request.getfixturevalue("store")
        store.close()
        path, key = store.database.path, None
    make_newer(path, key)
    before = tree(path.parent)
    dialog = _dialog(qtbot, path)
    if encrypted:
        assert dialog.current_page() is Page.PASSPHRASE
        dialog.passphrase.setText(PASSPHRASE)
        dialog.ok_button.click()  # "Ontgrendelen" now says why it cannot open
    assert dialog.current_page() is Page.PROBLEM
    assert "nieuwere versie van Expertteam" in dialog.problem_text.text()
    assert not dialog.restore_button.isVisible()
    _shot(dialog, f"newer-{'encrypted' if encrypted else 'plain'}")
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert tree(path.parent) == before  # nothing written, no backup made


def test_a_database_held_through_a_hard_link(qtbot: QtBot, encrypted_path: Path,
                                            tmp_path: Path) -> None:
    other = tmp_path / "elders"
    other.mkdir()
    link = other / "koppeling.db"
    os.link(encrypted_path, link)
    script = ("import time\nfrom expertteam.services.store import Store\n"
              f"Store.open({str(link)!r}, {PASSPHRASE!r})\nprint('open', flush=True)\n"
              "time.sleep(60)\n")
    holder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                              cwd=Path(__file__).resolve().parents[3])
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "open"
        dialog = _dialog(qtbot, encrypted_path)
        dialog.passphrase.setText(PASSPHRASE)
        dialog.ok_button.click()
        assert dialog.current_page() is Page.PROBLEM
        assert "al geopend in een andere Expertteam" in dialog.problem_text.text()
        assert dialog.retry_button.isVisible()
        _shot(dialog, "hardlink-locked")
        dialog.reject()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()


def test_restoring_a_plain_backup_over_an_encrypted_database_encrypts_it(
        qtbot: QtBot, encrypted_path: Path, tmp_path: Path) -> None:
    plain_folder = tmp_path / "oud"
    plain = Store.create(plain_folder / "oud.db")
    plain_backup = backup.backup_to(plain, tmp_path / "onversleuteld.db").path
    plain.close()
    data = bytearray(encrypted_path.read_bytes())  # damage the current file: the problem page
    data[5000:5400] = b"\xff" * 400
    encrypted_path.write_bytes(bytes(data))
    dialog = _dialog(qtbot, encrypted_path)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.ok_button.click()
    assert dialog.current_page() is Page.PROBLEM
    dialog.ask_open_file = lambda _title: plain_backup  # type: ignore[method-assign,assignment]
    dialog.ask_backup_passphrase = lambda: ""  # type: ignore[method-assign]
    asked: list[bool] = []

    def current() -> str | None:
        asked.append(True)
        _shot(dialog, "restore-plain-into-encrypted")
        return None

    dialog.ask_current_passphrase = current  # type: ignore[method-assign]
    dialog.restore_from_backup()
    assert asked
    assert "Niets teruggezet" in dialog.problem_error.text()
    assert integrity.classify(encrypted_path) is integrity.FileKind.ENCRYPTED
    dialog.ask_current_passphrase = lambda: PASSPHRASE  # type: ignore[method-assign]
    dialog.restore_from_backup()
    assert integrity.classify(encrypted_path) is integrity.FileKind.ENCRYPTED
    assert dialog.current_page() is Page.PASSPHRASE  # encrypted with the current passphrase
    dialog.reject()


def test_the_meter_calls_a_place_name_with_a_year_weak(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, tmp_path / "nieuw.db")
    assert dialog.current_page() is Page.CREATE
    qtbot.keyClicks(dialog.create_passphrase.first, "Enkhuizen2026")
    verdict = dialog.create_passphrase.verdict.text()
    assert "plaatsnaam" in verdict
    assert dialog.create_passphrase.problem() is not None
    _shot(dialog, "meter-place-name")
    dialog.create_passphrase.first.setText("Fietsen langs de Hoornse haven")
    assert dialog.create_passphrase.verdict.text().startswith("Sterkte:")
    dialog.reject()
    assert not (tmp_path / "nieuw.db").exists()
