"""Request and response bodies; converted explicitly from and to ``model`` types."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, Literal, TypeVar

from pydantic import AliasChoices, AwareDatetime, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from onefactory import model as m
from onefactory.api.numbers import Dec, Qty
from onefactory.api.problems import NOT_TEXT
from onefactory.services.orders import OrderView

T = TypeVar("T")

ORDER_LINE_FIELDS = {
    "line_no",
    "line",
    "item",
    "part_no",
    "item_code",
    "qty",
    "quantity",
    "due_date",
    "uom",
    "unit_price",
    "attributes",
    "over_tolerance_pct",
}


class Page(BaseModel, Generic[T]):
    """One page of a list."""

    items: list[T]
    total: int
    limit: int
    offset: int


class LineIn(BaseModel):
    """An order line as sent by the buyer; extra text fields (lot, serial...) become attributes."""

    model_config = ConfigDict(extra="allow")
    line_no: int = Field(validation_alias=AliasChoices("line_no", "line"), ge=1)
    item: str = Field(validation_alias=AliasChoices("item", "part_no", "item_code"), min_length=1)
    qty: Qty = Field(validation_alias=AliasChoices("qty", "quantity"))
    due_date: date
    uom: str = "EA"
    unit_price: Decimal | None = Field(None, ge=0, allow_inf_nan=False)
    over_tolerance_pct: Decimal | None = Field(None, ge=0, allow_inf_nan=False)
    attributes: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _extras_are_text(self) -> LineIn:
        for key, value in (self.model_extra or {}).items():
            if not isinstance(value, str):
                shown = json.dumps(value, ensure_ascii=False, default=str)
                message = f"must be a JSON string to keep its exact text, got {shown}"
                raise PydanticCustomError(NOT_TEXT, message, {"key": key, "value": value})
        return self

    def to_domain(self) -> m.OrderLine:
        """The domain line."""
        extra = {k: v for k, v in (self.model_extra or {}).items() if k not in ORDER_LINE_FIELDS}
        return m.OrderLine(
            self.line_no,
            m.ItemCode(self.item),
            self.qty,
            self.due_date,
            self.uom,
            self.unit_price,
            over_tolerance_pct=self.over_tolerance_pct,
            attributes={**extra, **self.attributes},
        )


class OrderIn(BaseModel):
    """A new order issued by the caller's member to ``seller``."""

    id: str = Field(validation_alias=AliasChoices("id", "order_id"), min_length=1, max_length=120)
    seller: str = Field(validation_alias=AliasChoices("seller", "supplier"), min_length=1)
    buyer: str | None = None
    note: str = ""
    lines: list[LineIn] = Field(min_length=1)

    def to_domain(self, buyer: str, now: datetime) -> m.SharedOrder:
        """The domain order."""
        return m.SharedOrder(
            m.OrderId(self.id),
            m.MemberCode(self.buyer or buyer),
            m.MemberCode(self.seller),
            tuple(line.to_domain() for line in self.lines),
            now,
            note=self.note,
        )


class ChangeOut(BaseModel):
    """A pending change request."""

    by: str
    qty: Dec | None
    due_date: date | None
    reason: str


class LineOut(BaseModel):
    """An order line as both parties see it."""

    line_no: int
    item: str
    qty: Dec
    uom: str
    due_date: date
    unit_price: Dec | None
    status: str
    confirmed_qty: Dec | None
    confirmed_date: date | None
    shipped_qty: Dec
    received_qty: Dec
    open_qty: Dec
    change: ChangeOut | None
    attributes: dict[str, str]

    @classmethod
    def from_domain(cls, line: m.OrderLine) -> LineOut:
        """From the domain line."""
        change = (
            None
            if line.change is None
            else ChangeOut(
                by=line.change.by.value, qty=line.change.qty, due_date=line.change.due_date, reason=line.change.reason
            )
        )
        return cls(
            line_no=line.line_no,
            item=line.item,
            qty=line.qty,
            uom=line.uom,
            due_date=line.due_date,
            unit_price=line.unit_price,
            status=line.status.value,
            confirmed_qty=line.confirmed_qty,
            confirmed_date=line.confirmed_date,
            shipped_qty=line.shipped_qty,
            received_qty=line.received_qty,
            open_qty=line.open_qty,
            change=change,
            attributes=line.attributes,
        )


class OrderOut(BaseModel):
    """A shared order: the buyer's PO and the seller's SO."""

    id: str
    buyer: str
    seller: str
    status: str
    version: int
    created_at: datetime
    note: str
    lines: list[LineOut]

    @classmethod
    def from_domain(cls, order: m.SharedOrder) -> OrderOut:
        """From the domain order."""
        return cls(
            id=order.id,
            buyer=order.buyer,
            seller=order.seller,
            status=order.status,
            version=order.version,
            created_at=order.created_at,
            note=order.note,
            lines=[LineOut.from_domain(line) for line in order.lines],
        )


class EventOut(BaseModel):
    """One entry of an order's history."""

    kind: str
    actor_member: str
    actor_user: str
    at: datetime
    line_no: int | None
    reason: str
    data: dict[str, Any]


