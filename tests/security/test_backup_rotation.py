"""Backups that survive rotation: the copy made before a migration outlives that day's backups on
close until the app has started enough times at the new schema; the user's keep settings hold on
the migration path too; leftovers of an interrupted backup are cleaned up."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from alembic.script import ScriptDirectory

from expertteam import clock
from expertteam.services import backup, settings
from expertteam.services.store import Store
from expertteam.storage import snapshot
from expertteam.storage.engine import (
    MIGRATIONS_DIR,
    default_backup_dir,
    downgrade_to,
    head_revision,
    open_database,
)

STEM = "expertteam"


def _previous_revision() -> str:
    down = ScriptDirectory(str(MIGRATIONS_DIR)).get_revision(head_revision()).down_revision
    assert isinstance(down, str)
    return down


def _step_back_one_revision(store: Store) -> Path:
    """Close ``store`` and leave its file one schema revision behind, as an older version of the
    app left it; returns the path."""
    path = store.database.path
    store.close()
    opened = open_database(path)
    downgrade_to(opened.engine, _previous_revision())
    opened.engine.dispose()
    return path


def _pre_migration_copies(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{STEM}-voor-migratie-*.db"))


def _daily_copies(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{STEM}-auto-*.db"))


def _start_the_app(path: Path) -> Store:
    """What a start of the app does with the backups: open (migrating when needed), count the
    start."""
    store = Store.open(path, origin="test")
    backup.record_successful_start(store)
    return store


def test_a_pre_migration_backup_survives_the_same_days_backups_on_close(store: Store) -> None:
    path = _step_back_one_revision(store)
    folder = default_backup_dir(path)

    # The morning: the new version starts and migrates; the old file is copied aside first.
    opened = _start_the_app(path)
    [before_migration] = _pre_migration_copies(folder)
    # The same day: three backups on close (the app closed and opened again in between).
    for _close in range(3):
        last_on_close = backup.automatic_backup(opened)
        opened.close()
        opened = _start_the_app(path)
    opened.close()

    assert _pre_migration_copies(folder) == [before_migration]
    assert _daily_copies(folder) == [last_on_close]  # one a day, the newest, as before


def test_a_pre_migration_backup_is_removed_after_enough_successful_starts(store: Store) -> None:
    path = _step_back_one_revision(store)
    folder = default_backup_dir(path)
    kept_for = snapshot.PRE_MIGRATION_KEEP_STARTS
    starts_seen = []
    for start in range(1, kept_for + 1):  # the first start is the one that migrated
        opened = _start_the_app(path)
        starts_seen.append(snapshot.read_starts(folder, STEM))
        backup.automatic_backup(opened)  # on close
        opened.close()
        if start < kept_for:
            assert len(_pre_migration_copies(folder)) == 1, f"gone after start {start}"
    assert [next(iter(counts.values())) for counts in starts_seen] == list(
        range(1, kept_for + 1))
    assert _pre_migration_copies(folder) == []
    assert not snapshot.starts_manifest(folder, STEM).exists()
    assert len(_daily_copies(folder)) == 1


def test_the_migration_path_honours_the_keep_settings(store: Store) -> None:
    settings.set_value(store, backup.KEEP_DAILY_KEY, 2)
    settings.set_value(store, backup.KEEP_WEEKLY_KEY, 1)
    folder = default_backup_dir(store.database.path)
    folder.mkdir()
    start = clock.now().replace(microsecond=0)
    for days_back in range(1, 30):
        moment = start - timedelta(days=days_back)
        (folder / snapshot.automatic_name(store.database.path, "auto", moment)).write_bytes(b"x")
    path = _step_back_one_revision(store)

    Store.open(path).close()  # migrates: a pre-migration copy, then rotation

    days = sorted({p.name.split("-auto-")[1][:8] for p in _daily_copies(folder)})
    assert len(days) == 2 + 1  # two daily, one weekly: the settings, not the defaults 7 + 4
    assert len(_pre_migration_copies(folder)) == 1


def test_the_migration_backup_goes_to_the_chosen_folder(store: Store, tmp_path: Path) -> None:
    chosen = tmp_path / "usb-stick"
    chosen.mkdir()
    backup.set_backup_folder(store, chosen)
    path = _step_back_one_revision(store)
    Store.open(path).close()
    assert len(_pre_migration_copies(chosen)) == 1
    assert not default_backup_dir(path).exists()


def test_a_missing_chosen_folder_never_blocks_the_migration(store: Store,
                                                            tmp_path: Path) -> None:
    chosen = tmp_path / "usb-stick"
    chosen.mkdir()
    backup.set_backup_folder(store, chosen)
    chosen.rmdir()  # the stick is not plugged in this morning
    path = _step_back_one_revision(store)
    Store.open(path).close()
    assert len(_pre_migration_copies(default_backup_dir(path))) == 1


def test_unreadable_keep_settings_fall_back_to_the_defaults(store: Store) -> None:
    settings.set_value(store, backup.KEEP_DAILY_KEY, True)
    settings.set_value(store, backup.KEEP_WEEKLY_KEY, "veel")
    stored = snapshot.read_backup_settings(store.database.engine)
    assert stored.rotation == snapshot.Rotation(7, 4) == backup.rotation(store)
    assert stored.folder is None
    assert snapshot.Rotation.from_values(0, 366) == snapshot.Rotation()
    assert snapshot.Rotation.from_values(3, 365) == snapshot.Rotation(3, 365)


def test_a_stale_part_is_removed_and_other_files_are_not(store: Store) -> None:
    folder = default_backup_dir(store.database.path)
    folder.mkdir()
    an_hour_ago = (folder.stat().st_mtime - 3600,) * 2
    interrupted = folder / f"{STEM}-auto-20261120-171500.db.part"
    interrupted_journal = folder / f"{STEM}-auto-20261120-171500.db.part-journal"
    being_written = folder / f"{STEM}-auto-20261123-095959.db.part"  # touched just now
    download = folder / "verslag.pdf.part"  # someone else's, however old
    other_database = folder / "archief-auto-20261120-171500.db.part"
    notes = folder / "notities.txt"
    for file in (interrupted, interrupted_journal, being_written, download, other_database,
                 notes):
        file.write_bytes(b"x")
    for file in (interrupted, interrupted_journal, download, other_database, notes):
        os.utime(file, an_hour_ago)

    made = backup.automatic_backup(store)

    assert not interrupted.exists()
    assert not interrupted_journal.exists()
    for untouched in (being_written, download, other_database, notes, made):
        assert untouched.exists(), untouched.name
    assert not made.with_name(made.name + ".part").exists()
