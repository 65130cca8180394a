"""alarm recorded_at: when the platform raised an alarm, apart from the data's own time

Escalation counts from it, so an alarm on backfilled data (samples or an inspection
dated hours back) does not fire every step at once. Alarms stored before this
revision get their ``raised_at``, which is what escalation used for them so far.

Revision ID: 0010
Revises: 0002
Create Date: 2026-12-04 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import onefactory.store._dialects

revision = "0010"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("alarms") as batch:
        batch.add_column(sa.Column("recorded_at", onefactory.store._dialects.UtcDateTime(timezone=True), nullable=True))
    op.execute("UPDATE alarms SET recorded_at = raised_at WHERE recorded_at IS NULL")


def downgrade() -> None:
    with op.batch_alter_table("alarms") as batch:
        batch.drop_column("recorded_at")
