"""Persistence with SQLAlchemy Core: one implementation for SQLite and PostgreSQL.

``engine`` opens a store by URL and gives units of work; ``unit`` groups the
repositories (one module per aggregate: ``cluster``, ``masterdata``,
``orders``, ``events``, ``goods``, ``access``, ``signals``, ``rollups``,
``meta``); ``_readings_bulk`` loads telemetry batches (COPY on PostgreSQL) and
keeps their rollups;
``schema`` holds the tables; ``_dialects`` the only database differences;
``migrations`` the Alembic revisions.
"""

from .access import token_hash
from .engine import Store, open_store
from .unit import Unit

__all__ = ["Store", "Unit", "open_store", "token_hash"]
