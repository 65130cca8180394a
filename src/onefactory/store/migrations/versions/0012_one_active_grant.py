"""one active grant per owner, grantee and scope, enforced by the database

The service refuses an identical active grant, but two simultaneous requests could both pass
its check. A partial unique index makes the second one a conflict. A database that already
holds identical active grants keeps the earliest of each and records the later ones as
revoked when they were made: the access stays exactly as it was.

Revision ID: 0012
Revises: 0001
Create Date: 2026-12-04 17:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0001"
branch_labels = None
depends_on = None

ACTIVE = sa.text("revoked_at IS NULL")


def upgrade() -> None:
    op.execute(
        "UPDATE grants SET revoked_at = created_at WHERE revoked_at IS NULL AND EXISTS ("
        "SELECT 1 FROM grants AS earlier WHERE earlier.owner = grants.owner AND earlier.grantee = grants.grantee "
        "AND earlier.scope = grants.scope AND earlier.revoked_at IS NULL AND (earlier.created_at < grants.created_at "
        "OR (earlier.created_at = grants.created_at AND earlier.id < grants.id)))"
    )
    op.create_index(
        "uq_grants_active",
        "grants",
        ["owner", "grantee", "scope"],
        unique=True,
        sqlite_where=ACTIVE,
        postgresql_where=ACTIVE,
    )


def downgrade() -> None:
    op.drop_index("uq_grants_active", table_name="grants")
