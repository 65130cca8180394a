"""quality models: versioned defect-risk models with training window, metrics and bytes

Revision ID: 0005
Revises: 0001
Create Date: 2026-12-03 22:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import onefactory.store._dialects

revision = "0005"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quality_models",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("member", sa.String(length=120), nullable=False),
        sa.Column("item", sa.String(length=120), nullable=False),
        sa.Column("trained_at", onefactory.store._dialects.UtcDateTime(timezone=True), nullable=False),
        sa.Column("window_start", onefactory.store._dialects.UtcDateTime(timezone=True), nullable=False),
        sa.Column("window_end", onefactory.store._dialects.UtcDateTime(timezone=True), nullable=False),
        sa.Column("n_lots", sa.Integer(), nullable=False),
        sa.Column("positives", sa.Integer(), nullable=False),
        sa.Column("metrics", sa.JSON(), nullable=False),
        sa.Column("features", sa.JSON(), nullable=False),
        sa.Column("controls", sa.JSON(), nullable=False),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("model", sa.LargeBinary(), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(["member"], ["members.code"], name=op.f("fk_quality_models_member_members")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quality_models")),
    )
    with op.batch_alter_table("quality_models", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_quality_models_member_item_trained_at"), ["member", "item", "trained_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("quality_models", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quality_models_member_item_trained_at"))
    op.drop_table("quality_models")
