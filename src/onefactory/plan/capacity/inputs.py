"""Demands and existing supply from the cluster's records (pure).

* A shared order line still to ship is a demand on its seller (the line id
  'ORDER/LINE', the buyer as customer, its confirmed or requested date) and, for
  what is still to be received, a supply to its buyer on that date.
* Stock positions are supply on hand, one per member and item ('stock:M:I').
* Released or started production orders are supply at their end (never before now).
* A date is due at the start of that day in the member's time zone.
* An earlier plan's earmarks become reservations, so that supply it counted is not counted again.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from onefactory.model import (
    Demand,
    InvalidData,
    ItemCode,
    Member,
    MemberCode,
    Plan,
    ProductionOrder,
    ProductionStatus,
    Reservation,
    SharedOrder,
    StockPosition,
    Supply,
)

OPEN_PRODUCTION = (ProductionStatus.PLANNED, ProductionStatus.RELEASED, ProductionStatus.STARTED)


def day_start(day: date, timezone: str) -> datetime:
    """Midnight at the start of ``day`` in ``timezone``, as aware UTC."""
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def order_demands(orders: list[SharedOrder], members: dict[str, Member]) -> list[Demand]:
    """What each seller still has to ship on the shared orders."""
    out = []
    for order in orders:
        zone = members[order.seller].timezone if order.seller in members else "UTC"
        for line in order.lines:
            left = line.agreed_qty - line.shipped_qty
            if line.open_qty <= 0 or left <= 0:
                continue
            due = day_start(line.confirmed_date or line.due_date, zone)
            out.append(
                Demand(
                    f"{order.id}/{line.line_no}",
                    order.seller,
                    line.item,
                    left,
                    due,
                    _priority(line.attributes),
                    order.buyer,
                )
            )
    return out


def _priority(attributes: dict[str, str]) -> int:
    text = attributes.get("priority", "5")
    try:
        return max(int(text), 1)
    except ValueError:
        raise InvalidData(f"priority must be a whole number, got {text!r}", field="priority") from None


def order_supplies(orders: list[SharedOrder], members: dict[str, Member]) -> list[Supply]:
    """What each buyer will still receive on its open purchase lines."""
    out = []
    for order in orders:
        zone = members[order.buyer].timezone if order.buyer in members else "UTC"
        for line in order.lines:
            if line.open_qty > 0:
                at = day_start(line.confirmed_date or line.due_date, zone)
                out.append(Supply(f"{order.id}/{line.line_no}", order.buyer, line.item, line.open_qty, at, "purchase"))
    return out


def stock_supplies(positions: list[StockPosition]) -> list[Supply]:
    """On-hand stock summed per member and item (all locations and lots)."""
    total: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for p in positions:
        total[(p.member, p.item)] += p.qty
    return [
        Supply(f"stock:{m}:{i}", MemberCode(m), ItemCode(i), q, None, "stock")
        for (m, i), q in sorted(total.items())
        if q > 0
    ]


def production_supplies(orders: list[ProductionOrder], now: datetime) -> list[Supply]:
    """Open production orders as supply at their end."""
    return [
        Supply(f"{p.member}:{p.code}", p.member, p.item, p.qty, max(p.end, now), "production")
        for p in orders
        if p.status in OPEN_PRODUCTION
    ]


def reservations_of(plan: Plan) -> list[Reservation]:
    """What ``plan`` earmarked: existing supply and the capacity its orders load."""
    held = [Reservation(a.member, a.supply_ref, a.qty, a.item) for a in plan.allocations]
    held += [
        Reservation(x.member, f"resource:{x.resource}", Decimal(str(x.load_min)), None, x.start)
        for x in plan.loads
        if x.load_min > 0
    ]
    return held
