"""Every file the app writes for the user (documents, exports) goes through here.

``write_atomically`` writes to a temporary name in the target's own folder, flushes it to disk and
only then renames it over the target: a reader sees the old file or the whole new one, never half
a PDF, and a failed write leaves nothing behind. Errors are Dutch (``os_errors``), never the
system's English ("Is a directory"). ``export_file`` adds the audit entry: an export when the file
is there, a *failed* export when it is not.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from expertteam.domain.enums import AuditAction, AuditResult
from expertteam.domain.errors import StorageError, ValidationError
from expertteam.i18n import _
from expertteam.services import audit
from expertteam.services.store import Store
from expertteam.storage import os_errors


@dataclass(frozen=True, slots=True)
class ExportRecord:
    """What the audit log records when a document is written to a file (no personal data)."""

    object_type: str
    object_id: str
    detail: str


def check_target(target: Path | str, field: str = "target") -> Path:
    """``target`` as a path a file can be written to: not a folder, in an existing folder.
    Raises ``ValidationError`` on ``field``."""
    path = os_errors.check_path(target, field)
    if path.is_dir():
        raise ValidationError(field, _("Op deze plek staat een map; kies een bestandsnaam."))
    folder = path.parent if str(path.parent) else Path(".")
    if folder.exists() and not folder.is_dir():
        raise ValidationError(field, _("{folder} is een bestand, geen map. Kies een bestaande "
                                       "map.").format(folder=folder))
    if not folder.is_dir():
        raise ValidationError(field, _("De map {folder} bestaat niet. Kies een bestaande map.")
                              .format(folder=folder))
    return path


def make_folder(folder: Path | str) -> Path:
    """The folder named for a batch of documents, made when missing (its parent must exist:
    a mistyped path creates no tree of folders). Raises ``ValidationError`` on ``folder`` or
    ``StorageError``."""
    path = os_errors.check_path(folder, "folder")
    if not path.exists():
        check_target(path, "folder")
        try:
            path.mkdir()
        except OSError as exc:
            raise os_errors.storage_error(exc, _("De map {name} kan niet worden gemaakt "
                                                 "({reason}).").format(name=path.name,
                                                                       reason="{reason}")) \
                from exc
    elif not path.is_dir():
        raise ValidationError("folder", _("{folder} is een bestand, geen map.").format(
            folder=path))
    return path


def write_atomically(target: Path | str, content: bytes) -> Path:
    """Write ``content`` to ``target`` through a temporary file in the same folder and a rename.

    Raises ``ValidationError`` (``target``: a folder, a folder that does not exist, a name the
    system cannot take) or ``StorageError`` (``DiskFullError``, ``ReadOnlyLocationError``, …)
    with a Dutch reason; on any failure neither the temporary file nor a partial target is
    left."""
    path = check_target(target)
    folder = path.parent if str(path.parent) else Path(".")
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name[:80]}.", suffix=".part",
                                             dir=folder)
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
        temporary = None
    except OSError as exc:
        raise os_errors.storage_error(exc, _(
            "Het bestand {name} is niet opgeslagen: {reason}. Er is niets achtergebleven; kies "
            "een andere plek of maak ruimte vrij.").format(name=path.name, reason="{reason}")) \
            from exc
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    return path


def export_file(store: Store, target: Path | str, content: bytes, record: ExportRecord) -> Path:
    """``write_atomically`` and log it: an export when written, a failed export (with the kind
    of failure, never the path) when not. Raises what ``write_atomically`` raises."""
    try:
        path = write_atomically(target, content)
    except (ValidationError, StorageError) as error:
        audit.record_now(store, AuditAction.EXPORT, record.object_type, record.object_id,
                         result=AuditResult.FAILED,
                         detail=f"{record.detail}; {type(error).__name__}")
        raise
    audit.record_now(store, AuditAction.EXPORT, record.object_type, record.object_id,
                     detail=record.detail)
    return path
