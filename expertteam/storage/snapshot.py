"""Copies of a live database through SQLite's online backup API, and their rotation.

The online backup copies page by page through the database's own connection, so it is consistent
even while the app writes, and it includes what still sits in the WAL file. An encrypted
database is copied into a file encrypted with the same passphrase (SQLCipher re-encrypts each
page for the target). The copy is written to a temporary name and renamed into place only after
it passed ``PRAGMA quick_check``: a half-written backup never carries a backup's name.

Two kinds of automatic copy share the backup folder. The daily ones (``-auto-``) rotate: the
newest of each of the last ``keep_daily`` days and of the ``keep_weekly`` weeks before. A copy
made before a schema migration (``-voor-migratie-``) is the way back to the old version, so it
stays out of that rotation until the app has started ``PRE_MIGRATION_KEEP_STARTS`` times at the
new schema. Those starts are counted in a small manifest next to the copies (``starts``) rather
than in the database: the count describes files in this folder and goes with them; a setting in
the database would travel into every backup and restore and come back stale; and a lost manifest
errs on the safe side (the count starts again, the copy is kept longer).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from expertteam import clock
from expertteam.domain.errors import StorageError
from expertteam.i18n import _
from expertteam.storage.integrity import connect_raw, map_error, quick_check

# Called with (pages copied, pages in total) while a backup runs.
Progress = Callable[[int, int], None]
PAGES_PER_STEP = 64
AUTO_KIND = "auto"
PRE_MIGRATION_KIND = "voor-migratie"
AUTO_PATTERN = re.compile(r"^(?P<stem>.+)-(?P<kind>auto|voor-migratie)-(?P<stamp>\d{8}-\d{6})"
                          r"(?:-(?P<sequence>\d+))?\.db$")
STAMP_FORMAT = "%Y%m%d-%H%M%S"
PART_SUFFIXES = (".part", ".part-journal")
# A backup being written touches its .part file every PAGES_PER_STEP pages; one untouched for a
# minute is left over from an interrupted attempt.
STALE_PART_SECONDS = 60.0
PRE_MIGRATION_KEEP_STARTS = 5
STARTS_SUFFIX = "-voor-migratie-starts.json"

# The user's backup settings (``setting`` table, JSON values). The services read and write them;
# storage reads them too, because a migration runs before the services can open the database.
KEEP_DAILY_KEY = "backup.keep_daily"
KEEP_WEEKLY_KEY = "backup.keep_weekly"
FOLDER_KEY = "backup.folder"
DEFAULT_KEEP_DAILY = 7
DEFAULT_KEEP_WEEKLY = 4
MAX_KEEP = 365


def _count(value: object, default: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_KEEP:
        return default
    return value


@dataclass(frozen=True, slots=True)
class Rotation:
    """How many daily and weekly automatic backups to keep."""

    keep_daily: int = DEFAULT_KEEP_DAILY
    keep_weekly: int = DEFAULT_KEEP_WEEKLY

    @classmethod
    def from_values(cls, keep_daily: object, keep_weekly: object) -> Rotation:
        """From stored setting values; anything that is not a count from 1 to 365 gives the
        default."""
        return cls(_count(keep_daily, DEFAULT_KEEP_DAILY),
                   _count(keep_weekly, DEFAULT_KEEP_WEEKLY))


@dataclass(frozen=True, slots=True)
class StoredBackupSettings:
    folder: Path | None
    rotation: Rotation


def read_backup_settings(engine: Engine) -> StoredBackupSettings:
    """The backup settings straight from the ``setting`` table, at whatever schema revision the
    file has (every revision has had that table). Missing or unreadable values give the
    defaults; this never raises for them."""
    values: dict[str, object] = {}
    try:
        with engine.connect() as connection:
            rows = connection.exec_driver_sql(
                "SELECT key, value FROM setting WHERE key IN (?, ?, ?)",
                (KEEP_DAILY_KEY, KEEP_WEEKLY_KEY, FOLDER_KEY)).all()
    except DBAPIError:
        rows = []
    for key, raw in rows:
        with contextlib.suppress(TypeError, ValueError):
            values[str(key)] = json.loads(raw)
    folder = values.get(FOLDER_KEY)
    return StoredBackupSettings(
        Path(folder) if isinstance(folder, str) and folder else None,
        Rotation.from_values(values.get(KEEP_DAILY_KEY), values.get(KEEP_WEEKLY_KEY)))


def passphrase_of(engine: Engine) -> str | None:
    """The passphrase the engine was opened with (None for a plain database)."""
    return engine.url.password or None


def online_backup(engine: Engine, target: Path, progress: Progress | None = None,
                  stamp: Mapping[str, str] | None = None) -> Path:
    """Copy the live database behind ``engine`` to ``target`` (replaced only when the copy is
    sound). ``stamp`` holds ``setting`` rows (key: JSON value) written into the copy before it
    is checked and renamed: the moment of the backup and the audit log's anchor. Raises a typed
    ``StorageError`` (disk full, folder not writable, …)."""
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
            if stamp:
                updated = clock.utcnow().strftime("%Y-%m-%d %H:%M:%S.%f")
                copy.executemany(
                    "INSERT OR REPLACE INTO setting (key, value, updated_at) VALUES (?, ?, ?)",
                    [(key, value, updated) for key, value in stamp.items()])
                copy.commit()
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


def automatic_backup(engine: Engine, database: Path, folder: Path, kind: str = AUTO_KIND,
                     *, at: datetime, rotation: Rotation,
                     stamp: Mapping[str, str] | None = None) -> Path:
    """An online backup into ``folder`` under a dated name, after removing what interrupted
    earlier attempts left there, then rotation of that folder by ``rotation``."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise map_error(exc, encrypted=bool(passphrase_of(engine))) from exc
    remove_stale_parts(folder, database.stem)
    target = folder / automatic_name(database, kind, at)
    # Within one second (a pinned clock starts at the same time every run) the copy gets the
    # next sequence number, so that it sorts as the newest and the rotation keeps it.
    same_second = [b.sequence for b in list_automatic(folder, database.stem)
                   if b.kind == kind and b.made_at == at.replace(microsecond=0)]
    if same_second or target.exists():
        target = target.with_name(f"{target.stem}-{max(same_second, default=0) + 1}.db")
    online_backup(engine, target, stamp=stamp)
    rotate(folder, database.stem, rotation)
    return target


