"""Tables of MRP runs: the run, its planned orders and its allocations (one row each).

Registered on the shared ``schema.metadata`` (``schema`` imports this module)."""

from __future__ import annotations

from sqlalchemy import JSON, Column, Index, Integer, String, Table, Text

from ._dialects import ExactDecimal, UtcDateTime
from .schema import Code, metadata

mrp_runs = Table(
    "mrp_runs",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by", Code, nullable=False),
    Column("body", JSON, nullable=False),
)

mrp_orders = Table(
    "mrp_orders",
    metadata,
    Column("run_id", String(40), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("id", Text, nullable=False),
    Column("member", Code, nullable=False),
    Column("item", Code, nullable=False),
    Column("qty", ExactDecimal, nullable=False),
    Column("uom", String(20), nullable=False),
    Column("start", UtcDateTime, nullable=False),
    Column("due", UtcDateTime, nullable=False),
    Column("need", UtcDateTime, nullable=False),
    Column("kind", String(10), nullable=False),
    Column("supplier", Code),
    Column("pegged_to", JSON, nullable=False),
    Column("late_days", ExactDecimal, nullable=False),
    Index(None, "run_id", "member"),
)

mrp_allocations = Table(
    "mrp_allocations",
    metadata,
    Column("run_id", String(40), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("member", Code, nullable=False),
    Column("item", Code, nullable=False),
    Column("supply", Text, nullable=False),
    Column("supply_kind", String(20), nullable=False),
    Column("demand", Text, nullable=False),
    Column("qty", ExactDecimal, nullable=False),
    Column("customer_orders", JSON, nullable=False),
    Index(None, "run_id", "member"),
)
