"""The demo's trading history: cross-company orders driven through their real
lifecycle, the goods moved against them and the production orders serving them (pure).

Every order runs through the ``exchange`` rules (confirm, start production,
ship with an ASN, receive, close, cancel, change request), so its state,
version and events are what the platform itself would have recorded.

Pegging: the lead orders core modules from SEOHAN (``PO-LEAD-0001``); SEOHAN's
orders for the module's parts carry ``pegged_to_order`` / ``pegged_to_line``
attributes naming that line, and every line names the lead's finished product
it ends in (``end_item``). Suppliers' production orders name the order line
they serve (``serves_order`` / ``serves_line``).

Example:
    >>> from datetime import UTC, datetime
    >>> from onefactory.demo.build import build_cluster
    >>> activity = build_activity(build_cluster(), datetime(2026, 3, 2, 9, tzinfo=UTC))
    >>> sorted({o.status for o in activity.orders})[:3]
    ['cancelled', 'change_requested', 'closed']
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from onefactory import exchange as ex
from onefactory.model import (
    InvalidData,
    ItemCode,
    MemberCode,
    MovementKind,
    OrderEvent,
    OrderId,
    OrderLine,
    ProductionOrder,
    ProductionStatus,
    Receipt,
    ReceiptLine,
    ResourceCode,
    SharedOrder,
    Shipment,
    ShipmentLine,
    StockMovement,
)

from .build import DemoCluster

CARRIER = "HANGANG"
P = ProductionStatus


@dataclass(frozen=True, slots=True)
class _Plan:
    """One demo order: who buys what for which product, its history, and its supplier's MO."""

    id: str
    buyer: str
    seller: str
    item: str
    for_item: str
    end_item: str
    created_days_ago: float
    due_in_days: int
    steps: tuple[str, ...]
    mo: ProductionStatus | None = None
    pegged_to: str | None = None
    cover_days: int = 3


PLANS = (
    _Plan("PO-LEAD-0001", "LEAD", "SEOHAN", "MD-0001", "FG-0003", "FG-0003", 6, 3, ("confirm", "start"), P.STARTED),
    _Plan(
        "PO-SEOHAN-0001",
        "SEOHAN",
        "GAON",
        "PT-0001",
        "MD-0001",
        "FG-0003",
        36,
        2,
        ("confirm", "start"),
        P.STARTED,
        "PO-LEAD-0001",
    ),
    _Plan(
        "PO-SEOHAN-0002",
        "SEOHAN",
        "BITNA",
        "PT-0002",
        "MD-0001",
        "FG-0003",
        33,
        1,
        ("confirm", "start", "ship_part"),
        P.STARTED,
        "PO-LEAD-0001",
    ),
    _Plan(
        "PO-SEOHAN-0003",
        "SEOHAN",
        "SAEROM",
        "PT-0003",
        "MD-0001",
        "FG-0003",
        16,
        -2,
        ("confirm", "start", "ship_all", "receive_all"),
        P.DONE,
        "PO-LEAD-0001",
    ),
    _Plan(
        "PO-SEOHAN-0004",
        "SEOHAN",
        "HANBIT",
        "PT-0004",
        "MD-0001",
        "FG-0003",
        30,
        4,
        ("confirm",),
        P.RELEASED,
        "PO-LEAD-0001",
    ),
    _Plan(
        "PO-SEOHAN-0005",
        "SEOHAN",
        "JINWOO",
        "PT-0005",
        "MD-0001",
        "FG-0003",
        30,
        4,
        ("confirm_partial",),
        P.PLANNED,
        "PO-LEAD-0001",
    ),
    _Plan(
        "PO-SEOHAN-0006",
        "SEOHAN",
        "AREUM",
        "PT-0006",
        "MD-0001",
        "FG-0003",
        10,
        2,
        ("confirm", "seller_change"),
        None,
        "PO-LEAD-0001",
    ),
    _Plan("PO-LEAD-0002", "LEAD", "SAMJIN", "PT-0008", "FG-0003", "FG-0003", 33, 2, ("confirm", "start"), P.STARTED),
    _Plan(
        "PO-LEAD-0003",
        "LEAD",
        "SEJIN",
        "PT-0012",
        "FG-0005",
        "FG-0005",
        38,
        2,
        ("confirm", "start", "ship_part"),
        P.STARTED,
    ),
    _Plan(
        "PO-LEAD-0004",
        "LEAD",
        "HANEUL",
        "PT-0010",
        "FG-0002",
        "FG-0002",
        40,
        -4,
        ("confirm", "start", "ship_all", "receive_all", "close"),
        P.DONE,
    ),
    _Plan("PO-LEAD-0005", "LEAD", "MIRAE", "PT-0007", "FG-0002", "FG-0002", 1, 12, ()),
    _Plan("PO-LEAD-0006", "LEAD", "DONGIL", "PT-0009", "FG-0003", "FG-0003", 8, 2, ("confirm",), P.RELEASED),
    _Plan("PO-LEAD-0007", "LEAD", "BORAM", "PT-0011", "FG-0004", "FG-0004", 9, 1, ("confirm", "cancel")),
    _Plan(
        "PO-LEAD-0008",
        "LEAD",
        "NURI",
        "PT-0013",
        "FG-0005",
        "FG-0005",
        12,
        -1,
        ("confirm", "start", "ship_all", "receive_all"),
        P.DONE,
    ),
    _Plan("PO-LEAD-0009", "LEAD", "SEOHAN", "MD-0001", "FG-0005", "FG-0005", 0.5, 9, ()),
)

