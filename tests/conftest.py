"""Shared fixtures: a real SQLite database in a temp file per test, today pinned.

Today is pinned the way the app pins it: ``EXPERTTEAM_TODAY`` in the environment (inherited by
every program a test starts), read by ``clock.install_from_environment()``. ``pin_day`` moves a
test to another day; the autouse fixture puts TODAY back afterwards."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from expertteam import clock
from expertteam.services import demo
from expertteam.services.store import Store
from tests.pg import PgServer, start_server

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TODAY = date(2026, 11, 23)
os.environ[clock.TODAY_ENV] = TODAY.isoformat()
clock.install_from_environment()


def pin_day(day: date) -> None:
    """Move this test's clock (and that of every program it starts) to ``day``."""
    os.environ[clock.TODAY_ENV] = day.isoformat()
    clock.install_from_environment()


@pytest.fixture(autouse=True)
def _today_pinned() -> Iterator[None]:
    """Every test starts on TODAY and leaves it so, whatever day it moved to."""
    pin_day(TODAY)
    yield
    pin_day(TODAY)


@pytest.fixture(scope="session")
def _template_databases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Migrated databases built once per session (empty, and with the demo region)."""
    folder = tmp_path_factory.mktemp("templates")
    empty = folder / "empty.db"
    store = Store.create(empty)
    store.close()
    with_demo = folder / "demo.db"
    store = Store.create(with_demo)
    demo.load_demo(store, with_meetings=False)
    store.close()
    return {"empty": empty, "demo": with_demo}


def _copy_store(template: Path, target: Path) -> Store:
    shutil.copy2(template, target)
    store = Store.open(target, origin="test")
    return store


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--backend", choices=("sqlite", "postgresql"), default="sqlite",
                     help="where the store fixtures keep the register: an SQLite file (the "
                          "default) or a database on a throwaway PostgreSQL server")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under ``--backend postgresql``: what only a file has (automatic file backups, the
    backup folder) is skipped with the reason; a server is backed up with pg_dump."""
    if config.getoption("--backend") != "postgresql":
        return
    skip = pytest.mark.skip(reason="file only: automatic backups of the database file")
    for item in items:
        if item.get_closest_marker("file_only"):
            item.add_marker(skip)


def database_args(store: Store) -> list[str]:
    """The CLI's arguments for the database ``store`` has open: a file or a server."""
    if store.database.on_server:
        return ["--server", store.database.engine.url.render_as_string(hide_password=False)]
    return ["--database", str(store.database.path)]


def _backend(request: pytest.FixtureRequest) -> str:
    return str(request.config.getoption("--backend"))


@pytest.fixture(scope="session")
def _pg_templates(pg_server: PgServer) -> tuple[PgServer, dict[str, str]]:
    """On the PostgreSQL back end: template databases (empty, demo) made once per session;
    each test gets a copy (CREATE DATABASE … TEMPLATE, a file copy on the server)."""
    names = {}
    for kind in ("empty", "demo"):
        url = pg_server.new_database()
        made = Store.open_server(url.render_as_string(hide_password=False), create=True,
                                 origin="test")
        if kind == "demo":
            demo.load_demo(made, with_meetings=False)
        made.close()
        names[kind] = str(url.database)
    return pg_server, names


def _backend_store(request: pytest.FixtureRequest, tmp_path: Path, kind: str) -> Store:
    if _backend(request) == "sqlite":
        templates: dict[str, Path] = request.getfixturevalue("_template_databases")
        return _copy_store(templates[kind], tmp_path / "expertteam.db")
    server, names = request.getfixturevalue("_pg_templates")
    url = server.new_database(template=names[kind])
    return Store.open_server(url.render_as_string(hide_password=False), origin="test")


def _drop_server_database(request: pytest.FixtureRequest, closed: Store) -> None:
    if closed.database.on_server:
        server, _names = request.getfixturevalue("_pg_templates")
        name = closed.database.engine.url.database
        server.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty, migrated database: a temp file, or with ``--backend postgresql`` a database
    on the session's throwaway server."""
    opened = _backend_store(request, tmp_path, "empty")
    yield opened
    opened.close()
    _drop_server_database(request, opened)


@pytest.fixture
def demo_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A database holding the demo region (Westfriesland), today pinned to TODAY."""
    opened = _backend_store(request, tmp_path, "demo")
    yield opened
    opened.close()
    _drop_server_database(request, opened)


@pytest.fixture(autouse=True)
def _no_unexpected_file_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A native file dialog would block an offscreen test forever; fail at once instead.
    Tests that exercise one patch it with their own answer (their setattr wins)."""
    from PySide6.QtWidgets import QFileDialog

    def refuse(*_args: object, **_kwargs: object) -> object:
        raise AssertionError("unexpected file dialog in a test")

    for name in ("getOpenFileName", "getSaveFileName", "getExistingDirectory",
                 "getOpenFileNames"):
        monkeypatch.setattr(QFileDialog, name, refuse)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A throwaway PostgreSQL server for the session (tests/pg.py); skipped with the reason
    when PostgreSQL is not installed, a failure then under EXPERTTEAM_REQUIRE_PG=1."""
    yield from start_server()


@pytest.fixture
def pg_store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """An empty, migrated database on the session's throwaway PostgreSQL server (whatever
    ``--backend`` says): for what only a server does (concurrent sessions)."""
    server, names = request.getfixturevalue("_pg_templates")
    url = server.new_database(template=names["empty"])
    opened = Store.open_server(url.render_as_string(hide_password=False), origin="test")
    yield opened
    opened.close()
    _drop_server_database(request, opened)
