"""Encryption at rest: first passphrase, unlock, change (rekey), and converting a plain database.

The passphrase never leaves memory and is never logged. Converting a plain database writes an
encrypted copy next to it, verifies the copy (key, ``quick_check``, row counts of every table)
and only then puts it in the original's place.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from expertteam.domain.enums import AuditAction, AuditResult, UserRole
from expertteam.domain.errors import StorageError, ValidationError
from expertteam.domain.passphrase import Strength, assess, require_acceptable
from expertteam.domain.storage_errors import WrongPassphraseError
from expertteam.i18n import _
from expertteam.services import audit, users
from expertteam.services import settings as settings_service
from expertteam.services.store import Store
from expertteam.storage import integrity, snapshot
from expertteam.storage.engine import default_backup_dir, open_database
from expertteam.storage.integrity import FileKind
from expertteam.storage.lock import acquire

__all__ = ["DatabaseState", "FileKind", "database_state"]

DatabaseState = FileKind
AUTO_LOCK_KEY = "security.auto_lock_minutes"
DEFAULT_AUTO_LOCK_MINUTES = 5
MAX_AUTO_LOCK_MINUTES = 120


def auto_lock_minutes(store: Store) -> int:
    """Minutes without keyboard or mouse after which the app locks itself (default 5)."""
    value = settings_service.get_value(store, AUTO_LOCK_KEY, DEFAULT_AUTO_LOCK_MINUTES)
    if isinstance(value, int) and not isinstance(value, bool) and \
            1 <= value <= MAX_AUTO_LOCK_MINUTES:
        return value
    return DEFAULT_AUTO_LOCK_MINUTES


def set_auto_lock_minutes(store: Store, minutes: int) -> int:
    """Set the idle time before auto-lock (1 to 120 minutes); logged. Raises
    ``ValidationError`` on ``auto_lock_minutes``."""
    if isinstance(minutes, bool) or not isinstance(minutes, int) or \
            not 1 <= minutes <= MAX_AUTO_LOCK_MINUTES:
        raise ValidationError("auto_lock_minutes", _(
            "Kies een wachttijd van 1 tot en met {n} minuten.").format(n=MAX_AUTO_LOCK_MINUTES))
    settings_service.set_value(store, AUTO_LOCK_KEY, minutes)  # logged with the change
    return minutes


def is_encrypted(store: Store) -> bool:
    """Whether the open database is encrypted."""
    return store.database.encrypted


def database_state(path: Path) -> FileKind:
    """What is at ``path``: missing (first start), plain, encrypted, or a file that cannot be
    opened (empty, truncated, foreign). Reads the header only. Raises ``StorageError`` when the
    file cannot be read at all."""
    return integrity.classify(Path(path))


def passphrase_strength(passphrase: str) -> Strength:
    """The strength meter's verdict (see ``expertteam.domain.passphrase``)."""
    return assess(passphrase if isinstance(passphrase, str) else "")


def _check_passphrase_text(passphrase: str, field: str) -> str:
    if not isinstance(passphrase, str):
        raise ValidationError(field, _("Vul een wachtwoord in."))
    if any(ord(c) < 32 for c in passphrase):
        raise ValidationError(field, _("Het wachtwoord bevat tekens die niet zijn toegestaan."))
    return passphrase


def create_database(path: Path, passphrase: str, user_name: str,
                    role: UserRole = UserRole.CHAIR, *, origin: str = "app") -> Store:
    """First start: a new encrypted database with the first user profile, opened and that user
    chosen. Raises ``ValidationError`` (``passphrase``, ``name``, ``role``) or ``StorageError``
    (a file already exists there, folder not writable)."""
    path = Path(path)
    require_acceptable(_check_passphrase_text(passphrase, "passphrase"))
    if path.exists():
        raise StorageError(_("Er staat al een bestand op deze plek; kies een andere naam."))
    store = Store.open(path, passphrase, origin=origin)
    try:
        user = users.create_user(store, user_name, role)
        users.choose_user(store, user.id)
    except BaseException:
        store.close()
        for leftover in (path, path.with_name(path.name + "-wal"),
                         path.with_name(path.name + "-shm")):
            with contextlib.suppress(OSError):
                leftover.unlink()
        raise
    return store


def verify_passphrase(store: Store, passphrase: str) -> bool:
    """True when ``passphrase`` opens the store's database (checked with a fresh connection,
    as at unlock). A refusal is logged. Raises only ``StorageError`` for a file problem."""
    if not isinstance(passphrase, str) or not passphrase:
        ok = False
    else:
        try:
            integrity.probe(store.database.path, passphrase)
            ok = True
        except WrongPassphraseError:
            ok = False
    if not ok:
        audit.record_now(store, AuditAction.VIEW, "session", store.actor_id or "-",
                         result=AuditResult.REFUSED, detail="unlock")
    return ok


