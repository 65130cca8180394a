"""Alembic environment: runs on the connection the store hands over."""

from __future__ import annotations

from alembic import context

from onefactory.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when alembic is run by hand
    raise SystemExit("run migrations with `onefactory db upgrade`")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True, compare_type=True)
with context.begin_transaction():
    context.run_migrations()
