"""One key derivation per open, one per unlock: the checks before opening and every pooled
connection use the key derived once (``storage/keys.py``), and SQLCipher derives nothing itself.

SQLCipher's own derivation is made impossible in these tests (its process-wide default
iteration count set to 1): a connection keyed with the passphrase would then derive the wrong
key and fail, so every open that succeeds proves that no connection derived the key itself."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlcipher3

from expertteam.domain.storage_errors import WrongPassphraseError
from expertteam.services import backup, security
from expertteam.services.store import Store
from expertteam.storage import keys
from tests.security.conftest import PASSPHRASE


class Counter:
    def __init__(self) -> None:
        self.calls = 0
        self.guard = threading.Lock()


@pytest.fixture
def derivations(monkeypatch: pytest.MonkeyPatch) -> Counter:
    counter = Counter()
    real = keys.derive

    def counted(passphrase: str, salt: bytes) -> bytes:
        with counter.guard:
            counter.calls += 1
        return real(passphrase, salt)

    monkeypatch.setattr(keys, "derive", counted)
    return counter


def _set_sqlcipher_default_iterations(count: int) -> None:
    connection = sqlcipher3.connect(":memory:")
    try:
        connection.execute(f"PRAGMA cipher_default_kdf_iter = {count}")
    finally:
        connection.close()


@pytest.fixture
def no_sqlcipher_kdf() -> Iterator[None]:
    _set_sqlcipher_default_iterations(1)
    try:
        yield
    finally:
        _set_sqlcipher_default_iterations(keys.KDF_ITERATIONS)


def _use_several_connections(store: Store) -> None:
    engine = store.database.engine
    with engine.connect() as one, engine.connect() as two, engine.connect() as three:
        for connection in (one, two, three):
            assert connection.exec_driver_sql('SELECT count(*) FROM "case"').scalar_one() > 0


@pytest.mark.parametrize("check_pages", [True, False])
def test_open_derives_the_key_once(encrypted_path: Path, derivations: Counter,
                                   no_sqlcipher_kdf: None, check_pages: bool) -> None:
    store = Store.open(encrypted_path, PASSPHRASE, origin="test", check_pages=check_pages)
    try:
        _use_several_connections(store)
        store.check_pages()
        assert derivations.calls == 1
    finally:
        store.close()


def test_unlock_after_lock_derives_once(encrypted_store: Store, derivations: Counter,
                                        no_sqlcipher_kdf: None) -> None:
    assert security.verify_passphrase(encrypted_store, PASSPHRASE)
    assert derivations.calls == 1
    assert not security.verify_passphrase(encrypted_store, PASSPHRASE + " fout")
    assert derivations.calls == 2
    _use_several_connections(encrypted_store)
    assert derivations.calls == 2


def test_a_wrong_passphrase_is_still_refused(encrypted_path: Path, derivations: Counter) -> None:
    with pytest.raises(WrongPassphraseError):
        Store.open(encrypted_path, PASSPHRASE + "!", origin="test")
    assert derivations.calls == 1


def test_the_derived_key_is_sqlciphers_own(tmp_path: Path) -> None:
    """A file keyed by passphrase opens with the raw key derived here (a non-ASCII passphrase
    too), and the app's file opens with the passphrase in any SQLCipher."""
    path = tmp_path / "plain-sqlcipher.db"
    passphrase = "wachtzin met één ü en 🙂"
    made = sqlcipher3.connect(str(path))
    made.execute("PRAGMA key = '{}'".format(passphrase.replace("'", "''")))
    made.execute("CREATE TABLE t (a)")
    made.execute("INSERT INTO t VALUES (7)")
    made.commit()
    made.close()
    raw = keys.file_key(path, passphrase)
    assert raw is not None
    assert keys.is_raw(raw)
    opened = sqlcipher3.connect(str(path))
    try:
        opened.execute(f'PRAGMA key = "{raw}"')
        assert opened.execute("SELECT a FROM t").fetchall() == [(7,)]
    finally:
        opened.close()


def test_the_apps_file_opens_with_the_passphrase_elsewhere(encrypted_store: Store,
                                                          tmp_path: Path) -> None:
    """Opened with the derived key, the database still writes pages any SQLCipher reads with
    the passphrase, and a backup made now opens with the passphrase."""
    with encrypted_store.database.engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE key_check (a)")
        connection.exec_driver_sql("INSERT INTO key_check VALUES (1)")
    copy = tmp_path / "copy.db"
    backup.backup_to(encrypted_store, copy)
    for path in (encrypted_store.database.path, copy):
        other = sqlcipher3.connect(str(path))
        try:
            other.execute(f"PRAGMA key = '{PASSPHRASE}'")
            assert other.execute("SELECT count(*) FROM key_check").fetchone() == (1,)
        finally:
            other.close()
