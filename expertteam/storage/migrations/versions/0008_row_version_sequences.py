"""A version per editable row and race-free readable numbers.

Upgrade: ``row_version`` (1 for every existing row) on organisation, case, meeting, action and
escalation, SQLAlchemy's ``version_id_col`` (a stale save is refused, never a silent
overwrite); ``number_counter`` for the case, action and escalation numbers
(``storage/numbers.py``). Plain ALTER TABLE ADD/DROP COLUMN (as 0005): a batch copy of these
tables would drop tables other rows point to.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

VERSIONED = ('organisation', 'case', 'meeting', 'action', 'escalation')


def upgrade() -> None:
    for table in VERSIONED:
        op.add_column(table, sa.Column('row_version', sa.Integer(), nullable=False,
                                       server_default='1'))
    op.create_table('number_counter',
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'year', name=op.f('pk_number_counter'))
    )


def downgrade() -> None:
    op.drop_table('number_counter')
    for table in VERSIONED:
        op.drop_column(table, 'row_version')
