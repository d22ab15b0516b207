"""Opening the encrypted database in the app's own way (``Store.open`` and its first read), at
each size, against a bare SQLCipher connection that derives the key and reads the schema; and
how many key derivations (PBKDF2, about a tenth of a second each) one open costs: every
connection keyed with the passphrase rather than a raw key is one.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlcipher3

from bench import region, report
from bench.report import Figure
from expertteam.services import cases
from expertteam.services.store import Store

RUNS = 7


class KeyCounter:
    """Counts the connections keyed with a passphrase (each derives the key once)."""

    def __init__(self) -> None:
        self.derivations = 0
        self._connect: Callable[..., Any] = sqlcipher3.connect

    def __enter__(self) -> KeyCounter:
        original = self._connect

        def connect(*args: Any, **kwargs: Any) -> Any:
            connection = original(*args, **kwargs)

            def trace(statement: str) -> None:
                text = statement.strip().lower()
                if text.startswith("pragma key") and "x'" not in text:
                    self.derivations += 1

            connection.set_trace_callback(trace)
            return connection

        sqlcipher3.connect = connect
        return self

    def __exit__(self, *_exc: object) -> None:
        sqlcipher3.connect = self._connect


def _bare_open(path: Path) -> None:
    connection = sqlcipher3.connect(str(path))
    connection.execute("PRAGMA key = '{}'".format(region.PASSPHRASE.replace("'", "''")))
    connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    connection.close()


def _open(path: Path) -> None:
    store = Store.open(path, region.PASSPHRASE, origin="bench")
    try:
        cases.count_cases(store)
    finally:
        store.close()


def main() -> int:
    figures = report.Collector()
    with tempfile.TemporaryDirectory() as folder:
        bare: float | None = None
        for size in report.sizes():
            path = region.region_copy(size, Path(folder))
            if bare is None:
                figures.add(Figure("bare SQLCipher open + first read (baseline)", None,
                                   report.timed_ms(lambda p=path: _bare_open(p), RUNS, warm=1)))
                bare = figures.figures[-1].median
            figures.add(Figure("open the database (Store.open + first read)", size,
                               report.timed_ms(lambda p=path: _open(p), RUNS, warm=1), bare=bare))
            with KeyCounter() as counter:
                _open(path)
            figures.add(Figure("key derivations per open", size, (counter.derivations,),
                               unit="", goal=1))
            path.unlink()
    figures.emit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
