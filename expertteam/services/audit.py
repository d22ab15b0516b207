"""Append-only audit log (NEN 7513 / BIO 8.15): actor, time, action, record, result, origin.

The log holds record ids only. Each entry's hash covers its fields and the previous entry's hash,
so a changed or removed row breaks the chain and ``verify_chain`` reports where.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from expertteam.domain.enums import AuditAction, AuditResult
from expertteam.services.store import Store
from expertteam.storage.base import utcnow
from expertteam.storage.models import AuditEntry

GENESIS_HASH = "0" * 64


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
    the log is intact). A removed row shows as a break at the row after it."""
    broken: list[int] = []
    previous_hash = GENESIS_HASH
    with store.transaction() as session:
        for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
            if entry.previous_hash != previous_hash or _digest(previous_hash, entry) != \
                    entry.entry_hash:
                broken.append(entry.id)
            previous_hash = entry.entry_hash
    return broken
