"""Work calendars, the lead firm's customer orders, and saved capacity plans."""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, select

from onefactory.model import (
    BindingConstraint,
    Calendar,
    Demand,
    Earmark,
    Fulfilment,
    NotFound,
    Plan,
    PlannedOrder,
    ResourceLoad,
    Shift,
)

from ._repo import Repo, from_rows, to_row
from .plan_tables import calendars, customer_orders, plan_orders, plans


class Calendars(Repo):
    """Working calendars of each member's resources (shifts in local time, holidays)."""

    def put_many(self, member: str, rows: list[Calendar]) -> int:
        """Insert or replace calendars by (member, code)."""
        data = [
            {
                "member": member,
                "code": c.code,
                "timezone": c.timezone,
                "shifts": [[s.start.isoformat(), s.end.isoformat(), list(s.weekdays)] for s in c.shifts],
                "holidays": list(c.holidays),
            }
            for c in rows
        ]
        return sum(self._replace_member_rows(calendars, member, [d]) for d in data)

    def of(self, member: str | None = None) -> list[tuple[str, Calendar]]:
        """(member, calendar) pairs of one member or of the cluster."""
        stmt = select(calendars).order_by(calendars.c.member, calendars.c.code)
        if member is not None:
            stmt = stmt.where(calendars.c.member == member)
        return [(r["member"], _calendar(r)) for r in self.conn.execute(stmt).mappings()]


def _calendar(row: Any) -> Calendar:
    shifts = tuple(Shift(time.fromisoformat(a), time.fromisoformat(b), tuple(days)) for a, b, days in row["shifts"])
    return Calendar(row["code"], row["timezone"], shifts, tuple(row["holidays"]))


class CustomerOrders(Repo):
    """Order lines the lead firm's own customers placed (each a :class:`Demand`, id 'ORDER/LINE')."""

    def put_many(self, rows: list[Demand]) -> int:
        """Insert or replace lines by id."""
        ids = [d.id for d in rows]
        for chunk in range(0, len(ids), 500):
            self.conn.execute(delete(customer_orders).where(customer_orders.c.id.in_(ids[chunk : chunk + 500])))
        return self._insert_many(customer_orders, [to_row(d) for d in rows])

    def of(self, member: str | None = None) -> list[Demand]:
        """Lines of one member (or all), by due time."""
        stmt = select(customer_orders).order_by(customer_orders.c.due, customer_orders.c.id)
        if member is not None:
            stmt = stmt.where(customer_orders.c.member == member)
        return from_rows(Demand, self.conn.execute(stmt).mappings())


class Plans(Repo):
    """Saved plans: the header and lists as JSON, the planned orders as rows (readable per member)."""

    def add(self, plan: Plan) -> None:
        """Save a new plan."""
        body = {k: v for k, v in to_row(plan).items() if k not in ("orders", "id", "created_at", "created_by")}
        self._insert_many(
            plans,
            [
                {
                    "id": plan.id,
                    "created_at": plan.created_at,
                    "created_by": plan.created_by,
                    "status": plan.status,
                    "note": plan.note,
                    "body": _json(body),
                }
            ],
        )
        rows = [{"plan_id": plan.id, "seq": n, "order_id": o.id, **_order_row(o)} for n, o in enumerate(plan.orders)]
        self._insert_many(plan_orders, rows)

    def get(self, plan_id: str) -> Plan:
        """The plan; NotFound if absent."""
        head = self.conn.execute(select(plans).where(plans.c.id == plan_id)).mappings().first()
        if head is None:
            raise NotFound(f"no plan {plan_id!r}")
        stmt = select(plan_orders).where(plan_orders.c.plan_id == plan_id).order_by(plan_orders.c.seq)
        orders = tuple(_order(r) for r in self.conn.execute(stmt).mappings())
        return _plan(head, orders)

    def recent(self, limit: int = 50) -> list[tuple[str, datetime, str, str, str]]:
        """(id, created_at, created_by, status, note) of the newest plans first."""
        stmt = select(plans.c.id, plans.c.created_at, plans.c.created_by, plans.c.status, plans.c.note)
        rows = self.conn.execute(stmt.order_by(plans.c.created_at.desc(), plans.c.id.desc()).limit(limit))
        return [tuple(r) for r in rows]  # type: ignore[misc]

    def count(self) -> int:
        """Number of saved plans."""
        return int(self.conn.execute(select(func.count()).select_from(plans)).scalar_one())


def _order_row(order: PlannedOrder) -> dict[str, Any]:
    row = to_row(order)
    row.pop("id")
    row["kind"] = order.kind.value
    row["pegged_to"] = list(order.pegged_to)
    return row


def _order(row: Any) -> PlannedOrder:
    data = {k: row[k] for k in ("member", "item", "qty", "kind", "start", "due", "resource", "supplier", "status")}
    return PlannedOrder(id=row["order_id"], pegged_to=tuple(row["pegged_to"]), **data)


def _json(value: Any) -> Any:
    """Dataclass values as JSON: datetimes as ISO text, Decimals as exact text, tuples as lists."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return _json(to_row(value))
    return value


def _when(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _plan(head: Any, orders: tuple[PlannedOrder, ...]) -> Plan:
    body = head["body"]
    return Plan(
        id=head["id"],
        created_at=head["created_at"],
        created_by=head["created_by"],
        note=head["note"],
        start=datetime.fromisoformat(body["start"]),
        bucket_hours=body["bucket_hours"],
        buckets=body["buckets"],
        solver=body["solver"],
        status=head["status"],
        seconds=body["seconds"],
        cost=body["cost"],
        orders=orders,
        loads=tuple(ResourceLoad(**{**x, "start": datetime.fromisoformat(x["start"])}) for x in body["loads"]),
        fulfilment=tuple(_fulfilment(x) for x in body["fulfilment"]),
        binding=tuple(BindingConstraint(**{**x, "start": _when(x["start"])}) for x in body["binding"]),
        allocations=tuple(Earmark(**{**x, "qty": Decimal(x["qty"])}) for x in body["allocations"]),
        warnings=tuple(body["warnings"]),
        demands=tuple(body["demands"]),
    )


def _fulfilment(x: dict[str, Any]) -> Fulfilment:
    numbers = {k: Decimal(x[k]) for k in ("qty", "on_time_qty", "late_qty", "short_qty")}
    times = {"due": datetime.fromisoformat(x["due"]), "completed_at": _when(x["completed_at"])}
    return Fulfilment(**{**x, **numbers, **times})
