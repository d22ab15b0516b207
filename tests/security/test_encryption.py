"""Encryption at rest: nothing readable in the file, wrong passphrase, rekey, conversion."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from expertteam.domain.errors import ValidationError
from expertteam.domain.passphrase import assess
from expertteam.domain.storage_errors import NotEncryptedError, WrongPassphraseError
from expertteam.services import audit, audit_verify, case_register, cases, security, users
from expertteam.services.store import Store
from expertteam.storage.integrity import FileKind, classify
from tests.security.conftest import PASSPHRASE
from tests.services.test_cases import _input, _orgs

NAMES = ("Noël", "Zwanenburg", "Chloë", "Oosterhuis")


def _all_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    for suffix in ("-wal", "-shm"):
        sidecar = path.with_name(path.name + suffix)
        if sidecar.exists():
            data += sidecar.read_bytes()
    return data


def test_database_file_holds_no_inserted_name_in_plaintext(tmp_path: Path) -> None:
    path = tmp_path / "secret.db"
    store = security.create_database(path, PASSPHRASE, "Anna de Boer")
    hoorn, gi, _ = _orgs(store)
    cases.create_case(store, _input(hoorn, gi, given_names="Noël", surname="Zwanenburg"))
    cases.create_case(store, _input(hoorn, gi, given_names="Chloë", surname="Oosterhuis"))
    # While open (data partly in the WAL file) and after closing: no name, in no encoding.
    for data in (_all_bytes(path), None):
        if data is None:
            store.close()
            data = _all_bytes(path)
        for name in (*NAMES, "Anna de Boer", "Hoorn"):
            for encoding in ("utf-8", "utf-16-le", "latin-1"):
                assert name.encode(encoding) not in data
        assert b"SQLite format 3" not in data
    assert classify(path) is FileKind.ENCRYPTED
    # The same inserts in a plain database are readable: the check above can fail.
    plain = Store.create(tmp_path / "plain.db")
    hoorn, gi, _ = _orgs(plain)
    cases.create_case(plain, _input(hoorn, gi, given_names="Noël", surname="Zwanenburg"))
    plain.close()
    assert b"Zwanenburg" in _all_bytes(tmp_path / "plain.db")


def test_wrong_passphrase_is_a_typed_dutch_error_and_retry_works(encrypted_path: Path) -> None:
    before = encrypted_path.read_bytes()
    with pytest.raises(WrongPassphraseError, match="wachtwoord klopt niet"):
        Store.open(encrypted_path, "Vier woorden als wachtzin!")
    with pytest.raises(WrongPassphraseError, match="versleuteld"):
        Store.open(encrypted_path, None)
    assert encrypted_path.read_bytes() == before
    store = Store.open(encrypted_path, PASSPHRASE)  # the lock was released by the failures
    assert [u.name for u in users.list_users(store)] == ["Anna de Boer"]
    store.close()


def test_plain_database_opened_with_a_passphrase_says_so(tmp_path: Path) -> None:
    Store.create(tmp_path / "plain.db").close()
    with pytest.raises(NotEncryptedError, match="nog niet versleuteld"):
        Store.open(tmp_path / "plain.db", PASSPHRASE)


def test_passphrase_with_quotes_and_diacritics_round_trips(tmp_path: Path) -> None:
    phrase = "Chloë's \"geheime\" zin; met % en @"
    store = security.create_database(tmp_path / "q.db", phrase, "Bram Jansen")
    assert security.verify_passphrase(store, phrase)
    store.close()
    reopened = Store.open(tmp_path / "q.db", phrase)
    assert users.list_users(reopened)[0].name == "Bram Jansen"
    reopened.close()


def test_rekey_changes_the_key_and_keeps_the_data(encrypted_store: Store) -> None:
    path = encrypted_store.database.path
    count = case_register.count_cases(encrypted_store)
    new = "Een heel andere zin van vijf"
    with pytest.raises(ValidationError) as wrong_old:
        security.change_passphrase(encrypted_store, "niet het wachtwoord", new)
    assert wrong_old.value.field == "old_passphrase"
    with pytest.raises(ValidationError) as weak:
        security.change_passphrase(encrypted_store, PASSPHRASE, "kort")
    assert weak.value.field == "new_passphrase"
    security.change_passphrase(encrypted_store, PASSPHRASE, new)
    # the store works on, with the new key
    assert case_register.count_cases(encrypted_store) == count
    entries = audit.list_entries(encrypted_store, limit=5)
    assert entries[0].object_type == "database"
    assert entries[0].detail.startswith("rekey")
    encrypted_store.close()
    with pytest.raises(WrongPassphraseError):
        Store.open(path, PASSPHRASE)
    reopened = Store.open(path, new)
    assert case_register.count_cases(reopened) == count
    assert audit_verify.verify_chain(reopened) == []
    reopened.close()


def test_unlock_check_refusal_is_logged(encrypted_store: Store) -> None:
    assert not security.verify_passphrase(encrypted_store, "fout")
    assert security.verify_passphrase(encrypted_store, PASSPHRASE)
    last = audit.list_entries(encrypted_store, limit=1)[0]
    assert (last.object_type, last.result.value) == ("session", "refused")


def test_convert_plain_database_on_request(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    plain = Store.create(path)
    hoorn, gi, _ = _orgs(plain)
    cases.create_case(plain, _input(hoorn, gi, given_names="Noël", surname="Zwanenburg"))
    plain.close()
    with pytest.raises(ValidationError):
        security.encrypt_database(path, "zwak")
    assert classify(path) is FileKind.PLAIN  # a refused conversion leaves the original
    result = security.encrypt_database(path, PASSPHRASE)
    assert classify(path) is FileKind.ENCRYPTED
    assert b"Zwanenburg" not in _all_bytes(path)
    assert not list(tmp_path.glob("*.part"))
    store = Store.open(path, PASSPHRASE)
    assert case_register.list_register(store)[0].child_name == "Noël Zwanenburg"
    assert audit_verify.verify_chain(store) == []
    store.close()
    assert result.plain_backups == ()


def test_conversion_lists_plain_backups_left_behind(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    Store.create(path).close()
    backups = tmp_path / "backups"
    backups.mkdir()
    shutil.copy2(path, backups / "old-auto-20261120-100000.db")
    result = security.encrypt_database(path, PASSPHRASE)
    assert result.plain_backups == (backups / "old-auto-20261120-100000.db",)
    assert security.remove_files(list(result.plain_backups)) == 1


def test_first_start_refuses_a_weak_passphrase_and_leaves_no_file(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as weak:
        security.create_database(tmp_path / "new.db", "welkom01", "Anna de Boer")
    assert weak.value.field == "passphrase"
    with pytest.raises(ValidationError) as shared:
        security.create_database(tmp_path / "new.db", PASSPHRASE, "admin")
    assert shared.value.field == "name"
    assert not (tmp_path / "new.db").exists()


@pytest.mark.parametrize(
    ("phrase", "acceptable"),
    [("", False), ("kort1!", False), ("123456789012", False),
     ("Wachtwoord123", False), ("qwertyuiop12", False), ("aaaaaaaaaaaaaaaa", False),
     ("Enkhuizen2026", False), ("Westfriesland1", False), ("Stede Broec 2026", False),
     ("Den Helder 12345", False), ("Amsterdam2026!", False), ("s-Hertogenbosch7", False),
     ("Zomer2026!xyz", True), ("vier losse woorden hier", True),
     ("Chloë fietst naar Hoorn", True), ("alleenkleineletters", True)],
)
def test_passphrase_strength_rules(phrase: str, acceptable: bool) -> None:
    strength = assess(phrase)
    assert strength.acceptable is acceptable
    assert bool(strength.problems) is not acceptable
    if not acceptable:
        assert strength.label == "te zwak"


def test_encrypt_the_open_store_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    store = Store.create(path)
    hoorn, gi, _ = _orgs(store)
    cases.create_case(store, _input(hoorn, gi, given_names="Noël", surname="Zwanenburg"))
    with pytest.raises(ValidationError):
        security.encrypt_open_store(store, "kort")
    security.encrypt_open_store(store, PASSPHRASE)
    assert security.is_encrypted(store)
    # same object works on
    assert case_register.list_register(store)[0].child_name == "Noël Zwanenburg"
    assert security.auto_lock_minutes(store) == security.DEFAULT_AUTO_LOCK_MINUTES
    security.set_auto_lock_minutes(store, 15)
    assert security.auto_lock_minutes(store) == 15
    with pytest.raises(ValidationError):
        security.set_auto_lock_minutes(store, 0)
    store.close()
    assert b"Zwanenburg" not in _all_bytes(path)
