"""Alembic environment: runs on the connection the app hands over (see storage.engine)."""

from __future__ import annotations

from alembic import context

from expertteam.storage.base import Base
from expertteam.storage.models import ALL_MODELS

assert ALL_MODELS  # importing the models registers every table on Base.metadata
target_metadata = Base.metadata
connection = context.config.attributes.get("connection")

if connection is None:
    raise RuntimeError("Run migrations through expertteam.storage.engine.upgrade_to_head().")

context.configure(connection=connection, target_metadata=target_metadata,
                  render_as_batch=True, compare_type=True)
with context.begin_transaction():
    context.run_migrations()