REASONS = {
    "seller_change": "SMT feeder shortage: we can deliver one week later",
    "cancel": "FG-0004 build moved to next month; order will be re-issued",
    "confirm_partial": "grinding capacity: 80% now, the rest on the next order",
    "close": "received in full",
}


@dataclass(frozen=True, slots=True)
class DemoActivity:
    """Orders in their final state with the events, goods and production behind them."""

    orders: tuple[SharedOrder, ...]
    events: tuple[OrderEvent, ...]
    shipments: tuple[Shipment, ...]
    receipts: tuple[Receipt, ...]
    receipt_movements: tuple[StockMovement, ...]
    production_orders: tuple[ProductionOrder, ...]

    def status_counts(self) -> Counter[str]:
        """How many orders are in each status."""
        return Counter(order.status for order in self.orders)


def actor_user(member: str) -> str:
    """The demo user who acts for ``member`` on orders (a planner where there is one)."""
    return f"{member.lower()}.planner" if member in ("LEAD", "SEOHAN") else f"{member.lower()}.admin"


def build_activity(cluster: DemoCluster, now: datetime) -> DemoActivity:
    """Run every demo order through its history, ending before ``now`` (aware)."""
    if now.tzinfo is None:
        raise InvalidData(f"now must be timezone-aware, got {now}", field="now")
    run = _Run(cluster, now)
    for plan in PLANS:
        run.play(plan)
    return DemoActivity(
        tuple(run.orders.values()),
        tuple(run.events),
        tuple(run.shipments),
        tuple(run.receipts),
        tuple(run.moves),
        tuple(run.production),
    )


