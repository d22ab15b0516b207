"""One running Expertteam per database: a lock file next to it.

The lock file ``<database>.lock`` holds the owner's process id and host name. The owner keeps an
operating-system lock on it (``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows), which the
system releases when the process ends in any way, even a hard kill: a file left behind by a crash
is therefore never an obstacle. Where the file system offers no locking, the process id decides:
a lock whose process no longer runs on this host is stale and taken over.

Within one process the lock is shared (counted), so code that opens the same database twice in
the same program is not refused.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from expertteam.domain.errors import StorageError
from expertteam.domain.storage_errors import DatabaseInUseError
from expertteam.i18n import _

_LOCK_OFFSET = 4096  # Windows locks a byte range; lock one far past the pid text
_held: dict[Path, InstanceLock] = {}
_guard = threading.Lock()


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes

        process_query_limited_information = 0x1000
        handle = ctypes.windll.kernel32.OpenProcess(  # type: ignore[attr-defined]
            process_query_limited_information, False, pid)
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)  # type: ignore[attr-defined]
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _os_lock(handle: IO[bytes]) -> bool:
    """Take the OS lock without waiting; False when another process holds it."""
    if sys.platform == "win32":
        import msvcrt

        handle.seek(_LOCK_OFFSET)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:
        # No locking on this file system (some network shares): fall back to the pid check.
        return not _owner_alive(handle)
    return True


def _os_unlock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(_LOCK_OFFSET)
        with contextlib.suppress(OSError):
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    with contextlib.suppress(OSError):
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def read_owner(path: Path) -> tuple[int, str] | None:
    """(pid, host) written in a lock file, or None when unreadable."""
    try:
        text = path.read_bytes()[:200].decode("utf-8", "replace")
    except OSError:
        return None
    parts = text.strip().split("\n")
    if len(parts) < 2 or not parts[0].strip().isdigit():
        return None
    return int(parts[0]), parts[1].strip()


def _owner_alive(handle: IO[bytes]) -> bool:
    owner = read_owner(Path(handle.name))
    if owner is None:
        return False
    pid, host = owner
    if host != socket.gethostname():
        return True  # another computer: we cannot tell, so we do not take over
    return pid != os.getpid() and _pid_alive(pid)


@dataclass
class InstanceLock:
    """A held lock on one database; release it with ``release()``."""

    database: Path
    handle: IO[bytes]
    count: int = 1
    released: bool = field(default=False)

    def release(self) -> None:
        with _guard:
            if self.released:
                return
            self.count -= 1
            if self.count > 0:
                return
            self.released = True
            _held.pop(self.database, None)
            # Remove the file while still holding it; a process waiting on the old file sees
            # that it was replaced (see ``_same_file``) and tries again.
            with contextlib.suppress(OSError):
                self.handle.seek(0)
                self.handle.truncate()
                lock_path(self.database).unlink()
            _os_unlock(self.handle)
            self.handle.close()


def acquire(database: Path) -> InstanceLock:
    """Lock ``database`` for this process. Raises ``DatabaseInUseError`` when another running
    copy holds it, or ``StorageError`` when the lock file cannot be made."""
    key = database.resolve()
    with _guard:
        existing = _held.get(key)
        if existing is not None and not existing.released:
            existing.count += 1
            return existing
        path = lock_path(key)
        for _attempt in range(5):
            handle = _open_lock_file(path)
            if not _os_lock(handle):
                handle.close()
                owner = read_owner(path)
                where = _(" (proces {pid} op {host})").format(pid=owner[0], host=owner[1]) \
                    if owner else ""
                raise DatabaseInUseError(_(
                    "Deze database is al geopend in een andere Expertteam{where}. Sluit die "
                    "eerst, of kies een ander bestand.").format(where=where))
            if _same_file(handle, path):
                break
            _os_unlock(handle)
            handle.close()
        else:
            raise DatabaseInUseError(_("Deze database wordt net door een andere Expertteam "
                                       "geopend of gesloten. Probeer het zo opnieuw."))
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n{socket.gethostname()}\n".encode())
        handle.flush()
        lock = InstanceLock(key, handle)
        _held[key] = lock
        return lock


def _open_lock_file(path: Path) -> IO[bytes]:
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise StorageError(_("De database kan niet worden vergrendeld voor gebruik ({reason}). "
                             "Kies een map waarin u kunt schrijven.")
                           .format(reason=exc.strerror)) from exc
    return os.fdopen(fd, "r+b")


def _same_file(handle: IO[bytes], path: Path) -> bool:
    """True when ``path`` still names the file we locked (it was not removed meanwhile)."""
    try:
        return os.path.samestat(os.fstat(handle.fileno()), os.stat(path))
    except OSError:
        return False
