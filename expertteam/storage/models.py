"""The schema. Alembic migrations (``storage/migrations``) are the only thing that changes it."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import Enum as PyEnum
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from expertteam.clock import utcnow
from expertteam.domain.enums import (
    ActionStatus,
    AgendaItemKind,
    Attendance,
    AuditAction,
    AuditResult,
    BlockerKind,
    CaseStatus,
    ClosingResult,
    MeasureKind,
    MeetingStatus,
    OrganisationKind,
    UserRole,
    WaitingFor,
)
from expertteam.domain.escalation import EscalationLevel, EscalationStatus, LetterKind
from expertteam.storage.base import Base, Stamped
from expertteam.storage.numbers import NumberCounter


def row_version_column() -> Any:
    """The row's version (migration 0008): SQLAlchemy's ``version_id_col`` adds
    ``WHERE row_version = <read>`` to every UPDATE and raises ``StaleDataError`` when another
    session changed the row first; ``Store.transaction`` turns that into a Dutch message."""
    return mapped_column(Integer, nullable=False, default=1, server_default="1")


def enum_column(enum_cls: type[PyEnum]) -> Enum:
    """Store an enum by its value as a short string (portable to PostgreSQL, readable in SQL)."""
    return Enum(enum_cls, native_enum=False, length=32,
                values_callable=lambda cls: [member.value for member in cls])


class Region(Stamped, Base):
    """The expertteam's own jeugdregio (CBS code and the year of that code list)."""

    __tablename__ = "region"
    code: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(120))
    year: Mapped[int] = mapped_column(Integer)
    team_name: Mapped[str] = mapped_column(String(200), default="")


class Setting(Base):
    """Key/value settings kept with the data (letterhead, criteria, retention)."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Organisation(Stamped, Base):
    __tablename__ = "organisation"
    row_version: Mapped[int] = row_version_column()
    __mapper_args__ = {"version_id_col": row_version}  # noqa: RUF012 (SQLAlchemy reads it)
    kind: Mapped[OrganisationKind] = mapped_column(enum_column(OrganisationKind), index=True)
    name: Mapped[str] = mapped_column(String(200))
    cbs_code: Mapped[str | None] = mapped_column(String(8))
    # A GI's national identifier in the monitor's exports: its KvK number (8 digits).
    kvk_number: Mapped[str | None] = mapped_column(String(8))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    contacts: Mapped[list[Contact]] = relationship(back_populates="organisation",
                                                   order_by="Contact.name")


class Contact(Stamped, Base):
    __tablename__ = "contact"
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    organisation: Mapped[Organisation] = relationship(back_populates="contacts")


class Case(Stamped, Base):
    __tablename__ = "case"
    row_version: Mapped[int] = row_version_column()
    __mapper_args__ = {"version_id_col": row_version}  # noqa: RUF012 (SQLAlchemy reads it)
    case_number: Mapped[str] = mapped_column(String(20), unique=True)
    given_names: Mapped[str] = mapped_column(String(200))
    surname: Mapped[str] = mapped_column(String(200))
    birth_date: Mapped[date | None] = mapped_column(Date)
    bsn: Mapped[str | None] = mapped_column(String(9))
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    gi_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    jeugdbeschermer_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id"))
    referred_on: Mapped[date] = mapped_column(Date)
    referred_by_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    referred_by_name: Mapped[str] = mapped_column(String(200), default="")
    referral_question: Mapped[str] = mapped_column(Text, default="")
    goal: Mapped[str] = mapped_column(Text, default="")
    waiting_for: Mapped[WaitingFor | None] = mapped_column(enum_column(WaitingFor))
    waiting_since: Mapped[date | None] = mapped_column(Date)
    help_started_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[CaseStatus] = mapped_column(enum_column(CaseStatus), index=True,
                                               default=CaseStatus.REFERRED)
    closed_on: Mapped[date | None] = mapped_column(Date)
    closing_result: Mapped[ClosingResult | None] = mapped_column(enum_column(ClosingResult))
    closing_note: Mapped[str] = mapped_column(Text, default="")
    purged_on: Mapped[date | None] = mapped_column(Date)

    municipality: Mapped[Organisation | None] = relationship(foreign_keys=[municipality_id])
    gi: Mapped[Organisation | None] = relationship(foreign_keys=[gi_id])
    jeugdbeschermer: Mapped[Contact | None] = relationship(foreign_keys=[jeugdbeschermer_id])
    referred_by: Mapped[Organisation | None] = relationship(foreign_keys=[referred_by_id])
    measures: Mapped[list[Measure]] = relationship(back_populates="case",
                                                   order_by="Measure.id")
    blockers: Mapped[list[CaseBlocker]] = relationship(back_populates="case",
                                                       order_by="CaseBlocker.id")
    hidden_names: Mapped[list[CaseHiddenName]] = relationship(
        back_populates="case", order_by="CaseHiddenName.id", cascade="all, delete-orphan")


class CaseHiddenName(Stamped, Base):
    """Another name that identifies the child (a parent, a sibling, a nickname, the school):
    found and hidden in every output like the child's own name."""

    __tablename__ = "case_hidden_name"
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    case: Mapped[Case] = relationship(back_populates="hidden_names")


