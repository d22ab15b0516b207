"""Issue 13 points 4 and 5: backups keep their promise, and every output is atomic, Dutch when it
fails, and logged as a failed export (never as an export) when nothing was written."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from expertteam.cli import main
from expertteam.domain.enums import AuditAction, AuditResult
from expertteam.domain.errors import StorageError, ValidationError
from expertteam.domain.storage_errors import NotEncryptedError, WrongPassphraseError
from expertteam.services import audit, audit_verify, backup, case_register, restore, security
from expertteam.services.store import Store
from expertteam.storage import integrity
from tests.security.conftest import PASSPHRASE
from tests.security.hostile import fill, foreign_sqlite, sha256, tiny_disk, tree

NEW_PASSPHRASE = "Een heel andere lange wachtzin"
ENGLISH = ("Is a directory", "No such file", "Permission denied", "No space left",
           "Read-only", "Errno", "Traceback")


@pytest.fixture(autouse=True)
def _passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXPERTTEAM_PASSPHRASE", PASSPHRASE)


def _exports(store: Store) -> list[tuple[str, AuditResult]]:
    return [(e.object_type, e.result) for e in audit.list_entries(store, limit=50)
            if e.action is AuditAction.EXPORT]


@pytest.fixture
def encrypted_elsewhere(tmp_path: Path, _encrypted_template: Path) -> Path:
    """The encrypted demo database in its own folder (``demo_store`` uses the test's)."""
    import shutil

    target = tmp_path / "versleuteld" / "expertteam.db"
    target.parent.mkdir()
    shutil.copy2(_encrypted_template, target)
    return target


@pytest.fixture
def readonly_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "alleen-lezen"
    folder.mkdir()
    done = subprocess.run(["chattr", "+i", str(folder)], check=False, capture_output=True)
    if done.returncode != 0:
        pytest.skip("this file system does not support the immutable attribute")
    yield folder
    subprocess.run(["chattr", "-i", str(folder)], check=False, capture_output=True)


OUTPUTS = {
    "render": ["render", "case", "--case-number", "ET-2026-0001", "-o"],
    "letter": ["escalation", "letter", "ESC-2026-001", "-o"],
    "monitor_pdf": ["monitor", "--pdf"],
    "monitor_xlsx": ["monitor", "--xlsx"],
}


@pytest.mark.parametrize("output", sorted(OUTPUTS))
@pytest.mark.parametrize("place", ["a_folder", "missing_folder", "a_file_as_folder",
                                   "read_only_folder", "full_disk"])
def test_an_output_that_cannot_be_written(
        encrypted_path: Path, tmp_path: Path, output: str, place: str,
        request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]) -> None:
    if output == "letter":
        from expertteam.services import letters
        from tests.escalation_helpers import letter_world

        store = Store.open(encrypted_path, PASSPHRASE)
        letters.open_letter(store, letter_world(store)[0])
        store.close()
    if place == "a_folder":
        target = tmp_path / "uitvoer.pdf"
        target.mkdir()
    elif place == "missing_folder":
        target = tmp_path / "bestaat-niet" / "uitvoer.pdf"
    elif place == "a_file_as_folder":
        (tmp_path / "gewoon-bestand").write_text("x")
        target = tmp_path / "gewoon-bestand" / "uitvoer.pdf"
    elif place == "read_only_folder":
        target = request.getfixturevalue("readonly_folder") / "uitvoer.pdf"
    else:
        manager = tiny_disk(tmp_path / "vol", 64)
        disk = manager.__enter__()
        request.addfinalizer(lambda: manager.__exit__(None, None, None))
        fill(disk)
        target = disk / "uitvoer.pdf"
    watched = target.parent if target.parent.is_dir() else tmp_path

    def outputs() -> dict[str, str]:  # the database itself gets the audit entry
        return {k: v for k, v in tree(watched).items() if not k.startswith("expertteam.db")}

    before = outputs()
    assert main(["--database", str(encrypted_path), *OUTPUTS[output], str(target)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Fout: ")
    assert not any(word in err for word in ENGLISH), err
    assert outputs() == before  # nothing half-written, no temporary file left
    store = Store.open(encrypted_path, PASSPHRASE)
    try:
        exports = _exports(store)
    finally:
        store.close()
    assert all(result is not AuditResult.OK for _kind, result in exports[:1])
    if place in ("read_only_folder", "full_disk"):  # refused by the system, after rendering
        assert exports[0][1] is AuditResult.FAILED


def test_a_written_output_is_complete_and_logged(encrypted_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "afspraken.pdf"
    target.write_bytes(b"oude inhoud")
    assert main(["--database", str(encrypted_path), "render", "case", "--case-number",
                 "ET-2026-0001", "-o", str(target)]) == 0
    assert target.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afspraken.pdf", "expertteam.db"]
    store = Store.open(encrypted_path, PASSPHRASE)
    try:
        assert _exports(store)[0] == ("case", AuditResult.OK)
    finally:
        store.close()


# --------------------------------------------------------------------------- backups


def test_backup_target_is_never_overwritten_without_force(
        encrypted_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(encrypted_path)
    target = tmp_path / "stick.db"
    assert main(["--database", db, "backup", str(target)]) == 0
    first = sha256(target)
    assert main(["--database", db, "backup", str(target)]) == 2
    assert "--force" in capsys.readouterr().err
    assert sha256(target) == first
    assert main(["--database", db, "backup", str(target), "--force"]) == 0
    foreign = foreign_sqlite(tmp_path / "fotos.db")
    essay = tmp_path / "scriptie.docx"
    essay.write_bytes(b"PK\x03\x04" + b"hoofdstuk 1" * 100)
    for victim in (foreign, essay):
        before = sha256(victim)
        assert main(["--database", db, "backup", str(victim), "--force"]) == 2
        assert "wordt niet overschreven" in capsys.readouterr().err
        assert sha256(victim) == before
    assert main(["--database", db, "backup", str(encrypted_path), "--force"]) == 2


def test_a_plain_backup_restored_into_an_encrypted_setup_is_encrypted(
        encrypted_elsewhere: Path, tmp_path: Path, demo_store: Store) -> None:
    encrypted_path = encrypted_elsewhere
    plain_backup = tmp_path / "oud-onversleuteld.db"
    backup.backup_to(demo_store, plain_backup)
    demo_store.close()
    assert integrity.classify(plain_backup) is integrity.FileKind.PLAIN
    before = sha256(plain_backup)
    with pytest.raises(NotEncryptedError, match="deze reservekopie niet"):
        restore.restore_backup(encrypted_path, plain_backup, None)
    with pytest.raises(WrongPassphraseError):
        restore.restore_backup(encrypted_path, plain_backup, None, encrypt_with="fout fout fout")
    assert integrity.classify(encrypted_path) is integrity.FileKind.ENCRYPTED
    result = restore.restore_backup(encrypted_path, plain_backup, None, encrypt_with=PASSPHRASE)
    assert result.encrypted_on_restore
    assert integrity.classify(encrypted_path) is integrity.FileKind.ENCRYPTED
    assert b"SQLite format 3" not in encrypted_path.read_bytes()[:16]
    assert sha256(plain_backup) == before
    store = Store.open(encrypted_path, PASSPHRASE)
    try:
        restore.log_restore(store, result)
        assert case_register.count_cases(store) == 15
        assert audit_verify.verify(store).intact
    finally:
        store.close()


def test_the_cli_restore_encrypts_a_plain_backup(encrypted_elsewhere: Path, tmp_path: Path,
                                                 demo_store: Store,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    encrypted_path = encrypted_elsewhere
    plain_backup = tmp_path / "oud.db"
    backup.backup_to(demo_store, plain_backup)
    demo_store.close()
    assert main(["--database", str(encrypted_path), "restore", str(plain_backup),
                 "--bevestig"]) == 0
    assert "versleuteld met het huidige wachtwoord" in capsys.readouterr().out
    assert integrity.classify(encrypted_path) is integrity.FileKind.ENCRYPTED


def test_restore_into_the_running_app_keeps_it_encrypted(encrypted_elsewhere: Path,
                                                         tmp_path: Path,
                                                         demo_store: Store) -> None:
    plain_backup = tmp_path / "oud.db"
    backup.backup_to(demo_store, plain_backup)
    demo_store.close()
    encrypted_store = Store.open(encrypted_elsewhere, PASSPHRASE)
    request_close = encrypted_store.close
    result = restore.restore_into(encrypted_store, plain_backup)
    assert result.encrypted_on_restore
    assert encrypted_store.database.encrypted
    assert integrity.classify(encrypted_store.database.path) is integrity.FileKind.ENCRYPTED
    assert audit_verify.verify(encrypted_store).intact
    request_close()


def test_backups_are_rekeyed_with_the_passphrase(encrypted_store: Store) -> None:
    first = backup.automatic_backup(encrypted_store)
    stick = encrypted_store.database.path.parent / "stick"
    stick.mkdir()
    elsewhere = backup.backup_to(encrypted_store, stick / "kopie.db").path
    change = security.change_passphrase(encrypted_store, PASSPHRASE, NEW_PASSPHRASE)
    assert first in change.rekeyed_backups
    assert backup.inspect_backup(first, NEW_PASSPHRASE).cases == 15
    with pytest.raises(WrongPassphraseError):
        backup.inspect_backup(first, PASSPHRASE)
    # A copy the app does not keep (on a stick) keeps the old passphrase, and the restore
    # dialog says why it does not open with the new one.
    with pytest.raises(WrongPassphraseError):
        restore.preview_backup(encrypted_store, elsewhere)
    assert "gewijzigd op 23-11-2026" in restore.passphrase_note(encrypted_store)
    assert restore.preview_backup(encrypted_store, elsewhere, PASSPHRASE).cases == 15
    restored = restore.restore_into(encrypted_store, first)
    assert restored.passphrase == NEW_PASSPHRASE
    assert audit_verify.verify(encrypted_store).intact


def test_a_failed_backup_is_logged_as_failed(encrypted_store: Store, tmp_path: Path) -> None:
    with tiny_disk(tmp_path / "vol", 64) as disk:
        fill(disk)
        with pytest.raises(StorageError) as failed:
            backup.backup_to(encrypted_store, disk / "kopie.db")
        assert not any(word in failed.value.message for word in ENGLISH)
        assert sorted(p.name for p in disk.iterdir()) == ["vol.bin"]
    assert _exports(encrypted_store)[0] == ("database", AuditResult.FAILED)
    with pytest.raises(ValidationError):
        backup.backup_to(encrypted_store, tmp_path)  # a folder
