"""One running Expertteam per database file, whatever name it is opened by.

Two locks, both released by the operating system when the process ends in any way (even a hard
kill), so a file left behind by a crash is never an obstacle:

* the **identity lock** is on the database file itself, so every name of the file meets it: a
  symbolic link, a path with ``..``, and a hard link (another name for the same inode). On POSIX
  it is ``fcntl.flock`` on the database file (independent of SQLite's own ``fcntl`` byte-range
  locks on Linux and macOS). On Windows the identity is the volume serial number plus the file
  index (``GetFileInformationByHandle``), and the lock is ``msvcrt.locking`` on a lock file named
  after it in the user's local data folder (locking bytes of the database itself would meet
  SQLite's own byte-range locks there).
* the **name lock** ``<resolved database>.lock`` next to the file holds the owner's process id
  and host name, for the message, and for network shares where another computer cannot see our
  identity lock. Where the file system offers no locking, the process id decides: a lock whose
  process no longer runs on this host is stale and taken over.

Within one process the lock is shared (counted by file identity), so code that opens the same
database twice in the same program is not refused. Writing the lock file can fail on a full disk:
that is a ``DiskFullError`` (nothing left behind), never "open elsewhere".
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from expertteam.domain.storage_errors import DatabaseInUseError
from expertteam.i18n import _
from expertteam.storage import os_errors

_LOCK_OFFSET = 4096  # Windows locks a byte range; lock one far past the pid text
FileIdentity = tuple[int, int]
_held: dict[FileIdentity, InstanceLock] = {}
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


def _in_use_error(owner: tuple[int, str] | None) -> DatabaseInUseError:
    where = _(" (proces {pid} op {host})").format(pid=owner[0], host=owner[1]) if owner else ""
    return DatabaseInUseError(_(
        "Deze database is al geopend in een andere Expertteam{where}, mogelijk onder een "
        "andere naam of via een koppeling naar hetzelfde bestand. Sluit die eerst, of kies een "
        "ander bestand.").format(where=where))


def _windows_identity(handle: IO[bytes]) -> FileIdentity:
    """(volume serial number, file index) of an open file on Windows."""
    import ctypes
    import msvcrt
    from ctypes import wintypes

    class _Info(ctypes.Structure):
        _fields_ = [("attributes", wintypes.DWORD), ("created", wintypes.FILETIME),
                    ("accessed", wintypes.FILETIME), ("written", wintypes.FILETIME),
                    ("volume_serial", wintypes.DWORD), ("size_high", wintypes.DWORD),
                    ("size_low", wintypes.DWORD), ("links", wintypes.DWORD),
                    ("index_high", wintypes.DWORD), ("index_low", wintypes.DWORD)]

    info = _Info()
    os_handle = msvcrt.get_osfhandle(handle.fileno())  # type: ignore[attr-defined]
    if not ctypes.windll.kernel32.GetFileInformationByHandle(  # type: ignore[attr-defined]
            wintypes.HANDLE(os_handle), ctypes.byref(info)):
        raise ctypes.WinError()  # type: ignore[attr-defined]
    return int(info.volume_serial), (int(info.index_high) << 32) | int(info.index_low)


def _identity_lock_dir() -> Path:
    from expertteam.paths import user_data_dir

    return user_data_dir() / "locks"


@dataclass
class _IdentityLock:
    """The OS lock that every name of one database file meets."""

    identity: FileIdentity
    handle: IO[bytes] | None  # None for a file that does not exist yet (a restore target)
    path: Path | None = None  # the Windows lock file

    def release(self) -> None:
        if self.handle is not None:
            _os_unlock(self.handle)
            self.handle.close()


def _lock_identity(database: Path) -> _IdentityLock:
    """Take the identity lock of ``database``; ``DatabaseInUseError`` when another process has
    it, ``StorageError`` when the file cannot be opened. A file that is not there yet (the
    target of a restore) has only its name lock."""
    if not database.exists():
        return _IdentityLock((-1, hash(str(database))), None)
    try:
        handle = open(database, "rb")  # noqa: SIM115 - kept open while the lock is held
    except OSError as exc:
        raise os_errors.storage_error(exc, _(
            "De database kan niet worden vergrendeld voor gebruik ({reason}).")) from exc
    if sys.platform == "win32":
        return _lock_windows_identity(database, handle)
    stat = os.fstat(handle.fileno())
    identity = (stat.st_dev, stat.st_ino)
    if not _flock(handle):
        handle.close()
        raise _in_use_error(read_owner(lock_path(database.resolve())))
    return _IdentityLock(identity, handle)


def _lock_windows_identity(database: Path, handle: IO[bytes]) -> _IdentityLock:
    """Windows: a lock file named after the file's volume serial number and file index."""
    try:
        identity = _windows_identity(handle)
    finally:
        handle.close()
    folder = _identity_lock_dir()
    path = folder / f"{identity[0]:08x}-{identity[1]:016x}.lock"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock_handle = _open_lock_file(path)
    except OSError as exc:
        raise os_errors.storage_error(exc, _(
            "De database kan niet worden vergrendeld voor gebruik ({reason}).")) from exc
    if not _os_lock(lock_handle):
        lock_handle.close()
        raise _in_use_error(read_owner(lock_path(database.resolve())))
    return _IdentityLock(identity, lock_handle, path)


