"""Look at a database file before trusting it, and turn SQLite's complaints into typed errors.

``check_file`` reads only the header (never writes); ``probe`` opens the file read-only with the
key, runs ``PRAGMA quick_check`` and reads what makes a file ours: ``PRAGMA application_id``
(``APPLICATION_ID``), the tables and the Alembic revision. Both happen before the normal open,
which switches on WAL and may migrate: a damaged, truncated, foreign or newer file is therefore
never written to. Every connection is made from the file's absolute path (never from a URL), so
``?``, ``#`` or ``%20`` in a name are just characters.
"""

from __future__ import annotations

import contextlib
import math
import os
import shutil
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import quote

from expertteam.domain.errors import StorageError
from expertteam.domain.storage_errors import (
    DamagedDatabaseError,
    DatabaseInUseError,
    DiskFullError,
    ForeignDatabaseError,
    NotEncryptedError,
    ReadOnlyLocationError,
    WrongPassphraseError,
)
from expertteam.i18n import _
from expertteam.storage import os_errors

SQLITE_HEADER = b"SQLite format 3\x00"
SQLITE_HEADER_SIZE = 100
# SQLCipher writes pages of 4096 bytes; every page is encrypted, so the file looks random.
MIN_PAGE_SIZE = 512
RANDOM_ENTROPY_BITS = 7.0
SAMPLE_SIZE = 4096
# ``PRAGMA application_id`` of every Expertteam database: the ASCII bytes "EXPT". Written when a
# database is created (and by migration 0003 on older databases that are recognisably ours);
# a file without it is another program's and is never written to.
APPLICATION_ID = 0x45585054
# What a database made before the stamp existed always has (revision 0001 created them all).
LEGACY_TABLES = frozenset({"alembic_version", "audit_entry", "case", "meeting", "organisation",
                           "setting", "user_profile", "action"})


class FileKind(StrEnum):
    MISSING = "missing"
    EMPTY = "empty"
    PLAIN = "plain"
    ENCRYPTED = "encrypted"
    TRUNCATED = "truncated"
    FOREIGN = "foreign"


def _entropy(sample: bytes) -> float:
    counts = Counter(sample)
    total = len(sample)
    return -sum(n / total * math.log2(n / total) for n in counts.values())


def _plain_is_truncated(path: Path, header: bytes, size: int) -> bool:
    if len(header) < SQLITE_HEADER_SIZE:
        return True
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < MIN_PAGE_SIZE or page_size & (page_size - 1):
        return True
    if size % page_size:
        return True
    pages = int.from_bytes(header[28:32], "big")
    change_counter = header[24:28]
    valid_for = header[92:96]
    wal = path.with_name(path.name + "-wal")
    # The page count in the header is trustworthy only when it was written with the current
    # change counter; pages may still live in the WAL file.
    return change_counter == valid_for and pages * page_size > size and not (
        wal.exists() and wal.stat().st_size > 0)


