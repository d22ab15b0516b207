"""The audit log as people read it: the log viewer's filtered query and its record types, and
the CSV export that carries the log's anchor."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import Select, select

from expertteam.domain.enums import AuditAction, AuditResult
from expertteam.domain.errors import ValidationError
from expertteam.i18n import _
from expertteam.services.audit import AuditRow, anchor, audit_row, record
from expertteam.services.store import Store
from expertteam.storage.models.system import AuditEntry


@dataclass(frozen=True)
class AuditFilter:
    """What the log viewer shows; empty fields do not filter."""

    actor_id: int | None = None
    action: AuditAction | None = None
    result: AuditResult | None = None
    object_type: str = ""
    object_id: str = ""
    origin: str = ""
    date_from: date | None = None
    date_to: date | None = None


MAX_ROWS = 5000


def _filtered(wanted: AuditFilter) -> Select[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    if wanted.actor_id is not None:
        query = query.where(AuditEntry.actor_id == wanted.actor_id)
    if wanted.action is not None:
        query = query.where(AuditEntry.action == wanted.action)
    if wanted.result is not None:
        query = query.where(AuditEntry.result == wanted.result)
    if wanted.object_type:
        query = query.where(AuditEntry.object_type == wanted.object_type)
    if wanted.object_id:
        query = query.where(AuditEntry.object_id == wanted.object_id)
    if wanted.origin:
        query = query.where(AuditEntry.origin.like(f"{wanted.origin}%"))
    if wanted.date_from is not None:
        query = query.where(AuditEntry.at >= datetime.combine(wanted.date_from, time.min))
    if wanted.date_to is not None:
        query = query.where(AuditEntry.at < datetime.combine(wanted.date_to + timedelta(days=1),
                                                             time.min))
    return query


def _check_filter(wanted: AuditFilter | None) -> AuditFilter:
    wanted = wanted or AuditFilter()
    if not isinstance(wanted, AuditFilter):
        raise ValidationError("filter", _("Ongeldig filter voor het logboek."))
    for name in ("object_type", "object_id", "origin"):
        value = getattr(wanted, name)
        if not isinstance(value, str) or len(value) > 80 or "\x00" in value:
            raise ValidationError(name, _("Dit filter is te lang of bevat ongeldige tekens."))
    for name in ("date_from", "date_to"):
        value = getattr(wanted, name)
        if value is not None and (not isinstance(value, date) or
                                  not 1900 <= value.year <= 9000):
            raise ValidationError(name, _("Kies een geldige datum."))
    if wanted.date_from and wanted.date_to and wanted.date_to < wanted.date_from:
        raise ValidationError("date_to", _("De einddatum ligt vóór de begindatum."))
    return wanted


def query(store: Store, wanted: AuditFilter | None = None, *,
          limit: int = MAX_ROWS) -> list[AuditRow]:
    """The log entries that match ``wanted``, newest first (at most ``limit``); viewing the log
    is itself logged. Raises ``ValidationError`` for an impossible filter."""
    wanted = _check_filter(wanted)
    with store.transaction() as session:
        rows = [audit_row(r) for r in session.scalars(_filtered(wanted).limit(max(1, min(limit,
                                                                                    MAX_ROWS))))]
        record(session, store, AuditAction.VIEW, "audit_log", "*", detail=f"{len(rows)} rows")
        return rows


def object_types(store: Store) -> list[str]:
    """The record types that occur in the log (for the viewer's filter)."""
    with store.transaction() as session:
        return sorted(session.scalars(select(AuditEntry.object_type).distinct()))


CSV_COLUMNS = ("id", "tijdstip_utc", "gebruiker_id", "handeling", "objecttype", "object_id",
               "resultaat", "herkomst", "toelichting", "hash")


def export_csv(store: Store, target: Path, wanted: AuditFilter | None = None) -> int:
    """Write the matching entries (oldest first) to ``target`` as CSV with their hashes and, as
    the last line, the log's anchor (count and head, for ``verify_against``); written
    atomically and logged as an export (or a failed one). Returns the number of rows. Every
    text passes the privacy guard and is written so that a spreadsheet does not run it as a
    formula. Raises ``ValidationError`` or ``StorageError``."""
    from expertteam.services import files
    from expertteam.services.privacy import guard, spreadsheet_text

    wanted = _check_filter(wanted)
    with store.transaction() as session:
        check = guard(session)

        def field(value: str) -> str:
            return spreadsheet_text(check.text(value))

        entries = list(session.scalars(_filtered(wanted)))
        entries.reverse()
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(CSV_COLUMNS)
        for e in entries:
            writer.writerow([e.id, e.at.isoformat(sep=" ", timespec="seconds"),
                             "" if e.actor_id is None else e.actor_id, e.action.value,
                             field(e.object_type), field(e.object_id), e.result.value,
                             field(e.origin), field(e.detail), e.entry_hash])
        writer.writerow([anchor(session).text])
    files.export_file(store, target, buffer.getvalue().encode("utf-8"),
                      files.ExportRecord("audit_log", "*", f"{len(entries)} rows"))
    return len(entries)
