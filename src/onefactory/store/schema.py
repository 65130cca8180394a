"""Tables. Current state tables are kept consistent with the append-only
``events`` table in the same transaction; ``events.idempotency_key`` makes a
repeated request a no-op."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from ._dialects import ExactDecimal, UtcDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

Code = String(120)

members = Table(
    "members",
    metadata,
    Column("code", Code, primary_key=True),
    Column("name", Text, nullable=False),
    Column("name_ko", Text, nullable=False, default=""),
    Column("role", String(20), nullable=False),
    Column("timezone", String(64), nullable=False),
)


def _member_fk() -> Column:  # type: ignore[type-arg]
    return Column("member", Code, ForeignKey("members.code"), nullable=False)


sites = Table(
    "sites",
    metadata,
    _member_fk(),
    Column("code", Code, nullable=False),
    Column("name", Text, nullable=False),
    Column("timezone", String(64), nullable=False),
    UniqueConstraint("member", "code"),
)

resources = Table(
    "resources",
    metadata,
    _member_fk(),
    Column("code", Code, nullable=False),
    Column("name", Text, nullable=False),
    Column("site", Code),
    Column("kind", String(40), nullable=False),
    Column("parallel_units", Integer, nullable=False),
    Column("capacity_per_hour", ExactDecimal, nullable=False),
    Column("calendar", Code),
    Column("attributes", JSON, nullable=False),
    UniqueConstraint("member", "code"),
)

items = Table(
    "items",
    metadata,
    _member_fk(),
    Column("code", Code, nullable=False),
    Column("name", Text, nullable=False),
    Column("uom", String(20), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("lead_time_days", ExactDecimal, nullable=False),
    Column("spec", Text),
    Column("description", Text),
    Column("whole_units", Boolean, nullable=False),
    Column("pack_size", ExactDecimal),
    UniqueConstraint("member", "code"),
)

bom_lines = Table(
    "bom_lines",
    metadata,
    Column("id", Integer, primary_key=True),
    _member_fk(),
    Column("parent", Code, nullable=False),
    Column("component", Code, nullable=False),
    Column("qty_per", ExactDecimal, nullable=False),
    Column("uom", String(20), nullable=False),
    Column("supplier", Code),
    Column("scrap_pct", ExactDecimal, nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("remark", Text),
    Index(None, "member", "parent"),
)

routing_steps = Table(
    "routing_steps",
    metadata,
    _member_fk(),
    Column("item", Code, nullable=False),
    Column("step_no", Integer, nullable=False),
    Column("resource", Code, nullable=False),
    Column("run_min_per_unit", ExactDecimal, nullable=False),
    Column("setup_min", ExactDecimal, nullable=False),
    Column("alternate_resource", Code),
    UniqueConstraint("member", "item", "step_no"),
)

uom_conversions = Table(
    "uom_conversions",
    metadata,
    _member_fk(),
    Column("from_uom", String(20), nullable=False),
    Column("to_uom", String(20), nullable=False),
    Column("factor", ExactDecimal, nullable=False),
    UniqueConstraint("member", "from_uom", "to_uom"),
)

users = Table(
    "users",
    metadata,
    Column("id", Code, primary_key=True),
    _member_fk(),
    Column("name", Text, nullable=False),
    Column("role", String(30), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
)

grants = Table(
    "grants",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("owner", Code, ForeignKey("members.code"), nullable=False),
    Column("grantee", Code, nullable=False),
    Column("scope", String(20), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("revoked_at", UtcDateTime),
    Index(None, "owner"),
    # one active grant per owner, grantee and scope: two simultaneous identical grants cannot both pass
    Index(
        "uq_grants_active",
        "owner",
        "grantee",
        "scope",
        unique=True,
        sqlite_where=text("revoked_at IS NULL"),
        postgresql_where=text("revoked_at IS NULL"),
    ),
)

access_log = Table(
    "access_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner", Code, nullable=False),
    Column("reader_member", Code, nullable=False),
    Column("reader_user", Code, nullable=False),
    Column("resource", Text, nullable=False),
    Column("basis", String(60), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Index(None, "owner", "at"),
)

orders = Table(
    "orders",
    metadata,
    Column("id", Code, primary_key=True),
    Column("buyer", Code, ForeignKey("members.code"), nullable=False),
    Column("seller", Code, ForeignKey("members.code"), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    Column("note", Text, nullable=False),
    Index(None, "buyer"),
    Index(None, "seller"),
)

order_lines = Table(
    "order_lines",
    metadata,
    Column("order_id", Code, ForeignKey("orders.id"), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("item", Code, nullable=False),
    Column("qty", ExactDecimal, nullable=False),
    Column("uom", String(20), nullable=False),
    Column("due_date", Date, nullable=False),
    Column("unit_price", ExactDecimal),
    Column("status", String(30), nullable=False),
    Column("confirmed_qty", ExactDecimal),
    Column("confirmed_date", Date),
    Column("shipped_qty", ExactDecimal, nullable=False),
    Column("received_qty", ExactDecimal, nullable=False),
    Column("over_tolerance_pct", ExactDecimal),
    Column("change", JSON),
    Column("attributes", JSON, nullable=False),
    UniqueConstraint("order_id", "line_no"),
)

events = Table(
    "events",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("stream", Code, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("actor_member", Code, nullable=False),
    Column("actor_user", Code, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("line_no", Integer),
    Column("reason", Text, nullable=False),
    Column("data", JSON, nullable=False),
    Column("idempotency_key", String(200)),
    Column("request_fingerprint", String(64)),
    Index(None, "stream", "seq"),
    Index("ix_events_idempotency", "actor_member", "idempotency_key", unique=True),
)

shipments = Table(
    "shipments",
    metadata,
    Column("number", Code, primary_key=True),
    Column("seller", Code, ForeignKey("members.code"), nullable=False),
    Column("buyer", Code, ForeignKey("members.code"), nullable=False),
    Column("shipped_at", UtcDateTime, nullable=False),
    Column("carrier", Text, nullable=False),
)

shipment_lines = Table(
    "shipment_lines",
    metadata,
    Column("number", Code, ForeignKey("shipments.number"), nullable=False),
    Column("order_id", Code, nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("qty", ExactDecimal, nullable=False),
    Column("lot", Code),
    Index(None, "order_id", "line_no"),
)

receipts = Table(
    "receipts",
    metadata,
    Column("number", Code, primary_key=True),
    Column("buyer", Code, ForeignKey("members.code"), nullable=False),
    Column("received_at", UtcDateTime, nullable=False),
    Column("flags", JSON, nullable=False),
)

receipt_lines = Table(
    "receipt_lines",
    metadata,
    Column("number", Code, ForeignKey("receipts.number"), nullable=False),
    Column("order_id", Code, nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("qty", ExactDecimal, nullable=False),
    Column("lot", Code),
    Column("shipment", Code),
    Index(None, "order_id", "line_no"),
)

stock = Table(
    "stock",
    metadata,
    _member_fk(),
    Column("item", Code, nullable=False),
    Column("location", Code, nullable=False),
    Column("lot", Code, nullable=False),
    Column("qty", ExactDecimal, nullable=False),
    UniqueConstraint("member", "item", "location", "lot"),
)

stock_movements = Table(
    "stock_movements",
    metadata,
    Column("id", Integer, primary_key=True),
    _member_fk(),
    Column("item", Code, nullable=False),
    Column("location", Code, nullable=False),
    Column("lot", Code, nullable=False),
    Column("delta", ExactDecimal, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("ref", Text, nullable=False),
    Index(None, "member", "item"),
)

production_orders = Table(
    "production_orders",
    metadata,
    _member_fk(),
    Column("code", Code, nullable=False),
    Column("item", Code, nullable=False),
    Column("qty", ExactDecimal, nullable=False),
    Column("resource", Code),
    Column("start", UtcDateTime, nullable=False),
    Column("end", UtcDateTime, nullable=False),
    Column("status", String(20), nullable=False),
    Column("serves_order", Code),
    Column("serves_line", Integer),
    UniqueConstraint("member", "code"),
)

readings = Table(
    "readings",
    metadata,
    Column("member", Code, nullable=False),
    Column("resource", Code, nullable=False),
    Column("signal", String(200), nullable=False),
    Column("ts_us", BigInteger, nullable=False),
    Column("value", Float, nullable=False),
    Column("site", Code, nullable=False),
    Index("ix_readings_key", "member", "resource", "signal", "ts_us", "value", unique=True),
    Index(None, "ts_us"),  # retention deletes by age
)

dead_letters = Table(
    "dead_letters",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("member", Code),
    Column("topic", Text, nullable=False),
    Column("payload", LargeBinary, nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", UtcDateTime, nullable=False),
)

alarms = Table(
    "alarms",
    metadata,
    Column("id", String(40), primary_key=True),
    _member_fk(),
    Column("resource", Code, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("severity", String(20), nullable=False),
    Column("status", String(30), nullable=False),
    Column("raised_at", UtcDateTime, nullable=False),
    Column("message", Text, nullable=False),
    Column("signal", String(200), nullable=False),
    Column("rule", String(120), nullable=False, server_default=""),
    Column("count", Integer, nullable=False, server_default="1"),
    Column("last_seen", UtcDateTime),
    Column("value", Float),
    Column("acknowledged_at", UtcDateTime),
    Column("acknowledged_by", Code, nullable=False, server_default=""),
    Column("cleared_at", UtcDateTime),
    Column("recorded_at", UtcDateTime),
    Index(None, "member", "resource", "signal", "rule"),
)

alarm_events = Table(
    "alarm_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("alarm_id", String(40), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("actor", Code, nullable=False),
    Column("detail", JSON, nullable=False),
    Index(None, "alarm_id"),
)

alarm_escalations = Table(
    "alarm_escalations",
    metadata,
    Column("alarm_id", String(40), nullable=False),
    Column("step", Integer, nullable=False),
    Column("member", Code, nullable=False),
    Column("role", String(60), nullable=False),
    Column("fired_at", UtcDateTime, nullable=False),
    Column("reason", Text, nullable=False),
    UniqueConstraint("alarm_id", "step", "member"),
)

order_risks = Table(
    "order_risks",
    metadata,
    Column("order_id", Code, nullable=False),
    Column("alarm_id", String(40), nullable=False),
    Column("buyer", Code, nullable=False),
    Column("seller", Code, nullable=False),
    Column("reason", Text, nullable=False),
    Column("depth", Integer, nullable=False),
    Column("via", Code, nullable=False),
    Column("marked_at", UtcDateTime, nullable=False),
    Column("cleared_at", UtcDateTime),
    UniqueConstraint("order_id", "alarm_id"),
    Index(None, "alarm_id"),
)

webhook_subscriptions = Table(
    "webhook_subscriptions",
    metadata,
    Column("id", String(40), primary_key=True),
    _member_fk(),
    Column("url", Text, nullable=False),
    Column("events", JSON, nullable=False),
    Column("role", String(60), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("subscription_id", String(40), ForeignKey("webhook_subscriptions.id"), nullable=False),
    Column("member", Code, nullable=False),
    Column("event", String(60), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("status", String(20), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    Column("delivered_at", UtcDateTime),
    Column("last_error", Text, nullable=False),
    Index(None, "status", "next_attempt_at"),
    Index(None, "member", "created_at"),
)

webhook_attempts = Table(
    "webhook_attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("delivery_id", String(40), ForeignKey("webhook_deliveries.id"), nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("status_code", Integer, nullable=False),
    Column("error", Text, nullable=False),
    Column("duration_ms", Float, nullable=False),
    Index(None, "delivery_id"),
)

notifications = Table(
    "notifications",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("sender", Code, nullable=False),
    Column("recipient", Code, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("subject", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("status", String(20), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("refs", JSON, nullable=False),
    Column("acknowledged_at", UtcDateTime),
    Column("acknowledged_by", Code, nullable=False, server_default=""),
    Column("closed_at", UtcDateTime),
    Column("closed_by", Code, nullable=False, server_default=""),
)

inspections = Table(
    "inspections",
    metadata,
    _member_fk(),
    Column("id", Integer, primary_key=True),
    Column("item", Code, nullable=False),
    Column("lot", Code, nullable=False),
    Column("characteristic", String(200), nullable=False),
    Column("value", ExactDecimal),
    Column("at", UtcDateTime, nullable=False),
    Column("lsl", ExactDecimal),
    Column("usl", ExactDecimal),
    Column("defects", Integer),
    Column("sample_size", Integer),
    Index(None, "member", "item", "characteristic", "at"),
)

quality_characteristics = Table(
    "quality_characteristics",
    metadata,
    _member_fk(),
    Column("item", Code, nullable=False),
    Column("code", String(200), nullable=False),
    Column("chart", String(20), nullable=False),
    Column("lsl", ExactDecimal),
    Column("usl", ExactDecimal),
    Column("target", ExactDecimal),
    Column("unit", String(40), nullable=False),
    Column("subgroup_size", Integer, nullable=False),
    Column("baseline", Integer, nullable=False),
    Column("rules", String(40), nullable=False),
    Column("name", Text, nullable=False),
    UniqueConstraint("member", "item", "code"),
)

spc_states = Table(
    "spc_states",
    metadata,
    _member_fk(),
    Column("item", Code, nullable=False),
    Column("characteristic", String(200), nullable=False),
    Column("state", JSON, nullable=False),
    UniqueConstraint("member", "item", "characteristic"),
)

control_signals = Table(
    "control_signals",
    metadata,
    Column("id", String(40), primary_key=True),
    _member_fk(),
    Column("item", Code, nullable=False),
    Column("characteristic", String(200), nullable=False),
    Column("chart", String(20), nullable=False),
    Column("series", String(20), nullable=False),
    Column("rule", String(40), nullable=False),
    Column("point_index", Integer, nullable=False),
    Column("lot", Code, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("value", Float, nullable=False),
    Column("center", Float, nullable=False),
    Column("lcl", Float, nullable=False),
    Column("ucl", Float, nullable=False),
    Column("points", JSON, nullable=False),
    Column("alarm_id", String(40)),
    Index(None, "member", "item", "characteristic"),
)

quality_evidence = Table(
    "quality_evidence",
    metadata,
    Column("notification_id", String(40), primary_key=True),
    Column("sender", Code, nullable=False),
    Column("recipient", Code, nullable=False),
    Column("evidence", JSON, nullable=False),
)

meta = Table(
    "meta",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),
)

# Tables kept in their own modules: planning (calendars, customer orders, saved plans),
# versioned defect-risk models and telemetry rollups.
from . import (  # noqa: E402
    mrp_tables,  # noqa: F401
    plan_tables,  # noqa: F401
    quality_model_tables,  # noqa: F401
    telemetry_tables,  # noqa: F401
)
