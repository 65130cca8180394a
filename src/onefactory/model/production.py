"""Production orders of a member and the shared order lines they serve."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from .cluster import check_code, check_path_segment
from .ids import ItemCode, MemberCode, OrderId, ResourceCode
from .units import quantity


class ProductionStatus(StrEnum):
    """Where a production order stands."""

    PLANNED = "planned"
    RELEASED = "released"
    STARTED = "started"
    DONE = "done"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class ProductionOrder:
    """Make ``qty`` of ``item`` on ``resource`` between ``start`` and ``end``."""

    member: MemberCode
    code: str
    item: ItemCode
    qty: Decimal
    resource: ResourceCode | None
    start: datetime
    end: datetime
    status: ProductionStatus = ProductionStatus.RELEASED
    serves_order: OrderId | None = None
    serves_line: int | None = None

    def __post_init__(self) -> None:
        check_code(self.code, "production order code")
        check_path_segment(self.code, "production order code", "code")
        object.__setattr__(self, "status", ProductionStatus(self.status))
        quantity(self.qty, "qty")