def _flock(handle: IO[bytes]) -> bool:
    import fcntl  # POSIX only; Windows takes the other branch of _lock_identity

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:
        return True  # no flock on this file system: the name lock's pid check remains
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
    identity_lock: _IdentityLock
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
            _held.pop(self.identity_lock.identity, None)
            # Remove the file while still holding it; a process waiting on the old file sees
            # that it was replaced (see ``_same_file``) and tries again.
            with contextlib.suppress(OSError):
                self.handle.seek(0)
                self.handle.truncate()
                lock_path(self.database).unlink()
            _os_unlock(self.handle)
            self.handle.close()
            self.identity_lock.release()


def _file_identity(database: Path) -> FileIdentity | None:
    try:
        stat = database.stat()
    except OSError:
        return (-1, hash(str(database)))
    if sys.platform == "win32":
        try:
            with open(database, "rb") as handle:
                return _windows_identity(handle)
        except OSError:
            return None
    return stat.st_dev, stat.st_ino


def acquire(database: Path) -> InstanceLock:
    """Lock the existing ``database`` file for this process. Raises ``DatabaseInUseError`` when
    another running copy holds it (by any name), ``DiskFullError`` when the lock file cannot be
    written for lack of space, or ``StorageError`` when it cannot be made."""
    key = database.resolve()
    with _guard:
        identity = _file_identity(key)
        existing = _held.get(identity) if identity is not None else None
        if existing is not None and not existing.released:
            existing.count += 1
            return existing
        identity_lock = _lock_identity(key)
        try:
            handle = _acquire_name_lock(lock_path(key))
        except BaseException:
            identity_lock.release()
            raise
        lock = InstanceLock(key, handle, identity_lock)
        _held[identity_lock.identity] = lock
        return lock


def _acquire_name_lock(path: Path) -> IO[bytes]:
    for _attempt in range(5):
        created = not path.exists()
        handle = _open_lock_file(path)
        if not _os_lock(handle):
            handle.close()
            raise _in_use_error(read_owner(path))
        if _same_file(handle, path):
            break
        _os_unlock(handle)
        handle.close()
    else:
        raise DatabaseInUseError(_("Deze database wordt net door een andere Expertteam "
                                   "geopend of gesloten. Probeer het zo opnieuw."))
    try:
        _write_owner(handle)
    except OSError as exc:
        _os_unlock(handle)
        handle.close()
        if created:
            with contextlib.suppress(OSError):
                path.unlink()
        raise os_errors.storage_error(exc, _(
            "De database kan niet worden vergrendeld voor gebruik: {reason}. Maak ruimte vrij "
            "of kies een andere map, en probeer het opnieuw.")) from exc
    return handle


def _write_owner(handle: IO[bytes]) -> None:
    """Write our pid and host into the lock file (a test replaces this to simulate a full
    disk)."""
    handle.seek(0)
    handle.truncate()
    data = f"{os.getpid()}\n{socket.gethostname()}\n".encode()
    while data:  # unbuffered: a short write is retried, a full disk raises here, not at close
        written = handle.write(data)
        data = data[written or 0:]
        if not written:
            raise OSError(errno.ENOSPC, "short write")
    os.fsync(handle.fileno())


def _open_lock_file(path: Path) -> IO[bytes]:
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise os_errors.storage_error(exc, _(
            "De database kan niet worden vergrendeld voor gebruik ({reason}). Kies een map "
            "waarin u kunt schrijven.")) from exc
    return os.fdopen(fd, "r+b", buffering=0)


def _same_file(handle: IO[bytes], path: Path) -> bool:
    """True when ``path`` still names the file we locked (it was not removed meanwhile)."""
    try:
        return os.path.samestat(os.fstat(handle.fileno()), os.stat(path))
    except OSError:
        return False
