"""The monitor's stored data: the figures a GI reports and the published monitors."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from expertteam.storage.base import Base, Stamped


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
