"""Operating-system errors in Dutch, and paths checked before the system sees them.

An ``OSError`` carries an English (or, on Windows, a localised) ``strerror`` such as "Is a
directory"; the user gets a Dutch sentence chosen by ``errno`` instead. A path typed by a user is
a path, never a URL: it is checked here for what no file system accepts (a NUL byte, text that
cannot be encoded for the file system) so that the system's own exception never reaches a user.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from expertteam.domain.errors import StorageError, ValidationError
from expertteam.domain.storage_errors import DiskFullError, ReadOnlyLocationError
from expertteam.i18n import N_, _

MAX_PATH_LENGTH = 4096

_REASONS: dict[int, str] = {
    errno.ENOSPC: N_("de schijf is vol"),
    errno.EDQUOT: N_("de schijfruimte van deze gebruiker is op"),
    errno.EACCES: N_("geen toestemming om hier te schrijven"),
    errno.EPERM: N_("deze handeling is hier niet toegestaan"),
    errno.EROFS: N_("de schijf is alleen-lezen"),
    errno.EISDIR: N_("op deze plek staat een map"),
    errno.ENOTDIR: N_("een deel van de plek is geen map"),
    errno.ENOENT: N_("de map bestaat niet"),
    errno.ENAMETOOLONG: N_("de bestandsnaam is te lang"),
    errno.EEXIST: N_("er staat al een bestand met deze naam"),
    errno.EBUSY: N_("het bestand is in gebruik"),
    errno.EIO: N_("lezen of schrijven van de schijf is mislukt"),
    errno.EINVAL: N_("deze naam is hier niet toegestaan"),
    errno.EXDEV: N_("het bestand kan niet naar een andere schijf worden verplaatst"),
    errno.EMFILE: N_("er zijn te veel bestanden tegelijk open"),
    errno.ELOOP: N_("de plek verwijst in een kring naar zichzelf"),
    errno.EFBIG: N_("het bestand is te groot voor deze schijf"),
}
_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
_READ_ONLY = (errno.EACCES, errno.EPERM, errno.EROFS)


def reason(exc: BaseException) -> str:
    """A short Dutch reason for ``exc`` (an ``OSError`` or anything else), never English."""
    code = getattr(exc, "errno", None)
    if isinstance(exc, PermissionError) and code is None:
        code = errno.EACCES
    text = _REASONS.get(code) if isinstance(code, int) else None
    if text is not None:
        return _(text)
    winerror = getattr(exc, "winerror", None)
    if winerror in (32, 33):  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
        return _("het bestand is geopend in een ander programma")
    if winerror == 112:  # ERROR_DISK_FULL
        return _("de schijf is vol")
    return _("systeemfout {code}").format(code=code if code is not None else "?")


def is_disk_full(exc: BaseException) -> bool:
    return getattr(exc, "errno", None) in _FULL or getattr(exc, "winerror", None) == 112


def storage_error(exc: BaseException, message: str) -> StorageError:
    """The typed error for ``exc``; ``message`` has a ``{reason}`` placeholder."""
    text = message.replace("{reason}", reason(exc))
    if is_disk_full(exc):
        return DiskFullError(text)
    if getattr(exc, "errno", None) in _READ_ONLY or isinstance(exc, PermissionError):
        return ReadOnlyLocationError(text)
    return StorageError(text)


def check_path(path: Path | str, field: str = "path") -> Path:
    """``path`` as a ``Path`` when the file system can take it; raises ``ValidationError`` on
    ``field`` for an empty name, a NUL byte, text the file system cannot encode or an absurd
    length. Characters such as ``?``, ``#``, ``%`` and ``&`` are ordinary here."""
    text = os.fspath(path)
    if not isinstance(text, str) or not text.strip():
        raise ValidationError(field, _("Geef een bestandsnaam op."))
    if "\x00" in text:
        raise ValidationError(field, _("De bestandsnaam bevat een teken dat niet is toegestaan."))
    if len(text) > MAX_PATH_LENGTH:
        raise ValidationError(field, _("De bestandsnaam is te lang."))
    try:
        os.fsencode(text)
    except UnicodeError as exc:
        raise ValidationError(field, _("De bestandsnaam bevat tekens die dit systeem niet kan "
                                       "opslaan.")) from exc
    return Path(text)
