"""mrp: stored MRP runs, their planned orders and allocations

Revision ID: 0007
Revises: 0001
Create Date: 2026-12-03 22:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import onefactory.store._dialects

revision = "0007"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mrp_runs",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("created_at", onefactory.store._dialects.UtcDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mrp_runs")),
    )
    op.create_table(
        "mrp_orders",
        sa.Column("run_id", sa.String(length=40), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("member", sa.String(length=120), nullable=False),
        sa.Column("item", sa.String(length=120), nullable=False),
        sa.Column("qty", onefactory.store._dialects.ExactDecimal(), nullable=False),
        sa.Column("uom", sa.String(length=20), nullable=False),
        sa.Column("start", onefactory.store._dialects.UtcDateTime(timezone=True), nullable=False),
        sa.Column("due", onefactory.store._dialects.UtcDateTime(timezone=True), nullable=False),
        sa.Column("need", onefactory.store._dialects.UtcDateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("supplier", sa.String(length=120), nullable=True),
        sa.Column("pegged_to", sa.JSON(), nullable=False),
        sa.Column("late_days", onefactory.store._dialects.ExactDecimal(), nullable=False),
    )
    with op.batch_alter_table("mrp_orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mrp_orders_run_id_member"), ["run_id", "member"], unique=False)
    op.create_table(
        "mrp_allocations",
        sa.Column("run_id", sa.String(length=40), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("member", sa.String(length=120), nullable=False),
        sa.Column("item", sa.String(length=120), nullable=False),
        sa.Column("supply", sa.Text(), nullable=False),
        sa.Column("supply_kind", sa.String(length=20), nullable=False),
        sa.Column("demand", sa.Text(), nullable=False),
        sa.Column("qty", onefactory.store._dialects.ExactDecimal(), nullable=False),
        sa.Column("customer_orders", sa.JSON(), nullable=False),
    )
    with op.batch_alter_table("mrp_allocations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mrp_allocations_run_id_member"), ["run_id", "member"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("mrp_allocations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mrp_allocations_run_id_member"))
    op.drop_table("mrp_allocations")
    with op.batch_alter_table("mrp_orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mrp_orders_run_id_member"))
    op.drop_table("mrp_orders")
    op.drop_table("mrp_runs")
