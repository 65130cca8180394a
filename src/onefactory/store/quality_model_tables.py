"""Tables of defect-risk prediction: versioned models with their training window and bytes.

Registered on the shared ``schema.metadata`` (``schema`` imports this module)."""

from __future__ import annotations

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, LargeBinary, String, Table, Text

from ._dialects import UtcDateTime
from .schema import Code, metadata

quality_models = Table(
    "quality_models",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("member", Code, ForeignKey("members.code"), nullable=False),
    Column("item", Code, nullable=False),
    Column("trained_at", UtcDateTime, nullable=False),
    Column("window_start", UtcDateTime, nullable=False),
    Column("window_end", UtcDateTime, nullable=False),
    Column("n_lots", Integer, nullable=False),
    Column("positives", Integer, nullable=False),
    Column("metrics", JSON, nullable=False),
    Column("features", JSON, nullable=False),
    Column("controls", JSON, nullable=False),
    Column("warnings", JSON, nullable=False),
    Column("status", String(20), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("model", LargeBinary, nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    Index(None, "member", "item", "trained_at"),
)
