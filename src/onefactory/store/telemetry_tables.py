"""Telemetry rollups: one row per member, resource, signal and minute, kept in step
with ``readings`` in the same transaction (see ``_readings_bulk``).

Registered on the shared ``schema.metadata`` (``schema`` imports this module)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Float, Index, String, Table

from .schema import Code, metadata

reading_rollups = Table(
    "reading_rollups",
    metadata,
    Column("member", Code, primary_key=True),
    Column("resource", Code, primary_key=True),
    Column("signal", String(200), primary_key=True),
    Column("minute_us", BigInteger, primary_key=True),
    Column("samples", BigInteger, nullable=False),
    Column("min_value", Float, nullable=False),
    Column("max_value", Float, nullable=False),
    Column("sum_value", Float, nullable=False),
    Column("first_us", BigInteger, nullable=False),
    Column("last_us", BigInteger, nullable=False),
    Index(None, "minute_us"),
)
