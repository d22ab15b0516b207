"""Crash safety: a writer killed with SIGKILL at random moments loses nothing it committed, and
the database always opens clean (quick_check ok)."""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select as sql_select

from expertteam.domain.enums import CaseStatus, OrganisationKind
from expertteam.services import audit_verify, case_register, organisations
from expertteam.services.store import Store
from expertteam.storage import integrity
from expertteam.storage.models.actions import Action
from tests.security.conftest import PASSPHRASE

# 50 kills in five independent runs of 10, so that no single test nears the suite's 180 s
# per-test limit on a busy machine and parallel workers can share them.
RUNS, KILLS_PER_RUN = 5, 10
ROOT = Path(__file__).resolve().parents[2]


def _read_lines(process: subprocess.Popen[str], wanted: int, timeout: float) -> list[str]:
    """Up to ``wanted`` lines from the child's stdout, waiting at most ``timeout`` seconds."""
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while len(lines) < wanted and time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], deadline - time.monotonic())
        if not ready:
            break
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line.strip())
    return lines


@pytest.mark.slow
@pytest.mark.parametrize("run", range(RUNS))
def test_sigkill_at_random_moments_loses_no_committed_action(encrypted_path: Path,
                                                             run: int) -> None:
    store = Store.open(encrypted_path, PASSPHRASE)
    case_id = next(r.id for r in case_register.list_register(store)
                   if r.status is not CaseStatus.CLOSED)
    owner_id = organisations.list_organisations(store, (OrganisationKind.GI,))[0].id
    store.close()
    rng = random.Random(20261123 + run)
    committed: set[int] = set()
    environment = {**os.environ, "EXPERTTEAM_PASSPHRASE": PASSPHRASE}
    for _round in range(KILLS_PER_RUN):
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.security.crash_writer", str(encrypted_path),
             str(case_id), str(owner_id)], cwd=ROOT, env=environment, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            # Kill during start-up (opening, key check), or after a random number of commits
            # plus a random delay: in the middle of a later transaction.
            wanted = rng.choice([0, 1, 1 + rng.randrange(12)])
            lines = _read_lines(process, 1 + wanted, timeout=30) if wanted else []
            if not wanted:
                time.sleep(rng.uniform(0.0, 0.5))
            else:
                time.sleep(rng.uniform(0.0, 0.01))
            process.send_signal(signal.SIGKILL)
            out, err = process.communicate(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
        lines += [line.strip() for line in out.splitlines()]
        assert "Traceback" not in err, err
        committed |= {int(line.split()[1]) for line in lines if line.startswith("committed")}
        integrity.probe(encrypted_path, PASSPHRASE)  # opens clean: key ok, quick_check ok
    assert len(committed) >= KILLS_PER_RUN // 2  # the test really recorded actions
    store = Store.open(encrypted_path, PASSPHRASE)
    try:
        with store.transaction() as session:
            stored = set(session.scalars(sql_select(Action.number)))
        assert committed <= stored
        assert audit_verify.verify_chain(store) == []
        connection = store.database.engine.raw_connection()
        try:
            assert integrity.quick_check(connection.driver_connection) == ["ok"]
        finally:
            connection.close()
    finally:
        store.close()
