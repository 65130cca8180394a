"""Demands and supplies from the cluster's stored state (pure).

* An open order line is demand of its seller (what is still to ship) and a scheduled
  receipt of its buyer (what is still to receive). It is read once, by its
  (order, line) key: a cancelled, rejected or closed line counts nothing, and a line
  re-issued after a cancel is the same line, never a second one.
* Customer orders placed on a member from outside the cluster are demand as they are.
* Stock is one on-hand supply per member and item.
* A production order that is planned, released or started is kept as it is (firm):
  its output is a scheduled receipt; one not yet started still needs its components
  at its start. Work that is started is never re-planned.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from onefactory.model import (
    TERMINAL,
    BomLine,
    Item,
    Member,
    MrpDemand,
    MrpResult,
    MrpSettings,
    MrpSupply,
    OrderLine,
    ProductionOrder,
    ProductionStatus,
    SharedOrder,
    StockPosition,
    SupplyKind,
    UomConversion,
    UomTable,
)

from ._uom import convert
from .problem import build_problem
from .run import run_mrp

OPEN_WORK = {ProductionStatus.PLANNED, ProductionStatus.RELEASED, ProductionStatus.STARTED}


@dataclass
class ClusterState:
    """What MRP reads from the cluster."""

    members: list[Member]
    items: list[Item]
    bom_lines: list[BomLine]
    uoms: dict[str, list[UomConversion]] = field(default_factory=dict)
    stock: list[StockPosition] = field(default_factory=list)
    orders: list[SharedOrder] = field(default_factory=list)
    production: list[ProductionOrder] = field(default_factory=list)
    customer_orders: list[MrpDemand] = field(default_factory=list)


def plan_cluster(state: ClusterState, settings: MrpSettings) -> MrpResult:
    """Run MRP over the whole cluster state."""
    demands, supplies, purchases = demands_and_supplies(state)
    problem = build_problem(
        settings, state.members, state.items, state.bom_lines, state.uoms, demands, supplies, purchases
    )
    return run_mrp(problem)


def demands_and_supplies(state: ClusterState) -> tuple[list[MrpDemand], list[MrpSupply], list[tuple[str, str, str]]]:
    """Demands, supplies and (buyer, item, seller) purchase links of ``state``."""
    reader = _Reader(state)
    demands, supplies, purchases = list(state.customer_orders), [], []
    for order in state.orders:
        for line in order.lines:
            if line.status in TERMINAL:
                continue
            demand, receipt = reader.order_line(order, line)
            demands += demand
            supplies += receipt
            purchases.append((order.buyer, line.item, order.seller))
    supplies += reader.on_hand() + [s for p in state.production if (s := reader.production(p))]
    return demands, supplies, purchases


class _Reader:
    def __init__(self, state: ClusterState) -> None:
        self.state = state
        self.zones = {m.code: ZoneInfo(m.timezone) for m in state.members}
        self.units = {(i.member, i.code): i.uom for i in state.items}
        self.tables = {m: UomTable(c) for m, c in state.uoms.items()}

    def order_line(self, order: SharedOrder, line: OrderLine) -> tuple[list[MrpDemand], list[MrpSupply]]:
        ref = f"{order.id}/{line.line_no}"
        due = line.confirmed_date or line.due_date
        to_ship = line.agreed_qty - max(line.shipped_qty, line.received_qty)
        to_receive = line.open_qty
        demand, receipt = [], []
        if to_ship > 0:
            qty = self._in_unit(order.seller, order.buyer, line, to_ship)
            at = self._midnight(order.seller, due)
            demand.append(MrpDemand(ref, order.seller, line.item, qty, at, order.buyer, _priority(line)))
        if to_receive > 0:
            qty = self._in_unit(order.buyer, order.seller, line, to_receive)
            at = self._midnight(order.buyer, due)
            receipt.append(MrpSupply(ref, order.buyer, line.item, qty, SupplyKind.PURCHASE, due=at))
        return demand, receipt

    def on_hand(self) -> list[MrpSupply]:
        totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
        for p in self.state.stock:
            totals[(p.member, p.item)] += p.qty
        return [MrpSupply("on-hand", m, i, q, SupplyKind.ON_HAND) for (m, i), q in sorted(totals.items()) if q > 0]

    def production(self, p: ProductionOrder) -> MrpSupply | None:
        if p.status not in OPEN_WORK:
            return None
        serves = f"{p.serves_order}/{p.serves_line}" if p.serves_order and p.serves_line else None
        unstarted = p.status is not ProductionStatus.STARTED
        return MrpSupply(
            p.code, p.member, p.item, p.qty, SupplyKind.PRODUCTION, p.end, p.start, True, unstarted, serves
        )

    def _in_unit(self, member: str, other: str, line: OrderLine, qty: Decimal) -> Decimal:
        unit = self.units.get((member, line.item)) or self.units.get((other, line.item)) or line.uom
        return convert(self.tables, (member, other), qty, line.uom, unit, f"{line.item} order line {line.line_no}")

    def _midnight(self, member: str, day: date) -> datetime:
        return datetime.combine(day, time(0), tzinfo=self.zones.get(member, ZoneInfo("UTC")))


def _priority(line: OrderLine) -> int:
    text = line.attributes.get("priority", "").strip()
    return int(text) if text.isdigit() else 100
