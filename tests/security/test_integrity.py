"""A damaged, truncated or foreign file, a read-only folder, a full disk and a second running
copy: each gives a typed Dutch error with a way out, and the file is never written to."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event

from expertteam.domain.enums import OrganisationKind
from expertteam.domain.errors import StorageError
from expertteam.domain.storage_errors import (
    DamagedDatabaseError,
    DatabaseInUseError,
    DiskFullError,
    ReadOnlyLocationError,
)
from expertteam.services import backup, case_register, organisations, restore
from expertteam.services.organisations import OrganisationInput
from expertteam.services.store import Store
from expertteam.storage.integrity import FileKind, classify
from expertteam.storage.lock import lock_path
from tests.security.conftest import PASSPHRASE

PAGE = 4096


def _damage_middle(path: Path) -> None:
    """Overwrite the start of page 2 (a b-tree page's header) and part of a middle page."""
    data = bytearray(path.read_bytes())
    middle = (len(data) // PAGE // 2) * PAGE
    data[PAGE: PAGE + 12] = b"\xff" * 12
    data[middle + 100: middle + 400] = b"\xff" * 300
    path.write_bytes(bytes(data))


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.mark.parametrize("encrypted", [True, False])
@pytest.mark.parametrize("damage", ["flipped", "truncated", "truncated_at_page", "empty"])
def test_damaged_file_is_refused_and_left_untouched(
        request: pytest.FixtureRequest, encrypted: bool, damage: str) -> None:
    if encrypted:
        path, key = request.getfixturevalue("encrypted_path"), PASSPHRASE
    else:
        demo_store = request.getfixturevalue("demo_store")
        demo_store.close()
        path, key = demo_store.database.path, None
    data = path.read_bytes()
    if damage == "flipped":
        _damage_middle(path)
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 2 + 1000])
    elif damage == "truncated_at_page":
        path.write_bytes(data[: (len(data) // PAGE // 2) * PAGE])
    else:
        path.write_bytes(b"")
    before = _files(path.parent)
    with pytest.raises(DamagedDatabaseError) as raised:
        Store.open(path, key)
    assert "niet gewijzigd" in raised.value.message or "beschadigd" in raised.value.message
    assert _files(path.parent) == before  # no byte changed, no journal or WAL left behind


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.7\n" + b"Verslag casusoverleg\n" * 400, b"Dit is een tekstbestand.\n" * 300,
     b"PK\x03\x04" + bytes(range(256)) * 3],
)
def test_foreign_file_is_refused_and_left_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "expertteam.db"
    path.write_bytes(content)
    for key in (None, PASSPHRASE):
        with pytest.raises(DamagedDatabaseError, match="geen database van Expertteam"):
            Store.open(path, key)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["expertteam.db"]


def test_file_classification(tmp_path: Path, encrypted_path: Path) -> None:
    assert classify(tmp_path / "nothing.db") is FileKind.MISSING
    assert classify(encrypted_path) is FileKind.ENCRYPTED
    plain = tmp_path / "plain" / "p.db"
    Store.create(plain).close()
    assert classify(plain) is FileKind.PLAIN
    random_tail = tmp_path / "tail.db"
    random_tail.write_bytes(encrypted_path.read_bytes()[:10000])
    assert classify(random_tail) is FileKind.TRUNCATED


@pytest.fixture
def immutable_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder in which nobody, not even root, can create files (``chattr +i``).

    Tests run as root, for whom permission bits do not stop writes; the immutable attribute
    does. Skipped where the file system or the container does not allow it."""
    folder = tmp_path / "readonly"
    folder.mkdir()
    yield folder
    subprocess.run(["chattr", "-i", str(folder)], check=False, capture_output=True)


def _make_immutable(folder: Path) -> None:
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not available")
    done = subprocess.run(["chattr", "+i", str(folder)], check=False, capture_output=True)
    if done.returncode != 0:
        pytest.skip("this file system does not support the immutable attribute")


def test_read_only_folder_is_refused_with_a_way_out(immutable_folder: Path,
                                                    encrypted_path: Path) -> None:
    existing = immutable_folder / "expertteam.db"
    shutil.copy2(encrypted_path, existing)
    before = existing.read_bytes()
    _make_immutable(immutable_folder)
    with pytest.raises(ReadOnlyLocationError, match="andere map"):
        Store.open(existing, PASSPHRASE)
    with pytest.raises(ReadOnlyLocationError):
        Store.create(immutable_folder / "new.db", PASSPHRASE)
    with pytest.raises(ReadOnlyLocationError):
        Store.create(immutable_folder / "sub" / "new.db", PASSPHRASE)
    assert existing.read_bytes() == before
    # The way out: a backup of it can still be read (preview) and restored elsewhere.
    preview = backup.inspect_backup(existing, PASSPHRASE)
    assert preview.cases > 0
    elsewhere = immutable_folder.parent / "elsewhere.db"
    restore.restore_backup(elsewhere, existing, PASSPHRASE)
    store = Store.open(elsewhere, PASSPHRASE)
    assert case_register.count_cases(store) == preview.cases
    store.close()


def test_full_disk_is_a_typed_error_and_nothing_half_written(store: Store) -> None:
    def limit_pages(dbapi_connection: object, _record: object) -> None:
        cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages}")
        cursor.close()

    # SQLite reports a database at its page limit exactly as a full disk (SQLITE_FULL).
    event.listen(store.database.engine, "connect", limit_pages)
    big = "x" * 150

    def fill() -> None:
        for number in range(400):
            organisations.create_organisation(store, OrganisationInput(
                OrganisationKind.PROVIDER, f"{big} {number}"))

    with pytest.raises(DiskFullError, match="schijf is vol"):
        fill()
    event.remove(store.database.engine, "connect", limit_pages)
    names = [o.name for o in organisations.list_organisations(store)]
    assert len(names) == len(set(names))  # every stored row complete, the failed one absent


def test_second_instance_is_refused(encrypted_path: Path) -> None:
    spare = encrypted_path.with_name("spare.db")
    shutil.copy2(encrypted_path, spare)
    script = (
        "import sys, time\n"
        "from expertteam.services.store import Store\n"
        f"store = Store.open({str(encrypted_path)!r}, {PASSPHRASE!r})\n"
        "print('open', flush=True)\n"
        "time.sleep(60)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                              cwd=Path(__file__).resolve().parents[2])
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(DatabaseInUseError, match=f"proces {holder.pid}"):
            Store.open(encrypted_path, PASSPHRASE)
        with pytest.raises(DatabaseInUseError):
            restore.restore_backup(encrypted_path, spare, PASSPHRASE)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    # The holder died without cleaning up: its lock file stays, but it no longer blocks.
    assert lock_path(encrypted_path).exists()
    store = Store.open(encrypted_path, PASSPHRASE)
    assert lock_path(encrypted_path).read_text().split("\n")[0] == str(os.getpid())
    store.close()
    assert not lock_path(encrypted_path).exists()


def test_same_process_may_open_twice(encrypted_path: Path) -> None:
    first = Store.open(encrypted_path, PASSPHRASE)
    second = Store.open(encrypted_path, PASSPHRASE)
    second.close()
    assert lock_path(encrypted_path).exists()  # still held by ``first``
    first.close()
    assert not lock_path(encrypted_path).exists()


def test_errors_never_name_personal_data(encrypted_path: Path) -> None:
    with pytest.raises(StorageError) as raised:
        Store.open(encrypted_path, "fout wachtwoord dat lang is")
    assert "Anna" not in raised.value.message
    assert PASSPHRASE not in raised.value.message
