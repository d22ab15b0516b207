"""Helpers for the hostile-file tests: fingerprints, another program's SQLite file, a newer
schema, a tiny full disk."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from expertteam.storage import integrity


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (relative name → sha256): what a test must leave unchanged."""
    return {str(p.relative_to(folder)): sha256(p) for p in sorted(folder.rglob("*"))
            if p.is_file()}


def foreign_sqlite(path: Path, *, our_tables: bool = False) -> Path:
    """Another program's SQLite file (a photo catalogue); with ``our_tables`` it even has tables
    named like ours and an ``alembic_version`` of a revision we know, but not our stamp."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA application_id = 1347244867")  # another program's id
    connection.execute("CREATE TABLE photo (id INTEGER PRIMARY KEY, name TEXT)")
    connection.executemany("INSERT INTO photo (name) VALUES (?)",
                           [(f"vakantie-{n}.jpg",) for n in range(50)])
    if our_tables:
        for table in integrity.LEGACY_TABLES - {"alembic_version"}:
            connection.execute(f'CREATE TABLE "{table}" (id INTEGER PRIMARY KEY)')
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
        connection.execute("INSERT INTO alembic_version VALUES ('0002')")
    connection.commit()
    connection.close()
    return path


def unstamped_sqlite(path: Path) -> Path:
    """A bare SQLite file with one table and no application id (made by a script)."""
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (text TEXT)")
    connection.execute("INSERT INTO notes VALUES ('boodschappen')")
    connection.commit()
    connection.close()
    return path


def make_newer(path: Path, passphrase: str | None, revision: str = "0999") -> None:
    """Stamp an Expertteam database (closed) with a schema revision this app does not know."""
    connection = integrity.connect_raw(path, passphrase)
    connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    connection.commit()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.execute("PRAGMA journal_mode=DELETE")
    connection.close()


@contextmanager
def tiny_disk(folder: Path, size_kb: int) -> Iterator[Path]:
    """A tmpfs of ``size_kb`` KiB mounted at ``folder`` (skipped where mounting is not
    allowed)."""
    folder.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None:
        pytest.skip("mount is not available")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs",
                           str(folder)], check=False, capture_output=True)
    if done.returncode != 0:
        pytest.skip("a tmpfs cannot be mounted here (not root, or no permission)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False, capture_output=True)


def fill(folder: Path) -> Path:
    """Fill the disk behind ``folder`` to the last byte; returns the filler file."""
    filler = folder / "vol.bin"
    with filler.open("ab", buffering=0) as handle:
        for size in (65536, 4096, 512, 1):
            try:
                while handle.write(b"\0" * size):
                    pass
            except OSError:
                continue
    return filler
