"""What callers see of an escalation: the input of the dialog, the full info with its linked
cases, actions and dated events, the register's row, and the mapping from the stored rows."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from expertteam.domain.enums import ActionStatus, BlockerKind
from expertteam.domain.escalation import EscalationLevel, EscalationStatus, next_statuses
from expertteam.domain.pseudonym import pseudonym
from expertteam.i18n import _
from expertteam.storage.models.escalations import Escalation

CREATED, STATUS, RESPONSE, CHANGED, FOLLOW_UP = "created", "status", "response", "changed", \
    "follow_up"


@dataclass
class EscalationInput:
    level: EscalationLevel
    addressee_id: int | None
    opened_on: date
    blocker_kinds: tuple[BlockerKind, ...] = ()
    case_ids: tuple[int, ...] = ()
    action_ids: tuple[int, ...] = ()
    reason: str = ""
    request: str = ""
    follow_up_on: date | None = None
    subject_organisation_id: int | None = None
    care_description: str = ""
    problem_since: date | None = None
    signal_key: str = ""


@dataclass(frozen=True, slots=True)
class LinkedCase:
    id: int
    case_number: str
    pseudonym: str


@dataclass(frozen=True, slots=True)
class LinkedAction:
    id: int
    number: int
    case_id: int
    case_number: str
    description: str
    owner_name: str
    due_on: date
    status: ActionStatus
    times_postponed: int


@dataclass(frozen=True, slots=True)
class EscalationEventInfo:
    id: int
    on: date
    kind: str
    old_status: EscalationStatus | None
    new_status: EscalationStatus | None
    note: str

    @property
    def text(self) -> str:
        if self.kind == CREATED:
            return _("Escalatie aangemaakt")
        if self.kind == RESPONSE:
            return _("Antwoord vastgelegd")
        if self.kind == FOLLOW_UP:
            return _("Opvolgdatum gewijzigd")
        if self.kind == CHANGED:
            return _("Concept gewijzigd")
        status = self.new_status.label.lower() if self.new_status else ""
        return _("Status: {status}").format(status=status)


@dataclass(frozen=True, slots=True)
class EscalationInfo:
    id: int
    reference: str
    level: EscalationLevel
    addressee_id: int
    addressee_name: str
    opened_on: date
    status: EscalationStatus
    status_on: date
    blocker_kinds: tuple[BlockerKind, ...]
    subject_organisation_id: int | None
    subject_organisation_name: str
    care_description: str
    problem_since: date | None
    reason: str
    request: str
    follow_up_on: date | None
    response: str
    response_on: date | None
    signal_key: str
    cases: tuple[LinkedCase, ...]
    actions: tuple[LinkedAction, ...]
    events: tuple[EscalationEventInfo, ...] = field(default=())
    follow_up_passed: bool = False

    @property
    def next_statuses(self) -> list[EscalationStatus]:
        return next_statuses(self.status)

    @property
    def sent_on(self) -> date | None:
        """The first date it was sent (None while a concept)."""
        return next((e.on for e in self.events if e.new_status is EscalationStatus.SENT), None)

    def to_input(self) -> EscalationInput:
        return EscalationInput(
            level=self.level, addressee_id=self.addressee_id, opened_on=self.opened_on,
            blocker_kinds=self.blocker_kinds, case_ids=tuple(c.id for c in self.cases),
            action_ids=tuple(a.id for a in self.actions), reason=self.reason,
            request=self.request, follow_up_on=self.follow_up_on,
            subject_organisation_id=self.subject_organisation_id,
            care_description=self.care_description, problem_since=self.problem_since,
            signal_key=self.signal_key)


@dataclass(frozen=True, slots=True)
class EscalationRow:
    id: int
    reference: str
    level: EscalationLevel
    addressee_name: str
    opened_on: date
    status: EscalationStatus
    status_on: date
    case_numbers: tuple[str, ...]
    blocker_kinds: tuple[BlockerKind, ...]
    follow_up_on: date | None
    follow_up_passed: bool


def stored_blocker_kinds(raw: str) -> tuple[BlockerKind, ...]:
    """The blocker kinds stored as a JSON list on the row (none for an unreadable value)."""
    try:
        return tuple(BlockerKind(value) for value in json.loads(raw or "[]"))
    except (ValueError, TypeError):
        return ()


def _status_or_none(value: str | None) -> EscalationStatus | None:
    return EscalationStatus(value) if value else None


def is_follow_up_passed(escalation: Escalation, today: date) -> bool:
    """Whether the escalation is under way and its follow-up date lies before ``today``."""
    return escalation.status.under_way and escalation.follow_up_on is not None and \
        today > escalation.follow_up_on


def to_info(escalation: Escalation, today: date) -> EscalationInfo:
    """The escalation row with its cases, actions and events as plain data."""
    cases = tuple(
        LinkedCase(link.case.id, link.case.case_number,
                   pseudonym(link.case.case_number, link.case.given_names, link.case.surname,
                             link.case.birth_date))
        for link in escalation.cases)
    numbers = {c.id: c.case_number for c in cases}
    actions = tuple(
        LinkedAction(a.id, a.number, a.case_id, numbers.get(a.case_id, ""), a.description,
                     a.owner_organisation.name, a.due_on, a.status, a.times_postponed)
        for a in sorted((link.action for link in escalation.actions), key=lambda a: a.number))
    events = tuple(
        EscalationEventInfo(e.id, e.on, e.kind, _status_or_none(e.old_status),
                            _status_or_none(e.new_status), e.note)
        for e in escalation.events)
    subject = escalation.subject_organisation
    return EscalationInfo(
        id=escalation.id, reference=escalation.reference, level=escalation.level,
        addressee_id=escalation.addressee_id, addressee_name=escalation.addressee.name,
        opened_on=escalation.opened_on, status=escalation.status,
        status_on=escalation.status_on,
        blocker_kinds=stored_blocker_kinds(escalation.blocker_kinds),
        subject_organisation_id=escalation.subject_organisation_id,
        subject_organisation_name=subject.name if subject else "",
        care_description=escalation.care_description, problem_since=escalation.problem_since,
        reason=escalation.reason, request=escalation.request,
        follow_up_on=escalation.follow_up_on, response=escalation.response,
        response_on=escalation.response_on, signal_key=escalation.signal_key, cases=cases,
        actions=actions, events=events,
        follow_up_passed=is_follow_up_passed(escalation, today))
