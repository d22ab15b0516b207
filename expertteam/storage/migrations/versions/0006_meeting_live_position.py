"""meeting: the agenda item the live screen showed last (reopen there after a crash)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 10:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('live_item_id', sa.Integer(), nullable=True))


def downgrade() -> None:
    # SQLite drops a plain column in place (3.35 and later); a batch copy of the table would
    # have to drop "meeting" itself, which the foreign keys pointing at it forbid.
    op.execute("ALTER TABLE meeting DROP COLUMN live_item_id")
