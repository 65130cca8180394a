"""Orders at risk (pure): from an alarm on a machine to the customer orders above it.

An alarm on ``member``'s ``resource`` endangers a production order of that
member on that resource that is not done or cancelled and

- whose run window (``start`` .. ``end``) contains the alarm's data time
  (``raised_at``), or
- still has to run there, when the alarm is on current data: ``raised_at`` at
  most ``CURRENT_DATA`` (1 h) before the alarm was recorded (``recorded_at``).

So an alarm on old (backfilled) data marks only the orders that were running
when its data was taken, and nothing when no open order's window contains it.
The alarm puts at risk the shared order each endangered production order serves
(depth 0) and, through pegging (``pegging.serving_orders``), every order above
it, tier by tier up to the lead's order. Each mark names the alarm and why.

Example:
    >>> from datetime import date, datetime, UTC
    >>> from decimal import Decimal
    >>> from onefactory.model import Alarm, OrderLine, ProductionOrder, SharedOrder
    >>> t = datetime(2026, 3, 1, tzinfo=UTC)
    >>> def order(i, b, s, item):
    ...     return SharedOrder(i, b, s, (OrderLine(1, item, Decimal(5), date(2026, 3, 9)),), t)
    >>> top, sub = order("PO-1", "LEAD", "SUP-A", "P-1"), order("PO-2", "SUP-A", "SUP-B", "P-1")
    >>> mo = ProductionOrder("SUP-B", "MO-1", "P-1", Decimal(5), "PRESS-1", t, t, serves_order="PO-2")
    >>> alarm = Alarm("al-1", "SUP-B", "PRESS-1", "temp-high", "major", "raised", t)
    >>> [(m.order_id, m.buyer, m.depth) for m in orders_at_risk(alarm, [mo], [top, sub], t)]
    [('PO-2', 'SUP-A', 0), ('PO-1', 'LEAD', 1)]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from onefactory.model import TERMINAL, Alarm, OrderId, ProductionOrder, ProductionStatus, RiskMark, SharedOrder

from .pegging import serving_orders

FINISHED = frozenset({ProductionStatus.DONE, ProductionStatus.CANCELLED})
CURRENT_DATA = timedelta(hours=1)  # an alarm whose data is at most this old when recorded is on current data


def on_current_data(alarm: Alarm) -> bool:
    """The alarm's data time lies at most ``CURRENT_DATA`` before it was recorded."""
    return (alarm.recorded_at or alarm.raised_at) - alarm.raised_at <= CURRENT_DATA


def endangers(alarm: Alarm, mo: ProductionOrder) -> bool:
    """The alarm endangers ``mo`` (see the module docstring for the rule)."""
    if mo.member != alarm.member or mo.resource != alarm.resource or mo.status in FINISHED:
        return False
    return on_current_data(alarm) or mo.start <= alarm.raised_at <= mo.end


def affected_production(alarm: Alarm, production: Iterable[ProductionOrder]) -> list[ProductionOrder]:
    """Production orders the alarm endangers: open ones on its resource, for old data only those
    whose run window contains the alarm's data time."""
    return [p for p in production if endangers(alarm, p)]


def is_open(order: SharedOrder) -> bool:
    """At least one line is not rejected, closed or cancelled."""
    return any(line.status not in TERMINAL for line in order.lines)


def served_by(order: SharedOrder, orders: Sequence[SharedOrder]) -> list[SharedOrder]:
    """Orders that ``order`` serves one tier up (its buyer sells them, pegging links them)."""
    return [o for o in orders if o.seller == order.buyer and o.id != order.id and serving_orders(o, [order])]


def orders_at_risk(
    alarm: Alarm, production: Iterable[ProductionOrder], orders: Sequence[SharedOrder], now: datetime
) -> list[RiskMark]:
    """Risk marks for every open order the alarm reaches, nearest first, each order once."""
    by_id = {o.id: o for o in orders}
    marks: list[RiskMark] = []
    seen: set[str] = set()
    for mo in affected_production(alarm, production):
        order = by_id.get(OrderId(mo.serves_order or ""))
        if order is None or order.id in seen or not is_open(order):
            continue
        seen.add(order.id)
        why = f"alarm {alarm.id} ({alarm.kind}) on {alarm.member}/{alarm.resource}; {mo.code} makes {mo.item} for it"
        marks.append(_mark(order, alarm, why, now, 0, mo.code))
    return _climb(marks, alarm, orders, now, seen)


def _climb(
    marks: list[RiskMark], alarm: Alarm, orders: Sequence[SharedOrder], now: datetime, seen: set[str]
) -> list[RiskMark]:
    frontier = list(marks)
    while frontier:
        nxt = []
        for below in frontier:
            for order in served_by(_order(orders, below.order_id), orders):
                if order.id in seen or not is_open(order):
                    continue
                seen.add(order.id)
                why = f"served by {below.order_id}, which is at risk from supplier alarm {alarm.id}"
                nxt.append(_mark(order, alarm, why, now, below.depth + 1, below.order_id))
        marks.extend(nxt)
        frontier = nxt
    return marks


def _order(orders: Sequence[SharedOrder], order_id: str) -> SharedOrder:
    return next(o for o in orders if o.id == order_id)


def _mark(order: SharedOrder, alarm: Alarm, reason: str, now: datetime, depth: int, via: str) -> RiskMark:
    return RiskMark(order.id, alarm.id, order.buyer, order.seller, reason, now, depth, via)
