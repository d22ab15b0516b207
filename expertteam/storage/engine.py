"""Engine and session factory: SQLite by default, SQLCipher when a passphrase is given.

Every connection gets foreign keys on, WAL journaling and a busy timeout. The schema is brought to
the newest Alembic revision on open, after a backup copy of a database that needs migrating.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool, QueuePool

from expertteam import clock
from expertteam.domain.errors import StorageError
from expertteam.i18n import _
from expertteam.storage import integrity, snapshot

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OpenedDatabase:
    path: Path
    engine: Engine
    sessions: sessionmaker[Session]
    encrypted: bool


def database_url(path: Path, passphrase: str | None) -> str:
    if passphrase:
        return f"sqlite+pysqlcipher://:{quote(passphrase, safe='')}@/{path}"
    return f"sqlite:///{path}"


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    # A commit is on disk when it returns (WAL is synced on every commit): a power cut in a
    # meeting loses nothing that was saved.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def create_db_engine(path: Path, passphrase: str | None = None) -> Engine:
    if passphrase:
        # SQLCipher derives the key (PBKDF2, 256 000 rounds, ~0.1 s) on every new connection:
        # keep a few connections open instead of one per unit of work.
        engine = create_engine(database_url(path, passphrase), poolclass=QueuePool,
                               pool_size=2, max_overflow=4,
                               connect_args={"check_same_thread": False})
    else:
        engine = create_engine(database_url(path, passphrase), poolclass=NullPool)
    event.listen(engine, "connect", _on_connect)
    return engine


def open_database(path: Path, passphrase: str | None = None, *, migrate: bool = True,
                  backup_dir: Path | None = None) -> OpenedDatabase:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date.

    Raises ``StorageError`` with a Dutch message for a wrong passphrase, a file that is not an
    Expertteam database, or a folder that cannot be written; the kinds in
    ``expertteam.domain.storage_errors`` tell which. An existing file is checked read-only first
    (header, key, ``PRAGMA quick_check``), so a damaged or foreign file is never written to.
    """
    path = Path(path)
    integrity.check_location(path)
    if not path.parent.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(_("De map voor de database kan niet worden gemaakt: {reason}")
                               .format(reason=exc.strerror)) from exc
    if integrity.check_file(path, passphrase) is not integrity.FileKind.MISSING:
        integrity.probe(path, passphrase)
    engine = create_db_engine(path, passphrase)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one()
            connection.exec_driver_sql("PRAGMA journal_mode=WAL")
    except DatabaseError as exc:
        engine.dispose()
        raise _storage_error(exc, encrypted=bool(passphrase)) from exc
    if migrate:
        try:
            upgrade_to_head(engine, path, backup_dir=backup_dir)
        except DatabaseError as exc:
            engine.dispose()
            raise _storage_error(exc, encrypted=bool(passphrase)) from exc
        except BaseException:
            engine.dispose()
            raise
    return OpenedDatabase(path, engine, sessionmaker(engine, expire_on_commit=False),
                          encrypted=bool(passphrase))


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
SCHEMA_HEAD = "0003"


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
