"""idempotency fingerprints: each idempotency key keeps the fingerprint of its request

Keys stored before this revision have no fingerprint; a repeat of one is answered
with its first result, as before.

Revision ID: 0009
Revises: 0001
Create Date: 2026-12-04 05:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("request_fingerprint", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_column("request_fingerprint")
