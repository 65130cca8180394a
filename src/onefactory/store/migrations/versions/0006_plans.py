"""plans: work calendars, customer orders of the lead firm, saved capacity plans

Revision ID: 0006
Revises: 0001
Create Date: 2026-12-03 22:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import onefactory.store._dialects

revision = "0006"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("created_at", onefactory.store._dialects.UtcDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plans")),
    )
    op.create_index(op.f("ix_plans_created_at"), "plans", ["created_at"], unique=False)
    op.create_table(
        "calendars",
        sa.Column("member", sa.String(length=120), nullable=False),
        sa.Column("code", sa.String(length=120), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("shifts", sa.JSON(), nullable=False),
        sa.Column("holidays", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["member"], ["members.code"], name=op.f("fk_calendars_member_members")),
        sa.UniqueConstraint("member", "code", name=op.f("uq_calendars_member_code")),
    )
    op.create_table(
        "customer_orders",
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("member", sa.String(length=120), nullable=False),
        sa.Column("customer", sa.Text(), nullable=False),
        sa.Column("item", sa.String(length=120), nullable=False),
        sa.Column("qty", onefactory.store._dialects.ExactDecimal(), nullable=False),
        sa.Column("due", onefactory.store._dialects.UtcDateTime(timezone=True), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["member"], ["members.code"], name=op.f("fk_customer_orders_member_members")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_orders")),
    )
    op.create_index(op.f("ix_customer_orders_member"), "customer_orders", ["member"], unique=False)
    op.create_table(
        "plan_orders",
        sa.Column("plan_id", sa.String(length=40), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.String(length=120), nullable=False),
        sa.Column("member", sa.String(length=120), nullable=False),
        sa.Column("item", sa.String(length=120), nullable=False),
        sa.Column("qty", onefactory.store._dialects.ExactDecimal(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("start", onefactory.store._dialects.UtcDateTime(timezone=True), nullable=False),
        sa.Column("due", onefactory.store._dialects.UtcDateTime(timezone=True), nullable=False),
        sa.Column("resource", sa.String(length=120), nullable=True),
        sa.Column("supplier", sa.String(length=120), nullable=True),
        sa.Column("pegged_to", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name=op.f("fk_plan_orders_plan_id_plans")),
        sa.UniqueConstraint("plan_id", "seq", name=op.f("uq_plan_orders_plan_id_seq")),
    )
    op.create_index(op.f("ix_plan_orders_plan_id_member"), "plan_orders", ["plan_id", "member"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_plan_orders_plan_id_member"), table_name="plan_orders")
    op.drop_table("plan_orders")
    op.drop_index(op.f("ix_customer_orders_member"), table_name="customer_orders")
    op.drop_table("customer_orders")
    op.drop_table("calendars")
    op.drop_index(op.f("ix_plans_created_at"), table_name="plans")
    op.drop_table("plans")
