"""Backups: automatic on close (rotating 7 daily + 4 weekly; the copies made before a migration
stay until the app has started ``snapshot.PRE_MIGRATION_KEEP_STARTS`` times since), by hand to a
chosen file with progress, and restore after a preview.

Every backup is an online copy (``storage.snapshot``), encrypted like the database itself. A
restore never destroys anything: the current file is first moved aside under a dated name.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from expertteam import clock
from expertteam.domain.enums import AuditAction
from expertteam.domain.errors import StorageError, ValidationError
from expertteam.domain.storage_errors import DamagedDatabaseError
from expertteam.i18n import _
from expertteam.services import audit
from expertteam.services import settings as settings_service
from expertteam.services.store import Store
from expertteam.storage import integrity, snapshot
from expertteam.storage.engine import MIGRATIONS_DIR, default_backup_dir, open_database
from expertteam.storage.integrity import FileKind
from expertteam.storage.lock import acquire

MADE_AT_KEY = "backup.made_at"
KEEP_DAILY_KEY = snapshot.KEEP_DAILY_KEY
KEEP_WEEKLY_KEY = snapshot.KEEP_WEEKLY_KEY
DEFAULT_KEEP_DAILY = snapshot.DEFAULT_KEEP_DAILY
DEFAULT_KEEP_WEEKLY = snapshot.DEFAULT_KEEP_WEEKLY
FOLDER_KEY = snapshot.FOLDER_KEY

Progress = snapshot.Progress
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BackupPreview:
    """What a backup file holds, shown before restoring it."""

    path: Path
    made_at: datetime | None
    encrypted: bool
    revision: str | None
    cases: int
    meetings: int
    actions: int
    size_bytes: int

    @property
    def newer_than_app(self) -> bool:
        """True when the backup's schema revision is unknown to this version of the app."""
        if self.revision is None:
            return False
        from alembic.script import ScriptDirectory

        known = {r.revision for r in ScriptDirectory(str(MIGRATIONS_DIR)).walk_revisions()}
        return self.revision not in known


def _stamp_backup(path: Path, passphrase: str | None, made_at: datetime) -> None:
    """Write the moment of the backup into the copy itself (never into the live database)."""
    connection = integrity.connect_raw(path, passphrase)
    try:
        has_table = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='setting'").fetchone()
        if has_table:
            connection.execute(
                "INSERT OR REPLACE INTO setting (key, value, updated_at) VALUES (?, ?, ?)",
                (MADE_AT_KEY, f'"{made_at.isoformat(timespec="seconds")}"',
                 made_at.isoformat(sep=" ")))
            connection.commit()
    finally:
        connection.close()


def backup_to(store: Store, target: Path, progress: Progress | None = None) -> BackupPreview:
    """Copy the open database to ``target`` (e.g. a USB stick), encrypted like the database,
    reporting ``progress(pages_done, pages_total)``; logged as an export.

    Raises ``ValidationError`` (``target``: the database itself, a folder), or
    ``StorageError`` (disk full, not writable)."""
    target = Path(target)
    source = store.database.path
    if target.exists() and target.is_dir():
        raise ValidationError("target", _("Kies een bestandsnaam, geen map."))
    if target.resolve() == source.resolve():
        raise ValidationError("target", _("Een reservekopie kan niet over de database zelf heen "
                                          "worden geschreven. Kies een andere naam."))
    if not target.parent.is_dir():
        raise ValidationError("target", _("De map voor de reservekopie bestaat niet."))
    made_at = clock.now()
    snapshot.online_backup(store.database.engine, target, progress)
    _stamp_backup(target, snapshot.passphrase_of(store.database.engine), made_at)
    audit.record_now(store, AuditAction.EXPORT, "database", "backup", detail="manual backup")
    return inspect_backup(target, snapshot.passphrase_of(store.database.engine))


def backup_folder(store: Store) -> Path:
    """The folder for automatic backups: the one chosen in the settings, else ``backups``
    next to the database."""
    stored = settings_service.get_value(store, FOLDER_KEY, "")
    if isinstance(stored, str) and stored:
        return Path(stored)
    return default_backup_dir(store.database.path)


