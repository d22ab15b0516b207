"""Append-only audit log (NEN 7513 / BIO 8.15): actor, time, action, record, result, origin.

The log holds record ids only. Each entry carries an HMAC-SHA256 over its fields and the previous
entry's hash under the database's log key (``storage.audit_chain`` explains the key), and the head
(row count and newest hash) is kept apart from the log with its own HMAC. Backups and exported
documents record the head (``anchor``); ``services.audit_verify`` checks the log against both,
``services.audit_query`` shows and exports it.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from expertteam.clock import utcnow
from expertteam.domain.enums import AuditAction, AuditResult
from expertteam.services.store import Store
from expertteam.storage import audit_chain
from expertteam.storage.audit_chain import GENESIS_HASH, HEAD_SETTING, KEY_SETTING, EntryFields
from expertteam.storage.models.system import AuditEntry, Setting

HEAD_KEY = HEAD_SETTING
_keys: weakref.WeakKeyDictionary[Engine, bytes] = weakref.WeakKeyDictionary()


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


def audit_row(r: AuditEntry) -> AuditRow:
    """The entry as plain data."""
    return AuditRow(r.id, r.at, r.actor_id, r.action, r.object_type, r.object_id, r.result,
                    r.origin, r.detail)


def entry_fields(entry: AuditEntry) -> EntryFields:
    """The fields of the entry that its HMAC covers."""
    return EntryFields(entry.at, entry.actor_id, entry.action.value, entry.object_type,
                       entry.object_id, entry.result.value, entry.origin, entry.detail)


def store_passphrase(store: Store) -> str | None:
    """The passphrase the log key is wrapped under (None for a plain database)."""
    return store.database.engine.url.password or None


MARKER_TYPE = "audit_log_repair"


def _log_key(session: Session, store: Store) -> tuple[bytes, bool]:
    """The log key, unwrapped once per engine, and whether it had to be replaced. (Encrypting a
    file wraps its key there and then, ``convert.export_encrypted``: an unwrapped key in an
    encrypted database is never "repaired" here, ``audit_verify.verify`` reports it.) A missing
    or unusable key is replaced by a new one: the rows before it cannot be verified any more,
    which ``verify`` then reports."""
    engine = store.database.engine
    cached = _keys.get(engine)
    if cached is not None:
        return cached, False
    passphrase = store_passphrase(store)
    row = session.get(Setting, KEY_SETTING)
    replaced = False
    try:
        key = audit_chain.unwrap(row.value if row is not None else None, passphrase)
    except audit_chain.AuditKeyError:
        key, value = audit_chain.new_key(passphrase)
        replaced = True
        if row is None:
            session.add(Setting(key=KEY_SETTING, value=value))
        else:
            row.value = value
    _keys[engine] = key
    return key, replaced


def rewrap_key(session: Session, store: Store, new_passphrase: str) -> None:
    """After a passphrase change: wrap the same log key under the new passphrase."""
    key, _replaced = _log_key(session, store)
    row = session.get(Setting, KEY_SETTING)
    value = audit_chain.key_record(key, new_passphrase)
    if row is None:
        session.add(Setting(key=KEY_SETTING, value=value))
    else:
        row.value = value


def recorded_origin(store: Store) -> str:
    """Where an entry comes from; on a server also the database role the session logged in
    as (``cli:cases [db:anna]``), so that the log names the real person even when profiles
    are shared or chosen wrongly (see docs/ARCHITECTURE.md)."""
    role = store.database.role
    suffix = f" [db:{role}]" if role else ""
    return store.origin[:80 - len(suffix)] + suffix


def forget_key(store: Store) -> None:
    _keys.pop(store.database.engine, None)


def _append(session: Session, store: Store, key: bytes, count: int, action: AuditAction,
            object_type: str, object_id: str, result: AuditResult, detail: str,
            previous: str | None = None) -> str:
    """Append one entry after ``previous`` (the newest entry's hash; read from the log when
    not known) and move the head to it; returns the new entry's hash."""
    if previous is None:
        previous = session.scalars(
            select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1)
        ).first()
    entry = AuditEntry(at=utcnow(), actor_id=store.actor_id, action=action,
                       object_type=object_type, object_id=object_id[:40], result=result,
                       origin=recorded_origin(store), detail=detail[:200],
                       previous_hash=previous or GENESIS_HASH)
    entry.entry_hash = audit_chain.entry_mac(key, entry.previous_hash, entry_fields(entry))
    session.add(entry)
    head = session.get(Setting, HEAD_KEY)
    value = audit_chain.head_value(key, count, entry.entry_hash)
    if head is None:
        session.add(Setting(key=HEAD_KEY, value=value))
    else:
        head.value = value
    return entry.entry_hash


def record(session: Session, store: Store, action: AuditAction, object_type: str,
           object_id: int | str, *, result: AuditResult = AuditResult.OK,
           detail: str = "") -> None:
    """Append one entry inside the caller's transaction. ``detail`` must hold no personal data.

    When the stored head is missing or does not verify (someone removed or forged it, perhaps
    to hide a cut tail), or the key had to be replaced, an entry saying so goes first: the
    evidence stays in the chain instead of being repaired away."""
    key, replaced = _log_key(session, store)
    # On a server two sessions append at once: the head row is locked first (FOR UPDATE), so
    # each entry chains to the one committed before it. SQLite has one writer anyway.
    head_row = session.get(Setting, HEAD_KEY, with_for_update=True, populate_existing=True)
    stored = audit_chain.read_head(head_row.value if head_row is not None else None)
    if stored is not None and stored.valid(key) and not replaced:
        # The head names the newest entry: chain to it (a tail cut since then shows as a gap
        # in the chain, besides the count).
        count, previous = stored.count, stored.head
    else:
        count = _count(session)
        what = "key replaced" if replaced else "head missing" if stored is None else \
            "head invalid"
        count += 1
        previous = _append(session, store, key, count, AuditAction.CHANGE, MARKER_TYPE, "*",
                           AuditResult.FAILED, f"{what}; restarted at {count} rows")
    _append(session, store, key, count + 1, action, object_type, str(object_id), result,
            detail, previous)


def _count(session: Session) -> int:
    from sqlalchemy import func

    return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def record_now(store: Store, action: AuditAction, object_type: str, object_id: int | str, *,
               result: AuditResult = AuditResult.OK, detail: str = "") -> None:
    """Append one entry in its own transaction (for refusals and for reads outside a use case)."""
    with store.transaction() as session:
        record(session, store, action, object_type, object_id, result=result, detail=detail)


def list_entries(store: Store, *, limit: int = 1000) -> list[AuditRow]:
    with store.transaction() as session:
        rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit))
        return [audit_row(r) for r in rows]


@dataclass(frozen=True, slots=True)
class AuditAnchor:
    """The log as a backup or document records it: the number of entries and the newest hash."""

    count: int
    head: str

    @property
    def text(self) -> str:
        return audit_chain.anchor_text(self.count, self.head)


def anchor(session: Session) -> AuditAnchor:
    """The log's current count and head, as recorded in backups and documents."""
    head = audit_chain.read_head(_setting_value(session, HEAD_KEY))
    if head is not None:
        return AuditAnchor(head.count, head.head)
    last = session.scalars(select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc())
                           .limit(1)).first()
    return AuditAnchor(_count(session), last or GENESIS_HASH)


def anchor_of(store: Store) -> AuditAnchor:
    with store.transaction() as session:
        return anchor(session)


def _setting_value(session: Session, key: str) -> str | None:
    row = session.get(Setting, key)
    return row.value if row is not None else None
