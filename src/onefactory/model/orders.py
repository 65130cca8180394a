"""The cross-company order: one document that is the buyer's purchase order and
the seller's sales order at once. Its lifecycle rules live in ``exchange``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from .cluster import check_code, check_path_code
from .errors import InvalidData
from .ids import ItemCode, MemberCode, OrderId
from .units import ZERO, quantity


class LineStatus(StrEnum):
    """Where an order line stands."""

    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    PARTIALLY_CONFIRMED = "partially_confirmed"
    REJECTED = "rejected"
    CHANGE_REQUESTED = "change_requested"
    ACCEPTED = "accepted"
    IN_PRODUCTION = "in_production"
    PARTIALLY_SHIPPED = "partially_shipped"
    SHIPPED = "shipped"
    PARTIALLY_RECEIVED = "partially_received"
    RECEIVED = "received"
    CLOSED = "closed"
    CANCELLED = "cancelled"


TERMINAL = frozenset({LineStatus.REJECTED, LineStatus.CLOSED, LineStatus.CANCELLED})


class Side(StrEnum):
    """Which party of an order acts."""

    BUYER = "buyer"
    SELLER = "seller"


@dataclass(frozen=True, slots=True)
class ChangeRequest:
    """A pending change of quantity and/or date proposed by one side."""

    by: Side
    qty: Decimal | None
    due_date: date | None
    reason: str
    previous_status: LineStatus


@dataclass(frozen=True, slots=True)
class OrderLine:
    """One line. Quantities are in ``uom``; the same item may appear on several lines."""

    line_no: int
    item: ItemCode
    qty: Decimal
    due_date: date
    uom: str = "EA"
    unit_price: Decimal | None = None
    status: LineStatus = LineStatus.PROPOSED
    confirmed_qty: Decimal | None = None
    confirmed_date: date | None = None
    shipped_qty: Decimal = ZERO
    received_qty: Decimal = ZERO
    over_tolerance_pct: Decimal | None = None
    change: ChangeRequest | None = None
    attributes: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.line_no < 1:
            raise InvalidData(f"line_no must be >= 1, got {self.line_no}", field="line_no")
        check_code(self.item, "item")
        quantity(self.qty, "qty")
        for key, value in self.attributes.items():
            if not isinstance(value, str):
                raise InvalidData(f"attribute {key!r} must be text, got {value!r}", field=key)

    @property
    def agreed_qty(self) -> Decimal:
        """What the seller committed to deliver (the ordered quantity until confirmed)."""
        return self.confirmed_qty if self.confirmed_qty is not None else self.qty

    @property
    def open_qty(self) -> Decimal:
        """Still to be received; never negative."""
        if self.status in (LineStatus.CANCELLED, LineStatus.REJECTED):
            return ZERO
        return max(self.agreed_qty - self.received_qty, ZERO)


@dataclass(frozen=True, slots=True)
class SharedOrder:
    """A purchase order of ``buyer`` that is the sales order of ``seller``."""

    id: OrderId
    buyer: MemberCode
    seller: MemberCode
    lines: tuple[OrderLine, ...]
    created_at: datetime
    version: int = 1
    note: str = ""

    def __post_init__(self) -> None:
        check_path_code(self.id, "order id")
        if self.buyer == self.seller:
            raise InvalidData(f"buyer and seller must differ, both are {self.buyer!r}", field="seller")
        if not self.lines:
            raise InvalidData("an order needs at least one line", field="lines")
        numbers = [line.line_no for line in self.lines]
        if len(set(numbers)) != len(numbers):
            raise InvalidData(f"duplicate line numbers in order {self.id}: {numbers}", field="line_no")

    def line(self, line_no: int) -> OrderLine:
        """The line with that number; raises InvalidData if absent."""
        for line in self.lines:
            if line.line_no == line_no:
                return line
        raise InvalidData(f"order {self.id} has no line {line_no}", field="line_no")

    def side_of(self, member: str) -> Side | None:
        """BUYER, SELLER, or None if ``member`` is not a party."""
        return Side.BUYER if member == self.buyer else Side.SELLER if member == self.seller else None

    @property
    def status(self) -> str:
        """The order's overall status derived from its lines."""
        states = {line.status for line in self.lines}
        if len(states) == 1:
            return next(iter(states)).value
        live = states - TERMINAL
        return "mixed" if len(live) != 1 else next(iter(live)).value


@dataclass(frozen=True, slots=True)
class OrderEvent:
    """One change of a shared order: who did what, when and why."""

    order_id: OrderId
    kind: str
    actor_member: MemberCode
    actor_user: str
    at: datetime
    line_no: int | None = None
    reason: str = ""
    data: dict[str, Any] = field(default_factory=dict)