def check_backup_folder(folder: Path | str) -> Path:
    """``folder`` as an absolute path, checked to be an existing folder we can write in.

    Raises ``ValidationError`` on ``backup_folder``."""
    import tempfile

    text = str(folder).strip()
    if not text:
        raise ValidationError("backup_folder", _("Kies een map voor de reservekopieën."))
    path = Path(text).expanduser()
    if not path.is_absolute():
        raise ValidationError("backup_folder", _("Geef de volledige plek van de map op, "
                                                 "bijvoorbeeld met ‘Bladeren…’."))
    if not path.is_dir():
        raise ValidationError("backup_folder", _("De map voor de reservekopieën bestaat niet. "
                                                 "Kies een bestaande map."))
    try:
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as exc:
        raise ValidationError("backup_folder", _(
            "In deze map kan niet worden geschreven. Kies een map waarin u mag opslaan."
        )) from exc
    return path.resolve()


def set_backup_folder(store: Store, folder: Path | str | None) -> Path:
    """Choose the folder for automatic backups (``None`` or empty: back to the folder next to
    the database); logged. Raises ``ValidationError`` on ``backup_folder`` for a folder that
    does not exist or cannot be written."""
    if folder is None or not str(folder).strip():
        chosen, value = default_backup_dir(store.database.path), ""
    else:
        chosen = check_backup_folder(folder)
        value = "" if chosen == default_backup_dir(store.database.path).resolve() else \
            str(chosen)
    settings_service.set_value(store, FOLDER_KEY, value)
    return chosen


def automatic_backup(store: Store, kind: str = snapshot.AUTO_KIND,
                     folder: Path | None = None) -> Path:
    """The backup made on close: into the backup folder (``backup_folder``), then rotation
    (``rotation``: the newest of each of the last 7 days and of the 4 weeks before, settings
    ``backup.keep_daily`` / ``backup.keep_weekly``; pre-migration copies are kept until
    ``record_successful_start`` has counted enough starts). Raises ``StorageError``."""
    made_at = clock.now()
    path = snapshot.automatic_backup(
        store.database.engine, store.database.path,
        folder or backup_folder(store), kind, at=made_at, rotation=rotation(store))
    _stamp_backup(path, snapshot.passphrase_of(store.database.engine), made_at)
    return path


def rotation(store: Store) -> snapshot.Rotation:
    """How many daily and weekly automatic backups the user keeps (defaults for values out of
    range)."""
    return snapshot.Rotation.from_values(
        settings_service.get_value(store, KEEP_DAILY_KEY, DEFAULT_KEEP_DAILY),
        settings_service.get_value(store, KEEP_WEEKLY_KEY, DEFAULT_KEEP_WEEKLY))


def record_successful_start(store: Store) -> None:
    """Count this start of the app (the database is open at the current schema) for the
    pre-migration copies in the backup folder; the rotation removes a copy once it has seen
    ``snapshot.PRE_MIGRATION_KEEP_STARTS`` of them. Never raises: a start that is not
    counted only keeps the copies one start longer."""
    try:
        folder = backup_folder(store)
    except StorageError:
        log.warning("backup folder setting unreadable; this start is not counted")
        return
    snapshot.record_successful_start(folder, store.database.path.stem)


def list_backups(store: Store) -> list[BackupPreview]:
    """The automatic backups in the backup folder, newest first, without opening them (counts
    are -1 here; ``inspect_backup`` reads them)."""
    folder = backup_folder(store)
    return [BackupPreview(b.path, b.made_at, store.database.encrypted, None, -1, -1, -1,
                          b.path.stat().st_size)
            for b in snapshot.list_automatic(folder, store.database.path.stem)
            if b.path.exists()]


