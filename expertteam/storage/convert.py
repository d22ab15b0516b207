"""Changing how a database file is encrypted: a plain file into an encrypted copy, and re-keying.

``export_encrypted`` writes an encrypted copy of a plain file with ``sqlcipher_export`` and checks
it (key, ``quick_check``, row count of every table, the header looks random) before returning;
the caller renames it into place. ``rekey`` changes the passphrase of an encrypted file in place
(SQLCipher's ``PRAGMA rekey`` rewrites every page inside one transaction).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from expertteam.domain.errors import StorageError
from expertteam.i18n import _
from expertteam.storage import audit_chain, integrity


def table_counts(connection: Any) -> dict[str, int]:
    names = [row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").fetchall()]
    return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            for name in names}


def remove_quietly(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + "-journal"),
                      path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(OSError):
            candidate.unlink()


def export_encrypted(source: Path, target: Path, passphrase: str) -> None:
    """Write ``target`` as an encrypted copy of the plain database ``source`` (unchanged).

    Raises ``StorageError`` (typed) when the copy cannot be made or does not check; ``target``
    is then removed."""
    remove_quietly(target)
    try:
        # SQLCipher opens a plain file as SQLite does; sqlcipher_export writes every table into
        # the attached, encrypted file. The header fields are copied by hand.
        connection = integrity.driver_module(True).connect(str(Path(source).absolute()),
                                                           check_same_thread=False)
        try:
            with contextlib.suppress(Exception):
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            source_counts = table_counts(connection)
            connection.execute("ATTACH DATABASE ? AS encrypted KEY ?",
                               (str(Path(target).absolute()), passphrase))
            connection.execute("SELECT sqlcipher_export('encrypted')")
            for pragma in ("user_version", "application_id"):
                value = connection.execute(f"PRAGMA {pragma}").fetchone()[0]
                connection.execute(f"PRAGMA encrypted.{pragma} = {int(value)}")
            connection.execute("DETACH DATABASE encrypted")
        finally:
            connection.close()
        check = integrity.connect_raw(target, passphrase)
        try:
            has_settings = check.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                                         "AND name = 'setting'").fetchone()
            if has_settings:
                audit_chain.wrap_plain_in_file(check, passphrase)
            sound = integrity.quick_check(check) == ["ok"] and table_counts(check) == \
                source_counts
        finally:
            check.close()
        if not sound or integrity.classify(target) is not integrity.FileKind.ENCRYPTED:
            raise StorageError(_("De versleutelde kopie klopt niet; het oorspronkelijke bestand "
                                 "is ongewijzigd gebleven."))
    except StorageError:
        remove_quietly(target)
        raise
    except Exception as exc:
        remove_quietly(target)
        raise integrity.map_error(exc, encrypted=True) from exc


def rekey(path: Path, old: str, new: str,
          inside: Callable[[Any], None] | None = None) -> None:
    """Re-encrypt the file at ``path`` from ``old`` to ``new``; ``inside(connection)`` runs
    first on the open connection (to update what the file stores about its key). Raises the
    typed ``StorageError`` (``WrongPassphraseError`` when ``old`` does not open it)."""
    connection = integrity.connect_raw(path, old)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if inside is not None:
            inside(connection)
            connection.commit()
        connection.execute("PRAGMA rekey = '{}'".format(new.replace("'", "''")))
    except Exception as exc:
        raise integrity.map_error(exc, encrypted=True) from exc
    finally:
        connection.close()
