"""Finite-capacity plans of the cluster: what to make, buy and move where, pegged to the orders it serves.

The planner's inputs that are not master data (``Demand``, ``Supply``,
``WorkStep``, ``RoutingWindow``, ``Reservation``) and its outputs (``Plan`` with
``PlannedOrder``, ``ResourceLoad``, ``Fulfilment``, ``BindingConstraint``,
``Earmark``; ``CtpAnswer`` for capable-to-promise) are plain frozen values.
Times are aware UTC datetimes.

Example:
    >>> from datetime import UTC, datetime
    >>> d = Demand("SO-1/1", MemberCode("LEAD"), ItemCode("FG-1"), Decimal(5), datetime(2026, 6, 1, tzinfo=UTC))
    >>> d.priority, d.order_id
    (5, 'SO-1')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from .cluster import check_code
from .errors import InvalidData
from .ids import ItemCode, MemberCode, ResourceCode
from .units import ZERO, non_negative, positive
from .units import minutes as duration_minutes


def _aware(value: datetime, name: str) -> datetime:
    if value.tzinfo is None:
        raise InvalidData(f"{name} must be timezone-aware, got {value}", field=name)
    return value


class PlanOrderKind(StrEnum):
    """How a planned order brings supply: made on resources, bought outside, moved between members."""

    MAKE = "make"
    BUY = "buy"
    TRANSFER = "transfer"
    OPERATION = "operation"


@dataclass(frozen=True, slots=True)
class Demand:
    """``qty`` of ``item`` that ``member`` must deliver by ``due``; ``id`` is 'ORDER/LINE'.

    ``priority`` 1 is the most urgent. ``customer`` is who ordered (a member or a name).
    """

    id: str
    member: MemberCode
    item: ItemCode
    qty: Decimal
    due: datetime
    priority: int = 5
    customer: str = ""

    def __post_init__(self) -> None:
        check_code(self.id, "demand id")
        positive(self.qty, "qty")
        _aware(self.due, "due")
        if self.priority < 1:
            raise InvalidData(f"priority must be >= 1, got {self.priority}", field="priority")

    @property
    def order_id(self) -> str:
        """The order part of the id."""
        return self.id.rsplit("/", 1)[0]


@dataclass(frozen=True, slots=True)
class Supply:
    """Existing supply: stock on hand, an open purchase, or an open production order."""

    ref: str
    member: MemberCode
    item: ItemCode
    qty: Decimal
    available_at: datetime | None = None  # None: on hand now
    kind: str = "stock"

    def __post_init__(self) -> None:
        check_code(self.ref, "supply ref")
        non_negative(self.qty, "qty")
        if self.available_at is not None:
            _aware(self.available_at, "available_at")


@dataclass(frozen=True, slots=True)
class WorkStep:
    """One operation of a work order already released: ``confirmed``/``started`` steps keep their times."""

    record_id: str
    work_order: str
    member: MemberCode
    item: ItemCode
    step_no: int
    resource: ResourceCode
    minutes: Decimal
    status: str = "planned"
    start: datetime | None = None
    end: datetime | None = None

    def __post_init__(self) -> None:
        check_code(self.record_id, "operation record id")
        duration_minutes(positive(self.minutes, "minutes"), "minutes")
        if self.status in ("confirmed", "started") and (self.start is None or self.end is None):
            raise InvalidData(f"{self.record_id}: a {self.status} step needs start and end", field="start")


@dataclass(frozen=True, slots=True)
class RoutingWindow:
    """The routing of ``item`` at ``member`` is valid from ``effective_from`` (and before ``effective_to``)."""

    member: MemberCode
    item: ItemCode
    effective_from: date | None = None
    effective_to: date | None = None


@dataclass(frozen=True, slots=True)
class Reservation:
    """Supply or capacity that an earlier plan earmarked: ``ref`` is a supply ref or 'resource:<code>'."""

    member: MemberCode
    ref: str
    qty: Decimal
    item: ItemCode | None = None
    at: datetime | None = None


@dataclass(frozen=True, slots=True)
class PlannedOrder:
    """Make, buy or move ``qty`` of ``item`` at ``member`` from ``start`` to ``due``, serving ``pegged_to``."""

    id: str
    member: MemberCode
    item: ItemCode
    qty: Decimal
    kind: PlanOrderKind
    start: datetime
    due: datetime
    resource: ResourceCode | None = None
    supplier: MemberCode | None = None
    pegged_to: tuple[str, ...] = ()
    status: str = "planned"

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", PlanOrderKind(self.kind))
        if self.due < self.start:
            raise InvalidData(f"planned order {self.id} ends before it starts", field="due")


@dataclass(frozen=True, slots=True)
class ResourceLoad:
    """Minutes (or units) loaded on a resource in one bucket, against what it can work there."""

    member: MemberCode
    resource: ResourceCode
    start: datetime
    load_min: float
    available_min: float
    unit: str = "min"  # 'unit' for a member's pooled capacity buckets

    @property
    def utilisation(self) -> float:
        """Load over availability (0 when nothing is available and nothing loaded)."""
        if self.available_min <= 0:
            return 0.0 if self.load_min <= 0 else float("inf")
        return self.load_min / self.available_min


@dataclass(frozen=True, slots=True)
class Fulfilment:
    """How the plan meets one demand: on time, late (and when), or short."""

    demand_id: str
    member: MemberCode
    item: ItemCode
    customer: str
    qty: Decimal
    due: datetime
    on_time_qty: Decimal
    late_qty: Decimal
    short_qty: Decimal
    completed_at: datetime | None

    @property
    def late_days(self) -> float:
        """Days between due and completion (0 when on time or never completed)."""
        if self.completed_at is None or self.completed_at <= self.due:
            return 0.0
        return (self.completed_at - self.due).total_seconds() / 86400


BINDING_KINDS = ("resource", "material", "routing", "lead_time", "supply")
"""Every kind of binding constraint a plan or capable-to-promise answer can name."""


@dataclass(frozen=True, slots=True)
class BindingConstraint:
    """A constraint that limits the plan: a resource, a material, a member's supply or a routing window."""

    kind: str  # resource | material | routing | lead_time
    member: MemberCode
    code: str
    start: datetime | None
    detail: str
    shadow_price: float = 0.0

    def __post_init__(self) -> None:
        if self.kind not in BINDING_KINDS:
            kinds = ", ".join(BINDING_KINDS)
            raise InvalidData(f"binding kind must be one of {kinds}, got {self.kind!r}", field="kind")