def change_passphrase(store: Store, old: str, new: str) -> None:
    """Re-encrypt the database with ``new`` (``PRAGMA rekey``) and reopen it; logged.

    Raises ``ValidationError`` on ``old_passphrase`` (wrong) or ``new_passphrase`` (too weak,
    same as the old one), or ``StorageError``."""
    if not store.database.encrypted:
        raise ValidationError("old_passphrase", _("Deze database is nog niet versleuteld; kies "
                                                  "eerst ‘Versleutelen’."))
    _check_passphrase_text(new, "new_passphrase")
    if not verify_passphrase(store, old):
        raise ValidationError("old_passphrase", _("Het huidige wachtwoord klopt niet."))
    if new == old:
        raise ValidationError("new_passphrase", _("Kies een ander wachtwoord dan het huidige."))
    require_acceptable(new, "new_passphrase")
    path = store.database.path
    store.database.engine.dispose()
    connection = integrity.connect_raw(path, old)
    try:
        connection.execute("PRAGMA rekey = '{}'".format(new.replace("'", "''")))
    except Exception as exc:
        raise integrity.map_error(exc, encrypted=True) from exc
    finally:
        connection.close()
    store.database = open_database(path, new, migrate=False)
    audit.record_now(store, AuditAction.CHANGE, "database", "passphrase", detail="rekey")


@dataclass(frozen=True, slots=True)
class EncryptionResult:
    path: Path
    plain_backups: tuple[Path, ...]


def _table_counts(connection: object) -> dict[str, int]:
    names = [row[0] for row in connection.execute(  # type: ignore[attr-defined]
        "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").fetchall()]
    return {name: connection.execute(  # type: ignore[attr-defined]
        f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def encrypt_database(path: Path, passphrase: str) -> EncryptionResult:
    """Convert the plain database at ``path`` to an encrypted one with ``passphrase``.

    The store must be closed. The encrypted copy is verified before it replaces the original;
    if anything fails the original stays as it was. Plain automatic backups found next to it
    are listed (not deleted) so the user can decide. Raises ``ValidationError`` (weak
    passphrase), ``DamagedDatabaseError``, ``DatabaseInUseError`` or ``StorageError``."""
    path = Path(path)
    require_acceptable(_check_passphrase_text(passphrase, "passphrase"))
    if integrity.check_file(path, None) is not FileKind.PLAIN:
        raise StorageError(_("Er is geen onversleutelde database op deze plek."))
    integrity.probe(path, None)
    lock = acquire(path)
    temporary = path.with_name(path.name + ".versleuteld.part")
    try:
        for leftover in (temporary, temporary.with_name(temporary.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
        # SQLCipher opens a plain file like SQLite does; sqlcipher_export then writes every
        # table into the attached, encrypted file.
        connection = integrity.driver_module(True).connect(str(path), check_same_thread=False)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            source_counts = _table_counts(connection)
            connection.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(temporary),
                                                                       passphrase))
            connection.execute("SELECT sqlcipher_export('encrypted')")
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            connection.execute(f"PRAGMA encrypted.user_version = {int(version)}")
            connection.execute("DETACH DATABASE encrypted")
        finally:
            connection.close()
        check = integrity.connect_raw(temporary, passphrase)
        try:
            sound = integrity.quick_check(check) == ["ok"] and _table_counts(check) == \
                source_counts
        finally:
            check.close()
        if not sound or integrity.classify(temporary) is not FileKind.ENCRYPTED:
            raise StorageError(_("De versleutelde kopie klopt niet; de oorspronkelijke database "
                                 "is ongewijzigd gebleven."))
        os.replace(temporary, path)
    except StorageError:
        raise
    except Exception as exc:
        raise integrity.map_error(exc, encrypted=True) from exc
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()
        lock.release()
    store = Store.open(path, passphrase, origin="app")
    try:
        audit.record_now(store, AuditAction.CHANGE, "database", "encryption", detail="encrypt")
    finally:
        store.close()
    return EncryptionResult(path, tuple(find_plain_backups(path)))


def encrypt_open_store(store: Store, passphrase: str) -> EncryptionResult:
    """Convert the store's plain database to an encrypted one while the app runs: the store is
    closed, converted (see ``encrypt_database``) and reopened in place with ``passphrase``.

    Raises what ``encrypt_database`` raises; on failure the store is reopened unchanged."""
    if store.database.encrypted:
        raise StorageError(_("Deze database is al versleuteld."))
    require_acceptable(_check_passphrase_text(passphrase, "passphrase"))
    path = store.database.path
    store.close()
    try:
        result = encrypt_database(path, passphrase)
        key: str | None = passphrase
    except BaseException:
        key = None
        raise
    finally:
        store.database = open_database(path, key, migrate=False)
        store.lock = acquire(path)
    return result


def find_plain_backups(path: Path) -> list[Path]:
    """Automatic backups of the database at ``path`` that are still unencrypted."""
    folder = default_backup_dir(Path(path))
    return [b.path for b in snapshot.list_automatic(folder, Path(path).stem)
            if integrity.classify(b.path) is FileKind.PLAIN]


def remove_files(paths: list[Path]) -> int:
    """Delete the given backup files (after the user agreed); returns how many were removed."""
    removed = 0
    for candidate in paths:
        with contextlib.suppress(OSError):
            Path(candidate).unlink()
            removed += 1
    return removed

