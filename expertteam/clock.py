"""The one clock: every "today" and "now" in the app comes from here.

Nothing else reads the machine's date or time (a test greps for it). The clock is process-wide
because some stamps are set deep down (a row's ``created_at`` default); it is injected by
installing another ``Clock``: ``pinned(day)`` for tests and the demo's back-dated history, and
``EXPERTTEAM_TODAY=YYYY-MM-DD`` for the app and the CLI (a training session or a demo on a fixed
day), read once by ``install_from_environment()``. This module is a leaf: every layer may import
it.

Three readings, each with one meaning:
- ``today()``: the local calendar date (terms, due dates, file names);
- ``now()``: local wall-clock time, naive (file names, what the user sees);
- ``utcnow()``: naive UTC (every stored stamp).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from datetime import time as time_of_day
from typing import Protocol

TODAY_ENV = "EXPERTTEAM_TODAY"


class Clock(Protocol):
    def today(self) -> date: ...

    def now(self) -> datetime: ...

    def utcnow(self) -> datetime: ...


class SystemClock:
    """The machine's clock, in the machine's time zone."""

    def today(self) -> date:
        return date.today()

    def now(self) -> datetime:
        return datetime.now()

    def utcnow(self) -> datetime:
        return datetime.now(UTC).replace(tzinfo=None)


class PinnedClock:
    """A fixed day whose time still moves: it starts at ``start`` local time on ``day`` and
    advances with the process's monotonic clock, so events recorded one after another keep
    their order. It stays on ``day`` (the time stops at 23:59:59.999999)."""

    def __init__(self, day: date, start: time_of_day = time_of_day(10, 0)) -> None:
        self.day = day
        self._start = datetime.combine(day, start)
        self._origin = time.monotonic()

    def today(self) -> date:
        return self.day

    def now(self) -> datetime:
        moved = self._start + timedelta(seconds=time.monotonic() - self._origin)
        return min(moved, datetime.combine(self.day, time_of_day.max))

    def utcnow(self) -> datetime:
        return self.now().astimezone(UTC).replace(tzinfo=None)

    def __repr__(self) -> str:
        return f"PinnedClock({self.day.isoformat()})"


_current: Clock = SystemClock()


def current() -> Clock:
    return _current


def install(clock: Clock) -> Clock:
    """Make ``clock`` the one clock; returns the one it replaces."""
    global _current
    previous, _current = _current, clock
    return previous


@contextmanager
def pinned(day: date) -> Iterator[PinnedClock]:
    """Within the block, today is ``day``; the previous clock comes back afterwards."""
    clock = PinnedClock(day)
    previous = install(clock)
    try:
        yield clock
    finally:
        install(previous)


def parse_day(text: str) -> date:
    """``YYYY-MM-DD`` as a date; raises ``ValueError`` otherwise."""
    return date.fromisoformat(text.strip())


def install_from_environment() -> Clock:
    """Pin the clock to ``$EXPERTTEAM_TODAY`` when it is set; returns the clock in use.

    Raises ``ValueError`` when the variable does not hold a date."""
    text = os.environ.get(TODAY_ENV, "").strip()
    if text:
        install(PinnedClock(parse_day(text)))
    return _current


def today() -> date:
    return _current.today()


def now() -> datetime:
    return _current.now()


def utcnow() -> datetime:
    return _current.utcnow()


def to_local(stamp: datetime) -> datetime:
    """A stored naive-UTC stamp as naive local time (for display and file names)."""
    return stamp.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)
