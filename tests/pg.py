"""A throwaway PostgreSQL server for the tests: Debian's binaries, a temporary data folder and
a unix socket in it (no TCP port), run as an unprivileged user (the server refuses root), and
stopped at the end of the session.

The tests that need it skip with the reason when no PostgreSQL binaries are installed, unless
``EXPERTTEAM_REQUIRE_PG=1`` (CI) makes a missing server a failure."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import URL

REQUIRE_ENV = "EXPERTTEAM_REQUIRE_PG"
SUPERUSER = "expertteam_admin"
PORT = 5432  # only names the socket file inside the private folder


@dataclass(frozen=True)
class PgServer:
    socket_dir: Path
    bin_dir: Path

    def url(self, database: str = "postgres", user: str = SUPERUSER) -> URL:
        return URL.create("postgresql+psycopg", username=user, database=database,
                          query={"host": str(self.socket_dir), "port": str(PORT)})

    def new_database(self, template: str = "template0") -> URL:
        """A database of its own (one per test): empty, or a copy of ``template``."""
        name = "t_" + uuid.uuid4().hex[:12]
        self.psql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.url(name)

    def psql(self, sql: str, database: str = "postgres") -> str:
        done = subprocess.run(
            ["psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", str(self.socket_dir),
             "-p", str(PORT), "-U", SUPERUSER, "-d", database, "-c", sql],
            check=False, capture_output=True, text=True)
        if done.returncode != 0:
            raise AssertionError(f"psql failed: {done.stderr.strip()}")
        return done.stdout.strip()


def find_bin_dir() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(candidates[-1]).parent if candidates else None


def _as_server_user() -> tuple[list[str], str | None]:
    """The command prefix that runs the server binaries unprivileged, and that user's name."""
    if os.geteuid() != 0:
        return [], None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return ["runuser", "-u", name, "--"], name
    pytest.fail("Running as root and no unprivileged user (postgres, nobody) to run PostgreSQL")


def unavailable(reason: str) -> None:
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{REQUIRE_ENV}=1 but {reason}")
    pytest.skip(reason)


def start_server() -> Iterator[PgServer]:
    bin_dir = find_bin_dir()
    if bin_dir is None or shutil.which("psql") is None:
        unavailable("no PostgreSQL server binaries (/usr/lib/postgresql/*/bin); "
                    "install Debian's postgresql package")
        return
    prefix, user = _as_server_user()
    folder = Path(tempfile.mkdtemp(prefix="expertteam-pg-"))
    if user is not None:
        shutil.chown(folder, user)
    data = folder / "data"
    subprocess.run([*prefix, str(bin_dir / "initdb"), "-D", str(data), "-A", "trust",
                    "-U", SUPERUSER, "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
                   check=True, capture_output=True)
    options = (f"-k {folder} -p {PORT} -c listen_addresses='' -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
    subprocess.run([*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options,
                    "-l", str(folder / "server.log"), "-w", "start"],
                   check=True, capture_output=True)
    try:
        yield PgServer(folder, bin_dir)
    finally:
        subprocess.run([*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                        "stop"], check=False, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)
