"""Drafts of forms that are being typed: written to the (encrypted) database as the user leaves
each field, so a crash or power loss loses at most the field being typed. A draft is removed when
the form is saved or deliberately discarded."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from enum import Enum
from typing import Any

from expertteam.clock import utcnow
from expertteam.domain.enums import AuditAction, BlockerKind, CaseStatus, MeasureKind, WaitingFor
from expertteam.domain.errors import ValidationError
from expertteam.i18n import _
from expertteam.services import audit
from expertteam.services.case_data import BlockerInput, CaseInput, MeasureInput
from expertteam.services.store import Store
from expertteam.storage.models.system import Setting

PREFIX = "draft:"


def case_draft_key(case_id: int | None) -> str:
    """The draft slot of a case form (``new`` for a case not yet created)."""
    return f"case:{case_id if case_id is not None else 'new'}"


def _check_key(key: str) -> str:
    if not key or len(key) > 60 or not key.replace(":", "").replace("_", "").isalnum():
        raise ValidationError("key", _("Onbekend concept."))
    return PREFIX + key


def _encode(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        return {name: _encode(item) for name, item in value.items()}
    return value


def save_case_draft(store: Store, case_id: int | None, data: CaseInput) -> None:
    """Keep the form as typed so far (validated only when it is saved for real)."""
    key = _check_key(case_draft_key(case_id))
    payload = json.dumps({"saved_at": utcnow().isoformat(), "form": _encode(asdict(data))},
                         ensure_ascii=False)
    with store.transaction() as session:
        row = session.get(Setting, key)
        if row is None:
            session.add(Setting(key=key, value=payload))
        else:
            row.value = payload
        audit.record(session, store, AuditAction.CHANGE, "draft", key.removeprefix(PREFIX))


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def _enum(kind: type[Enum], value: Any) -> Any:
    try:
        return kind(value) if value is not None else None
    except ValueError:
        return None


def _text(form: dict[str, Any], name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _id(form: dict[str, Any], name: str) -> int | None:
    value = form.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _case_input(form: dict[str, Any]) -> CaseInput | None:
    referred_on = _date(form.get("referred_on"))
    if referred_on is None:
        return None
    measures = [MeasureInput(
        kind=_enum(MeasureKind, m.get("kind")), ruling_date=_date(m.get("ruling_date")),
        gi_charged_on=_date(m.get("gi_charged_on")),
        first_contact_on=_date(m.get("first_contact_on")), plan_on=_date(m.get("plan_on")),
        carried_out_on=_date(m.get("carried_out_on")), end_date=_date(m.get("end_date")),
        end_reason=_text(m, "end_reason"), id=_id(m, "id"))
        for m in form.get("measures", []) if isinstance(m, dict)]
    blockers = [BlockerInput(
        kind=_enum(BlockerKind, b.get("kind")), provider_id=_id(b, "provider_id"),
        note=_text(b, "note"), since=_date(b.get("since")),
        resolved_on=_date(b.get("resolved_on")), id=_id(b, "id"))
        for b in form.get("blockers", []) if isinstance(b, dict)]
    bsn = form.get("bsn")
    hidden = form.get("hidden_names")
    return CaseInput(
        given_names=_text(form, "given_names"), surname=_text(form, "surname"),
        referred_on=referred_on, birth_date=_date(form.get("birth_date")),
        bsn=bsn if isinstance(bsn, str) else None,
        municipality_id=_id(form, "municipality_id"), gi_id=_id(form, "gi_id"),
        jeugdbeschermer_id=_id(form, "jeugdbeschermer_id"),
        referred_by_id=_id(form, "referred_by_id"),
        referred_by_name=_text(form, "referred_by_name"),
        referral_question=_text(form, "referral_question"), goal=_text(form, "goal"),
        waiting_for=_enum(WaitingFor, form.get("waiting_for")),
        waiting_since=_date(form.get("waiting_since")),
        help_started_on=_date(form.get("help_started_on")),
        status=_enum(CaseStatus, form.get("status")) or CaseStatus.REFERRED,
        measures=measures, blockers=blockers,
        hidden_names=[n for n in hidden if isinstance(n, str)] if isinstance(hidden, list) else [])


def load_case_draft(store: Store, case_id: int | None) -> CaseInput | None:
    """The unsaved form of this case left by an interrupted session, or None."""
    key = _check_key(case_draft_key(case_id))
    with store.transaction() as session:
        row = session.get(Setting, key)
        if row is None:
            return None
        audit.record(session, store, AuditAction.VIEW, "draft", key.removeprefix(PREFIX))
        try:
            form = json.loads(row.value).get("form", {})
            return _case_input(form) if isinstance(form, dict) else None
        except (ValueError, TypeError, AttributeError):
            return None


def discard_case_draft(store: Store, case_id: int | None) -> None:
    """Remove the draft (after a real save, or when the user chose to throw it away)."""
    key = _check_key(case_draft_key(case_id))
    with store.transaction() as session:
        row = session.get(Setting, key)
        if row is not None:
            session.delete(row)
            audit.record(session, store, AuditAction.CHANGE, "draft", key.removeprefix(PREFIX),
                         detail="discard")
