"""The documents' input: plain frozen data, computed by the services, rendered by ``documents``.

Children arrive here as display strings (``child``), already pseudonymised or not by the service;
the renderers never see a name they should not print.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from expertteam.domain.enums import ActionStatus, Attendance


@dataclass(frozen=True, slots=True)
class Letterhead:
    """The region's letterhead, shared by every document."""

    region_name: str
    address_lines: tuple[str, ...] = ()
    logo: bytes | None = None
    signatory_name: str = ""
    signatory_role: str = ""
    footer_text: str = ""
    # Written into the PDF keywords of every document: the audit log's anchor when it was made
    # (``services.audit.anchor``), so the document can later show a rewritten log.
    provenance: str = ""


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """What every document states about itself: in the PDF metadata, the header and the footer."""

    title: str
    subject: str
    author: str
    document_date: date
    version: int = 1
    keywords: tuple[str, ...] = ()


# --------------------------------------------------------------------------- actions


@dataclass(frozen=True, slots=True)
class ActionLine:
    """One agreement (actie) as it appears in an action list."""

    number: int
    child: str
    description: str
    owner_organisation: str
    owner_person: str
    due_on: date
    status: ActionStatus
    times_postponed: int = 0
    overdue: bool = False


@dataclass(frozen=True, slots=True)
class ActionHistoryLine:
    """One dated step in an agreement's history (created, status or due date changed, note)."""

    on: date
    text: str
    meeting: str = ""


@dataclass(frozen=True, slots=True)
class AgreementLine:
    action: ActionLine
    agreed_on: date | None
    history: tuple[ActionHistoryLine, ...] = ()


# --------------------------------------------------------------------------- minutes


@dataclass(frozen=True, slots=True)
class AttendanceLine:
    organisation: str
    organisation_kind: str
    person: str
    attendance: Attendance


@dataclass(frozen=True, slots=True)
class DecisionLine:
    """A decision, numbered within the meeting (besluit 1, 2, …)."""

    number: int
    child: str
    text: str


@dataclass(frozen=True, slots=True)
class ReviewLine:
    """An earlier agreement as the meeting looked back on it: what became of it, in words
    ("Gedaan: …", "Niet gedaan: <reden>", "Termijn verzet van … naar …: <waarom>")."""

    number: int
    description: str
    owner: str
    outcome: str


@dataclass(frozen=True, slots=True)
class CaseSection:
    """One agenda item as discussed: the summary, its decisions, the review of earlier
    agreements and the new agreements."""

    position: int
    heading: str
    kind_label: str
    summary: str
    decisions: tuple[DecisionLine, ...] = ()
    new_actions: tuple[ActionLine, ...] = ()
    discussed: bool = True
    reviewed: tuple[ReviewLine, ...] = ()


@dataclass(frozen=True, slots=True)
class AddendumLine:
    version: int
    recorded_on: date
    text: str


@dataclass(frozen=True, slots=True)
class MinutesData:
    team_name: str
    held_on: date
    starts_at: time | None
    place: str
    chair: str
    minute_taker: str
    closed_at: datetime | None
    attendance: tuple[AttendanceLine, ...]
    sections: tuple[CaseSection, ...]
    decisions: tuple[DecisionLine, ...]
    actions: tuple[ActionLine, ...]
    notes: str = ""
    addenda: tuple[AddendumLine, ...] = ()

    @property
    def version(self) -> int:
        """Version 1 is the record as closed; every addendum makes the next version."""
        return max((addendum.version for addendum in self.addenda), default=1)


# --------------------------------------------------------------------------- action list


@dataclass(frozen=True, slots=True)
class ParticipantActionList:
    """The open actions of one organisation across all cases, for sending to it."""

    organisation: str
    organisation_kind: str
    as_of: date
    actions: tuple[ActionLine, ...]
    contacts: tuple[str, ...] = ()

    @property
    def overdue_count(self) -> int:
        return sum(1 for action in self.actions if action.overdue)


# --------------------------------------------------------------------------- agreement sheet


@dataclass(frozen=True, slots=True)
class MeasureLine:
    kind: str
    ruling_date: date | None
    gi_charged_on: date | None
    end_date: date | None


@dataclass(frozen=True, slots=True)
class BlockerLine:
    kind: str
    organisation: str
    since: date | None
    resolved_on: date | None
    note: str


@dataclass(frozen=True, slots=True)
class AgreementSheet:
    """Everything agreed for one child: the doorbraak goal, measures, blockers, agreements."""

    case_number: str
    child: str
    as_of: date
    status: str
    municipality: str
    gi: str
    jeugdbeschermer: str
    referred_on: date
    waiting_for: str
    waiting_since: date | None
    goal: str
    measures: tuple[MeasureLine, ...] = ()
    blockers: tuple[BlockerLine, ...] = ()
    agreements: tuple[AgreementLine, ...] = field(default=())
