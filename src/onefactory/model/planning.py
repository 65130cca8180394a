"""Material requirements planning values: lot-size policies, per-item planning
parameters, the run settings, the demands and supplies MRP nets, and what it returns
(planned orders pegged to customer orders, and the explicit allocations behind them).

Quantities are exact :class:`~decimal.Decimal` in the item's own unit.

>>> LotSizePolicy(fixed_qty=Decimal(50), multiple=Decimal(10)).rule
'fixed'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from .cluster import Calendar, check_code, check_timezone
from .errors import InvalidData
from .ids import ItemCode, MemberCode
from .units import ZERO, non_negative, positive
from .units import days as duration_days


@dataclass(frozen=True, slots=True)
class LotSizePolicy:
    """How a net requirement becomes an order quantity.

    Lot-for-lot by default; ``fixed_qty`` orders whole lots of that size; then the
    quantity is raised to ``min_qty`` and rounded up to a ``multiple``.
    """

    fixed_qty: Decimal | None = None
    min_qty: Decimal = ZERO
    multiple: Decimal | None = None

    def __post_init__(self) -> None:
        if self.fixed_qty is not None:
            positive(self.fixed_qty, "fixed_qty")
        non_negative(self.min_qty, "min_qty")
        if self.multiple is not None:
            positive(self.multiple, "multiple")

    @property
    def rule(self) -> str:
        """``fixed`` or ``lot_for_lot``."""
        return "fixed" if self.fixed_qty is not None else "lot_for_lot"


@dataclass(frozen=True, slots=True)
class ItemPlanning:
    """Planning parameters of one member's item; absent items plan lot-for-lot, no safety stock."""

    member: MemberCode
    item: ItemCode
    lot: LotSizePolicy = field(default_factory=LotSizePolicy)
    safety_stock: Decimal = ZERO
    yield_pct: Decimal = Decimal(100)

    def __post_init__(self) -> None:
        check_code(self.item, "item")
        non_negative(self.safety_stock, "safety_stock")
        if not ZERO < self.yield_pct <= 100:
            raise InvalidData(f"yield_pct must be in (0, 100], got {self.yield_pct}", field="yield_pct")


@dataclass(frozen=True, slots=True)
class MrpSettings:
    """One MRP run: the bucket grid (``buckets`` x ``bucket_days`` from ``start``, bucket
    boundaries at midnight of ``timezone`` unless ``start`` is not midnight), each member's
    working calendar (default: every day, all hours, in the member's zone), planning
    parameters per item, and transfer days between a supplier and its customer."""

    start: datetime
    buckets: int = 52
    bucket_days: int = 7
    timezone: str = "Asia/Seoul"
    calendars: dict[str, Calendar] = field(default_factory=dict)
    items: tuple[ItemPlanning, ...] = ()
    transfer_days: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    peg: bool = True

    def __post_init__(self) -> None:
        if self.start.tzinfo is None:
            raise InvalidData(f"start must be an aware time, got {self.start}", field="start")
        if not 1 <= self.buckets <= 1000:
            raise InvalidData(f"buckets must be in 1..1000, got {self.buckets}", field="buckets")
        if not 1 <= self.bucket_days <= 366:
            raise InvalidData(f"bucket_days must be in 1..366, got {self.bucket_days}", field="bucket_days")
        check_timezone(self.timezone)
        for key, days in self.transfer_days.items():
            duration_days(days, f"transfer_days {key}")


class SupplyKind(StrEnum):
    """Where a supply comes from."""

    ON_HAND = "on_hand"
    PURCHASE = "purchase"
    PRODUCTION = "production"
    PLANNED = "planned"


@dataclass(frozen=True, slots=True)
class MrpDemand:
    """An independent requirement: a customer order line (``ref`` 'ORDER/LINE')."""

    ref: str
    member: MemberCode
    item: ItemCode
    qty: Decimal
    due: datetime
    customer: str = ""
    priority: int = 100

    def __post_init__(self) -> None:
        positive(self.qty, f"qty of demand {self.ref}")


@dataclass(frozen=True, slots=True)
class MrpSupply:
    """Stock or an open order that MRP nets before planning anything new.

    A production order that has not started also needs its components at ``start``;
    ``serves`` earmarks the supply for one demand ref, which it serves first."""

    ref: str
    member: MemberCode
    item: ItemCode
    qty: Decimal
    kind: SupplyKind
    due: datetime | None = None
    start: datetime | None = None
    firm: bool = True
    needs_components: bool = False
    serves: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", SupplyKind(self.kind))
        positive(self.qty, f"qty of supply {self.ref}")


class OrderKind(StrEnum):
    """A planned order makes the item or buys it."""

    MAKE = "make"
    BUY = "buy"


@dataclass(frozen=True, slots=True)
class MrpOrder:
    """A planned production or purchase order of one member, pegged to customer orders.

    ``late_days`` > 0 when the lead time does not fit before the need date: the order
    is released at the planning start and ``due`` falls after ``need``."""

    id: str
    member: MemberCode
    item: ItemCode
    qty: Decimal
    uom: str
    start: datetime
    due: datetime
    need: datetime
    kind: OrderKind
    supplier: str | None = None
    pegged_to: tuple[str, ...] = ()
    late_days: Decimal = ZERO

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", OrderKind(self.kind))


@dataclass(frozen=True, slots=True)
class Allocation:
    """``qty`` of supply ``supply`` is earmarked for requirement ``demand`` (a customer
    order ref, or the id of the planned or production order whose component it is)."""

    member: MemberCode
    item: ItemCode
    supply: str
    supply_kind: SupplyKind
    demand: str
    qty: Decimal
    customer_orders: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "supply_kind", SupplyKind(self.supply_kind))


@dataclass(frozen=True, slots=True)
class MrpResult:
    """Planned orders, allocations, projected stock per item and bucket, and warnings
    (each starts with the member it concerns: 'MEMBER: ...')."""

    settings: MrpSettings
    bucket_starts: tuple[datetime, ...]
    orders: tuple[MrpOrder, ...]
    allocations: tuple[Allocation, ...]
    projected: dict[tuple[str, str], tuple[Decimal, ...]]
    warnings: tuple[str, ...] = ()

    def shortages(self) -> list[MrpOrder]:
        """Planned orders that cannot arrive in time."""
        return [o for o in self.orders if o.late_days > 0]


@dataclass(frozen=True, slots=True)
class MrpRun:
    """A stored MRP run: who ran it when, its grid, and what it planned and allocated."""

    id: str
    created_at: datetime
    created_by: str
    start: datetime
    buckets: int
    bucket_days: int
    timezone: str
    orders: tuple[MrpOrder, ...]
    allocations: tuple[Allocation, ...]
    warnings: tuple[str, ...] = ()
