"""Goods against a shared order (pure): shipments (ASN) and receipts, and
re-issuing lines from a re-uploaded order file.

Quantities are checked against the agreed quantity of each line, so a line
listed twice, a duplicated delivery note or a repeated receipt never counts
twice: the caller passes the order as stored, and each step moves it on.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from onefactory.model import (
    ZERO,
    InvalidData,
    LineStatus,
    OrderLine,
    Receipt,
    SharedOrder,
    Shipment,
    Side,
    plain,
)

from .lifecycle import RECEIVABLE, SHIPPABLE, Actor, Transition, _event, _require, _require_side

S = LineStatus


def flow_status(line: OrderLine) -> LineStatus:
    """The status a line has from its shipped and received quantities."""
    agreed = line.agreed_qty
    if line.received_qty >= agreed:
        return S.RECEIVED
    if line.received_qty > 0:
        return S.PARTIALLY_RECEIVED
    if line.shipped_qty >= agreed:
        return S.SHIPPED
    return S.PARTIALLY_SHIPPED if line.shipped_qty > 0 else line.status


def _allowance(line: OrderLine) -> Decimal | None:
    """How far beyond the agreed quantity a line may go; None = unlimited, flagged."""
    if line.over_tolerance_pct is None:
        return None
    return line.agreed_qty * line.over_tolerance_pct / 100


def ship(order: SharedOrder, shipment: Shipment, actor: Actor, at: datetime) -> Transition:
    """Seller ships lines of ``order`` under an ASN; over-shipment is refused."""
    _require_side(actor, Side.SELLER, "ship")
    events, current = [], order
    for sl in (s for s in shipment.lines if s.order_id == order.id):
        line = current.line(sl.line_no)
        _require(line, SHIPPABLE, "ship", order.id)
        limit = line.agreed_qty + (_allowance(line) or ZERO)
        if line.shipped_qty + sl.qty > limit:
            raise InvalidData(
                f"over-delivery on order {order.id} line {sl.line_no}: shipping {plain(sl.qty)} on top of "
                f"{plain(line.shipped_qty)} exceeds the agreed {plain(line.agreed_qty)}",
                field="qty",
            )
        new = replace(line, shipped_qty=line.shipped_qty + sl.qty)
        current = _set(current, replace(new, status=flow_status(new)))
        events.append(_event(order, "shipped", actor, at, sl.line_no, "", asn=shipment.number, qty=sl.qty, lot=sl.lot))
    return Transition(replace(current, version=order.version + 1), tuple(events))


def receipt_tolerance(line: OrderLine, default_pct: Decimal) -> Decimal:
    """The over-receipt tolerance (percent) of a line: its own, else the cluster's default."""
    return default_pct if line.over_tolerance_pct is None else line.over_tolerance_pct


def _ordered(line: OrderLine) -> str:
    agreed = line.agreed_qty
    return f"ordered {plain(agreed)}" if agreed == line.qty else f"agreed {plain(agreed)} (ordered {plain(line.qty)})"


@dataclass(frozen=True, slots=True)
class ReceiptCheck:
    """What a receipt did to one line: the excess over the agreed quantity, and, for a receipt
    that cites no ASN, the excess over what the line has shipped (0 if none)."""

    order_id: str
    line_no: int
    over_qty: Decimal
    beyond_shipped: Decimal = ZERO


