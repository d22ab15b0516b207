"""Actions (the agreements made for a child: who does what by when) and their dated history."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from expertteam.clock import utcnow
from expertteam.domain.enums import ActionStatus
from expertteam.storage.base import Base, Stamped
from expertteam.storage.models.cases import Case
from expertteam.storage.models.columns import enum_column, row_version_column
from expertteam.storage.models.organisations import Contact, Organisation


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
