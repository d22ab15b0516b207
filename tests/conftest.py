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


@pytest.fixture
def store(tmp_path: Path, _template_databases: dict[str, Path]) -> Iterator[Store]:
    """An empty, migrated database in a temp file."""
    opened = _copy_store(_template_databases["empty"], tmp_path / "expertteam.db")
    yield opened
    opened.close()


@pytest.fixture
def demo_store(tmp_path: Path, _template_databases: dict[str, Path]) -> Iterator[Store]:
    """A database holding the demo region (Westfriesland), today pinned to TODAY."""
    opened = _copy_store(_template_databases["demo"], tmp_path / "expertteam.db")
    yield opened
    opened.close()


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