class _Run:
    """Accumulates the orders and records while the plans are played."""

    def __init__(self, cluster: DemoCluster, now: datetime) -> None:
        self.cluster, self.now = cluster, now
        self.orders: dict[str, SharedOrder] = {}
        self.events: list[OrderEvent] = []
        self.shipments: list[Shipment] = []
        self.receipts: list[Receipt] = []
        self.moves: list[StockMovement] = []
        self.production: list[ProductionOrder] = []

    def play(self, plan: _Plan) -> None:
        _check_plan(self.cluster, plan)
        created = self.now - timedelta(days=plan.created_days_ago)
        order = self._issue(plan, created)
        step_s = int((self.now - created).total_seconds()) // (len(plan.steps) + 1)
        times: dict[str, datetime] = {}
        for n, step in enumerate(plan.steps, start=1):
            times[step] = created + timedelta(seconds=n * step_s)
            order = self._step(order, plan, step, times[step])
        self.orders[order.id] = order
        if plan.mo is not None:
            self.production.append(self._mo(plan, order, times))

    def _issue(self, plan: _Plan, created: datetime) -> SharedOrder:
        attributes = {"end_item": plan.end_item}
        if plan.pegged_to:
            attributes |= {"pegged_to_order": plan.pegged_to, "pegged_to_line": "1"}
            qty = self.orders[plan.pegged_to].line(1).agreed_qty
        else:
            qty = _round_up(self.cluster.daily_demand[(plan.buyer, plan.for_item)] * plan.cover_days)
        due = (self.now + timedelta(days=plan.due_in_days)).date()
        price = self.cluster.unit_price[plan.item].quantize(Decimal("0.01"))
        line = OrderLine(1, ItemCode(plan.item), qty, due, unit_price=price, attributes=attributes)
        order = SharedOrder(
            OrderId(plan.id),
            MemberCode(plan.buyer),
            MemberCode(plan.seller),
            (line,),
            created,
            note=f"{plan.item} for {plan.for_item} (ends in {plan.end_item})",
        )
        self.events.append(
            OrderEvent(order.id, "issued", order.buyer, actor_user(plan.buyer), created, None, "", {"lines": 1})
        )
        return order

    def _step(self, order: SharedOrder, plan: _Plan, step: str, at: datetime) -> SharedOrder:
        if step in ("ship_part", "ship_all"):
            return self._ship(order, step, at)
        if step == "receive_all":
            return self._receive(order, plan, at)
        side = plan.buyer if step in ("cancel", "close") else plan.seller
        actor = ex.actor_for(order, MemberCode(side), actor_user(side))
        line, reason = order.line(1), REASONS.get(step, "")
        if step == "confirm":
            move = ex.confirm(order, 1, actor, at)
        elif step == "confirm_partial":
            move = ex.confirm(order, 1, actor, at, qty=_round_down(line.qty * Decimal("0.8")), reason=reason)
        elif step == "seller_change":
            move = ex.request_change(order, 1, actor, at, on_date=line.due_date + timedelta(days=7), reason=reason)
        elif step == "start":
            move = ex.start_production(order, 1, actor, at)
        elif step == "cancel":
            move = ex.cancel(order, 1, actor, at, reason)
        else:
            move = ex.close(order, 1, actor, at, reason)
        self.events.extend(move.events)
        return move.order

    def _ship(self, order: SharedOrder, step: str, at: datetime) -> SharedOrder:
        line = order.line(1)
        qty = line.agreed_qty if step == "ship_all" else _round_down(line.agreed_qty * Decimal("0.4"))
        number = f"ASN-{order.seller}-{sum(s.seller == order.seller for s in self.shipments) + 1:04d}"
        lot = f"{order.seller}-{at:%y%m%d}"
        shipment = Shipment(number, order.seller, order.buyer, at, (ShipmentLine(order.id, 1, qty, lot),), CARRIER)
        move = ex.ship(order, shipment, ex.actor_for(order, order.seller, actor_user(order.seller)), at)
        self.shipments.append(shipment)
        self.events.extend(move.events)
        return move.order

    def _receive(self, order: SharedOrder, plan: _Plan, at: datetime) -> SharedOrder:
        shipment = next(s for s in reversed(self.shipments) if s.lines[0].order_id == order.id)
        sl = shipment.lines[0]
        number = f"GR-{order.buyer}-{sum(r.buyer == order.buyer for r in self.receipts) + 1:04d}"
        receipt = Receipt(number, order.buyer, at, (ReceiptLine(order.id, 1, sl.qty, sl.lot, shipment.number),))
        move, _ = ex.receive(order, receipt, ex.actor_for(order, order.buyer, actor_user(order.buyer)), at)
        site = self.cluster.resource_making(plan.for_item).site or ""
        self.receipts.append(receipt)
        self.moves.append(
            StockMovement(
                order.buyer, ItemCode(plan.item), sl.qty, MovementKind.RECEIPT, at, site, sl.lot or "", number
            )
        )
        self.events.extend(move.events)
        return move.order

    def _mo(self, plan: _Plan, order: SharedOrder, times: dict[str, datetime]) -> ProductionOrder:
        start, end = _mo_window(plan.mo, times, self.now)
        resource = self.cluster.resource_making(plan.item)
        code = f"MO-{plan.seller}-{sum(p.member == plan.seller for p in self.production) + 1:04d}"
        return ProductionOrder(
            MemberCode(plan.seller),
            code,
            ItemCode(plan.item),
            order.line(1).agreed_qty,
            ResourceCode(resource.code),
            start,
            end,
            plan.mo or P.PLANNED,
            order.id,
            1,
        )


def _mo_window(status: ProductionStatus | None, times: dict[str, datetime], now: datetime) -> tuple[datetime, datetime]:
    if status is P.DONE:
        return times["start"], times["ship_all"]
    if status is P.STARTED:
        return times["start"], now + timedelta(days=2)
    if status is P.RELEASED:
        return now + timedelta(days=1), now + timedelta(days=3)
    return now + timedelta(days=3), now + timedelta(days=6)


def _check_plan(cluster: DemoCluster, plan: _Plan) -> None:
    if cluster.maker_of(plan.item) != plan.seller:
        raise InvalidData(f"{plan.id}: {plan.seller} does not make {plan.item}", field="seller")
    if not any(
        b.member == plan.buyer and b.parent == plan.for_item and b.component == plan.item and b.supplier == plan.seller
        for b in cluster.bom_lines
    ):
        raise InvalidData(f"{plan.id}: no BOM line {plan.for_item} <- {plan.item} from {plan.seller}", field="item")


def _round_up(qty: Decimal, step: int = 100) -> Decimal:
    return Decimal(math.ceil(qty / step) * step)


def _round_down(qty: Decimal, step: int = 100) -> Decimal:
    return Decimal(max(math.floor(qty / step), 1) * step)
