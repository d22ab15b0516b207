"""Column helpers of the models: the row version that catches a concurrent edit, and enums
stored by their value."""

from __future__ import annotations

from enum import Enum as PyEnum
from typing import Any

from sqlalchemy import Enum, Integer
from sqlalchemy.orm import mapped_column


def row_version_column() -> Any:
    """The row's version (migration 0008): SQLAlchemy's ``version_id_col`` adds
    ``WHERE row_version = <read>`` to every UPDATE and raises ``StaleDataError`` when another
    session changed the row first; ``Store.transaction`` turns that into a Dutch message."""
    return mapped_column(Integer, nullable=False, default=1, server_default="1")


def enum_column(enum_cls: type[PyEnum]) -> Enum:
    """Store an enum by its value as a short string (portable to PostgreSQL, readable in SQL)."""
    return Enum(enum_cls, native_enum=False, length=32,
                values_callable=lambda cls: [member.value for member in cls])
