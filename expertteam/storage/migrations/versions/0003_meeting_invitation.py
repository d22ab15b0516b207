"""meeting invitation: the calendar UID, its SEQUENCE and what the last invitation said

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 04:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ical_uid', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('ical_sequence', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('ical_issued', sa.String(length=300), nullable=False,
                                      server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_column('ical_issued')
        batch_op.drop_column('ical_sequence')
        batch_op.drop_column('ical_uid')