def classify(path: Path) -> FileKind:
    """What the file at ``path`` looks like, from its size and first bytes (read only)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return FileKind.MISSING
    except (OSError, ValueError) as exc:
        raise StorageError(_("Het databasebestand kan niet worden gelezen ({reason}).")
                           .format(reason=os_errors.reason(exc))) from exc
    if size == 0:
        return FileKind.EMPTY
    try:
        with path.open("rb") as handle:
            sample = handle.read(SAMPLE_SIZE)
    except OSError as exc:
        raise StorageError(_("Het databasebestand kan niet worden gelezen ({reason}).")
                           .format(reason=os_errors.reason(exc))) from exc
    if sample.startswith(SQLITE_HEADER):
        return FileKind.TRUNCATED if _plain_is_truncated(path, sample, size) else FileKind.PLAIN
    if SQLITE_HEADER.startswith(sample):
        return FileKind.TRUNCATED
    if len(sample) >= 1024 and _entropy(sample) >= RANDOM_ENTROPY_BITS:
        return FileKind.TRUNCATED if size % MIN_PAGE_SIZE else FileKind.ENCRYPTED
    return FileKind.FOREIGN


def damaged_error() -> DamagedDatabaseError:
    return DamagedDatabaseError(_(
        "Het databasebestand is beschadigd of onvolledig. Het bestand is niet gewijzigd. Open "
        "een reservekopie of kies een ander bestand."))


def foreign_error() -> ForeignDatabaseError:
    return ForeignDatabaseError(_(
        "Dit is geen database van Expertteam (het bestand hoort bij een ander programma of is "
        "geen database). Het bestand is niet gewijzigd. Kies een ander bestand of open een "
        "reservekopie."))


def check_location(path: Path) -> None:
    """Raise ``ReadOnlyLocationError`` when the database (or a new one) cannot be written there.

    SQLite needs to create its journal files next to the database, so the folder must be
    writable, not only the file."""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and
                                                   not os.access(path, os.R_OK | os.W_OK)):
        raise ReadOnlyLocationError(_(
            "In de map van de database kan niet worden geschreven. Kies een andere map, of "
            "kopieer de database naar een map waarin u wel kunt schrijven."))


def check_file(path: Path, passphrase: str | None) -> FileKind:
    """Classify ``path`` and raise the typed error for a file that must not be opened as asked."""
    kind = classify(path)
    if kind is FileKind.EMPTY:
        raise DamagedDatabaseError(_(
            "Het databasebestand is leeg (0 bytes). Het bestand is niet gewijzigd. Open een "
            "reservekopie of kies een ander bestand."))
    if kind is FileKind.TRUNCATED:
        raise damaged_error()
    if kind is FileKind.FOREIGN:
        raise foreign_error()
    if kind is FileKind.ENCRYPTED and not passphrase:
        raise WrongPassphraseError(_("Deze database is versleuteld. Vul het wachtwoord in."))
    if kind is FileKind.PLAIN and passphrase:
        raise NotEncryptedError(_(
            "Deze database is nog niet versleuteld. Open hem zonder wachtwoord en kies "
            "‘Versleutelen’ om hem te beveiligen."))
    return kind


def driver_module(encrypted: bool) -> Any:
    if encrypted:
        import sqlcipher3

        return sqlcipher3
    import sqlite3

    return sqlite3


def apply_key(connection: Any, passphrase: str) -> None:
    """Quiet SQLCipher's own log (it would print decryption failures) and set the key."""
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute("PRAGMA key = '{}'".format(passphrase.replace("'", "''")))


def file_uri(path: Path, options: str) -> str:
    """A ``file:`` URI for ``path`` with every special character percent-encoded."""
    return f"file:{quote(os.path.abspath(path), safe='/')}?{options}"


def connect_raw(path: Path, passphrase: str | None, *, read_only: bool = False) -> Any:
    """A DB-API connection (sqlite3 or sqlcipher3) to ``path`` with the key applied. The name is
    passed as an absolute path (or, read-only, a percent-encoded URI): never parsed as a URL."""
    module = driver_module(bool(passphrase))
    if read_only:
        connection = module.connect(file_uri(path, "mode=ro"), uri=True,
                                    check_same_thread=False)
    else:
        connection = module.connect(os.path.abspath(path), check_same_thread=False)
    if passphrase:
        apply_key(connection, passphrase)
    return connection


def open_read_only(path: Path, passphrase: str | None) -> Any:
    """A read-only connection that has read the schema (so a wrong key fails here).

    In a folder that cannot be written (or on a full disk) SQLite cannot make the shared-memory
    file a WAL-mode database needs; when no WAL file holds unsaved pages, the file is then read
    as immutable."""
    connection = connect_raw(path, passphrase, read_only=True)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return connection
    except Exception as exc:
        connection.close()
        wal = path.with_name(path.name + "-wal")
        # No shared-memory file can be made in a read-only folder ("unable to open") or on a
        # full disk ("disk I/O error"): read the file as immutable when no WAL holds pages.
        reason = str(exc).lower()
        if not ("unable to open" in reason or "disk i/o error" in reason) or \
                (wal.exists() and wal.stat().st_size > 0):
            raise
    module = driver_module(bool(passphrase))
    connection = module.connect(file_uri(path, "mode=ro&immutable=1"), uri=True,
                                check_same_thread=False)
    if passphrase:
        apply_key(connection, passphrase)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except Exception:
        connection.close()
        raise
    return connection


@dataclass(frozen=True, slots=True)
class DatabaseInfo:
    """What a sound database file says about itself (read by ``probe``)."""

    application_id: int
    revision: str | None
    tables: frozenset[str]

    @property
    def stamped(self) -> bool:
        return self.application_id == APPLICATION_ID

    @property
    def legacy_ours(self) -> bool:
        """Made by Expertteam before the stamp: no application id, our tables and revision."""
        return self.application_id == 0 and self.revision is not None and \
            self.tables >= LEGACY_TABLES