class OrderDetail(OrderOut):
    """An order with its history, shipments and receipts."""

    events: list[EventOut]
    shipments: list[ShipmentOut]
    receipts: list[ReceiptOut]

    @classmethod
    def from_view(cls, view: OrderView) -> OrderDetail:
        """From the service's view."""
        base = OrderOut.from_domain(view.order).model_dump()
        events = [
            EventOut(
                kind=e.kind,
                actor_member=e.actor_member,
                actor_user=e.actor_user,
                at=e.at,
                line_no=e.line_no,
                reason=e.reason,
                data=e.data,
            )
            for e in view.events
        ]
        return cls(
            **base,
            events=events,
            shipments=[ShipmentOut.from_domain(s) for s in view.shipments],
            receipts=[ReceiptOut.from_domain(r) for r in view.receipts],
        )


class ActionIn(BaseModel):
    """Parameters of a line action (confirm, reject, request_change, ...)."""

    qty: Qty | None = None
    due_date: date | None = None
    reason: str = ""


class GoodsLineIn(BaseModel):
    """A shipped or received quantity of an order line."""

    order_id: str
    line_no: int = Field(ge=1)
    qty: Qty
    lot: str | None = None
    shipment: str | None = None


class ShipmentIn(BaseModel):
    """An ASN sent by the caller's member (the seller)."""

    number: str = Field(min_length=1)
    buyer: str
    carrier: str = ""
    lines: list[GoodsLineIn] = Field(min_length=1)

    def to_domain(self, seller: str, now: datetime) -> m.Shipment:
        """The domain shipment."""
        lines = tuple(m.ShipmentLine(m.OrderId(x.order_id), x.line_no, x.qty, x.lot) for x in self.lines)
        return m.Shipment(self.number, m.MemberCode(seller), m.MemberCode(self.buyer), now, lines, self.carrier)


class ShipmentOut(BaseModel):
    """An ASN."""

    number: str
    seller: str
    buyer: str
    shipped_at: datetime
    lines: list[GoodsLineIn]

    @classmethod
    def from_domain(cls, s: m.Shipment) -> ShipmentOut:
        """From the domain shipment."""
        lines = [GoodsLineIn(order_id=x.order_id, line_no=x.line_no, qty=x.qty, lot=x.lot) for x in s.lines]
        return cls(number=s.number, seller=s.seller, buyer=s.buyer, shipped_at=s.shipped_at, lines=lines)


class ReceiptIn(BaseModel):
    """A goods receipt posted by the caller's member (the buyer)."""

    number: str = Field(min_length=1)
    lines: list[GoodsLineIn] = Field(min_length=1)

    def to_domain(self, buyer: str, now: datetime) -> m.Receipt:
        """The domain receipt."""
        lines = tuple(m.ReceiptLine(m.OrderId(x.order_id), x.line_no, x.qty, x.lot, x.shipment) for x in self.lines)
        return m.Receipt(self.number, m.MemberCode(buyer), now, lines)


class ReceiptOut(BaseModel):
    """A goods receipt with its flags (e.g. over-receipt)."""

    number: str
    buyer: str
    received_at: datetime
    flags: list[str]
    lines: list[GoodsLineIn]

    @classmethod
    def from_domain(cls, r: m.Receipt) -> ReceiptOut:
        """From the domain receipt."""
        lines = [
            GoodsLineIn(order_id=x.order_id, line_no=x.line_no, qty=x.qty, lot=x.lot, shipment=x.shipment)
            for x in r.lines
        ]
        return cls(number=r.number, buyer=r.buyer, received_at=r.received_at, flags=list(r.flags), lines=lines)


class GrantIn(BaseModel):
    """Share a scope of the caller's member's data with a partner, or '*' for all."""

    grantee: str = Field(min_length=1)
    scope: str


class GrantOut(BaseModel):
    """A sharing grant: ``given`` by the caller's member, or ``received`` from another (read-only)."""

    id: str
    owner: str
    grantee: str
    scope: str
    created_at: datetime
    revoked_at: datetime | None
    direction: Literal["given", "received"] = "given"

    @classmethod
    def from_domain(cls, g: m.Grant, direction: Literal["given", "received"] = "given") -> GrantOut:
        """From the domain grant."""
        return cls(
            id=g.id,
            owner=g.owner,
            grantee=g.grantee,
            scope=g.scope.value,
            created_at=g.created_at,
            revoked_at=g.revoked_at,
            direction=direction,
        )


class AccessOut(BaseModel):
    """One logged read of the caller's member's data."""

    reader_member: str
    reader_user: str
    resource: str
    basis: str
    at: datetime


class MemberOut(BaseModel):
    """A member of the cluster."""

    code: str
    name: str
    name_ko: str
    role: str
    timezone: str


class UserOut(BaseModel):
    """The authenticated caller."""

    id: str
    member: str
    name: str
    role: str


class StockOut(BaseModel):
    """An on-hand position."""

    item: str
    location: str
    lot: str
    qty: Dec


class ReadingOut(BaseModel):
    """One telemetry sample."""

    ts: datetime
    signal: str
    value: float


OrderDetail.model_rebuild()


class ProductionOrderIn(BaseModel):
    """One production order (lot) of the caller's member: ``qty`` of ``item`` on ``resource``."""

    code: str = Field(min_length=1, max_length=100)
    item: str = Field(min_length=1)
    qty: Qty
    resource: str | None = None
    start: AwareDatetime
    end: AwareDatetime
    status: m.ProductionStatus = m.ProductionStatus.RELEASED
    serves_order: str | None = None
    serves_line: int | None = Field(None, ge=1)

    def to_domain(self, member: str) -> m.ProductionOrder:
        """The model production order of ``member``."""
        return m.ProductionOrder(
            member, self.code, self.item, self.qty, self.resource, self.start, self.end, self.status,
            self.serves_order, self.serves_line,
        )  # fmt: skip
