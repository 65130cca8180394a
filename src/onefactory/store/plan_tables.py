"""Tables of planning: work calendars, the lead firm's customer orders, and saved plans.

Registered on the shared ``schema.metadata`` (``schema`` imports this module)."""

from __future__ import annotations

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint

from ._dialects import ExactDecimal, UtcDateTime
from .schema import Code, metadata

calendars = Table(
    "calendars",
    metadata,
    Column("member", Code, ForeignKey("members.code"), nullable=False),
    Column("code", Code, nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("shifts", JSON, nullable=False),
    Column("holidays", JSON, nullable=False),
    UniqueConstraint("member", "code"),
)

customer_orders = Table(
    "customer_orders",
    metadata,
    Column("id", Code, primary_key=True),
    Column("member", Code, ForeignKey("members.code"), nullable=False),
    Column("customer", Text, nullable=False),
    Column("item", Code, nullable=False),
    Column("qty", ExactDecimal, nullable=False),
    Column("due", UtcDateTime, nullable=False),
    Column("priority", Integer, nullable=False),
    Index(None, "member"),
)

plans = Table(
    "plans",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by", Code, nullable=False),
    Column("status", String(20), nullable=False),
    Column("note", Text, nullable=False),
    Column("body", JSON, nullable=False),
    Index(None, "created_at"),
)

plan_orders = Table(
    "plan_orders",
    metadata,
    Column("plan_id", String(40), ForeignKey("plans.id"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("order_id", Code, nullable=False),
    Column("member", Code, nullable=False),
    Column("item", Code, nullable=False),
    Column("qty", ExactDecimal, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("start", UtcDateTime, nullable=False),
    Column("due", UtcDateTime, nullable=False),
    Column("resource", Code),
    Column("supplier", Code),
    Column("pegged_to", JSON, nullable=False),
    Column("status", String(20), nullable=False),
    UniqueConstraint("plan_id", "seq"),
    Index(None, "plan_id", "member"),
)
