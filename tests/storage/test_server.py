"""The regional PostgreSQL server: URLs, TLS rule, masking, and migrations on a real server."""

from __future__ import annotations

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from expertteam.domain.errors import StorageError
from expertteam.storage.base import Base
from expertteam.storage.engine import MIGRATIONS_DIR, SCHEMA_HEAD
from expertteam.storage.server import mask_url, open_server, server_revision, server_url
from tests.pg import PgServer


def test_a_remote_server_without_tls_is_refused_with_the_password_masked() -> None:
    with pytest.raises(StorageError) as raised:
        server_url("postgresql://anna:geheim@db.regio.example/expertteam")
    message = str(raised.value)
    assert "versleutelde verbinding" in message
    assert "geheim" not in message
    assert "anna:***@db.regio.example" in message


def test_tls_options_pass_through_and_an_explicit_sslmode_is_respected() -> None:
    url = server_url("postgresql://anna@db.regio.example/expertteam"
                     "?sslmode=verify-full&sslrootcert=/etc/regio-ca.pem")
    assert url.drivername == "postgresql+psycopg"
    assert url.query["sslmode"] == "verify-full"
    assert url.query["sslrootcert"] == "/etc/regio-ca.pem"
    assert server_url("postgresql://anna@db.regio.example/e?sslmode=disable") is not None
    # This machine needs no TLS: localhost and a unix socket.
    assert server_url("postgresql://anna@localhost/expertteam").host == "localhost"
    assert server_url("postgresql://anna@/expertteam?host=/run/postgresql").database == \
        "expertteam"


def test_mask_url_never_shows_the_password() -> None:
    assert mask_url("postgresql+psycopg://anna:s3cr%40t@h/db") == \
        "postgresql+psycopg://anna:***@h/db"


def test_an_unreachable_server_gives_a_dutch_error_without_the_password() -> None:
    with pytest.raises(StorageError) as raised:
        open_server("postgresql://anna:geheim@localhost:1/expertteam")
    assert "kan niet worden bereikt" in str(raised.value)
    assert "geheim" not in str(raised.value)


def test_migrations_from_empty_on_postgresql_match_the_models(pg_server: PgServer) -> None:
    url = pg_server.new_database()
    opened = open_server(url, create=True)
    assert set(Base.metadata.tables) <= set(inspect(opened.engine).get_table_names())
    assert server_revision(opened.engine) == SCHEMA_HEAD
    assert opened.on_server
    assert opened.server is not None
    opened.engine.dispose()
    with pytest.raises(StorageError, match="niet leeg"):
        open_server(url, create=True)
    reopened = open_server(url)
    assert server_revision(reopened.engine) == SCHEMA_HEAD
    reopened.engine.dispose()


def test_every_revision_downgrades_and_upgrades_on_postgresql(pg_server: PgServer) -> None:
    from expertteam.storage.engine import downgrade_to

    opened = open_server(pg_server.new_database(), create=True)
    for revision in list(ScriptDirectory(str(MIGRATIONS_DIR)).walk_revisions())[:-1]:
        downgrade_to(opened.engine, revision.down_revision)  # type: ignore[arg-type]
    assert server_revision(opened.engine) == "0001"
    opened.engine.dispose()
    reopened = open_server(pg_server.new_database(), create=True)
    assert server_revision(reopened.engine) == SCHEMA_HEAD
    reopened.engine.dispose()


def test_an_empty_database_is_not_opened_as_ours(pg_server: PgServer) -> None:
    with pytest.raises(StorageError, match="server init"):
        open_server(pg_server.new_database())
