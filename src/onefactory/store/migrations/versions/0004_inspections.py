"""inspections: defect counts, characteristics, SPC state, control signals, quality evidence

Revision ID: 0004
Revises: 0001
Create Date: 2026-12-03 21:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import onefactory.store._dialects

revision = "0004"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("defects", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("sample_size", sa.Integer(), nullable=True))
        batch_op.alter_column("value", existing_type=onefactory.store._dialects.ExactDecimal(), nullable=True)
        batch_op.create_index(
            batch_op.f("ix_inspections_member_item_characteristic_at"),
            ["member", "item", "characteristic", "at"],
            unique=False,
        )
    op.create_table(
        "quality_characteristics",
        sa.Column("member", sa.String(length=120), nullable=False),
        sa.Column("item", sa.String(length=120), nullable=False),
        sa.Column("code", sa.String(length=200), nullable=False),
        sa.Column("chart", sa.String(length=20), nullable=False),
        sa.Column("lsl", onefactory.store._dialects.ExactDecimal(), nullable=True),
        sa.Column("usl", onefactory.store._dialects.ExactDecimal(), nullable=True),
        sa.Column("target", onefactory.store._dialects.ExactDecimal(), nullable=True),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("subgroup_size", sa.Integer(), nullable=False),
        sa.Column("baseline", sa.Integer(), nullable=False),
        sa.Column("rules", sa.String(length=40), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["member"], ["members.code"], name=op.f("fk_quality_characteristics_member_members")),
        sa.UniqueConstraint("member", "item", "code", name=op.f("uq_quality_characteristics_member_item_code")),
    )
    op.create_table(
        "spc_states",
        sa.Column("member", sa.String(length=120), nullable=False),
        sa.Column("item", sa.String(length=120), nullable=False),
        sa.Column("characteristic", sa.String(length=200), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["member"], ["members.code"], name=op.f("fk_spc_states_member_members")),
        sa.UniqueConstraint("member", "item", "characteristic", name=op.f("uq_spc_states_member_item_characteristic")),
    )
    op.create_table(
        "control_signals",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("member", sa.String(length=120), nullable=False),
        sa.Column("item", sa.String(length=120), nullable=False),
        sa.Column("characteristic", sa.String(length=200), nullable=False),
        sa.Column("chart", sa.String(length=20), nullable=False),
        sa.Column("series", sa.String(length=20), nullable=False),
        sa.Column("rule", sa.String(length=40), nullable=False),
        sa.Column("point_index", sa.Integer(), nullable=False),
        sa.Column("lot", sa.String(length=120), nullable=False),
        sa.Column("at", onefactory.store._dialects.UtcDateTime(timezone=True), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("center", sa.Float(), nullable=False),
        sa.Column("lcl", sa.Float(), nullable=False),
        sa.Column("ucl", sa.Float(), nullable=False),
        sa.Column("points", sa.JSON(), nullable=False),
        sa.Column("alarm_id", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(["member"], ["members.code"], name=op.f("fk_control_signals_member_members")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_control_signals")),
    )
    with op.batch_alter_table("control_signals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_control_signals_member_item_characteristic"),
            ["member", "item", "characteristic"],
            unique=False,
        )
    op.create_table(
        "quality_evidence",
        sa.Column("notification_id", sa.String(length=40), nullable=False),
        sa.Column("sender", sa.String(length=120), nullable=False),
        sa.Column("recipient", sa.String(length=120), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("notification_id", name=op.f("pk_quality_evidence")),
    )


def downgrade() -> None:
    op.drop_table("quality_evidence")
    with op.batch_alter_table("control_signals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_control_signals_member_item_characteristic"))
    op.drop_table("control_signals")
    op.drop_table("spc_states")
    op.drop_table("quality_characteristics")
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspections_member_item_characteristic_at"))
        batch_op.alter_column("value", existing_type=onefactory.store._dialects.ExactDecimal(), nullable=False)
        batch_op.drop_column("sample_size")
        batch_op.drop_column("defects")