@dataclass(frozen=True, slots=True)
class Earmark:
    """``qty`` of an existing supply ``supply_ref`` earmarked for ``demand_id``."""

    supply_ref: str
    member: MemberCode
    item: ItemCode
    qty: Decimal
    demand_id: str


@dataclass(frozen=True, slots=True)
class Plan:
    """A capacity-feasible plan of the cluster over ``buckets`` of ``bucket_hours`` from ``start``."""

    id: str
    created_at: datetime
    start: datetime
    bucket_hours: int
    buckets: int
    solver: str
    status: str
    seconds: float
    cost: float | None  # None where the reader may not see the cluster's cost
    orders: tuple[PlannedOrder, ...]
    loads: tuple[ResourceLoad, ...]
    fulfilment: tuple[Fulfilment, ...]
    binding: tuple[BindingConstraint, ...]
    allocations: tuple[Earmark, ...] = ()
    warnings: tuple[str, ...] = ()
    created_by: str = ""
    note: str = ""
    demands: tuple[str, ...] = field(default_factory=tuple)

    @property
    def late_qty(self) -> Decimal:
        """Quantity delivered after its due date."""
        return sum((f.late_qty for f in self.fulfilment), ZERO)

    @property
    def short_qty(self) -> Decimal:
        """Quantity not delivered within the horizon."""
        return sum((f.short_qty for f in self.fulfilment), ZERO)

    @property
    def lateness_days(self) -> float:
        """Sum over fulfilment rows of days late (0 for a row on time)."""
        return sum(f.late_days for f in self.fulfilment)

    @property
    def late_qty_days(self) -> float:
        """Sum over fulfilment rows of late quantity times days late."""
        return sum(float(f.late_qty) * f.late_days for f in self.fulfilment)


@dataclass(frozen=True, slots=True)
class CtpAnswer:
    """Can the cluster deliver ``qty`` of ``item`` at ``member`` by ``requested``? And if not, when?"""

    member: MemberCode
    item: ItemCode
    qty: Decimal
    requested: datetime
    feasible: bool
    earliest: datetime | None
    binding: tuple[BindingConstraint, ...]
    seconds: float
    based_on_plan: str | None = None
