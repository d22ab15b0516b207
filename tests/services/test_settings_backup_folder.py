"""The folder for automatic backups: a setting that the backup on close really uses."""

import os
from pathlib import Path

import pytest

from expertteam.domain.errors import ValidationError
from expertteam.services import audit, backup
from expertteam.services.store import Store
from expertteam.storage.engine import default_backup_dir

pytestmark = pytest.mark.file_only


def test_default_folder_is_next_to_the_database(store: Store) -> None:
    assert backup.backup_folder(store) == default_backup_dir(store.database.path)


def test_chosen_folder_is_stored_logged_and_used_by_the_automatic_backup(
        store: Store, tmp_path: Path) -> None:
    chosen = tmp_path / "netwerkschijf"
    chosen.mkdir()
    assert backup.set_backup_folder(store, str(chosen)) == chosen.resolve()
    assert backup.backup_folder(store) == chosen.resolve()
    assert any(e.object_id == backup.FOLDER_KEY for e in audit.list_entries(store))
    made = backup.automatic_backup(store)
    assert made.parent == chosen.resolve()
    assert [b.path for b in backup.list_backups(store)] == [made]
    assert not default_backup_dir(store.database.path).exists()

    assert backup.set_backup_folder(store, "") == default_backup_dir(store.database.path)
    assert backup.backup_folder(store) == default_backup_dir(store.database.path)


@pytest.mark.parametrize("name", ["bestaat-niet", "een-bestand.txt", "relatief"])
def test_a_folder_that_is_missing_or_not_a_folder_is_refused(store: Store, tmp_path: Path,
                                                             name: str) -> None:
    (tmp_path / "een-bestand.txt").write_text("x")
    value = name if name == "relatief" else str(tmp_path / name)
    with pytest.raises(ValidationError) as raised:
        backup.set_backup_folder(store, value)
    assert raised.value.field == "backup_folder"
    assert "map" in raised.value.message.lower()
    assert backup.backup_folder(store) == default_backup_dir(store.database.path)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="permissions are not enforced for root or on Windows")
def test_a_folder_without_write_permission_is_refused(store: Store, tmp_path: Path) -> None:
    locked = tmp_path / "alleen-lezen"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(ValidationError) as raised:
            backup.set_backup_folder(store, str(locked))
        assert "kan niet worden geschreven" in raised.value.message
    finally:
        locked.chmod(0o700)
    assert backup.backup_folder(store) == default_backup_dir(store.database.path)
