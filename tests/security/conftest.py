"""Encrypted databases for the security tests: built once, copied per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from expertteam.services import demo, security
from expertteam.services.store import Store

PASSPHRASE = "Vier woorden als wachtzin"
CHAIR = "Anna de Boer"


@pytest.fixture(scope="session")
def _encrypted_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("encrypted") / "template.db"
    store = security.create_database(path, PASSPHRASE, CHAIR)
    demo.load_demo(store)
    store.close()
    return path


@pytest.fixture
def encrypted_path(tmp_path: Path, _encrypted_template: Path) -> Path:
    """A closed, encrypted database with the demo region and one chair profile."""
    target = tmp_path / "expertteam.db"
    shutil.copy2(_encrypted_template, target)
    return target


@pytest.fixture
def encrypted_store(encrypted_path: Path) -> Iterator[Store]:
    store = Store.open(encrypted_path, PASSPHRASE, origin="test")
    store.actor_id = 1
    yield store
    store.close()
