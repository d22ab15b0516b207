"""Escalations with their linked cases and actions, their events and letters, and the signals
set aside."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from expertteam.clock import utcnow
from expertteam.domain.escalation import EscalationLevel, EscalationStatus, LetterKind
from expertteam.storage.base import Base, Stamped
from expertteam.storage.models.actions import Action
from expertteam.storage.models.cases import Case
from expertteam.storage.models.columns import enum_column, row_version_column
from expertteam.storage.models.organisations import Organisation


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
