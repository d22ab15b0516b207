"""Restoring a backup, with the app closed or while it runs. A restore never destroys anything:
the current file is first moved aside under a dated name; a plain backup restored where the
database is encrypted is encrypted on the way in (or refused without a passphrase)."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from expertteam import clock
from expertteam.domain.enums import AuditAction
from expertteam.domain.errors import StorageError, ValidationError
from expertteam.domain.storage_errors import NotEncryptedError, WrongPassphraseError
from expertteam.i18n import _
from expertteam.services import audit
from expertteam.services import settings as settings_service
from expertteam.services.backup import PASSPHRASE_CHANGED_KEY, BackupPreview, inspect_backup
from expertteam.services.store import Store
from expertteam.storage import convert, integrity, os_errors, snapshot
from expertteam.storage.engine import open_database
from expertteam.storage.integrity import FileKind
from expertteam.storage.lock import acquire


@dataclass(frozen=True, slots=True)
class RestoreResult:
    preview: BackupPreview
    previous_copy: Path | None
    passphrase: str | None = None  # what the restored database opens with
    encrypted_on_restore: bool = False


def restore_backup(database: Path, backup: Path, passphrase: str | None, *,
                   encrypt_with: str | None = None) -> RestoreResult:
    """Put ``backup`` in place of the database at ``database`` (the store must be closed).

    The backup is checked first (``inspect_backup``); the current file (even a damaged one) is
    moved aside unchanged as ``<name>-voor-herstel-<date>.db`` and only then replaced. After the
    restore the database opens with the backup's passphrase. Where the current database is
    encrypted and the backup is not, the backup is encrypted on the way in with
    ``encrypt_with`` (checked against the current database), and refused without it: a restore
    never leaves plain data where encrypted data was. Raises ``WrongPassphraseError``,
    ``DamagedDatabaseError``, ``DatabaseInUseError``, ``NotEncryptedError``,
    ``ValidationError`` or ``StorageError``."""
    database = os_errors.check_path(database, "database")
    backup = os_errors.check_path(backup, "backup")
    if backup.resolve() == database.resolve() or (
            backup.exists() and database.exists() and os.path.samefile(backup, database)):
        raise ValidationError("backup", _("Kies een reservekopie, niet de database zelf."))
    preview = inspect_backup(backup, passphrase)
    if preview.newer_than_app:
        raise StorageError(_("Deze reservekopie is gemaakt met een nieuwere versie van "
                             "Expertteam. Werk de app eerst bij."))
    current_kind = integrity.classify(database)
    encrypt = current_kind is FileKind.ENCRYPTED and not preview.encrypted
    if encrypt:
        if not encrypt_with:
            raise NotEncryptedError(_(
                "De huidige database is versleuteld, deze reservekopie niet. Vul het wachtwoord "
                "van de huidige database in: de kopie wordt dan bij het terugzetten daarmee "
                "versleuteld. Zonder wachtwoord wordt niets teruggezet."))
        try:
            integrity.probe(database, encrypt_with)
        except WrongPassphraseError as error:
            raise WrongPassphraseError(_(
                "Het wachtwoord opent de huidige database niet; de onversleutelde reservekopie "
                "is niet teruggezet.")) from error
        except StorageError:
            pass  # a damaged current file cannot be checked; the passphrase is still used
    integrity.check_location(database)
    lock = acquire(database)
    previous: Path | None = None
    incoming = database.with_name(database.name + ".herstel.part")
    try:
        convert.remove_quietly(incoming)
        if encrypt:
            assert encrypt_with is not None
            convert.export_encrypted(backup, incoming, encrypt_with)
        else:
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
        raise os_errors.storage_error(exc, _("De reservekopie kon niet worden teruggezet "
                                             "({reason}).")) from exc
    finally:
        convert.remove_quietly(incoming)
        lock.release()
    key = encrypt_with if encrypt else (passphrase if preview.encrypted else None)
    return RestoreResult(preview, previous, key, encrypt)


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
    current file kept aside) and the store reopened in place, with the backup's passphrase (a
    plain backup into an encrypted database: encrypted with the current passphrase); logged in
    the restored database. On failure the store is reopened unchanged.

    Raises what ``restore_backup`` raises."""
    current_key = snapshot.passphrase_of(store.database.engine)
    key = passphrase if passphrase else current_key
    inspect_backup(backup, key)  # refuse early, with the store still open
    path = store.database.path
    audit.forget_key(store)
    store.close()
    reopen_key = current_key
    try:
        result = restore_backup(path, backup, key, encrypt_with=current_key)
        reopen_key = result.passphrase
    finally:
        store.database = open_database(path, reopen_key)
        store.lock = acquire(path)
    log_restore(store, result)
    return result


def passphrase_note(store: Store) -> str:
    """For a backup that does not open with the current passphrase: when it changed, and that
    copies not re-keyed then (elsewhere, such as on a USB stick) use the old one."""
    days = settings_service.get_value(store, PASSPHRASE_CHANGED_KEY, [])
    if not isinstance(days, list) or not days or not isinstance(days[-1], str):
        return ""
    try:
        last = date.fromisoformat(days[-1])
    except ValueError:
        return ""
    return _("Het wachtwoord is gewijzigd op {day}. Reservekopieën die de app toen niet kon "
             "bijwerken (bijvoorbeeld op een USB-stick) openen nog met het oude wachtwoord: vul "
             "dat in bij ‘Wachtwoord kopie’.").format(day=f"{last:%d-%m-%Y}")
