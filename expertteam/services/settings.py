"""Settings kept with the data: typed values stored as JSON under a key."""

from __future__ import annotations

import json
from typing import Any

from expertteam.domain.enums import AuditAction
from expertteam.services import audit
from expertteam.services.store import Store
from expertteam.storage.models import Setting


def get_value(store: Store, key: str, default: Any = None) -> Any:
    with store.transaction() as session:
        row = session.get(Setting, key)
        return default if row is None else json.loads(row.value)


def set_value(store: Store, key: str, value: Any) -> None:
    """Store ``value`` under ``key``; the change and its audit entry are one transaction."""
    with store.transaction() as session:
        row = session.get(Setting, key)
        encoded = json.dumps(value, ensure_ascii=False, sort_keys=True)
        if row is None:
            session.add(Setting(key=key, value=encoded))
        else:
            row.value = encoded
        audit.record(session, store, AuditAction.CHANGE, "setting", key)
