"""What the signal criteria read (plain facts about cases, actions, blockers and escalations)
and what they give (``Signal``, with the fingerprint that keeps a dismissal valid)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from expertteam.domain.enums import ActionStatus, BlockerKind, CaseStatus, WaitingFor
from expertteam.domain.signal_criteria import SignalKind
from expertteam.domain.terms import MeasureFacts


@dataclass(frozen=True, slots=True)
class ActionFacts:
    """An agreement as the criteria see it."""

    id: int
    number: int
    case_id: int
    case_number: str
    owner_organisation_id: int
    owner_name: str
    due_on: date
    status: ActionStatus
    times_postponed: int = 0


@dataclass(frozen=True, slots=True)
class CaseMeasure:
    id: int
    facts: MeasureFacts


@dataclass(frozen=True, slots=True)
class BlockerFacts:
    """A blocker; ``organisation_id`` is who blocks (the provider, or the case's GI when the
    child has no vaste jeugdbeschermer and no organisation was named)."""

    id: int
    case_id: int
    kind: BlockerKind
    organisation_id: int | None
    organisation_name: str
    since: date | None
    resolved_on: date | None


@dataclass(frozen=True, slots=True)
class CaseFacts:
    id: int
    case_number: str
    status: CaseStatus
    municipality_id: int | None = None
    municipality_name: str = ""
    gi_id: int | None = None
    gi_name: str = ""
    waiting_for: WaitingFor | None = None
    waiting_since: date | None = None
    help_started_on: date | None = None
    closed_on: date | None = None
    measures: tuple[CaseMeasure, ...] = ()

    @property
    def open(self) -> bool:
        return self.status is not CaseStatus.CLOSED


@dataclass(frozen=True, slots=True)
class EscalationFacts:
    id: int
    reference: str
    level_label: str
    addressee_name: str
    follow_up_on: date | None
    under_way: bool
    case_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything the criteria look at, as of one day."""

    cases: tuple[CaseFacts, ...] = ()
    actions: tuple[ActionFacts, ...] = ()
    blockers: tuple[BlockerFacts, ...] = ()
    escalations: tuple[EscalationFacts, ...] = ()




@dataclass(frozen=True, slots=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Signal:
    kind: SignalKind
    key: str
    """Which subject the signal is about (stable while the subject exists)."""
    fingerprint: str
    """A hash of the facts that define the signal; a dismissal holds while it is unchanged."""
    text: str
    facts: tuple[Fact, ...]
    on: date
    """Since when the problem shows: the day a term or threshold was passed, the first missed
    due date, the start of the earliest blocker (for sorting and display)."""
    case_ids: tuple[int, ...] = ()
    action_ids: tuple[int, ...] = ()
    organisation_ids: tuple[int, ...] = ()
    escalation_ids: tuple[int, ...] = ()
    blocker_kinds: tuple[BlockerKind, ...] = ()


def fingerprint(kind: SignalKind, key: str, stable: Mapping[str, Any]) -> str:
    """SHA-256 of the defining facts (ints, strings and lists of them, in a fixed order: the
    ``repr`` of these types does not change between Python versions, and is several times
    faster than JSON for thousands of signals)."""
    payload = repr((kind.value, key, sorted(stable.items())))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass
class SignalBuilder:
    kind: SignalKind
    key: str
    stable: dict[str, Any]
    text: str
    on: date
    facts: list[Fact] = field(default_factory=list)
    case_ids: tuple[int, ...] = ()
    action_ids: tuple[int, ...] = ()
    organisation_ids: tuple[int, ...] = ()
    escalation_ids: tuple[int, ...] = ()
    blocker_kinds: tuple[BlockerKind, ...] = ()

    def build(self) -> Signal:
        return Signal(self.kind, self.key, fingerprint(self.kind, self.key, self.stable),
                      self.text, tuple(self.facts), self.on, self.case_ids, self.action_ids,
                      self.organisation_ids, self.escalation_ids, self.blocker_kinds)
