"""Meetings with their invitees, agenda items, decisions and addenda."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from expertteam.domain.enums import AgendaItemKind, Attendance, MeetingStatus
from expertteam.storage.base import Base, Stamped
from expertteam.storage.models.cases import Case
from expertteam.storage.models.columns import enum_column, row_version_column
from expertteam.storage.models.organisations import Contact, Organisation


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


class MeetingAddendum(Stamped, Base):
    """A dated correction to a closed meeting; the closed record itself never changes."""

    __tablename__ = "meeting_addendum"
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_profile.id"))
    meeting: Mapped[Meeting] = relationship(back_populates="addenda")
    __table_args__ = (UniqueConstraint("meeting_id", "version"),)
