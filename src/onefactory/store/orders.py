"""Shared orders: one row per order, its lines, kept consistent with the event log."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update

from onefactory.model import ChangeRequest, Conflict, LineStatus, NotFound, OrderLine, SharedOrder, Side

from ._repo import Repo
from .schema import order_lines, orders


class Orders(Repo):
    """Orders as shared documents: both parties read the same record."""

    def add(self, order: SharedOrder) -> None:
        """Store a new order; an existing id is a Conflict."""
        if self.find(order.id):
            raise Conflict(f"order {order.id!r} exists already")
        self.conn.execute(
            insert(orders).values(
                id=order.id,
                buyer=order.buyer,
                seller=order.seller,
                created_at=order.created_at,
                version=order.version,
                note=order.note,
            )
        )
        self._insert_many(order_lines, [_line_row(order.id, line) for line in order.lines])

    def save(self, order: SharedOrder, expected_version: int) -> None:
        """Replace an order's state if it is still at ``expected_version`` (optimistic lock)."""
        res = self.conn.execute(
            update(orders)
            .where(orders.c.id == order.id, orders.c.version == expected_version)
            .values(version=order.version, note=order.note)
        )
        if res.rowcount != 1:
            current = self.get(order.id).version
            raise Conflict(f"order {order.id} changed meanwhile: version {current}, expected {expected_version}")
        self.conn.execute(delete(order_lines).where(order_lines.c.order_id == order.id))
        self._insert_many(order_lines, [_line_row(order.id, line) for line in order.lines])

    def find(self, order_id: str) -> SharedOrder | None:
        """The order or None."""
        head = self.conn.execute(select(orders).where(orders.c.id == order_id)).mappings().first()
        if head is None:
            return None
        return self._assemble([head])[0]

    def parties(self, order_id: str) -> tuple[str, str]:
        """(buyer, seller) of the order, without reading its lines; NotFound if absent."""
        stmt = select(orders.c.buyer, orders.c.seller).where(orders.c.id == order_id)
        row = self.conn.execute(stmt).first()
        if row is None:
            raise NotFound(f"no order {order_id!r}")
        return row.buyer, row.seller

    def ids_of(self, member: str) -> set[str]:
        """Ids of the orders ``member`` is buyer or seller of, without reading any order."""
        stmt = select(orders.c.id).where(or_(orders.c.buyer == member, orders.c.seller == member))
        return set(self.conn.execute(stmt).scalars())

    def get(self, order_id: str) -> SharedOrder:
        """The order; NotFound if absent."""
        order = self.find(order_id)
        if order is None:
            raise NotFound(f"no order {order_id!r}")
        return order

    def of_member(
        self, member: str | None, *, limit: int = 100, offset: int = 0, but: str | None = None
    ) -> list[SharedOrder]:
        """Orders where ``member`` is buyer or seller (every order if None), newest first; without
        the order ``but`` (one already read, whose lines need not be read again)."""
        stmt = select(orders).order_by(orders.c.created_at.desc(), orders.c.id).limit(limit).offset(offset)
        if but is not None:
            stmt = stmt.where(orders.c.id != but)
        if member is not None:
            stmt = stmt.where(or_(orders.c.buyer == member, orders.c.seller == member))
        return self._assemble(list(self.conn.execute(stmt).mappings()))

    def pairs(self) -> list[tuple[str, str]]:
        """Every (seller, buyer) with at least one order, without reading any line."""
        stmt = select(orders.c.seller, orders.c.buyer).distinct().order_by(orders.c.seller, orders.c.buyer)
        return [(r.seller, r.buyer) for r in self.conn.execute(stmt)]

    def count_of_member(self, member: str | None) -> int:
        """How many orders :meth:`of_member` would page through."""
        stmt = select(func.count()).select_from(orders)
        if member is not None:
            stmt = stmt.where(or_(orders.c.buyer == member, orders.c.seller == member))
        return int(self.conn.execute(stmt).scalar_one())

    def _assemble(self, heads: list[Mapping[str, Any]]) -> list[SharedOrder]:
        ids = [h["id"] for h in heads]
        lines: dict[str, list[OrderLine]] = {i: [] for i in ids}
        if ids:
            stmt = select(order_lines).where(order_lines.c.order_id.in_(ids)).order_by(order_lines.c.line_no)
            for row in self.conn.execute(stmt).mappings():
                lines[row["order_id"]].append(_line(row))
        return [
            SharedOrder(
                h["id"], h["buyer"], h["seller"], tuple(lines[h["id"]]), h["created_at"], h["version"], h["note"]
            )
            for h in heads
        ]


def _line_row(order_id: str, line: OrderLine) -> dict[str, Any]:
    change = None
    if line.change is not None:
        c = line.change
        change = {
            "by": c.by.value,
            "qty": None if c.qty is None else str(c.qty),
            "due_date": None if c.due_date is None else c.due_date.isoformat(),
            "reason": c.reason,
            "previous_status": c.previous_status.value,
        }
    return {
        "order_id": order_id,
        "line_no": line.line_no,
        "item": line.item,
        "qty": line.qty,
        "uom": line.uom,
        "due_date": line.due_date,
        "unit_price": line.unit_price,
        "status": line.status.value,
        "confirmed_qty": line.confirmed_qty,
        "confirmed_date": line.confirmed_date,
        "shipped_qty": line.shipped_qty,
        "received_qty": line.received_qty,
        "over_tolerance_pct": line.over_tolerance_pct,
        "change": change,
        "attributes": line.attributes,
    }


def _line(row: Mapping[str, Any]) -> OrderLine:
    c = row["change"]
    change = (
        None
        if c is None
        else ChangeRequest(
            Side(c["by"]),
            None if c["qty"] is None else Decimal(c["qty"]),
            None if c["due_date"] is None else date.fromisoformat(c["due_date"]),
            c["reason"],
            LineStatus(c["previous_status"]),
        )
    )
    return OrderLine(
        row["line_no"],
        row["item"],
        row["qty"],
        row["due_date"],
        row["uom"],
        row["unit_price"],
        LineStatus(row["status"]),
        row["confirmed_qty"],
        row["confirmed_date"],
        row["shipped_qty"],
        row["received_qty"],
        row["over_tolerance_pct"],
        change,
        dict(row["attributes"]),
    )
