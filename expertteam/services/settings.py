"""Settings kept with the data: typed values stored as JSON under a key. Every write of a
setting goes through ``write_setting`` (inside a transaction) or ``set_value`` (its own): the
value and its audit entry are one transaction."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from expertteam.domain.enums import AuditAction
from expertteam.services import audit
from expertteam.services.store import Store
from expertteam.storage.models import Setting


def get_value(store: Store, key: str, default: Any = None) -> Any:
    with store.transaction() as session:
        row = session.get(Setting, key)
        return default if row is None else json.loads(row.value)


def write_setting(session: Session, store: Store, key: str, value: Any, *,
                  detail: str = "") -> None:
    """Store ``value`` (as JSON) under ``key`` and audit the change, in the caller's
    transaction."""
    encoded = json.dumps(value, ensure_ascii=False, sort_keys=True)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=encoded))
    else:
        row.value = encoded
    audit.record(session, store, AuditAction.CHANGE, "setting", key, detail=detail)


def set_value(store: Store, key: str, value: Any, *, detail: str = "") -> None:
    """Store ``value`` under ``key``; the change and its audit entry are one transaction."""
    with store.transaction() as session:
        write_setting(session, store, key, value, detail=detail)


def remove_value(store: Store, key: str, *, detail: str = "") -> None:
    """Back to the default of ``key`` (its row removed); audited when there was one."""
    with store.transaction() as session:
        row = session.get(Setting, key)
        if row is not None:
            session.delete(row)
            audit.record(session, store, AuditAction.CHANGE, "setting", key, detail=detail)