def receive(
    order: SharedOrder, receipt: Receipt, actor: Actor, at: datetime, *, tolerance_pct: Decimal = ZERO
) -> tuple[Transition, list[ReceiptCheck]]:
    """Buyer receives lines. Less than agreed is fine; more is accepted and flagged up to the
    line's over-receipt tolerance (its own, else ``tolerance_pct``) and refused beyond it,
    naming the ordered, already received and attempted quantities."""
    _require_side(actor, Side.BUYER, "receive")
    events, checks, current = [], [], order
    for rl in (r for r in receipt.lines if r.order_id == order.id):
        line = current.line(rl.line_no)
        _require(line, RECEIVABLE, "receive", order.id)
        over = max(line.received_qty + rl.qty - line.agreed_qty, ZERO) - max(line.received_qty - line.agreed_qty, ZERO)
        pct = receipt_tolerance(line, tolerance_pct)
        if line.received_qty + rl.qty > line.agreed_qty * (1 + pct / 100):
            raise InvalidData(
                f"receipt {receipt.number}: over-receipt of {plain(over)} on order {order.id} line {rl.line_no}: "
                f"{_ordered(line)}, already received {plain(line.received_qty)}, receiving {plain(rl.qty)} "
                f"exceeds the over-receipt tolerance of {plain(pct)}%",
                field="qty",
            )
        new = replace(line, received_qty=line.received_qty + rl.qty)
        current = _set(current, replace(new, status=flow_status(new)))
        unshipped = ZERO if rl.shipment else _beyond_shipped(line, rl.qty)
        checks.append(ReceiptCheck(order.id, rl.line_no, over, unshipped))
        events.append(
            _event(
                order,
                "received",
                actor,
                at,
                rl.line_no,
                "",
                receipt=receipt.number,
                qty=rl.qty,
                lot=rl.lot,
                asn=rl.shipment,
                over_receipt=over or None,
            )
        )
    return Transition(replace(current, version=order.version + 1), tuple(events)), checks


def _beyond_shipped(line: OrderLine, receiving: Decimal) -> Decimal:
    """How much of ``receiving`` goes beyond what the line shipped (goods came without an ASN
    for them: flagged, since the seller may still send one)."""
    return max(line.received_qty + receiving - line.shipped_qty, ZERO) - max(line.received_qty - line.shipped_qty, ZERO)


def asn_excess(shipment: Shipment, received_before: Decimal, receiving: Decimal, tolerance_pct: Decimal) -> Decimal:
    """How far receipts against an ASN exceed what it shipped (0 if not); beyond
    ``tolerance_pct`` percent of the shipped quantity the receipt is refused."""
    shipped = sum((sl.qty for sl in shipment.lines), ZERO)
    total = received_before + receiving
    if total > shipped * (1 + tolerance_pct / 100):
        raise InvalidData(
            f"over-receipt of {plain(total - shipped)} against ASN {shipment.number}: shipped {plain(shipped)}, "
            f"already received {plain(received_before)}, receiving {plain(receiving)} "
            f"exceeds the over-receipt tolerance of {plain(tolerance_pct)}%",
            field="qty",
        )
    return max(total - shipped, ZERO)


def _set(order: SharedOrder, line: OrderLine) -> SharedOrder:
    return replace(order, lines=tuple(line if old.line_no == line.line_no else old for old in order.lines))


def reissue(order: SharedOrder, incoming: SharedOrder, actor: Actor, at: datetime) -> Transition:
    """Merge a re-uploaded order into the stored one, line by line.

    New lines are added; a cancelled line comes back as proposed with the new
    quantity; an identical line changes nothing; a still-proposed line may be
    amended by the buyer; a committed line is refused (use a change request).
    """
    _require_side(actor, Side.BUYER, "re-issue")
    events, lines = [], {line.line_no: line for line in order.lines}
    for new in incoming.lines:
        old = lines.get(new.line_no)
        kind = _merge_kind(order.id, old, new)
        if kind:
            lines[new.line_no] = replace(new, status=S.PROPOSED)
            events.append(_event(order, kind, actor, at, new.line_no, "", qty=new.qty, date=new.due_date))
    if not events:
        return Transition(order, ())
    merged = replace(order, lines=tuple(sorted(lines.values(), key=lambda x: x.line_no)), version=order.version + 1)
    return Transition(merged, tuple(events))


def _merge_kind(order_id: str, old: OrderLine | None, new: OrderLine) -> str | None:
    if old is None:
        return "line_added"
    if old.status is S.CANCELLED:
        return "reissued"
    same = (old.item, old.qty, old.due_date, old.uom, old.unit_price, old.attributes) == (
        new.item,
        new.qty,
        new.due_date,
        new.uom,
        new.unit_price,
        new.attributes,
    )
    if same:
        return None
    if old.status is S.PROPOSED:
        return "amended"
    raise InvalidData(
        f"order {order_id} line {new.line_no} is {old.status.value}; "
        "change it with a change request, not by re-uploading",
        field="line_no",
    )
