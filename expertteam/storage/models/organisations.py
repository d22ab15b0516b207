"""The region's organisations (gemeenten, GIs, providers, networks) and their contacts."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from expertteam.domain.enums import OrganisationKind
from expertteam.storage.base import Base, Stamped
from expertteam.storage.models.columns import enum_column, row_version_column


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
