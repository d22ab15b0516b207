"""the monitor: facts with two times, GI figures, published monitors, KvK numbers

Every dated fact gets a history row with the day it took effect and the moment it was recorded;
corrections supersede the row they correct. Existing history is converted with the meaning it
had: a row took effect on its own ``effective_on`` (the day it was typed, or the referral or
closing date), so counts of the past do not change. Facts that had no history yet get one row
each: the referral date and the jeugdbeschermer (from the referral, recorded when the case was
created), every blocker's kind, start and end, and every measure's kind, dates and removal
(taking effect on their own dates, recorded when the row was created — or last changed, for a
date after that).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 12:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

MEASURE_DATES = ("ruling_date", "gi_charged_on", "first_contact_on", "plan_on", "carried_out_on",
                 "end_date")
INSERT = ("INSERT INTO case_change (case_id, item_id, field, old_value, new_value, effective_on, "
          "recorded_at) ")


def upgrade() -> None:
    op.create_table('gi_figure',
    sa.Column('meetmoment', sa.Date(), nullable=False),
    sa.Column('gi_id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('waiting_jeugdbeschermer', sa.Integer(), nullable=True),
    sa.Column('waiting_jeugdhulp', sa.Integer(), nullable=True),
    sa.Column('jeugdbeschermers', sa.Integer(), nullable=True),
    sa.Column('caseload', sa.Float(), nullable=True),
    sa.Column('measure_waiting_days', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['gi_id'], ['organisation.id'], name=op.f('fk_gi_figure_gi_id_organisation')),
    sa.ForeignKeyConstraint(['municipality_id'], ['organisation.id'], name=op.f('fk_gi_figure_municipality_id_organisation')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_profile.id'], name=op.f('fk_gi_figure_recorded_by_id_user_profile')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gi_figure')),
    sa.UniqueConstraint('meetmoment', 'gi_id', 'municipality_id', name=op.f('uq_gi_figure_meetmoment')),
    sa.UniqueConstraint('uuid', name=op.f('uq_gi_figure_uuid'))
    )
    with op.batch_alter_table('gi_figure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gi_figure_meetmoment'), ['meetmoment'], unique=False)

    op.create_table('monitor_publication',
    sa.Column('meetmoment', sa.Date(), nullable=False),
    sa.Column('previous', sa.Date(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('suppressed', sa.Boolean(), nullable=False),
    sa.Column('definitions', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['published_by_id'], ['user_profile.id'], name=op.f('fk_monitor_publication_published_by_id_user_profile')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitor_publication')),
    sa.UniqueConstraint('uuid', name=op.f('uq_monitor_publication_uuid'))
    )
    with op.batch_alter_table('monitor_publication', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monitor_publication_meetmoment'), ['meetmoment'], unique=False)

    with op.batch_alter_table('case_change', schema=None) as batch_op:
        batch_op.add_column(sa.Column('item_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('supersedes_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_case_change_supersedes_id_case_change'), 'case_change', ['supersedes_id'], ['id'])

    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kvk_number', sa.String(length=8), nullable=True))

    _convert_history()


def _convert_history() -> None:
    """History rows for the facts that had none (see the module docstring)."""
    if op.get_bind().dialect.name != "sqlite":
        # The conversion is SQLite's text arithmetic on dates; a server database is made by
        # ``server init`` at a newer schema, so none ever holds rows from before this revision.
        return
    execute = op.execute
    execute(INSERT + 'SELECT id, NULL, \'referred_on\', NULL, referred_on, referred_on, '
            'created_at FROM "case"')
    execute(INSERT + 'SELECT id, NULL, \'jeugdbeschermer_id\', NULL, '
            'CAST(jeugdbeschermer_id AS TEXT), referred_on, created_at FROM "case" '
            'WHERE jeugdbeschermer_id IS NOT NULL')
    blocker_case = 'case_blocker b JOIN "case" c ON c.id = b.case_id'
    execute(INSERT + 'SELECT b.case_id, b.id, \'blocker.kind\', NULL, b.kind, '
            f'COALESCE(b.since, c.referred_on), b.created_at FROM {blocker_case}')
    execute(INSERT + 'SELECT b.case_id, b.id, \'blocker.since\', NULL, b.since, b.since, '
            f'b.created_at FROM {blocker_case} WHERE b.since IS NOT NULL')
    execute(INSERT + 'SELECT b.case_id, b.id, \'blocker.resolved_on\', NULL, b.resolved_on, '
            f'b.resolved_on, b.updated_at FROM {blocker_case} WHERE b.resolved_on IS NOT NULL')
    measure_case = 'measure m JOIN "case" c ON c.id = m.case_id'
    execute(INSERT + 'SELECT m.case_id, m.id, \'measure.kind\', NULL, m.kind, '
            'COALESCE(m.ruling_date, m.gi_charged_on, c.referred_on), m.created_at '
            f'FROM {measure_case}')
    for column in MEASURE_DATES:
        execute(INSERT + f'SELECT m.case_id, m.id, \'measure.{column}\', NULL, m.{column}, '
                f'm.{column}, CASE WHEN m.{column} <= substr(m.created_at, 1, 10) '
                f'THEN m.created_at ELSE m.updated_at END FROM {measure_case} '
                f'WHERE m.{column} IS NOT NULL')
    execute(INSERT + 'SELECT m.case_id, m.id, \'measure.removed\', NULL, \'1\', '
            f'substr(m.updated_at, 1, 10), m.updated_at FROM {measure_case} '
            'WHERE m.removed = 1')


def downgrade() -> None:
    # The old schema knows one row per change and no corrections: keep the rows a correction
    # left in force, drop the facts it did not track.
    op.execute("DELETE FROM case_change WHERE id IN (SELECT supersedes_id FROM case_change "
               "WHERE supersedes_id IS NOT NULL)")
    op.execute("UPDATE case_change SET supersedes_id = NULL")
    op.execute("DELETE FROM case_change WHERE item_id IS NOT NULL OR field IN "
               "('referred_on', 'jeugdbeschermer_id')")
    # Not in batch mode: rebuilding ``organisation`` would break the foreign keys to it.
    op.execute("ALTER TABLE organisation DROP COLUMN kvk_number")

    with op.batch_alter_table('case_change', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_case_change_supersedes_id_case_change'), type_='foreignkey')
        batch_op.drop_column('supersedes_id')
        batch_op.drop_column('item_id')

    with op.batch_alter_table('monitor_publication', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_monitor_publication_meetmoment'))

    op.drop_table('monitor_publication')
    with op.batch_alter_table('gi_figure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gi_figure_meetmoment'))

    op.drop_table('gi_figure')
