"""Copies of a live database through SQLite's online backup API, and their rotation.

The online backup copies page by page through the database's own connection, so it is consistent
even while the app writes, and it includes what still sits in the WAL file. An encrypted
database is copied into a file encrypted with the same passphrase (SQLCipher re-encrypts each
page for the target). The copy is written to a temporary name and renamed into place only after
it passed ``PRAGMA quick_check``: a half-written backup never carries a backup's name.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine

from expertteam.domain.errors import StorageError
from expertteam.i18n import _
from expertteam.storage.integrity import connect_raw, map_error, quick_check

# Called with (pages copied, pages in total) while a backup runs.
Progress = Callable[[int, int], None]
PAGES_PER_STEP = 64
AUTO_PATTERN = re.compile(r"^(?P<stem>.+)-(?P<kind>auto|voor-migratie)-(?P<stamp>\d{8}-\d{6})"
                          r"(?:-\d+)?\.db$")
STAMP_FORMAT = "%Y%m%d-%H%M%S"


def passphrase_of(engine: Engine) -> str | None:
    """The passphrase the engine was opened with (None for a plain database)."""
    return engine.url.password or None


def online_backup(engine: Engine, target: Path, progress: Progress | None = None) -> Path:
    """Copy the live database behind ``engine`` to ``target`` (replaced only when the copy is
    sound). Raises a typed ``StorageError`` (disk full, folder not writable, …)."""
    passphrase = passphrase_of(engine)
    temporary = target.with_name(target.name + ".part")
    with contextlib.suppress(OSError):
        temporary.unlink()
    try:
        raw = engine.raw_connection()
    except Exception as exc:
        raise map_error(exc, encrypted=bool(passphrase)) from exc
    try:
        source = raw.driver_connection
        assert source is not None
        copy = connect_raw(temporary, passphrase)
        try:
            def report(_status: int, remaining: int, total: int) -> None:
                if progress is not None:
                    progress(total - remaining, total)

            source.backup(copy, pages=PAGES_PER_STEP, progress=report)
            copy.execute("PRAGMA journal_mode=DELETE")
            if quick_check(copy) != ["ok"]:
                raise StorageError(_("De reservekopie is niet goed geschreven; probeer het "
                                     "opnieuw of kies een andere plek."))
        finally:
            copy.close()
        os.replace(temporary, target)
    except StorageError:
        _remove_quietly(temporary)
        raise
    except Exception as exc:
        _remove_quietly(temporary)
        raise map_error(exc, encrypted=bool(passphrase)) from exc
    finally:
        raw.close()
    return target


def _remove_quietly(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + "-journal")):
        with contextlib.suppress(OSError):
            candidate.unlink()


def automatic_name(database: Path, kind: str, at: datetime) -> str:
    return f"{database.stem}-{kind}-{at.strftime(STAMP_FORMAT)}.db"


def automatic_backup(engine: Engine, database: Path, folder: Path, kind: str = "auto",
                     *, at: datetime, keep_daily: int = 7,
                     keep_weekly: int = 4) -> Path:
    """An online backup into ``folder`` under a dated name, then rotation of that folder."""
    moment = at
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise map_error(exc, encrypted=bool(passphrase_of(engine))) from exc
    target = folder / automatic_name(database, kind, moment)
    counter = 1
    while target.exists():
        target = folder / f"{Path(automatic_name(database, kind, moment)).stem}-{counter}.db"
        counter += 1
    online_backup(engine, target)
    rotate(folder, database.stem, keep_daily=keep_daily, keep_weekly=keep_weekly)
    return target


@dataclass(frozen=True, slots=True)
class AutomaticBackup:
    path: Path
    kind: str
    made_at: datetime


def list_automatic(folder: Path, stem: str) -> list[AutomaticBackup]:
    """The automatic backups of database ``stem`` in ``folder``, newest first."""
    found: list[AutomaticBackup] = []
    if not folder.is_dir():
        return found
    for path in folder.iterdir():
        match = AUTO_PATTERN.match(path.name)
        if match is None or match["stem"] != stem:
            continue
        try:
            made_at = datetime.strptime(match["stamp"], STAMP_FORMAT)
        except ValueError:
            continue
        found.append(AutomaticBackup(path, match["kind"], made_at))
    found.sort(key=lambda b: (b.made_at, b.path.name), reverse=True)
    return found


def to_keep(backups: list[AutomaticBackup], keep_daily: int, keep_weekly: int) -> set[Path]:
    """Newest backup of each of the last ``keep_daily`` days that have one, plus the newest of
    each of the ``keep_weekly`` ISO weeks before those."""
    keep: set[Path] = set()
    days: list[date] = []
    for backup in backups:  # newest first
        day = backup.made_at.date()
        if day in days:
            continue
        if len(days) < keep_daily:
            days.append(day)
            keep.add(backup.path)
    weeks: list[tuple[int, int]] = []
    oldest_daily = min(days) if days else None
    for backup in backups:
        if oldest_daily is not None and backup.made_at.date() >= oldest_daily:
            continue
        iso = backup.made_at.isocalendar()
        week = (iso[0], iso[1])
        if week in weeks:
            continue
        if len(weeks) < keep_weekly:
            weeks.append(week)
            keep.add(backup.path)
    return keep


def rotate(folder: Path, stem: str, *, keep_daily: int = 7, keep_weekly: int = 4) -> list[Path]:
    """Delete the automatic backups that the 7-daily/4-weekly rule no longer keeps; returns the
    deleted paths. Backups the user made by hand (other names) are never touched."""
    backups = list_automatic(folder, stem)
    keep = to_keep(backups, keep_daily, keep_weekly)
    removed: list[Path] = []
    for backup in backups:
        if backup.path not in keep:
            with contextlib.suppress(OSError):
                backup.path.unlink()
                removed.append(backup.path)
    return removed
