"""A child's case with its measures, blockers and hidden names, and the dated history of its
facts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from expertteam.clock import utcnow
from expertteam.domain.enums import BlockerKind, CaseStatus, ClosingResult, MeasureKind, WaitingFor
from expertteam.storage.base import Base, Stamped
from expertteam.storage.models.columns import enum_column, row_version_column
from expertteam.storage.models.organisations import Contact, Organisation


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
