"""Pausing Python's cyclic garbage collector while many small acyclic objects are built (the
register's 20,000 rows, the monitor's reconstructed history): reference counting frees them,
and the cyclic collector would otherwise rescan the growing heap over and over (about a third
of the time of the monitor for 20,000 cases). A leaf: no Qt, no SQL."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
