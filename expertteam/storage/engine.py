"""Engine and session factory: SQLite by default, SQLCipher when a passphrase is given.

Every connection gets foreign keys on, WAL journaling and a busy timeout. The schema is brought to
the newest Alembic revision on open, after a backup copy of a database that needs migrating.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from expertteam.domain.errors import StorageError
from expertteam.i18n import _

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


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
    cursor.close()


def create_db_engine(path: Path, passphrase: str | None = None) -> Engine:
    engine = create_engine(database_url(path, passphrase), poolclass=NullPool)
    event.listen(engine, "connect", _on_connect)
    return engine


def open_database(path: Path, passphrase: str | None = None, *, migrate: bool = True,
                  backup_dir: Path | None = None) -> OpenedDatabase:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date.

    Raises ``StorageError`` with a Dutch message for a wrong passphrase, a file that is not an
    Expertteam database, or a folder that cannot be written.
    """
    path = Path(path)
    if not path.parent.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(_("De map voor de database kan niet worden gemaakt: {reason}")
                               .format(reason=exc.strerror)) from exc
    engine = create_db_engine(path, passphrase)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one()
            connection.exec_driver_sql("PRAGMA journal_mode=WAL")
    except DatabaseError as exc:
        engine.dispose()
        raise _storage_error(exc, encrypted=bool(passphrase)) from exc
    if migrate:
        upgrade_to_head(engine, path, backup_dir=backup_dir)
    return OpenedDatabase(path, engine, sessionmaker(engine, expire_on_commit=False),
                          encrypted=bool(passphrase))


def _storage_error(exc: DatabaseError, *, encrypted: bool) -> StorageError:
    message = str(exc.orig) if exc.orig is not None else str(exc)
    if "file is not a database" in message:
        if encrypted:
            return StorageError(_("De database kan niet worden geopend: het wachtwoord klopt niet, "
                                  "of het bestand is geen Expertteam-database."))
        return StorageError(_("Dit bestand is geen (onversleutelde) Expertteam-database, of het "
                              "is beschadigd."))
    if isinstance(exc, OperationalError) and "readonly" in message.replace(" ", ""):
        return StorageError(_("De database staat in een map waarin niet geschreven kan worden."))
    if isinstance(exc, OperationalError) and "locked" in message:
        return StorageError(_("De database is in gebruik door een ander programma."))
    return StorageError(_("De database kan niet worden geopend ({reason}).").format(
        reason=message.split("\n")[0][:120]))


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


def upgrade_to_head(engine: Engine, path: Path, *, backup_dir: Path | None = None) -> None:
    """Run pending migrations; a database that already has tables is copied aside first."""
    from alembic import command

    current = current_revision(engine)
    if current == head_revision():
        return
    if current is not None and path.exists():
        _backup_before_migration(engine, path, current, backup_dir)
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "head")


def downgrade_to(engine: Engine, revision: str) -> None:
    from alembic import command

    with engine.begin() as connection:
        command.downgrade(_alembic_config(connection), revision)


def _backup_before_migration(engine: Engine, path: Path, revision: str,
                             backup_dir: Path | None) -> Path:
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    target_dir = backup_dir or path.parent / "backups"
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = target_dir / f"{path.stem}-voor-migratie-{revision}-{stamp}{path.suffix}"
    shutil.copy2(path, target)
    return target