class Measure(Stamped, Base):
    __tablename__ = "measure"
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    kind: Mapped[MeasureKind] = mapped_column(enum_column(MeasureKind))
    ruling_date: Mapped[date | None] = mapped_column(Date)
    gi_charged_on: Mapped[date | None] = mapped_column(Date)
    first_contact_on: Mapped[date | None] = mapped_column(Date)
    plan_on: Mapped[date | None] = mapped_column(Date)
    carried_out_on: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str] = mapped_column(String(200), default="")
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    case: Mapped[Case] = relationship(back_populates="measures")


class CaseBlocker(Stamped, Base):
    __tablename__ = "case_blocker"
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    kind: Mapped[BlockerKind] = mapped_column(enum_column(BlockerKind), index=True)
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    since: Mapped[date | None] = mapped_column(Date)
    resolved_on: Mapped[date | None] = mapped_column(Date)
    case: Mapped[Case] = relationship(back_populates="blockers")
    provider: Mapped[Organisation | None] = relationship()


class CaseChange(Base):
    """Dated history of a case's facts, with two times: ``effective_on`` when it took effect
    (valid time, entered by the user) and ``recorded_at`` when it was typed (transaction time).
    ``item_id`` is the blocker or measure a ``blocker.*`` or ``measure.*`` field belongs to. A
    correction is a new row that ``supersedes`` the row it corrects; rows are never changed or
    deleted (``domain/timeline.py``). Values are text (ids, enum values, ISO dates); never a
    child's name."""

    __tablename__ = "case_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"))
    item_id: Mapped[int | None] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    effective_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_profile.id"))
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("case_change.id"))
    __table_args__ = (Index("ix_case_change_case_field", "case_id", "field", "effective_on"),)


class UserProfile(Stamped, Base):
    """A person using the app; chosen at unlock. No shared admin account."""

    __tablename__ = "user_profile"
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[UserRole] = mapped_column(enum_column(UserRole))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class AuditEntry(Base):
    """Append-only NEN 7513 log: who, what, which record, when, result, from where.

    Holds record ids only, never personal data. ``entry_hash`` chains each row to the previous
    one so that a changed or removed row is detected.
    """

    __tablename__ = "audit_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[AuditAction] = mapped_column(enum_column(AuditAction))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(40))
    result: Mapped[AuditResult] = mapped_column(enum_column(AuditResult))
    origin: Mapped[str] = mapped_column(String(80))
    detail: Mapped[str] = mapped_column(String(200), default="")
    previous_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))


