"""The regional PostgreSQL server: a database opened by URL (``postgresql+psycopg://…``).

The same models and migrations as the SQLCipher file; what differs is the transport: a URL
instead of a path, TLS instead of the file's encryption, the server's roles instead of the
file lock. A URL is only ever shown or logged masked (``mask_url``: no password).

TLS: ``sslmode`` and ``sslrootcert`` in the URL's query are passed to libpq unchanged (use
``sslmode=verify-full`` with the region's CA certificate). A server that is not on this
machine (not a unix socket, not localhost) is refused without TLS unless ``sslmode`` is set
explicitly, so that a typing error never sends the register in the clear.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import URL, Engine, create_engine, inspect, make_url, text
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import sessionmaker

from expertteam.domain.errors import StorageError
from expertteam.i18n import _
from expertteam.storage.engine import (
    MIGRATIONS_DIR,
    SCHEMA_HEAD,
    OpenedDatabase,
    known_revisions,
    newer_schema_error,
)

log = logging.getLogger(__name__)

DRIVER = "postgresql+psycopg"
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
# Not a file: what ``OpenedDatabase.path`` holds for a database on a server.
SERVER_PATH = Path("postgresql")


def is_server_url(value: str) -> bool:
    return value.startswith(("postgresql://", "postgresql+psycopg://", "postgres://"))


def mask_url(url: URL | str) -> str:
    """The URL as it may be shown or logged: the password replaced by ``***``."""
    try:
        parsed = url if isinstance(url, URL) else make_url(url)
    except ArgumentError:
        return "<ongeldige URL>"
    return parsed.render_as_string(hide_password=True)


def _hosts(url: URL) -> list[str]:
    """Every host the URL names: ``host@…`` and ``?host=…`` (one or a comma-separated list;
    a path is a unix socket)."""
    hosts: list[str] = [url.host] if url.host else []
    query_host = url.query.get("host")
    for value in (query_host if isinstance(query_host, tuple) else (query_host,)):
        if value:
            hosts.extend(part.strip() for part in value.split(","))
    return hosts


def is_local(url: URL) -> bool:
    """A unix socket or this machine: no network between the app and the server."""
    hosts = _hosts(url)
    return not hosts or all(host.startswith("/") or host in _LOCAL_HOSTS for host in hosts)


def server_url(value: str | URL) -> URL:
    """Parse and check a server URL: the psycopg 3 driver, and TLS for a server elsewhere.
    Raises ``StorageError`` (Dutch, the URL masked) when it cannot be used."""
    try:
        url = value if isinstance(value, URL) else make_url(value)
    except ArgumentError as exc:
        raise StorageError(_("Het serveradres is geen geldige PostgreSQL-URL (verwacht: "
                             "postgresql://gebruiker@server/database).")) from exc
    if url.get_backend_name() != "postgresql":
        raise StorageError(_("Het serveradres {url} is geen PostgreSQL-adres.")
                           .format(url=mask_url(url)))
    url = url.set(drivername=DRIVER)
    if not url.database:
        raise StorageError(_("In het serveradres {url} ontbreekt de naam van de database.")
                           .format(url=mask_url(url)))
    if not is_local(url) and "sslmode" not in url.query:
        raise StorageError(_(
            "De server {url} staat niet op deze computer en er is geen versleutelde verbinding "
            "gevraagd. Voeg ?sslmode=verify-full&sslrootcert=<certificaat van de regio> toe aan "
            "het adres (of zet sslmode bewust zelf).").format(url=mask_url(url)))
    return url


def create_server_engine(url: URL) -> Engine:
    # pool_pre_ping: a laptop that slept or changed networks gets a fresh connection instead
    # of an error on the first save.
    return create_engine(url, pool_pre_ping=True, pool_size=2, max_overflow=4)


def connection_error(exc: Exception, url: URL) -> StorageError:
    """A failed connection as a Dutch message: the masked URL and the server's first line
    (libpq's messages name host and user, never the password)."""
    orig = getattr(exc, "orig", None) or exc
    reason = str(orig).strip().split("\n")[0][:160]
    password = url.password
    if password:
        reason = reason.replace(str(password), "***")
    return StorageError(_("De server {url} kan niet worden bereikt of weigert de verbinding "
                          "({reason}). Controleer het adres, het netwerk en uw "
                          "databasegebruiker.").format(url=mask_url(url), reason=reason))


def server_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade_server(engine: Engine) -> None:
    """Bring the server's schema to the newest revision. No copy is made first: the server's
    backups are the region's ``pg_dump`` (see README)."""
    from alembic import command
    from alembic.config import Config

    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_server(value: str | URL, *, migrate: bool = True,
                create: bool = False) -> OpenedDatabase:
    """Open the Expertteam database on a PostgreSQL server; ``create`` (``expertteam server
    init``) puts the schema into an empty database, which is the only way one comes about.

    Raises ``StorageError``: unreachable server or refused login, TLS missing for a remote
    server, a database that is not (yet) Expertteam's, or a newer schema."""
    url = server_url(value)
    engine = create_server_engine(url)
    try:
        tables = set(inspect(engine).get_table_names())
        revision = server_revision(engine)
    except DBAPIError as exc:
        engine.dispose()
        raise connection_error(exc, url) from exc
    if create and tables:
        engine.dispose()
        raise StorageError(_("De database {url} is niet leeg; ‘server init’ richt alleen een "
                             "lege database in.").format(url=mask_url(url)))
    if not create and revision is None:
        engine.dispose()
        raise StorageError(_("De database {url} is (nog) geen Expertteam-database. Richt hem "
                             "in met ‘expertteam server init’.").format(url=mask_url(url)))
    if revision is not None and revision not in known_revisions():
        engine.dispose()
        raise newer_schema_error(revision)
    if create or (migrate and revision != SCHEMA_HEAD):
        try:
            upgrade_server(engine)
        except DBAPIError as exc:
            engine.dispose()
            raise StorageError(_("Het schema van de database {url} kon niet worden bijgewerkt "
                                 "(revisie {revision}); er is niets gewijzigd. Vraag de "
                                 "beheerder van de server om het logboek van de server.")
                               .format(url=mask_url(url), revision=revision or "leeg")) \
                from exc
        log.info("server schema migrated from revision %s to %s", revision, SCHEMA_HEAD)
    with engine.connect() as connection:
        role = str(connection.execute(text("SELECT current_user")).scalar_one())
    return OpenedDatabase(SERVER_PATH, engine, sessionmaker(engine, expire_on_commit=False),
                          encrypted=False, server=mask_url(url), role=role[:40])
