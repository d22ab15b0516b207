"""Kinds of ``StorageError``, so that a screen can offer the right way out.

Each message says what happened and what the user can do; none contains personal data.
"""

from __future__ import annotations

from expertteam.domain.errors import StorageError


class WrongPassphraseError(StorageError):
    """The passphrase does not open the database (or none was given for an encrypted one).
    Way out: try again."""


class NotEncryptedError(StorageError):
    """A passphrase was given but the database is not encrypted. Way out: open it without one
    and convert it."""


class DamagedDatabaseError(StorageError):
    """The file is damaged, truncated or not an Expertteam database. It is never overwritten.
    Way out: open a backup or choose another file."""


class DatabaseInUseError(StorageError):
    """Another running copy of Expertteam has this database open. Way out: close that copy."""


class ReadOnlyLocationError(StorageError):
    """The database's folder (or the file) cannot be written. Way out: choose another folder or
    copy the file to one that can be written."""


class DiskFullError(StorageError):
    """The disk is full; the last change is not saved. Way out: make room and try again."""


class ForeignDatabaseError(DamagedDatabaseError):
    """The file is an SQLite database of another program (no Expertteam stamp). It is never
    written to. Way out: choose another file."""


class NewerSchemaError(StorageError):
    """The database was made by a newer version of Expertteam. Nothing is written and no backup
    is made. Way out: update the app."""


class MissingDatabaseError(StorageError):
    """There is no database at the given place, and this action does not create one. Way out:
    check the path, or create a database explicitly (first-run dialog, ``expertteam init``)."""


class ChangedMeanwhileError(StorageError):
    """Someone else saved the same record (on the server) after it was read here; nothing of
    this save was written. Way out: reload the record and make the change again."""
