"""Engine and session factory: SQLite by default, SQLCipher when a passphrase is given.

Every connection gets foreign keys on, WAL journaling and a busy timeout. The schema is brought to
the newest Alembic revision on open, after a backup copy of a database that needs migrating.

Ours or nothing: ``open_database`` opens only an existing file that is an Expertteam database
(stamped with ``integrity.APPLICATION_ID``, or an older one recognisably ours) at a schema this
version knows; ``create=True`` (the first-run dialog, ``expertteam init``) is the only way a new
file comes into being. Connections are made by a ``creator`` from the absolute path, so the path
is never parsed as a URL; the passphrase travels as the URL's password component, built with
``URL.create`` (no string parsing either).
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool, QueuePool

from expertteam import clock
from expertteam.domain.errors import StorageError
from expertteam.domain.storage_errors import MissingDatabaseError, NewerSchemaError
from expertteam.i18n import _
from expertteam.storage import integrity, os_errors, snapshot

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OpenedDatabase:
    path: Path
    engine: Engine
    sessions: sessionmaker[Session]
    encrypted: bool
    # The masked URL of a PostgreSQL server (storage/server.py); None for a file. On a server
    # ``path`` names no file.
    server: str | None = None
    # The server's ``current_user``: the database role this session logged in as.
    role: str | None = None

    @property
    def on_server(self) -> bool:
        return self.server is not None


def database_url(passphrase: str | None) -> URL:
    """The engine's URL: the dialect and, for SQLCipher, the passphrase (its ``on_connect``
    sets the key). The database itself comes from the engine's ``creator``."""
    if passphrase:
        return URL.create("sqlite+pysqlcipher", password=passphrase)
    return URL.create("sqlite")


def _creator(path: Path, encrypted: bool) -> Any:
    module = integrity.driver_module(encrypted)
    absolute = os.path.abspath(path)

    def connect() -> Any:
        return module.connect(absolute, check_same_thread=False)

    return connect


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    # A commit is on disk when it returns (WAL is synced on every commit): a power cut in a
    # meeting loses nothing that was saved.
    cursor.execute("PRAGMA synchronous=FULL")
    # What is deleted or overwritten (a discarded draft, a purged child) is zeroed on disk, not
    # left in free pages for a copy of the file to carry.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def compact_database(engine: Engine) -> None:
    """Fold the write-ahead log into the file and rebuild it without free pages (after a purge:
    no old page version of the purged rows is left in the database file or its log)."""
    with engine.connect() as connection:
        connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.exec_driver_sql("VACUUM")
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def create_db_engine(path: Path, passphrase: str | None = None, *,
                     key: str | None = None) -> Engine:
    """With ``key`` (``storage/keys.py``: derived once from ``passphrase``) every connection is
    keyed with it, after the dialect's own ``PRAGMA key`` and before any page is read, so no
    connection derives the key again; the URL keeps the passphrase for backups and the audit key.
    """
    creator = _creator(Path(path), bool(passphrase))
    if passphrase:
        # SQLCipher derives the key (PBKDF2, 256 000 rounds, ~0.1 s) on every new connection:
        # keep a few connections open instead of one per unit of work.
        engine = create_engine(database_url(passphrase), creator=creator, poolclass=QueuePool,
                               pool_size=2, max_overflow=4)
        if key:
            event.listen(engine, "connect",
                         lambda connection, _record: integrity.apply_key(connection, key))
    else:
        engine = create_engine(database_url(None), creator=creator, poolclass=NullPool)
    event.listen(engine, "connect", _on_connect)
    return engine


_REVISION_LINE = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)


@cache
def known_revisions() -> frozenset[str]:
    """Every schema revision this version of the app knows, read from the migration files
    (without importing Alembic, which costs a quarter second at start-up)."""
    found = set()
    for script in (MIGRATIONS_DIR / "versions").glob("*.py"):
        match = _REVISION_LINE.search(script.read_text(encoding="utf-8"))
        if match:
            found.add(match.group(1))
    return frozenset(found)


def newer_schema_error(revision: str) -> NewerSchemaError:
    return NewerSchemaError(_(
        "Deze database is gemaakt met een nieuwere versie van Expertteam (schemaversie "
        "{revision}). Deze versie kan hem niet openen. Werk Expertteam bij. Er is niets aan het "
        "bestand gewijzigd en er is geen reservekopie gemaakt.").format(revision=revision[:20]))


def check_ours(info: integrity.DatabaseInfo) -> None:
    """Raise ``ForeignDatabaseError`` for another program's file, ``NewerSchemaError`` for a
    database of a newer Expertteam."""
    if not (info.stamped or info.legacy_ours):
        raise integrity.foreign_error()
    if info.revision is not None and info.revision not in known_revisions():
        raise newer_schema_error(info.revision)


def inspect_existing(path: Path, passphrase: str | None, *,
                     check_pages: bool = True) -> integrity.DatabaseInfo:
    """Read-only: header, key, ``quick_check`` and the ownership checks of an existing file.
    Without ``check_pages`` the whole-file ``quick_check`` is left to the caller (to run in the
    background), unless the file is to be migrated: nothing is written to a file not checked.

    Raises ``MissingDatabaseError`` when nothing is there, or the typed ``StorageError`` that
    explains why the file cannot be opened as asked."""
    path = os_errors.check_path(path, "database")
    kind = integrity.classify(path)
    if kind is integrity.FileKind.MISSING:
        raise missing_error(path)
    if kind is integrity.FileKind.PLAIN and passphrase:
        # Only our own plain database is "not encrypted yet" (with the offer to encrypt it).
        check_ours(integrity.probe(path, None))
    integrity.check_file(path, passphrase)
    info = integrity.probe(path, passphrase, check_pages=check_pages)
    if not check_pages and info.revision != SCHEMA_HEAD:
        info = integrity.probe(path, passphrase)
    check_ours(info)
    return info