def read_info(connection: Any) -> DatabaseInfo:
    """Application id, tables and Alembic revision of an open DB-API connection."""
    application_id = int(connection.execute("PRAGMA application_id").fetchone()[0])
    tables = frozenset(str(row[0]) for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type='table'").fetchall())
    revision = None
    if "alembic_version" in tables:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = str(row[0]) if row is not None and row[0] is not None else None
    return DatabaseInfo(application_id, revision, tables)


def probe(path: Path, passphrase: str | None, *, check_pages: bool = True) -> DatabaseInfo:
    """Open the existing file read-only, check the key, run ``PRAGMA quick_check`` (unless not
    ``check_pages``: it reads the whole file) and read what the file says about itself
    (``DatabaseInfo``).

    Raises ``WrongPassphraseError``, ``DamagedDatabaseError`` or another typed
    ``StorageError``; writes nothing."""
    # Reading a WAL-mode database makes SQLite create empty -wal/-shm files; remove the ones
    # this check created, so that looking at a file leaves its folder exactly as it was.
    sidecars = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    created = [sidecar for sidecar in sidecars if not sidecar.exists()]
    try:
        try:
            connection = open_read_only(path, passphrase)
        except Exception as exc:
            raise map_error(exc, encrypted=bool(passphrase), path=path) from exc
        try:
            problems = quick_check(connection) if check_pages else ["ok"]
            info = read_info(connection)
        except Exception as exc:
            raise map_error(exc, encrypted=bool(passphrase)) from exc
        finally:
            connection.close()
    finally:
        for sidecar in created:
            with contextlib.suppress(OSError):
                if sidecar.exists() and (sidecar.name.endswith("-shm") or
                                         sidecar.stat().st_size == 0):
                    sidecar.unlink()
    if problems != ["ok"]:
        raise damaged_error()
    return info


def quick_check(connection: Any) -> list[str]:
    """``PRAGMA quick_check`` on an open DB-API connection: ``["ok"]`` when sound."""
    return [str(row[0]) for row in connection.execute("PRAGMA quick_check").fetchall()]


def _disk_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent if path.parent.exists() else Path(".")).free < \
            64 * 1024
    except OSError:
        return False


def map_error(exc: BaseException, *, encrypted: bool,
              path: Path | None = None) -> StorageError:
    """The typed, Dutch error for a DB-API or OS exception raised while using the database
    (``path``: the database, to tell a full disk behind SQLite's "disk I/O error")."""
    if isinstance(exc, StorageError):
        return exc
    if isinstance(exc, OSError) and not hasattr(exc, "orig"):
        return os_errors.storage_error(exc, _(
            "De database kan niet worden gebruikt ({reason})."))
    original = getattr(exc, "orig", None) or exc
    message = str(original).split("\n")[0]
    lowered = message.lower()
    if "file is not a database" in lowered:
        if encrypted:
            return WrongPassphraseError(_(
                "Het wachtwoord klopt niet. Probeer het opnieuw (let op hoofdletters)."))
        return foreign_error()
    if "malformed" in lowered or "corrupt" in lowered:
        return damaged_error()
    if "disk i/o error" in lowered and path is not None and _disk_full(path):
        return DiskFullError(_(
            "De schijf is vol: de database kan niet worden geopend of opgeslagen. Maak ruimte "
            "vrij (of kies een andere map) en probeer het opnieuw."))
    if "disk i/o error" in lowered:
        return StorageError(_(
            "Lezen of schrijven van de database is mislukt (schijffout). Controleer of de schijf "
            "of USB-stick nog is aangesloten en probeer het opnieuw."))
    if "database or disk is full" in lowered or "no space" in lowered:
        return DiskFullError(_(
            "De schijf is vol: de laatste wijziging is niet opgeslagen. Maak ruimte vrij (of "
            "kies een andere map) en probeer het opnieuw."))
    if "locked" in lowered or "busy" in lowered:
        return DatabaseInUseError(_(
            "De database is bezet door een ander programma of een andere Expertteam. Sluit dat "
            "programma en probeer het opnieuw."))
    if "readonly" in lowered.replace(" ", "") or "unable to open" in lowered or \
            isinstance(original, PermissionError):
        return ReadOnlyLocationError(_(
            "De database kan niet worden geopend of beschreven in deze map. Kies een andere map, "
            "of kopieer de database naar een map waarin u wel kunt schrijven."))
    return StorageError(_("De database kan niet worden gebruikt ({reason}).")
                        .format(reason=message[:120]))
