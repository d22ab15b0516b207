"""names to hide per case (parents, siblings, nicknames, school)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 03:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('case_hidden_name',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_case_hidden_name_case_id_case')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_hidden_name')),
    sa.UniqueConstraint('uuid', name=op.f('uq_case_hidden_name_uuid'))
    )
    with op.batch_alter_table('case_hidden_name', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_hidden_name_case_id'), ['case_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('case_hidden_name', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_hidden_name_case_id'))

    op.drop_table('case_hidden_name')
