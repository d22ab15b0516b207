"""Backups: automatic on close (rotating 7 daily + 4 weekly; the copies made before a migration
stay until the app has started ``snapshot.PRE_MIGRATION_KEEP_STARTS`` times since), by hand to a
chosen file with progress, inspected before a restore (``services/restore.py``), and re-keyed
after a passphrase change.

Every backup is an online copy (``storage.snapshot``), encrypted like the database itself, and
carries the moment it was made and the audit log's anchor (``audit.anchor``) in its own
``setting`` table. A manual backup never replaces an existing file unless asked
(``overwrite``), and then only an Expertteam database. After a passphrase change the backups the
app knows of are re-keyed (``rekey_backups``); others keep the old passphrase, and the restore
dialog says so (``restore.passphrase_note``).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from expertteam import clock
from expertteam.domain.enums import AuditAction, AuditResult
from expertteam.domain.errors import StorageError, ValidationError
from expertteam.domain.storage_errors import DamagedDatabaseError
from expertteam.i18n import _
from expertteam.services import audit
from expertteam.services import settings as settings_service
from expertteam.services.store import Store
from expertteam.storage import audit_chain, convert, integrity, os_errors, snapshot
from expertteam.storage.engine import default_backup_dir, inspect_existing, known_revisions
from expertteam.storage.integrity import FileKind

MADE_AT_KEY = "backup.made_at"
ANCHOR_KEY = "backup.audit_anchor"
PASSPHRASE_CHANGED_KEY = "security.passphrase_changed_on"
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
        return self.revision is not None and self.revision not in known_revisions()


class TargetExistsError(ValidationError):
    """A manual backup would replace an existing file; nothing was written."""

    def __init__(self, message: str) -> None:
        super().__init__("target", message)


def _stamp(store: Store, made_at: datetime) -> dict[str, str]:
    """What every copy records about itself: when, and the audit log's anchor."""
    anchor = audit.anchor_of(store)
    return {MADE_AT_KEY: json.dumps(made_at.isoformat(timespec="seconds")),
            ANCHOR_KEY: json.dumps(anchor.text)}


def _check_backup_target(store: Store, target: Path, overwrite: bool) -> Path:
    target = os_errors.check_path(target, "target")
    source = store.database.path
    if target.is_dir():
        raise ValidationError("target", _("Kies een bestandsnaam, geen map."))
    if (target.exists() and os.path.samefile(target, source)) or \
            target.resolve() == source.resolve():
        raise ValidationError("target", _("Een reservekopie kan niet over de database zelf heen "
                                          "worden geschreven. Kies een andere naam."))
    if not target.parent.is_dir():
        raise ValidationError("target", _("De map voor de reservekopie bestaat niet."))
    if target.exists():
        if not overwrite:
            raise TargetExistsError(_("Er staat al een bestand met deze naam ({name}); het is "
                                      "niet overschreven.").format(name=target.name))
        kind = integrity.classify(target)
        if kind is not FileKind.ENCRYPTED and not (kind is FileKind.PLAIN and _is_ours(target)):
            raise TargetExistsError(_("Het bestaande bestand {name} is geen reservekopie van "
                                      "Expertteam en wordt niet overschreven. Kies een andere "
                                      "naam.").format(name=target.name))
    return target


def _is_ours(path: Path) -> bool:
    try:
        inspect_existing(path, None)
    except StorageError:
        return False
    return True


def backup_to(store: Store, target: Path, progress: Progress | None = None, *,
              overwrite: bool = False) -> BackupPreview:
    """Copy the open database to ``target`` (e.g. a USB stick), encrypted like the database,
    reporting ``progress(pages_done, pages_total)``; logged as an export. An existing file is
    replaced only with ``overwrite`` (the GUI's save dialog asks), and only when it is an
    Expertteam database or an encrypted one.

    Raises ``TargetExistsError`` or ``ValidationError`` (``target``: the database itself, a
    folder), or ``StorageError`` (disk full, not writable)."""
    target = _check_backup_target(store, target, overwrite)
    made_at = clock.now()
    try:
        snapshot.online_backup(store.database.engine, target, progress,
                               stamp=_stamp(store, made_at))
    except StorageError as error:
        audit.record_now(store, AuditAction.EXPORT, "database", "backup",
                         result=AuditResult.FAILED, detail=f"manual backup; {type(error).__name__}")
        raise
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
    return snapshot.automatic_backup(
        store.database.engine, store.database.path,
        folder or backup_folder(store), kind, at=made_at, rotation=rotation(store),
        stamp=_stamp(store, made_at))


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
    info = integrity.probe(path, key)
    if not (info.stamped or info.legacy_ours):
        raise integrity.foreign_error()
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


def rekey_backups(store: Store, old: str, new: str) -> tuple[list[Path], list[Path]]:
    """After a passphrase change: re-key the encrypted backups the app keeps (the automatic
    ones in the backup folder and next to the database, and the copies kept before a restore)
    from ``old`` to ``new``. Returns (re-keyed, left as they were: another passphrase or not
    readable). Never raises for one backup; copies elsewhere (a USB stick) keep ``old``."""
    stem = store.database.path.stem
    candidates: dict[Path, None] = {}
    for folder in {backup_folder(store), default_backup_dir(store.database.path)}:
        for found in snapshot.list_automatic(folder, stem):
            candidates[found.path] = None
    for kept in store.database.path.parent.glob(f"{stem}-voor-herstel-*.db"):
        candidates[kept] = None
    done: list[Path] = []
    left: list[Path] = []
    for path in candidates:
        try:
            if integrity.classify(path) is not FileKind.ENCRYPTED:
                continue
            convert.rekey(path, old, new,
                          lambda connection: audit_chain.rewrap_in_file(connection, old, new))
            done.append(path)
        except StorageError:
            left.append(path)
    return done, left


def record_passphrase_change(store: Store) -> None:
    """Remember the day of a passphrase change (for ``passphrase_note``)."""
    days = settings_service.get_value(store, PASSPHRASE_CHANGED_KEY, [])
    days = [d for d in days if isinstance(d, str)] if isinstance(days, list) else []
    settings_service.set_value(store, PASSPHRASE_CHANGED_KEY,
                               [*days[-9:], store.today().isoformat()])
