"""stamp the application id; re-chain the audit log with HMAC-SHA256

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 09:00:00

Upgrade: ``PRAGMA application_id`` gets Expertteam's id (``integrity.APPLICATION_ID``), so that
the file is recognisably ours from now on; the audit log's old SHA-256 chain is checked and every
row chained again under a new log key (``storage.audit_chain.rechain``), with an entry recording
the old chain's verdict. Downgrade: the old chain again (the id stays: older versions ignore it).
"""
from __future__ import annotations

from alembic import op

from expertteam.storage import audit_chain
from expertteam.storage.integrity import APPLICATION_ID

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":  # a server database is known by its schema alone
        bind.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    audit_chain.rechain(bind, bind.engine.url.password or None)


def downgrade() -> None:
    audit_chain.unchain(op.get_bind())
