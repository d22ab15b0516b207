"""Readable numbers (case ``ET-2026-0042``, action 17, escalation ``ESC-2026-003``) allocated
without races, on SQLite and on a PostgreSQL server alike.

One counter row per kind and year (``number_counter``; year 0 for a counter that never
restarts). ``allocate_number`` raises it with a single upsert: on PostgreSQL the row lock makes a
second writer wait for the first to commit and then count on from its value, so two sessions never
get the same number; SQLite has one writer at a time anyway. The counter never goes below the
highest number already in use (the ``floor``: rows made before migration 0008, or imported), so
it also takes over from "highest + 1" without a seeding step."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Integer, String, Table, func
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from expertteam.storage.base import Base

CASE = "case"
ACTION = "action"
ESCALATION = "escalation"


class NumberCounter(Base):
    __tablename__ = "number_counter"
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


def allocate_number(session: Session, kind: str, year: int = 0, *, floor: int = 1) -> int:
    """The next number of ``kind`` in ``year``, at least ``floor`` (highest in use + 1)."""
    table = cast(Table, NumberCounter.__table__)
    if session.get_bind().dialect.name == "postgresql":
        on_server = postgresql.insert(table).values(kind=kind, year=year, last=floor)
        statement: Any = on_server.on_conflict_do_update(
            index_elements=[table.c.kind, table.c.year],
            set_={"last": func.greatest(table.c.last + 1, on_server.excluded.last)})
    else:
        in_file = sqlite.insert(table).values(kind=kind, year=year, last=floor)
        statement = in_file.on_conflict_do_update(
            index_elements=[table.c.kind, table.c.year],
            set_={"last": func.max(table.c.last + 1, in_file.excluded.last)})
    return int(session.execute(statement.returning(table.c.last)).scalar_one())
