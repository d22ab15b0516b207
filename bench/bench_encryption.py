"""The cost of encryption at rest: open, insert and query, SQLCipher vs plain SQLite.

Each figure is the median of several rounds on a temp database, through the same services the
app uses (``Store.open``, ``cases.create_case``, ``cases.list_register``/``get_case``). Prints
milliseconds and the ratio encrypted/plain.
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

from expertteam import clock
from expertteam.domain.enums import OrganisationKind
from expertteam.services import cases, demo, organisations, security
from expertteam.services.cases import CaseInput
from expertteam.services.store import Store

TODAY = date(2026, 11, 23)
PASSPHRASE = "Vier woorden als wachtzin"
OPEN_ROUNDS = 7
INSERTS = 100
QUERY_ROUNDS = 30


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def _measure(path: Path, passphrase: str | None) -> dict[str, float]:
    store = Store.open(path, passphrase) if path.exists() else Store.create(path, passphrase)
    clock.install(clock.PinnedClock(TODAY))
    demo.load_demo(store)
    store.close()
    opens = []
    for _ in range(OPEN_ROUNDS):
        started = time.perf_counter()
        opened = Store.open(path, passphrase)
        cases.count_cases(opened)  # the first query: key derivation happens here
        opens.append(time.perf_counter() - started)
        opened.close()
    store = Store.open(path, passphrase)
    clock.install(clock.PinnedClock(TODAY))
    hoorn = organisations.list_organisations(store, (OrganisationKind.MUNICIPALITY,))[0].id
    inserts = [_timed(lambda i=i: cases.create_case(store, CaseInput(  # type: ignore[misc]
        given_names=f"Kind{i}", surname="Bench", referred_on=TODAY, municipality_id=hoorn)))
        for i in range(INSERTS)]
    some_id = cases.list_register(store)[0].id
    registers = [_timed(lambda: cases.list_register(store)) for _ in range(QUERY_ROUNDS)]
    details = [_timed(lambda: cases.get_case(store, some_id)) for _ in range(QUERY_ROUNDS)]
    store.close()
    return {"open (first query)": _median_ms(opens), "insert case": _median_ms(inserts),
            "register (list)": _median_ms(registers), "case detail": _median_ms(details)}


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="bench-encryption-"))
    try:
        plain = _measure(folder / "plain.db", None)
        encrypted_path = folder / "encrypted.db"
        security.create_database(encrypted_path, PASSPHRASE, "Bench Gebruiker").close()
        encrypted = _measure(encrypted_path, PASSPHRASE)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{'operation':<22}{'plain ms':>10}{'SQLCipher ms':>14}{'ratio':>8}")
    for name, plain_ms in plain.items():
        crypt_ms = encrypted[name]
        print(f"{name:<22}{plain_ms:>10.2f}{crypt_ms:>14.2f}{crypt_ms / plain_ms:>8.2f}")
    print(f"(medians; open x{OPEN_ROUNDS}, insert x{INSERTS}, queries x{QUERY_ROUNDS}; "
          "15 demo cases + inserts)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
