"""Opening the encrypted database (``Store.open`` and its first read) at each size: as the CLI
opens it, with the whole-file ``quick_check``, and as the app does, leaving that check for the
background after start-up (timed on its own too); against a bare SQLCipher connection that
derives the key and reads the schema. Also how many key derivations (PBKDF2, about a tenth of a
second each) one open costs: every connection keyed with the passphrase rather than a raw key is
one.
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
from expertteam.services import case_register
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


def _open(path: Path, check_pages: bool = True) -> None:
    store = Store.open(path, region.PASSPHRASE, origin="bench", check_pages=check_pages)
    try:
        case_register.count_cases(store)
    finally:
        store.close()


def _check_pages_ms(path: Path) -> tuple[float, ...]:
    """The whole-file check the app runs in the background, on an open store."""
    store = Store.open(path, region.PASSPHRASE, origin="bench", check_pages=False)
    try:
        return report.timed_ms(store.check_pages, RUNS, warm=1)
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
            figures.add(Figure("  as the app opens it (quick_check later)", size,
                               report.timed_ms(lambda p=path: _open(p, False), RUNS, warm=1),
                               bare=bare))
            figures.add(Figure("  the quick_check later, in the background", size,
                               _check_pages_ms(path)))
            with KeyCounter() as counter:
                _open(path)
            figures.add(Figure("key derivations per open", size, (counter.derivations,),
                               unit="", goal=1))
            path.unlink()
    figures.emit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
