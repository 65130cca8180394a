"""Goods moving between members: shipments with advance shipping notices, receipts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from .cluster import check_path_code
from .errors import InvalidData
from .ids import MemberCode, OrderId
from .units import quantity


@dataclass(frozen=True, slots=True)
class ShipmentLine:
    """Quantity of one order line in a shipment, optionally by lot."""

    order_id: OrderId
    line_no: int
    qty: Decimal
    lot: str | None = None

    def __post_init__(self) -> None:
        quantity(self.qty, "qty")


@dataclass(frozen=True, slots=True)
class Shipment:
    """An advance shipping notice (ASN) from seller to buyer."""

    number: str
    seller: MemberCode
    buyer: MemberCode
    shipped_at: datetime
    lines: tuple[ShipmentLine, ...]
    carrier: str = ""

    def __post_init__(self) -> None:
        check_path_code(self.number, "shipment number")
        if not self.lines:
            raise InvalidData("a shipment needs at least one line", field="lines")


@dataclass(frozen=True, slots=True)
class ReceiptLine:
    """Quantity of one order line received, optionally by lot and against an ASN."""

    order_id: OrderId
    line_no: int
    qty: Decimal
    lot: str | None = None
    shipment: str | None = None

    def __post_init__(self) -> None:
        quantity(self.qty, "qty")


@dataclass(frozen=True, slots=True)
class Receipt:
    """A goods receipt posted by the buyer."""

    number: str
    buyer: MemberCode
    received_at: datetime
    lines: tuple[ReceiptLine, ...]
    flags: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        check_path_code(self.number, "receipt number")
        if not self.lines:
            raise InvalidData("a receipt needs at least one line", field="lines")
