"""Decisions on an agenda item: recorded while the meeting is in progress, changed or withdrawn
(kept, left out of the minutes) until it closes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from expertteam.domain.enums import AuditAction
from expertteam.domain.errors import NotFoundError, StateError
from expertteam.i18n import _
from expertteam.services import audit
from expertteam.services.meeting_rules import ensure_in_progress, load_item
from expertteam.services.store import Store
from expertteam.services.validation import clean_text
from expertteam.storage.models.meetings import Decision


@dataclass(frozen=True, slots=True)
class DecisionInfo:
    id: int
    agenda_item_id: int
    text: str
    withdrawn: bool
    recorded_at: datetime


def _decision_info(decision: Decision) -> DecisionInfo:
    return DecisionInfo(decision.id, decision.agenda_item_id, decision.text, decision.withdrawn,
                        decision.created_at)


def _load_decision(session: Session, decision_id: int) -> Decision:
    decision = session.get(Decision, decision_id)
    if decision is None:
        raise NotFoundError(_("Dit besluit bestaat niet (meer)."))
    ensure_in_progress(decision.agenda_item.meeting)
    return decision


def _decision_text(text: str) -> str:
    return clean_text(text, "text", _("Besluit"), required=True, max_length=4000,
                      multiline=True)


def add_decision(store: Store, item_id: int, text: str) -> DecisionInfo:
    """Record a decision on an agenda item (and mark the item discussed).

    Raises ``NotFoundError``, ``ValidationError`` (empty or too long), ``LockedError``
    (closed meeting) or ``StateError`` (meeting not started, item dropped)."""
    with store.transaction() as session:
        item = load_item(session, item_id)
        ensure_in_progress(item.meeting)
        if item.dropped:
            raise StateError(_("Dit agendapunt is van de agenda gehaald; zet het eerst terug."))
        decision = Decision(agenda_item=item, text=_decision_text(text))
        item.discussed = True
        session.add(decision)
        session.flush()
        audit.record(session, store, AuditAction.CREATE, "decision", decision.id)
        return _decision_info(decision)


def change_decision(store: Store, decision_id: int, text: str) -> DecisionInfo:
    """Change a decision's text while the meeting is in progress.

    Raises ``NotFoundError``, ``ValidationError``, ``LockedError`` or ``StateError``."""
    with store.transaction() as session:
        decision = _load_decision(session, decision_id)
        decision.text = _decision_text(text)
        audit.record(session, store, AuditAction.CHANGE, "decision", decision.id)
        return _decision_info(decision)


def set_decision_withdrawn(store: Store, decision_id: int, withdrawn: bool) -> DecisionInfo:
    """Withdraw a decision taken by mistake in this meeting (kept, not shown in the minutes),
    or restore it. Raises ``NotFoundError``, ``LockedError`` or ``StateError``."""
    with store.transaction() as session:
        decision = _load_decision(session, decision_id)
        decision.withdrawn = withdrawn
        audit.record(session, store, AuditAction.CHANGE, "decision", decision.id,
                     detail="withdrawn" if withdrawn else "restored")
        return _decision_info(decision)


def decisions_by_item(session: Session, item_ids: Sequence[int]) -> dict[int, list[DecisionInfo]]:
    """Decisions (withdrawn ones left out) per agenda item, in the order they were taken."""
    result: dict[int, list[DecisionInfo]] = defaultdict(list)
    for decision in session.scalars(
            select(Decision).where(Decision.agenda_item_id.in_(list(item_ids)),
                                   Decision.withdrawn.is_(False)).order_by(Decision.id)):
        result[decision.agenda_item_id].append(_decision_info(decision))
    return result
