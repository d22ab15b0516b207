"""Append-only audit log (NEN 7513 / BIO 8.15): actor, time, action, record, result, origin.

The log holds record ids only. Each entry's hash covers its fields and the previous entry's hash,
so a changed or removed row breaks the chain and ``verify_chain`` reports where.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from expertteam.clock import utcnow
from expertteam.domain.enums import AuditAction, AuditResult
from expertteam.domain.errors import StorageError, ValidationError
from expertteam.i18n import _
from expertteam.services.store import Store
from expertteam.storage.models import AuditEntry, Setting

GENESIS_HASH = "0" * 64
# The newest entry's hash, kept apart from the log: removing rows at the end of the log (which
# leaves an intact chain) shows as a mismatch with this head.
HEAD_KEY = "audit.head"


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    at: datetime
    actor_id: int | None
    action: AuditAction
    object_type: str
    object_id: str
    result: AuditResult
    origin: str
    detail: str


def _digest(previous_hash: str, entry: AuditEntry) -> str:
    payload = "|".join([
        previous_hash, entry.at.isoformat(), str(entry.actor_id), entry.action.value,
        entry.object_type, entry.object_id, entry.result.value, entry.origin, entry.detail,
    ])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def record(session: Session, store: Store, action: AuditAction, object_type: str,
           object_id: int | str, *, result: AuditResult = AuditResult.OK,
           detail: str = "") -> None:
    """Append one entry inside the caller's transaction. ``detail`` must hold no personal data."""
    previous = session.scalars(
        select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    entry = AuditEntry(at=utcnow(), actor_id=store.actor_id, action=action,
                       object_type=object_type, object_id=str(object_id), result=result,
                       origin=store.origin[:80], detail=detail[:200],
                       previous_hash=previous or GENESIS_HASH)
    entry.entry_hash = _digest(entry.previous_hash, entry)
    session.add(entry)
    head = session.get(Setting, HEAD_KEY)
    if head is None:
        session.add(Setting(key=HEAD_KEY, value=f'"{entry.entry_hash}"'))
    else:
        head.value = f'"{entry.entry_hash}"'


def record_now(store: Store, action: AuditAction, object_type: str, object_id: int | str, *,
               result: AuditResult = AuditResult.OK, detail: str = "") -> None:
    """Append one entry in its own transaction (for refusals and for reads outside a use case)."""
    with store.transaction() as session:
        record(session, store, action, object_type, object_id, result=result, detail=detail)


def list_entries(store: Store, *, limit: int = 1000) -> list[AuditRow]:
    with store.transaction() as session:
        rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit))
        return [AuditRow(r.id, r.at, r.actor_id, r.action, r.object_type, r.object_id, r.result,
                         r.origin, r.detail) for r in rows]


def verify_chain(store: Store) -> list[int]:
    """Ids of entries whose hash does not follow from their content and predecessor (empty when
    the log is intact). A removed row shows as a break at the row after it; rows removed at the
    end show as a break at the last remaining row (0 when none remains)."""
    broken: list[int] = []
    previous_hash = GENESIS_HASH
    last_id = 0
    with store.transaction() as session:
        for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
            if entry.previous_hash != previous_hash or _digest(previous_hash, entry) != \
                    entry.entry_hash:
                broken.append(entry.id)
            previous_hash = entry.entry_hash
            last_id = entry.id
        head = session.get(Setting, HEAD_KEY)
        if head is not None and head.value.strip('"') != previous_hash and \
                last_id not in broken:
            broken.append(last_id)
    return broken


# --------------------------------------------------------------------------- the log viewer

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


def _row(r: AuditEntry) -> AuditRow:
    return AuditRow(r.id, r.at, r.actor_id, r.action, r.object_type, r.object_id, r.result,
                    r.origin, r.detail)


def query(store: Store, wanted: AuditFilter | None = None, *,
          limit: int = MAX_ROWS) -> list[AuditRow]:
    """The log entries that match ``wanted``, newest first (at most ``limit``); viewing the log
    is itself logged. Raises ``ValidationError`` for an impossible filter."""
    wanted = _check_filter(wanted)
    with store.transaction() as session:
        rows = [_row(r) for r in session.scalars(_filtered(wanted).limit(max(1, min(limit,
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
    """Write the matching entries (oldest first) to ``target`` as CSV with their hashes; logged as
    an export. Returns the number of rows. Every text passes the privacy guard and is written so
    that a spreadsheet does not run it as a formula. Raises ``ValidationError`` or
    ``StorageError``."""
    from expertteam.services.privacy import guard, spreadsheet_text

    wanted = _check_filter(wanted)
    target = Path(target)
    with store.transaction() as session:
        check = guard(session)

        def field(value: str) -> str:
            return spreadsheet_text(check.text(value))

        entries = list(session.scalars(_filtered(wanted)))
        entries.reverse()
        try:
            with target.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle, delimiter=";")
                writer.writerow(CSV_COLUMNS)
                for e in entries:
                    writer.writerow([e.id, e.at.isoformat(sep=" ", timespec="seconds"),
                                     "" if e.actor_id is None else e.actor_id, e.action.value,
                                     field(e.object_type), field(e.object_id), e.result.value,
                                     field(e.origin), field(e.detail), e.entry_hash])
        except OSError as exc:
            raise StorageError(_("Het logboek kon niet worden opgeslagen ({reason}).")
                               .format(reason=exc.strerror)) from exc
        record(session, store, AuditAction.EXPORT, "audit_log", "*",
               detail=f"{len(entries)} rows")
        return len(entries)
