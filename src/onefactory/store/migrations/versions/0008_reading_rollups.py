"""reading rollups: one-minute aggregates per signal, and an age index on readings for retention

Existing readings are folded into the new table, so rollups cover the stored history.

Revision ID: 0008
Revises: 0001
Create Date: 2026-12-04 05:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0001"
branch_labels = None
depends_on = None

MINUTE_US = 60_000_000
BACKFILL = f"""
INSERT INTO reading_rollups
    (member, resource, signal, minute_us, samples, min_value, max_value, sum_value, first_us, last_us)
SELECT member, resource, signal, ts_us - (((ts_us % {MINUTE_US}) + {MINUTE_US}) % {MINUTE_US}),
       count(*), min(value), max(value), sum(value), min(ts_us), max(ts_us)
FROM readings
GROUP BY member, resource, signal, ts_us - (((ts_us % {MINUTE_US}) + {MINUTE_US}) % {MINUTE_US})
"""


def upgrade() -> None:
    op.create_table(
        "reading_rollups",
        sa.Column("member", sa.String(length=120), nullable=False),
        sa.Column("resource", sa.String(length=120), nullable=False),
        sa.Column("signal", sa.String(length=200), nullable=False),
        sa.Column("minute_us", sa.BigInteger(), nullable=False),
        sa.Column("samples", sa.BigInteger(), nullable=False),
        sa.Column("min_value", sa.Float(), nullable=False),
        sa.Column("max_value", sa.Float(), nullable=False),
        sa.Column("sum_value", sa.Float(), nullable=False),
        sa.Column("first_us", sa.BigInteger(), nullable=False),
        sa.Column("last_us", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("member", "resource", "signal", "minute_us", name=op.f("pk_reading_rollups")),
    )
    with op.batch_alter_table("reading_rollups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reading_rollups_minute_us"), ["minute_us"], unique=False)
    with op.batch_alter_table("readings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_readings_ts_us"), ["ts_us"], unique=False)
    op.execute(BACKFILL)


def downgrade() -> None:
    with op.batch_alter_table("readings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_readings_ts_us"))
    with op.batch_alter_table("reading_rollups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reading_rollups_minute_us"))
    op.drop_table("reading_rollups")
