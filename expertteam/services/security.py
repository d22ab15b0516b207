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
from expertteam.services import audit, backup, users
from expertteam.services import settings as settings_service
from expertteam.services.store import Store
from expertteam.storage import audit_chain, convert, integrity, keys, snapshot
from expertteam.storage.engine import default_backup_dir, inspect_existing, open_database
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
    opened (empty, truncated, foreign). Reads only (for a plain file also its stamp and schema
    revision, so that another program's SQLite file is never offered for encryption). Raises the
    typed ``StorageError`` for a plain file that cannot be opened (``ForeignDatabaseError``,
    ``NewerSchemaError``, damaged) or a file that cannot be read at all."""
    kind = integrity.classify(Path(path))
    if kind is FileKind.PLAIN:
        inspect_existing(Path(path), None)
    return kind


def passphrase_strength(passphrase: str, user_inputs: tuple[str, ...] = ()) -> Strength:
    """The strength verdict of the GUI meter and the CLI alike (zxcvbn with Dutch words and
    place names, see ``expertteam.domain.passphrase``); ``user_inputs``: the user's name."""
    return assess(passphrase if isinstance(passphrase, str) else "", user_inputs)


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
    require_acceptable(_check_passphrase_text(passphrase, "passphrase"),
                       user_inputs=(user_name,) if isinstance(user_name, str) else ())
    store = Store.create(path, passphrase, origin=origin)
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
            path = store.database.path
            integrity.probe(path, keys.file_key(path, passphrase) or passphrase)
            ok = True
        except WrongPassphraseError:
            ok = False
    if not ok:
        audit.record_now(store, AuditAction.VIEW, "session", store.actor_id or "-",
                         result=AuditResult.REFUSED, detail="unlock")
    return ok


@dataclass(frozen=True, slots=True)
class PassphraseChange:
    """The backups re-keyed with the database, and those that kept the old passphrase."""

    rekeyed_backups: tuple[Path, ...]
    old_passphrase_backups: tuple[Path, ...]


def change_passphrase(store: Store, old: str, new: str) -> PassphraseChange:
    """Re-encrypt the database with ``new`` (``PRAGMA rekey``) and reopen it; the audit log's
    key is wrapped under ``new`` and the backups the app keeps are re-keyed too
    (``backup.rekey_backups``); logged, with the day remembered for the restore dialog.

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
    audit.forget_key(store)
    store.database.engine.dispose()
    convert.rekey(path, old, new,
                  lambda connection: audit_chain.rewrap_in_file(connection, old, new))
    store.database = open_database(path, new, migrate=False)
    done, left = backup.rekey_backups(store, old, new)
    backup.record_passphrase_change(store)
    audit.record_now(store, AuditAction.CHANGE, "database", "passphrase",
                     detail=f"rekey; backups rekeyed {len(done)}, left {len(left)}")
    return PassphraseChange(tuple(done), tuple(left))


@dataclass(frozen=True, slots=True)
class EncryptionResult:
    path: Path
    plain_backups: tuple[Path, ...]


def encrypt_database(path: Path, passphrase: str) -> EncryptionResult:
    """Convert the plain database at ``path`` to an encrypted one with ``passphrase``.

    The store must be closed. The encrypted copy is verified before it replaces the original;
    if anything fails the original stays as it was. Plain automatic backups found next to it
    are listed (not deleted) so the user can decide. Raises ``ValidationError`` (weak
    passphrase), ``ForeignDatabaseError`` (another program's file: never converted),
    ``NewerSchemaError``, ``DamagedDatabaseError``, ``DatabaseInUseError`` or
    ``StorageError``."""
    path = Path(path)
    require_acceptable(_check_passphrase_text(passphrase, "passphrase"))
    if integrity.check_file(path, None) is not FileKind.PLAIN:
        raise StorageError(_("Er is geen onversleutelde database op deze plek."))
    inspect_existing(path, None)
    lock = acquire(path)
    temporary = path.with_name(path.name + ".versleuteld.part")
    try:
        convert.export_encrypted(path, temporary, passphrase)
        os.replace(temporary, path)
    except StorageError:
        raise
    except Exception as exc:
        raise integrity.map_error(exc, encrypted=True) from exc
    finally:
        convert.remove_quietly(temporary)
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
    audit.forget_key(store)
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

