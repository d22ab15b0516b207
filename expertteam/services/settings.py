"""Settings kept with the data: typed values stored as JSON under a key. Every write of a
setting goes through ``write_setting`` (inside a transaction) or ``set_value`` (its own): the
value and its audit entry are one transaction.

Machine-wide presets (the gemeente's policy file, read by ``services.policy`` at start-up) are
the defaults of their keys: a user's own stored value wins, unless the preset is fixed, and then
the preset is the value and a write is refused."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from expertteam.domain.enums import AuditAction
from expertteam.domain.errors import ValidationError
from expertteam.i18n import _
from expertteam.services import audit
from expertteam.services.store import Store
from expertteam.storage.models.system import Setting


@dataclass(frozen=True)
class Preset:
    """A machine-wide default for one key; ``field``: the input a refused write names."""

    value: Any
    fixed: bool
    field: str


_presets: dict[str, Preset] = {}


def use_presets(presets: Mapping[str, Preset]) -> None:
    """Make ``presets`` the machine-wide defaults of this process (replacing any before)."""
    _presets.clear()
    _presets.update(presets)


def preset(key: str) -> Preset | None:
    return _presets.get(key)


def is_fixed(key: str) -> bool:
    """Whether the machine-wide policy fixes ``key`` (a screen shows it read-only)."""
    found = _presets.get(key)
    return found is not None and found.fixed


def _refuse_fixed(key: str) -> None:
    fixed = _presets.get(key)
    if fixed is not None and fixed.fixed:
        raise ValidationError(fixed.field, _(
            "Deze instelling is door uw organisatie vastgezet (beleidsbestand). Vraag uw "
            "beheerder als u een andere waarde nodig hebt."))


def get_value(store: Store, key: str, default: Any = None) -> Any:
    """The stored value of ``key``; without one the machine-wide preset, else ``default``. A
    fixed preset is the value whatever is stored."""
    found = _presets.get(key)
    if found is not None and found.fixed:
        return found.value
    with store.transaction() as session:
        row = session.get(Setting, key)
        if row is not None:
            return json.loads(row.value)
    return default if found is None else found.value


def write_setting(session: Session, store: Store, key: str, value: Any, *,
                  detail: str = "") -> None:
    """Store ``value`` (as JSON) under ``key`` and audit the change, in the caller's
    transaction. Raises ``ValidationError`` for a key the policy file fixes."""
    _refuse_fixed(key)
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
    """Back to the default of ``key`` (its row removed); audited when there was one. Raises
    ``ValidationError`` for a key the policy file fixes."""
    _refuse_fixed(key)
    with store.transaction() as session:
        row = session.get(Setting, key)
        if row is not None:
            session.delete(row)
            audit.record(session, store, AuditAction.CHANGE, "setting", key, detail=detail)