def _file_system_now(folder: Path) -> float | None:
    """The current time as the file system behind ``folder`` stamps files (the app's clock may
    be pinned, and a network drive keeps its own time); None when nothing can be written."""
    try:
        with tempfile.TemporaryFile(dir=folder) as probe:
            return os.fstat(probe.fileno()).st_mtime
    except OSError:
        return None


def remove_stale_parts(folder: Path, stem: str) -> list[Path]:
    """Delete the temporary files an interrupted automatic backup of database ``stem`` left in
    ``folder`` (``…-auto-….db.part`` and its journal), when untouched for
    ``STALE_PART_SECONDS``; returns what was deleted. Other files are never touched."""
    now = _file_system_now(folder)
    if now is None:
        return []
    removed: list[Path] = []
    for path in folder.iterdir():
        base = next((path.name[:-len(suffix)] for suffix in PART_SUFFIXES
                     if path.name.endswith(suffix)), None)
        match = AUTO_PATTERN.match(base) if base is not None else None
        if match is None or match["stem"] != stem:
            continue
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < now - STALE_PART_SECONDS:
                path.unlink()
                removed.append(path)
    return removed


@dataclass(frozen=True, slots=True)
class AutomaticBackup:
    path: Path
    kind: str
    made_at: datetime
    sequence: int = 0  # the n of a name ending -n.db: a later copy within the same second


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
        found.append(AutomaticBackup(path, match["kind"], made_at,
                                     int(match["sequence"] or 0)))
    found.sort(key=lambda b: (b.made_at, b.sequence, b.path.name), reverse=True)
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


def starts_manifest(folder: Path, stem: str) -> Path:
    return folder / f"{stem}{STARTS_SUFFIX}"


def read_starts(folder: Path, stem: str) -> dict[str, int]:
    """Successful starts counted since each pre-migration copy (by file name); a copy that is
    not listed has none."""
    try:
        data = json.loads(starts_manifest(folder, stem).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    starts = data.get("starts") if isinstance(data, dict) else None
    if not isinstance(starts, dict):
        return {}
    return {str(name): count for name, count in starts.items()
            if isinstance(count, int) and not isinstance(count, bool)}


def _write_starts(folder: Path, stem: str, starts: dict[str, int]) -> None:
    manifest = starts_manifest(folder, stem)
    if not starts:
        with contextlib.suppress(OSError):
            manifest.unlink()
        return
    temporary = manifest.with_name(manifest.name + ".tmp")
    try:
        temporary.write_text(json.dumps({"starts": starts}, indent=1, sort_keys=True),
                             encoding="utf-8")
        os.replace(temporary, manifest)
    except OSError:
        # Not counted this time: the copy is kept one start longer, nothing is lost.
        with contextlib.suppress(OSError):
            temporary.unlink()


def record_successful_start(folder: Path, stem: str) -> dict[str, int]:
    """Count one successful start (the database opened at the current schema) for every
    pre-migration copy of ``stem`` in ``folder``; returns the counts. Never raises."""
    copies = [b for b in list_automatic(folder, stem) if b.kind == PRE_MIGRATION_KIND]
    if not copies and not starts_manifest(folder, stem).exists():
        return {}
    before = read_starts(folder, stem)
    starts = {b.path.name: before.get(b.path.name, 0) + 1 for b in copies}
    _write_starts(folder, stem, starts)
    return starts


def rotate(folder: Path, stem: str, rotation: Rotation) -> list[Path]:
    """Delete the daily backups that ``rotation`` no longer keeps and the pre-migration copies
    that have seen ``PRE_MIGRATION_KEEP_STARTS`` successful starts; returns the deleted paths.
    Backups the user made by hand (other names) are never touched."""
    backups = list_automatic(folder, stem)
    daily = [b for b in backups if b.kind == AUTO_KIND]
    keep = to_keep(daily, rotation.keep_daily, rotation.keep_weekly)
    starts = read_starts(folder, stem)
    expired = [b for b in backups if b.kind == PRE_MIGRATION_KIND
               and starts.get(b.path.name, 0) >= PRE_MIGRATION_KEEP_STARTS]
    removed: list[Path] = []
    for backup in [b for b in daily if b.path not in keep] + expired:
        with contextlib.suppress(OSError):
            backup.path.unlink()
            removed.append(backup.path)
    if any(b.path in removed for b in expired):
        _write_starts(folder, stem, {name: count for name, count in starts.items()
                                     if (folder / name).exists()})
    return removed
