"""notification answers: who acknowledged or closed a notification, and when

Notifications answered before this revision keep their status with no user or time.

Revision ID: 0011
Revises: 0001
Create Date: 2026-12-04 07:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import onefactory.store._dialects

revision = "0011"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("acknowledged_at", onefactory.store._dialects.UtcDateTime(timezone=True)))
        batch.add_column(sa.Column("acknowledged_by", sa.String(length=120), server_default="", nullable=False))
        batch.add_column(sa.Column("closed_at", onefactory.store._dialects.UtcDateTime(timezone=True)))
        batch.add_column(sa.Column("closed_by", sa.String(length=120), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("notifications") as batch:
        for column in ("closed_by", "closed_at", "acknowledged_by", "acknowledged_at"):
            batch.drop_column(column)
