"""The app's own records: the region, the settings kept with the data, user profiles and the
audit log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from expertteam.clock import utcnow
from expertteam.domain.enums import AuditAction, AuditResult, UserRole
from expertteam.storage.base import Base, Stamped
from expertteam.storage.models.columns import enum_column


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
