"""Backups: online copies (encrypted like the database), rotation, preview and restore."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from expertteam import clock
from expertteam.domain.enums import CaseStatus, ClosingResult
from expertteam.domain.errors import ValidationError
from expertteam.domain.storage_errors import DamagedDatabaseError, WrongPassphraseError
from expertteam.services import audit, audit_verify, backup, case_register, cases, restore, security
from expertteam.services.store import Store
from expertteam.storage import snapshot
from expertteam.storage.engine import downgrade_to, open_database
from expertteam.storage.integrity import FileKind, classify
from tests.security.conftest import PASSPHRASE


def test_manual_backup_with_progress_and_preview(encrypted_store: Store, tmp_path: Path) -> None:
    steps: list[tuple[int, int]] = []
    target = tmp_path / "usb" / "kopie.db"
    target.parent.mkdir()
    preview = backup.backup_to(encrypted_store, target, lambda done, total: steps.append(
        (done, total)))
    assert steps
    assert steps[-1][0] == steps[-1][1] > 0
    assert [done for done, _ in steps] == sorted(done for done, _ in steps)
    assert classify(target) is FileKind.ENCRYPTED
    assert preview.cases == case_register.count_cases(encrypted_store)
    assert preview.encrypted
    assert preview.made_at is not None
    assert abs(preview.made_at - clock.now()) < timedelta(minutes=5)
    assert not list(target.parent.glob("*.part*"))
    last = audit.list_entries(encrypted_store, limit=2)
    assert any(e.action.value == "export" and e.object_type == "database" for e in last)
    with pytest.raises(ValidationError) as onto_itself:
        backup.backup_to(encrypted_store, encrypted_store.database.path)
    assert onto_itself.value.field == "target"


def test_inspect_refuses_wrong_passphrase_and_foreign_files(encrypted_store: Store,
                                                            tmp_path: Path) -> None:
    target = backup.backup_to(encrypted_store, tmp_path / "k.db").path
    with pytest.raises(WrongPassphraseError):
        backup.inspect_backup(target, "een ander wachtwoord hier")
    other = tmp_path / "notes.txt"
    other.write_text("geen database\n" * 200)
    with pytest.raises(DamagedDatabaseError):
        backup.inspect_backup(other, PASSPHRASE)


def test_restore_round_trip_keeps_the_current_file(encrypted_store: Store,
                                                   tmp_path: Path) -> None:
    path = encrypted_store.database.path
    before_count = case_register.count_cases(encrypted_store)
    saved = backup.backup_to(encrypted_store, tmp_path / "voor.db")
    case_id = next(row.id for row in case_register.list_register(encrypted_store)
                   if row.status is not CaseStatus.CLOSED)
    cases.close_case(encrypted_store, case_id, ClosingResult.OTHER)
    encrypted_store.close()
    current_bytes = path.read_bytes()
    result = restore.restore_backup(path, saved.path, PASSPHRASE)
    assert result.previous_copy is not None
    assert result.previous_copy.read_bytes() == current_bytes  # moved aside, unchanged
    restored = Store.open(path, PASSPHRASE)
    assert case_register.count_cases(restored) == before_count
    assert cases.get_case(restored, case_id).status is not CaseStatus.CLOSED
    restore.log_restore(restored, result)
    assert audit_verify.verify_chain(restored) == []
    restored.close()
    # …and the moved-aside file still opens: nothing was lost by restoring.
    previous = Store.open(result.previous_copy, PASSPHRASE)
    assert cases.get_case(previous, case_id).status is CaseStatus.CLOSED
    previous.close()


def test_restore_over_a_damaged_file_keeps_the_damaged_bytes(encrypted_path: Path,
                                                             tmp_path: Path) -> None:
    spare = tmp_path / "spare.db"
    spare.write_bytes(encrypted_path.read_bytes())
    damaged = encrypted_path.read_bytes()[:20000]
    encrypted_path.write_bytes(damaged)
    with pytest.raises(DamagedDatabaseError):
        Store.open(encrypted_path, PASSPHRASE)
    result = restore.restore_backup(encrypted_path, spare, PASSPHRASE)
    assert result.previous_copy is not None
    assert result.previous_copy.read_bytes() == damaged
    Store.open(encrypted_path, PASSPHRASE).close()


def test_automatic_backup_rotates_seven_daily_four_weekly(encrypted_store: Store) -> None:
    folder = encrypted_store.database.path.parent / "backups"
    folder.mkdir()
    start = clock.now().replace(microsecond=0)
    made: list[Path] = []
    for days_back in range(1, 61):  # two backups a day for 60 days, made before this one
        for hours in (0, 8):
            moment = start - timedelta(days=days_back, hours=hours)
            file = folder / snapshot.automatic_name(encrypted_store.database.path, "auto",
                                                    moment)
            file.write_bytes(b"x")
            made.append(file)
    manual = folder / "handmatig.db"
    manual.write_bytes(b"x")
    newest = backup.automatic_backup(encrypted_store)
    kept = sorted(p.name for p in folder.iterdir())
    auto = [p for p in kept if "-auto-" in p]
    assert len(auto) == 7 + 4
    assert newest.name in kept
    assert "handmatig.db" in kept
    kept_days = {p.split("-auto-")[1][:8] for p in auto}
    assert len(kept_days) == 11
    assert classify(newest) is FileKind.ENCRYPTED
    assert backup.inspect_backup(newest, PASSPHRASE).cases > 0


def test_rotation_rule() -> None:
    base = datetime(2026, 11, 23, 12)
    backups = [snapshot.AutomaticBackup(Path(f"b{i}"), "auto", base - timedelta(days=i))
               for i in range(40)]
    keep = snapshot.to_keep(backups, 7, 4)
    days = sorted((base.date() - b.made_at.date()).days for b in backups if b.path in keep)
    assert days[:7] == [0, 1, 2, 3, 4, 5, 6]
    assert len(days) == 11
    weeks = {(base - timedelta(days=d)).isocalendar()[1] for d in days[7:]}
    assert len(weeks) == 4


def test_migration_backup_is_an_encrypted_online_copy(encrypted_path: Path,
                                                      tmp_path: Path) -> None:
    opened = open_database(encrypted_path, PASSPHRASE)
    from alembic.script import ScriptDirectory

    from expertteam.storage.engine import MIGRATIONS_DIR
    revisions = list(ScriptDirectory(str(MIGRATIONS_DIR)).walk_revisions())
    if len(revisions) < 2:
        pytest.skip("only one schema revision: nothing to migrate")
    downgrade_to(opened.engine, revisions[0].down_revision)  # type: ignore[arg-type]
    with opened.engine.connect() as connection:
        old_revision = connection.execute(text("SELECT version_num FROM alembic_version")
                                          ).scalar_one()
    opened.engine.dispose()
    store = Store.open(encrypted_path, PASSPHRASE)
    store.close()
    made = list((encrypted_path.parent / "backups").glob("*-voor-migratie-*.db"))
    assert len(made) == 1
    assert classify(made[0]) is FileKind.ENCRYPTED
    assert backup.inspect_backup(made[0], PASSPHRASE).revision == old_revision


def test_create_database_refuses_an_existing_file(encrypted_path: Path) -> None:
    with pytest.raises(Exception, match="al een bestand"):
        security.create_database(encrypted_path, PASSPHRASE, "Bram Jansen")
