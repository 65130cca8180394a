"""Request and response bodies of MRP runs; converted explicitly from and to ``model`` types."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, Field

from onefactory import model as m
from onefactory.api.arrays import distinct
from onefactory.api.numbers import Dec
from onefactory.plan.mrp import PegNode
from onefactory.services.mrp import MrpRequest


class ItemPlanningIn(BaseModel):
    """Planning parameters of one member's item for this run."""

    member: str = Field(min_length=1)
    item: str = Field(min_length=1)
    fixed_qty: Decimal | None = Field(None, gt=0, allow_inf_nan=False)
    min_qty: Decimal = Field(Decimal(0), ge=0, allow_inf_nan=False)
    multiple: Decimal | None = Field(None, gt=0, allow_inf_nan=False)
    safety_stock: Decimal = Field(Decimal(0), ge=0, allow_inf_nan=False)
    yield_pct: Decimal = Field(Decimal(100), gt=0, le=100, allow_inf_nan=False)

    def to_domain(self) -> m.ItemPlanning:
        lot = m.LotSizePolicy(self.fixed_qty, self.min_qty, self.multiple)
        return m.ItemPlanning(m.MemberCode(self.member), m.ItemCode(self.item), lot, self.safety_stock, self.yield_pct)


class TransferIn(BaseModel):
    """Days between a supplier's delivery and its customer's receipt."""

    supplier: str
    customer: str
    days: Decimal = Field(ge=0, allow_inf_nan=False)


class MrpRunIn(BaseModel):
    """One MRP run: the bucket grid and optional planning parameters."""

    start: date | None = None
    buckets: int = Field(13, ge=1, le=520)
    bucket_days: int = Field(7, ge=1, le=366)
    timezone: str | None = Field(
        None, min_length=1, description="IANA time zone of the bucket grid (default: the lead firm's)"
    )
    items: list[ItemPlanningIn] = Field(default_factory=list)
    transfer_days: list[TransferIn] = Field(default_factory=list)

    def to_request(self) -> MrpRequest:
        distinct(self.items, "item", lambda i: f"{i.member}/{i.item}", where="items")
        distinct(self.transfer_days, "customer", lambda t: f"{t.supplier}->{t.customer}", where="transfer_days")
        transfers = {(t.supplier, t.customer): t.days for t in self.transfer_days}
        items = tuple(i.to_domain() for i in self.items)
        return MrpRequest(self.start, self.buckets, self.bucket_days, self.timezone, items, transfers)


class MrpOrderOut(BaseModel):
    """A planned production or purchase order."""

    id: str
    member: str
    item: str
    qty: Dec
    uom: str
    start: datetime
    due: datetime
    need: datetime
    kind: str
    supplier: str | None
    pegged_to: list[str]
    late_days: Dec

    @classmethod
    def from_domain(cls, o: m.MrpOrder) -> MrpOrderOut:
        return cls(
            id=o.id, member=o.member, item=o.item, qty=o.qty, uom=o.uom, start=o.start, due=o.due, need=o.need,
            kind=o.kind.value, supplier=o.supplier, pegged_to=list(o.pegged_to), late_days=o.late_days,
        )  # fmt: skip


class AllocationOut(BaseModel):
    """Supply earmarked for one requirement."""

    member: str
    item: str
    supply: str
    supply_kind: str
    demand: str
    qty: Dec
    customer_orders: list[str]

    @classmethod
    def from_domain(cls, a: m.Allocation) -> AllocationOut:
        return cls(
            member=a.member, item=a.item, supply=a.supply, supply_kind=a.supply_kind.value, demand=a.demand,
            qty=a.qty, customer_orders=list(a.customer_orders),
        )  # fmt: skip


class MrpRunOut(BaseModel):
    """What the caller may see of a run: planned orders per member, allocations, warnings."""

    id: str
    created_at: datetime
    created_by: str
    start: datetime
    buckets: int
    bucket_days: int
    timezone: str
    orders_by_member: dict[str, list[MrpOrderOut]]
    allocations: list[AllocationOut]
    late_orders: int
    warnings: list[str]

    @classmethod
    def from_domain(cls, run: m.MrpRun) -> MrpRunOut:
        by_member: dict[str, list[MrpOrderOut]] = {}
        for o in run.orders:
            by_member.setdefault(o.member, []).append(MrpOrderOut.from_domain(o))
        return cls(
            id=run.id, created_at=run.created_at, created_by=run.created_by, start=run.start, buckets=run.buckets,
            bucket_days=run.bucket_days, timezone=run.timezone, orders_by_member=by_member,
            allocations=[AllocationOut.from_domain(a) for a in run.allocations],
            late_orders=sum(1 for o in run.orders if o.late_days > 0), warnings=list(run.warnings),
        )  # fmt: skip


class PegNodeOut(BaseModel):
    """One supply in a pegging tree, with what sits under it."""

    member: str
    item: str
    supply: str
    kind: str
    qty: Dec
    children: list[PegNodeOut]

    @classmethod
    def from_domain(cls, node: PegNode) -> PegNodeOut:
        return cls(
            member=node.member, item=node.item, supply=node.supply, kind=node.kind.value, qty=node.qty,
            children=[cls.from_domain(c) for c in node.children],
        )  # fmt: skip
