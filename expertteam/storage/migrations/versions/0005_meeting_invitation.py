"""meeting invitation: the calendar UID, its SEQUENCE and what the last invitation said

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 04:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


# Plain ALTER TABLE ADD/DROP COLUMN (SQLite 3.35+ has both), not a batch copy of the table:
# copying "meeting" would drop a table that agenda items and invitees point to.


def upgrade() -> None:
    op.add_column('meeting', sa.Column('ical_uid', sa.String(length=120), nullable=True))
    op.add_column('meeting', sa.Column('ical_sequence', sa.Integer(), nullable=False,
                                       server_default='0'))
    op.add_column('meeting', sa.Column('ical_issued', sa.String(length=300), nullable=False,
                                       server_default=''))


def downgrade() -> None:
    op.drop_column('meeting', 'ical_issued')
    op.drop_column('meeting', 'ical_sequence')
    op.drop_column('meeting', 'ical_uid')