def inspect_backup(path: Path, passphrase: str | None) -> BackupPreview:
    """Open a backup read-only and tell its date and what it holds. Writes nothing.

    Raises ``WrongPassphraseError`` (the backup was made under another passphrase),
    ``DamagedDatabaseError`` (not a backup, damaged) or ``StorageError``."""
    path = Path(path)
    if not path.is_file():
        raise StorageError(_("Het gekozen bestand bestaat niet (meer)."))
    kind = integrity.classify(path)
    key = passphrase if kind is FileKind.ENCRYPTED else None
    integrity.check_file(path, key)
    integrity.probe(path, key)
    connection = integrity.open_read_only(path, key)
    try:
        tables = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table'").fetchall()}
        if not {"case", "meeting", "action", "setting", "alembic_version"} <= tables:
            raise DamagedDatabaseError(_("Dit bestand is geen reservekopie van Expertteam."))
        counts = [connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                  for table in ("case", "meeting", "action")]
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        stamp_row = connection.execute("SELECT value FROM setting WHERE key = ?",
                                       (MADE_AT_KEY,)).fetchone()
    except StorageError:
        raise
    except Exception as exc:
        raise integrity.map_error(exc, encrypted=bool(key)) from exc
    finally:
        connection.close()
    made_at: datetime | None = None
    if stamp_row is not None:
        with contextlib.suppress(ValueError):
            made_at = datetime.fromisoformat(str(stamp_row[0]).strip('"'))
    if made_at is None:
        made_at = datetime.fromtimestamp(path.stat().st_mtime)
    return BackupPreview(path, made_at, key is not None, revision[0] if revision else None,
                         counts[0], counts[1], counts[2], path.stat().st_size)


@dataclass(frozen=True, slots=True)
class RestoreResult:
    preview: BackupPreview
    previous_copy: Path | None


def restore_backup(database: Path, backup: Path, passphrase: str | None) -> RestoreResult:
    """Put ``backup`` in place of the database at ``database`` (the store must be closed).

    The backup is checked first (``inspect_backup``); the current file (even a damaged one) is
    moved aside unchanged as ``<name>-voor-herstel-<date>.db`` and only then replaced. After the
    restore the database opens with the backup's passphrase. Raises ``WrongPassphraseError``,
    ``DamagedDatabaseError``, ``DatabaseInUseError``, ``ValidationError`` or
    ``StorageError``."""
    database, backup = Path(database), Path(backup)
    if backup.resolve() == database.resolve():
        raise ValidationError("backup", _("Kies een reservekopie, niet de database zelf."))
    preview = inspect_backup(backup, passphrase)
    if preview.newer_than_app:
        raise StorageError(_("Deze reservekopie is gemaakt met een nieuwere versie van "
                             "Expertteam. Werk de app eerst bij."))
    integrity.check_location(database)
    lock = acquire(database)
    previous: Path | None = None
    incoming = database.with_name(database.name + ".herstel.part")
    try:
        shutil.copyfile(backup, incoming)
        if database.exists():
            previous = database.with_name(
                f"{database.stem}-voor-herstel-{clock.now():%Y%m%d-%H%M%S}{database.suffix}")
            os.replace(database, previous)
            # The old file's WAL belongs to it: move it along, never apply it to the backup.
            for suffix in ("-wal", "-shm"):
                sidecar = database.with_name(database.name + suffix)
                if sidecar.exists():
                    os.replace(sidecar, previous.with_name(previous.name + suffix))
        os.replace(incoming, database)
    except OSError as exc:
        raise integrity.map_error(exc, encrypted=preview.encrypted) from exc
    finally:
        with contextlib.suppress(OSError):
            incoming.unlink()
        lock.release()
    return RestoreResult(preview, previous)


def log_restore(store: Store, result: RestoreResult) -> None:
    """Record a restore in the (restored) database's own log."""
    del result
    audit.record_now(store, AuditAction.CHANGE, "database", "restore", detail="restore")



def preview_backup(store: Store, path: Path, passphrase: str | None = None) -> BackupPreview:
    """``inspect_backup`` with the open database's passphrase when none is given (backups made
    since the last passphrase change open with it)."""
    key = passphrase if passphrase else snapshot.passphrase_of(store.database.engine)
    return inspect_backup(path, key)


def restore_into(store: Store, backup: Path, passphrase: str | None = None) -> RestoreResult:
    """Restore ``backup`` while the app runs: the store is closed, the backup put in place (the
    current file kept aside) and the store reopened in place, with the backup's passphrase;
    logged in the restored database. On failure the store is reopened unchanged.

    Raises what ``restore_backup`` raises."""
    current_key = snapshot.passphrase_of(store.database.engine)
    key = passphrase if passphrase else current_key
    inspect_backup(backup, key)  # refuse early, with the store still open
    path = store.database.path
    store.close()
    reopen_key = current_key
    try:
        result = restore_backup(path, backup, key)
        reopen_key = key
    finally:
        store.database = open_database(path, reopen_key)
        store.lock = acquire(path)
    log_restore(store, result)
    return result
