"""Shipments (ASNs), receipts and stock."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import insert, select, update

from onefactory.model import (
    ZERO,
    Conflict,
    InvalidData,
    Receipt,
    ReceiptLine,
    Shipment,
    ShipmentLine,
    StockMovement,
    StockPosition,
)

from ._repo import Repo, from_rows, to_row
from .schema import receipt_lines, receipts, shipment_lines, shipments, stock, stock_movements


class Shipments(Repo):
    """Advance shipping notices."""

    def add(self, shipment: Shipment) -> None:
        """Store a new ASN; a repeated number is a Conflict."""
        if self._select(shipments, number=shipment.number):
            raise Conflict(f"shipment {shipment.number!r} exists already")
        self.conn.execute(
            insert(shipments).values(
                number=shipment.number,
                seller=shipment.seller,
                buyer=shipment.buyer,
                shipped_at=shipment.shipped_at,
                carrier=shipment.carrier,
            )
        )
        self._insert_many(shipment_lines, [{"number": shipment.number, **to_row(sl)} for sl in shipment.lines])

    def find(self, number: str) -> Shipment | None:
        """The ASN or None."""
        heads = self._select(shipments, number=number)
        if not heads:
            return None
        h = heads[0]
        lines = from_rows(ShipmentLine, self._select(shipment_lines, number=number))
        return Shipment(h["number"], h["seller"], h["buyer"], h["shipped_at"], tuple(lines), h["carrier"])

    def of_order(self, order_id: str) -> list[Shipment]:
        """ASNs that carry lines of an order."""
        stmt = select(shipment_lines.c.number).where(shipment_lines.c.order_id == order_id).distinct()
        return [s for n in self.conn.execute(stmt).scalars() if (s := self.find(n))]


class Receipts(Repo):
    """Goods receipts."""

    def add(self, receipt: Receipt) -> None:
        """Store a new receipt; a repeated number is a Conflict."""
        if self._select(receipts, number=receipt.number):
            raise Conflict(f"receipt {receipt.number!r} exists already")
        self.conn.execute(
            insert(receipts).values(
                number=receipt.number, buyer=receipt.buyer, received_at=receipt.received_at, flags=list(receipt.flags)
            )
        )
        self._insert_many(receipt_lines, [{"number": receipt.number, **to_row(rl)} for rl in receipt.lines])

    def received_against(self, shipment: str) -> Decimal:
        """Quantity received so far against one ASN."""
        rows = self._select(receipt_lines, shipment=shipment)
        return sum((r["qty"] for r in rows), ZERO)

    def of_order(self, order_id: str) -> list[Receipt]:
        """Receipts that carry lines of an order."""
        stmt = select(receipt_lines.c.number).where(receipt_lines.c.order_id == order_id).distinct()
        out = []
        for number in self.conn.execute(stmt).scalars():
            h = self._select(receipts, number=number)[0]
            lines = from_rows(ReceiptLine, self._select(receipt_lines, number=number))
            out.append(Receipt(number, h["buyer"], h["received_at"], tuple(lines), tuple(h["flags"])))
        return out


class Stock(Repo):
    """On-hand positions, changed only through recorded movements."""

    def apply(self, movements: list[StockMovement], *, allow_negative: bool = False) -> None:
        """Record movements and update positions; refuse to go below zero."""
        deltas: dict[tuple[str, str, str, str], Decimal] = defaultdict(lambda: ZERO)
        for m in movements:
            deltas[(m.member, m.item, m.location, m.lot)] += m.delta
        for key, delta in deltas.items():
            self._move(key, delta, allow_negative)
        self._insert_many(stock_movements, [{**to_row(m), "kind": m.kind.value} for m in movements])

    def _move(self, key: tuple[str, str, str, str], delta: Decimal, allow_negative: bool) -> None:
        member, item, location, lot = key
        where = (stock.c.member == member, stock.c.item == item, stock.c.location == location, stock.c.lot == lot)
        current = self.conn.execute(select(stock.c.qty).where(*where)).scalar_one_or_none()
        new = (current or ZERO) + delta
        if new < 0 and not allow_negative:
            raise InvalidData(
                f"stock of {item} at {location or '-'} lot {lot or '-'} would go negative: "
                f"{current or 0} + {delta} = {new}",
                field="qty",
            )
        if current is None:
            self.conn.execute(insert(stock).values(member=member, item=item, location=location, lot=lot, qty=new))
        else:
            self.conn.execute(update(stock).where(*where).values(qty=new))

    def of(self, member: str, item: str | None = None) -> list[StockPosition]:
        """Positions of a member (optionally of one item), by item, location, lot."""
        stmt = select(stock).where(stock.c.member == member).order_by(stock.c.item, stock.c.location, stock.c.lot)
        if item is not None:
            stmt = stmt.where(stock.c.item == item)
        return from_rows(StockPosition, self.conn.execute(stmt).mappings())

    def movements(self, member: str, item: str | None = None) -> list[StockMovement]:
        """Movements of a member in posting order."""
        stmt = select(stock_movements).where(stock_movements.c.member == member).order_by(stock_movements.c.id)
        if item is not None:
            stmt = stmt.where(stock_movements.c.item == item)
        return from_rows(StockMovement, self.conn.execute(stmt).mappings())