def missing_error(path: Path) -> MissingDatabaseError:
    return MissingDatabaseError(_(
        "Er staat geen database op {path}. Controleer de plek (--database of ${env}); een nieuwe "
        "database maakt u met ‘expertteam init’ of bij de eerste start van de app. Er is niets "
        "aangemaakt.").format(path=path, env="EXPERTTEAM_DATABASE"))


def open_database(path: Path, passphrase: str | None = None, *, migrate: bool = True,
                  backup_dir: Path | None = None, create: bool = False,
                  inspected: bool = False, key: str | None = None) -> OpenedDatabase:
    """Open the existing Expertteam database at ``path`` and bring its schema up to date; with
    ``create`` make a new one there instead (its folder too).

    Raises ``StorageError`` with a Dutch message for a wrong passphrase, a file that is not an
    Expertteam database, a newer schema, a missing file (``MissingDatabaseError``; nothing is
    created), or a folder that cannot be written; the kinds in
    ``expertteam.domain.storage_errors`` tell which. An existing file is checked read-only first
    (header, key, ``PRAGMA quick_check``, stamp, revision), so a damaged, foreign or newer file
    is never written to. ``inspected`` says the caller has just run ``inspect_existing``;
    ``key`` is the raw key derived from ``passphrase`` (see ``create_db_engine``).
    """
    path = os_errors.check_path(path, "database")
    if create:
        if integrity.classify(path) is not integrity.FileKind.MISSING:
            raise StorageError(_("Er staat al een bestand op deze plek; kies een andere naam."))
        integrity.check_location(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise os_errors.storage_error(exc, _(
                "De map voor de database kan niet worden gemaakt ({reason}).")) from exc
    else:
        if not inspected:
            inspect_existing(path, passphrase)
        integrity.check_location(path)
    engine = create_db_engine(path, passphrase, key=key)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one()
            # A new file, or one recognised as ours from before the stamp (inspect_existing
            # ran): stamp it. Migration 0003 stamps the older ones as well.
            if create or not connection.exec_driver_sql("PRAGMA application_id").scalar():
                connection.exec_driver_sql(
                    f"PRAGMA application_id = {integrity.APPLICATION_ID}")
            connection.exec_driver_sql("PRAGMA journal_mode=WAL")
    except DatabaseError as exc:
        engine.dispose()
        if create:
            _remove_new_file(path)
        raise integrity.map_error(exc, encrypted=bool(passphrase), path=path) from exc
    if migrate or create:
        try:
            upgrade_to_head(engine, path, backup_dir=backup_dir)
        except DatabaseError as exc:
            engine.dispose()
            if create:
                _remove_new_file(path)
            raise _storage_error(exc, encrypted=bool(passphrase)) from exc
        except BaseException:
            engine.dispose()
            if create:
                _remove_new_file(path)
            raise
    return OpenedDatabase(path, engine, sessionmaker(engine, expire_on_commit=False),
                          encrypted=bool(passphrase))


def _remove_new_file(path: Path) -> None:
    """Remove what a failed creation left (never an existing database: only ``create``)."""
    for leftover in (path, path.with_name(path.name + "-wal"),
                     path.with_name(path.name + "-shm"), path.with_name(path.name + "-journal")):
        try:
            leftover.unlink()
        except OSError:
            continue


def _storage_error(exc: DatabaseError, *, encrypted: bool) -> StorageError:
    return integrity.map_error(exc, encrypted=encrypted)


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory(str(MIGRATIONS_DIR)).get_heads()
    return heads[0]


# The newest migration. Checked against Alembic's own head by tests/storage, so that a start-up
# on an up-to-date database needs no Alembic import at all (it costs a quarter second).
SCHEMA_HEAD = "0008"


def _stamped_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        has_table = connection.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").first()
        if has_table is None:
            return None
        value = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        return str(value) if value is not None else None


def upgrade_to_head(engine: Engine, path: Path, *, backup_dir: Path | None = None) -> None:
    """Run pending migrations; a database that already has tables is copied aside first."""
    if _stamped_revision(engine) == SCHEMA_HEAD:
        return
    from alembic import command

    current = current_revision(engine)
    if current == head_revision():
        return
    if current is not None and path.exists():
        _backup_before_migration(engine, path, current, backup_dir)
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "head")
    log.info("schema migrated from revision %s to %s", current, SCHEMA_HEAD)


def downgrade_to(engine: Engine, revision: str) -> None:
    from alembic import command

    with engine.begin() as connection:
        command.downgrade(_alembic_config(connection), revision)


def default_backup_dir(path: Path) -> Path:
    """Where automatic backups of the database at ``path`` go."""
    return path.parent / "backups"


def _backup_before_migration(engine: Engine, path: Path, revision: str,
                             backup_dir: Path | None) -> Path:
    """An online backup (encrypted like the database) before the schema changes, into the
    user's backup folder and rotated by the user's keep settings. Both are read from the file
    as it is, before the migration (``snapshot.read_backup_settings``); a chosen folder that is
    not there (a USB drive that is not plugged in) falls back to the folder next to the
    database, so that a missing drive never blocks opening the app."""
    stored = snapshot.read_backup_settings(engine)
    folder = backup_dir
    if folder is None and stored.folder is not None and stored.folder.is_dir():
        folder = stored.folder
    made = snapshot.automatic_backup(engine, path, folder or default_backup_dir(path),
                                     snapshot.PRE_MIGRATION_KIND, at=clock.now(),
                                     rotation=stored.rotation)
    log.info("pre-migration backup made at schema revision %s", revision)
    return made
