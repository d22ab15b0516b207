"""The cost of encryption at rest: open, insert and query, SQLCipher vs plain SQLite.

Each figure is the median of several rounds on a temp database, through the same services the
app uses (``Store.open``, ``cases.create_case``, ``case_register.list_register``,
``cases.get_case``), on the demo region. The app opens a plain file without a connection pool
(each call connects afresh) and an encrypted one pooled, so below the open the plain rows can be
the slower ones.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import report
from bench.report import Figure
from expertteam import clock
from expertteam.domain.enums import OrganisationKind
from expertteam.services import case_register, cases, demo, organisations, security
from expertteam.services.case_data import CaseInput
from expertteam.services.store import Store

TODAY = date(2026, 11, 23)
PASSPHRASE = "Vier woorden als wachtzin"
OPEN_ROUNDS = 7
INSERTS = 100
QUERY_ROUNDS = 30


def _timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def _measure(path: Path, passphrase: str | None) -> dict[str, tuple[float, ...]]:
    store = Store.open(path, passphrase) if path.exists() else Store.create(path, passphrase)
    clock.install(clock.PinnedClock(TODAY))
    demo.load_demo(store)
    store.close()
    opens = []
    for _ in range(OPEN_ROUNDS):
        started = time.perf_counter()
        opened = Store.open(path, passphrase)
        case_register.count_cases(opened)  # the first query: key derivation happens here
        opens.append((time.perf_counter() - started) * 1000)
        opened.close()
    store = Store.open(path, passphrase)
    clock.install(clock.PinnedClock(TODAY))
    hoorn = organisations.list_organisations(store, (OrganisationKind.MUNICIPALITY,))[0].id
    inserts = [_timed(lambda i=i: cases.create_case(store, CaseInput(  # type: ignore[misc]
        given_names=f"Kind{i}", surname="Bench", referred_on=TODAY, municipality_id=hoorn)))
        for i in range(INSERTS)]
    some_id = case_register.list_register(store)[0].id
    registers = [_timed(lambda: case_register.list_register(store)) for _ in range(QUERY_ROUNDS)]
    details = [_timed(lambda: cases.get_case(store, some_id)) for _ in range(QUERY_ROUNDS)]
    store.close()
    return {"open + first query": tuple(opens), "insert a case": tuple(inserts),
            "register (list)": tuple(registers), "case detail": tuple(details)}


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="bench-encryption-"))
    try:
        plain = _measure(folder / "plain.db", None)
        encrypted_path = folder / "encrypted.db"
        security.create_database(encrypted_path, PASSPHRASE, "Bench Gebruiker").close()
        encrypted = _measure(encrypted_path, PASSPHRASE)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    figures = report.Collector()
    for name, samples in encrypted.items():
        bare = statistics.median(plain[name])
        figures.add(Figure(f"plain SQLite: {name} (baseline)", None, plain[name],
                           note="the app opens plain files unpooled"))
        figures.add(Figure(f"  SQLCipher: {name}", None, samples, bare=bare))
    figures.emit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
