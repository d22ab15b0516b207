"""What a case is made of: the input a form or an import gives, and the stored case
read back (measures, blockers, terms)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from expertteam.domain.bsn import FORMAT_VALID_LABEL
from expertteam.domain.enums import BlockerKind, CaseStatus, ClosingResult, MeasureKind, WaitingFor
from expertteam.domain.pseudonym import pseudonym
from expertteam.domain.terms import MeasureFacts, Term
from expertteam.i18n import _


@dataclass
class MeasureInput:
    kind: MeasureKind
    ruling_date: date | None = None
    gi_charged_on: date | None = None
    first_contact_on: date | None = None
    plan_on: date | None = None
    carried_out_on: date | None = None
    end_date: date | None = None
    end_reason: str = ""
    id: int | None = None


@dataclass
class BlockerInput:
    kind: BlockerKind
    provider_id: int | None = None
    note: str = ""
    since: date | None = None
    resolved_on: date | None = None
    id: int | None = None


@dataclass
class CaseInput:
    given_names: str
    surname: str
    referred_on: date
    birth_date: date | None = None
    bsn: str | None = None
    municipality_id: int | None = None
    gi_id: int | None = None
    jeugdbeschermer_id: int | None = None
    referred_by_id: int | None = None
    referred_by_name: str = ""
    referral_question: str = ""
    goal: str = ""
    waiting_for: WaitingFor | None = None
    waiting_since: date | None = None
    help_started_on: date | None = None
    status: CaseStatus = CaseStatus.REFERRED
    measures: list[MeasureInput] = field(default_factory=list)
    blockers: list[BlockerInput] = field(default_factory=list)
    hidden_names: list[str] = field(default_factory=list)
    """Other names that identify the child (parents, siblings, nicknames, school): hidden in
    every output like the child's own name."""


@dataclass(frozen=True, slots=True)
class MeasureInfo:
    id: int
    kind: MeasureKind
    ruling_date: date | None
    gi_charged_on: date | None
    first_contact_on: date | None
    plan_on: date | None
    carried_out_on: date | None
    end_date: date | None
    end_reason: str

    def facts(self) -> MeasureFacts:
        return MeasureFacts(self.kind, self.ruling_date, self.gi_charged_on,
                            self.first_contact_on, self.plan_on, self.end_date,
                            self.carried_out_on)

    def to_input(self) -> MeasureInput:
        return MeasureInput(self.kind, self.ruling_date, self.gi_charged_on,
                            self.first_contact_on, self.plan_on, self.carried_out_on,
                            self.end_date, self.end_reason, self.id)


@dataclass(frozen=True, slots=True)
class BlockerInfo:
    id: int
    kind: BlockerKind
    provider_id: int | None
    provider_name: str
    note: str
    since: date | None
    resolved_on: date | None

    def to_input(self) -> BlockerInput:
        return BlockerInput(self.kind, self.provider_id, self.note, self.since,
                            self.resolved_on, self.id)


@dataclass(frozen=True, slots=True)
class CaseDetail:
    id: int
    uuid: str
    case_number: str
    given_names: str
    surname: str
    birth_date: date | None
    bsn: str | None
    municipality_id: int | None
    municipality_name: str
    gi_id: int | None
    gi_name: str
    jeugdbeschermer_id: int | None
    jeugdbeschermer_name: str
    referred_on: date
    referred_by_id: int | None
    referred_by_name: str
    referral_question: str
    goal: str
    waiting_for: WaitingFor | None
    waiting_since: date | None
    help_started_on: date | None
    status: CaseStatus
    closed_on: date | None
    closing_result: ClosingResult | None
    closing_note: str
    measures: tuple[MeasureInfo, ...]
    blockers: tuple[BlockerInfo, ...]
    terms: tuple[Term, ...]
    hidden_names: tuple[str, ...] = ()

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.surname}".strip()

    @property
    def pseudonym(self) -> str:
        return pseudonym(self.case_number, self.given_names, self.surname, self.birth_date)

    @property
    def bsn_label(self) -> str:
        return _(FORMAT_VALID_LABEL) if self.bsn else ""

    def to_input(self) -> CaseInput:
        return CaseInput(
            given_names=self.given_names, surname=self.surname, referred_on=self.referred_on,
            birth_date=self.birth_date, bsn=self.bsn, municipality_id=self.municipality_id,
            gi_id=self.gi_id, jeugdbeschermer_id=self.jeugdbeschermer_id,
            referred_by_id=self.referred_by_id, referred_by_name=self.referred_by_name,
            referral_question=self.referral_question, goal=self.goal,
            waiting_for=self.waiting_for, waiting_since=self.waiting_since,
            help_started_on=self.help_started_on, status=self.status,
            measures=[m.to_input() for m in self.measures],
            blockers=[b.to_input() for b in self.blockers],
            hidden_names=list(self.hidden_names))
