"""Stock: positions by item, location and lot, and the movements that change them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from .cluster import check_code
from .ids import ItemCode, MemberCode
from .units import bounded


class MovementKind(StrEnum):
    """Why stock changed."""

    OPENING = "opening"
    RECEIPT = "receipt"
    ISSUE = "issue"
    ADJUSTMENT = "adjustment"
    MOVEMENT = "movement"


@dataclass(frozen=True, slots=True)
class StockPosition:
    """On-hand quantity of an item at a location and lot."""

    member: MemberCode
    item: ItemCode
    qty: Decimal
    location: str = ""
    lot: str = ""

    def __post_init__(self) -> None:
        check_code(self.item, "item")
        bounded(self.qty, "qty")


@dataclass(frozen=True, slots=True)
class StockMovement:
    """A signed change of stock with its reason and reference."""

    member: MemberCode
    item: ItemCode
    delta: Decimal
    kind: MovementKind
    at: datetime
    location: str = ""
    lot: str = ""
    ref: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", MovementKind(self.kind))
        bounded(self.delta, "delta")