class Meeting(Stamped, Base):
    __tablename__ = "meeting"
    row_version: Mapped[int] = row_version_column()
    __mapper_args__ = {"version_id_col": row_version}  # noqa: RUF012 (SQLAlchemy reads it)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    starts_at: Mapped[time | None] = mapped_column(Time)
    place: Mapped[str] = mapped_column(String(200), default="")
    chair_name: Mapped[str] = mapped_column(String(200), default="")
    minute_taker_name: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[MeetingStatus] = mapped_column(enum_column(MeetingStatus),
                                                  default=MeetingStatus.PLANNED)
    notes: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[datetime | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The calendar invitation: one UID for the meeting's whole life, SEQUENCE raised by every
    # update or cancellation, and what the last one said (start and place) to see a change.
    ical_uid: Mapped[str | None] = mapped_column(String(120))
    ical_sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    ical_issued: Mapped[str] = mapped_column(String(300), default="", server_default="")
    # The agenda item the live screen showed last (to reopen there after a crash); a plain id,
    # not a foreign key, because the agenda items already point at their meeting.
    live_item_id: Mapped[int | None] = mapped_column(Integer)
    invitees: Mapped[list[MeetingInvitee]] = relationship(back_populates="meeting",
                                                          order_by="MeetingInvitee.id")
    agenda_items: Mapped[list[AgendaItem]] = relationship(back_populates="meeting",
                                                          order_by="AgendaItem.position")
    addenda: Mapped[list[MeetingAddendum]] = relationship(back_populates="meeting",
                                                          order_by="MeetingAddendum.id")


class MeetingInvitee(Stamped, Base):
    __tablename__ = "meeting_invitee"
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id"))
    attendance: Mapped[Attendance] = mapped_column(enum_column(Attendance),
                                                   default=Attendance.UNKNOWN)
    late_addition: Mapped[bool] = mapped_column(Boolean, default=False)
    meeting: Mapped[Meeting] = relationship(back_populates="invitees")
    organisation: Mapped[Organisation] = relationship()
    contact: Mapped[Contact | None] = relationship()


class AgendaItem(Stamped, Base):
    __tablename__ = "agenda_item"
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[AgendaItemKind] = mapped_column(enum_column(AgendaItemKind))
    title: Mapped[str] = mapped_column(String(300), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    discussed: Mapped[bool] = mapped_column(Boolean, default=False)
    dropped: Mapped[bool] = mapped_column(Boolean, default=False)
    carried_over_from_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id"))
    meeting: Mapped[Meeting] = relationship(back_populates="agenda_items")
    case: Mapped[Case | None] = relationship()
    decisions: Mapped[list[Decision]] = relationship(back_populates="agenda_item",
                                                     order_by="Decision.id")


class Decision(Stamped, Base):
    __tablename__ = "decision"
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    agenda_item: Mapped[AgendaItem] = relationship(back_populates="decisions")


class Action(Stamped, Base):
    """An agreement: who does what by when, for one child."""

    __tablename__ = "action"
    row_version: Mapped[int] = row_version_column()
    __mapper_args__ = {"version_id_col": row_version}  # noqa: RUF012 (SQLAlchemy reads it)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    owner_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    owner_contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id"))
    due_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[ActionStatus] = mapped_column(enum_column(ActionStatus), index=True,
                                                 default=ActionStatus.OPEN)
    times_postponed: Mapped[int] = mapped_column(Integer, default=0)
    status_changed_on: Mapped[date | None] = mapped_column(Date)
    case: Mapped[Case] = relationship()
    owner_organisation: Mapped[Organisation] = relationship()
    owner_contact: Mapped[Contact | None] = relationship()
    events: Mapped[list[ActionEvent]] = relationship(back_populates="action",
                                                     order_by="ActionEvent.id")


class ActionEvent(Base):
    """Dated history of an action: creation, every status and due-date change, notes."""

    __tablename__ = "action_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(20))
    old_status: Mapped[str | None] = mapped_column(String(20))
    new_status: Mapped[str | None] = mapped_column(String(20))
    old_due_on: Mapped[date | None] = mapped_column(Date)
    new_due_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_profile.id"))
    action: Mapped[Action] = relationship(back_populates="events")


class MeetingAddendum(Stamped, Base):
    """A dated correction to a closed meeting; the closed record itself never changes."""

    __tablename__ = "meeting_addendum"
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_profile.id"))
    meeting: Mapped[Meeting] = relationship(back_populates="addenda")
    __table_args__ = (UniqueConstraint("meeting_id", "version"),)


ALL_MODELS: tuple[type[Any], ...] = (
    Region, Setting, Organisation, Contact, Case, CaseHiddenName, Measure, CaseBlocker,
    CaseChange, UserProfile, AuditEntry, Meeting, MeetingInvitee, AgendaItem, Decision, Action,
    ActionEvent, MeetingAddendum, NumberCounter,
)


# --------------------------------------------------------------------------- escalations

class Escalation(Stamped, Base):
    """A case raised to an expertisenetwerk or the OZJ, or a continuity problem reported to the
    Jeugdautoriteit. ``blocker_kinds`` is a JSON list of ``BlockerKind`` values (the reason)."""

    __tablename__ = "escalation"
    row_version: Mapped[int] = row_version_column()
    __mapper_args__ = {"version_id_col": row_version}  # noqa: RUF012 (SQLAlchemy reads it)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    level: Mapped[EscalationLevel] = mapped_column(enum_column(EscalationLevel))
    addressee_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    opened_on: Mapped[date] = mapped_column(Date)
    status: Mapped[EscalationStatus] = mapped_column(enum_column(EscalationStatus), index=True,
                                                     default=EscalationStatus.CONCEPT)
    status_on: Mapped[date] = mapped_column(Date)
    blocker_kinds: Mapped[str] = mapped_column(Text, default="[]")
    subject_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    care_description: Mapped[str] = mapped_column(String(300), default="")
    problem_since: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    request: Mapped[str] = mapped_column(Text, default="")
    follow_up_on: Mapped[date | None] = mapped_column(Date, index=True)
    response: Mapped[str] = mapped_column(Text, default="")
    response_on: Mapped[date | None] = mapped_column(Date)
    signal_key: Mapped[str] = mapped_column(String(200), default="")
    addressee: Mapped[Organisation] = relationship(foreign_keys=[addressee_id])
    subject_organisation: Mapped[Organisation | None] = relationship(
        foreign_keys=[subject_organisation_id])
    cases: Mapped[list[EscalationCase]] = relationship(back_populates="escalation",
                                                       order_by="EscalationCase.id")
    actions: Mapped[list[EscalationAction]] = relationship(back_populates="escalation",
                                                           order_by="EscalationAction.id")
    events: Mapped[list[EscalationEvent]] = relationship(back_populates="escalation",
                                                         order_by="EscalationEvent.id")


class EscalationCase(Base):
    __tablename__ = "escalation_case"
    id: Mapped[int] = mapped_column(primary_key=True)
    escalation_id: Mapped[int] = mapped_column(ForeignKey("escalation.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    escalation: Mapped[Escalation] = relationship(back_populates="cases")
    case: Mapped[Case] = relationship()
    __table_args__ = (UniqueConstraint("escalation_id", "case_id"),)


class EscalationAction(Base):
    """An agreement that failed or is overdue: what was tried before escalating."""

    __tablename__ = "escalation_action"
    id: Mapped[int] = mapped_column(primary_key=True)
    escalation_id: Mapped[int] = mapped_column(ForeignKey("escalation.id"), index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"), index=True)
    escalation: Mapped[Escalation] = relationship(back_populates="actions")
    action: Mapped[Action] = relationship()
    __table_args__ = (UniqueConstraint("escalation_id", "action_id"),)


class EscalationEvent(Base):
    """Dated history of an escalation: created, every status change, the response."""

    __tablename__ = "escalation_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    escalation_id: Mapped[int] = mapped_column(ForeignKey("escalation.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    old_status: Mapped[str | None] = mapped_column(String(20))
    new_status: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_profile.id"))
    escalation: Mapped[Escalation] = relationship(back_populates="events")


class SignalDismissal(Stamped, Base):
    """A signal set aside with a reason. It holds while the signal's fingerprint (its facts) is
    unchanged; ``revoked_on`` brings it back by hand."""

    __tablename__ = "signal_dismissal"
    signal_key: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    reason: Mapped[str] = mapped_column(Text)
    dismissed_on: Mapped[date] = mapped_column(Date)
    dismissed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_profile.id"))
    revoked_on: Mapped[date | None] = mapped_column(Date)


class Letter(Stamped, Base):
    """One version of an escalation letter. While a concept, ``texts`` (the free-text parts, as
    JSON) may change; finalising freezes the whole letter in ``content`` (JSON) and keeps the
    rendered PDF, so it prints again byte for byte. A change afterwards is a new version."""

    __tablename__ = "letter"
    escalation_id: Mapped[int] = mapped_column(ForeignKey("escalation.id"), index=True)
    kind: Mapped[LetterKind] = mapped_column(enum_column(LetterKind))
    version: Mapped[int] = mapped_column(Integer)
    texts: Mapped[str] = mapped_column(Text, default="{}")
    finalised: Mapped[bool] = mapped_column(Boolean, default=False)
    finalised_at: Mapped[datetime | None] = mapped_column()
    finalised_on: Mapped[date | None] = mapped_column(Date)
    finalised_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_profile.id"))
    content: Mapped[str | None] = mapped_column(Text)
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary)
    pdf_sha256: Mapped[str] = mapped_column(String(64), default="")
    escalation: Mapped[Escalation] = relationship()
    __table_args__ = (UniqueConstraint("escalation_id", "version"),)


ALL_MODELS += (Escalation, EscalationCase, EscalationAction, EscalationEvent, SignalDismissal,
               Letter)


# --------------------------------------------------------------------------- the monitor

class GiFigure(Stamped, Base):
    """What a GI reports for one gemeente at a meetmoment (entered in a grid or imported from
    the GI's spreadsheet). Empty numbers were not reported."""

    __tablename__ = "gi_figure"
    meetmoment: Mapped[date] = mapped_column(Date, index=True)
    gi_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    waiting_jeugdbeschermer: Mapped[int | None] = mapped_column(Integer)
    waiting_jeugdhulp: Mapped[int | None] = mapped_column(Integer)
    jeugdbeschermers: Mapped[int | None] = mapped_column(Integer)
    caseload: Mapped[float | None] = mapped_column(Float)
    measure_waiting_days: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(200), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_profile.id"))
    __table_args__ = (UniqueConstraint("meetmoment", "gi_id", "municipality_id"),)


class MonitorPublication(Stamped, Base):
    """A monitor as it was published: its figures frozen (``content``, the report as JSON) with
    the moment of publication, so that "as reported then" never changes afterwards."""

    __tablename__ = "monitor_publication"
    meetmoment: Mapped[date] = mapped_column(Date, index=True)
    previous: Mapped[date] = mapped_column(Date)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    published_at: Mapped[datetime] = mapped_column()
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_profile.id"))
    suppressed: Mapped[bool] = mapped_column(Boolean, default=True)
    definitions: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    content: Mapped[str] = mapped_column(Text)


ALL_MODELS += (GiFigure, MonitorPublication)
