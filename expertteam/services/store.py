"""The open database plus who is working and from where: the first argument of every service."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from expertteam import clock
from expertteam.domain.errors import ExpertteamError, StorageError, ValidationError
from expertteam.domain.storage_errors import ChangedMeanwhileError, DamagedDatabaseError
from expertteam.i18n import _
from expertteam.storage import integrity, keys, os_errors
from expertteam.storage.engine import OpenedDatabase, inspect_existing, open_database
from expertteam.storage.lock import InstanceLock, acquire
from expertteam.storage.server import open_server


class Stoppable:
    """A long read that another thread may stop: ``stop()`` interrupts the statement running on
    the attached connection (SQLite's ``interrupt`` is made for that), so closing the app does
    not wait for a check of a large file."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connection: Any = None
        self.stopped = False

    def attach(self, connection: Any) -> bool:
        """Run on ``connection`` from now on; False when already stopped (do not start)."""
        with self._lock:
            self._connection = connection
            return not self.stopped

    def detach(self) -> None:
        with self._lock:
            self._connection = None

    def stop(self) -> None:
        with self._lock:
            self.stopped = True
            if self._connection is not None:
                self._connection.interrupt()


@dataclass
class Store:
    database: OpenedDatabase
    actor_id: int | None = None
    origin: str = "app"
    lock: InstanceLock | None = field(default=None, repr=False)
    pages_checked: bool = True  # False: opened without the whole-file check (``check_pages``)

    @classmethod
    def open(cls, path: Path, passphrase: str | None = None, *, origin: str = "app",
             single_instance: bool = True, check_pages: bool = True) -> Store:
        """Open the existing Expertteam database at ``path`` (migrating it); nothing is ever
        created here. Raises ``StorageError`` (its kinds in ``expertteam.domain.storage_errors``
        tell why: ``MissingDatabaseError``, ``ForeignDatabaseError``, ``NewerSchemaError``, …).
        With ``single_instance`` the file is locked against a second running Expertteam, under
        any of its names, until ``close()``. Without ``check_pages`` the whole-file
        ``quick_check`` is left for ``check_pages()`` (the app runs it in the background once its
        window is up); the header, key, stamp and schema are checked all the same."""
        path = os_errors.check_path(path, "database")
        # One key derivation for the whole open (storage/keys.py); the checks and every
        # pooled connection use the derived key.
        key = keys.file_key(path, passphrase) if passphrase and \
            integrity.classify(path) is integrity.FileKind.ENCRYPTED else None
        # Read-only: refuse before taking a lock.
        inspect_existing(path, key or passphrase, check_pages=check_pages)
        integrity.check_location(path)
        lock = acquire(path) if single_instance else None
        try:
            database = open_database(path, passphrase, inspected=True, key=key)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        return cls(database, origin=origin, lock=lock, pages_checked=check_pages)

    @classmethod
    def create(cls, path: Path, passphrase: str | None = None, *, origin: str = "app",
               single_instance: bool = True) -> Store:
        """Make a new Expertteam database at ``path`` (and its folder), stamped and at the
        newest schema, and open it: the explicit act behind the first-run dialog and
        ``expertteam init``. Raises ``StorageError`` when a file is already there or the place
        cannot be written."""
        path = os_errors.check_path(path, "database")
        database = open_database(path, passphrase, create=True)
        # Closing the pooled connections before the lock opens its own handle on the file:
        # on POSIX, closing any handle drops every fcntl lock the process holds on that file.
        database.engine.dispose()
        try:
            lock = acquire(path) if single_instance else None
        except BaseException:
            database.engine.dispose()
            raise
        return cls(database, origin=origin, lock=lock)

    @classmethod
    def open_server(cls, url: str, *, origin: str = "app", create: bool = False) -> Store:
        """Open the register on the region's PostgreSQL server (``postgresql://…``; see
        ``storage.server``): no file lock, the server serialises the writers; ``create`` is
        ``expertteam server init`` on an empty database."""
        return cls(open_server(url, create=create), origin=origin, lock=None)

    def today(self) -> date:
        """Today's local date, from the one clock (``expertteam.clock``)."""
        return clock.today()

    def now(self) -> datetime:
        """Naive UTC now, from the one clock: the stamp every stored event carries."""
        return clock.utcnow()

    def with_origin(self, origin: str) -> Store:
        return Store(self.database, self.actor_id, origin, self.lock, self.pages_checked)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error, nothing half-written."""
        session = self.database.sessions()
        try:
            yield session
            session.commit()
        except ExpertteamError:
            session.rollback()
            raise
        except StaleDataError as exc:
            session.rollback()
            raise ChangedMeanwhileError(_(
                "Iemand anders heeft dit gegeven intussen gewijzigd; uw wijziging is niet "
                "opgeslagen. Laad het opnieuw (sluit en open het scherm), bekijk de wijziging "
                "van de ander en voer de uwe daarna opnieuw in.")) from exc
        except IntegrityError as exc:
            session.rollback()
            raise StorageError(_("De wijziging past niet bij de bestaande gegevens en is niet "
                                 "opgeslagen.")) from exc
        except DBAPIError as exc:
            session.rollback()
            mapped = integrity.map_error(exc, encrypted=self.database.encrypted)
            if type(mapped) is StorageError:
                reason = str(exc.orig).split("\n")[0][:120] if exc.orig is not None else ""
                mapped = StorageError(_("De database kon de wijziging niet opslaan ({reason}).")
                                      .format(reason=reason))
            raise mapped from exc
        except OverflowError as exc:
            # SQLite stores 64-bit integers; a larger number (an id typed by hand, a corrupt
            # reference) is an input problem, not a crash.
            session.rollback()
            raise ValidationError("id", _("Een opgegeven nummer valt buiten het mogelijke "
                                          "bereik.")) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def check_pages(self, stop: Stoppable | None = None) -> bool:
        """``PRAGMA quick_check`` of the whole open file (it reads every page). Returns False
        when ``stop`` stopped it before it was done, else True. Raises
        ``DamagedDatabaseError`` when a page is damaged."""
        stop = stop or Stoppable()
        try:
            with self.database.engine.connect() as connection:
                if not stop.attach(connection.connection.dbapi_connection):
                    return False
                try:
                    problems = [str(value) for value in
                                connection.exec_driver_sql("PRAGMA quick_check").scalars()]
                finally:
                    stop.detach()
        except DBAPIError as exc:
            if stop.stopped:
                return False
            mapped = integrity.map_error(exc, encrypted=self.database.encrypted)
            raise (_damage_found() if isinstance(mapped, DamagedDatabaseError) else mapped) \
                from exc
        if problems != ["ok"]:
            raise _damage_found()
        return True

    def close(self) -> None:
        self.database.engine.dispose()
        if self.lock is not None:
            self.lock.release()


def _damage_found() -> DamagedDatabaseError:
    return DamagedDatabaseError(_(
        "Bij de controle van het databasebestand is beschadiging gevonden. Werk niet verder in "
        "dit bestand: sluit Expertteam en open een reservekopie."))
