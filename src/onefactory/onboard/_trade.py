"""Trade files between members: shared orders, shipping notices (ASN) and goods receipts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from onefactory.model import (
    ZERO,
    ItemCode,
    MemberCode,
    OrderId,
    OrderLine,
    Receipt,
    ReceiptLine,
    RowError,
    SharedOrder,
    Shipment,
    ShipmentLine,
    plain,
)

from ._cells import Cells, Context

ORDER_REFS = {"order", "po", "so", "purchase_order", "sales_order", "주문", "발주"}


@dataclass
class _Group:
    """Rows that make one document, with the header values the first row set."""

    first_row: int
    head: tuple[object, ...]
    first_line: int = 0
    lines: list[object] = field(default_factory=list)
    numbers: dict[int, int] = field(default_factory=dict)


def _group(c: Cells, groups: dict[str, _Group], key: str, head: tuple[object, ...], name: str) -> _Group | None:
    group = groups.setdefault(key, _Group(c.row.row, head, c.row.line))
    if group.head != head:
        c.fail(name, f"{key}: differs from data row {group.first_row} ({group.head} vs {head})", key)
        return None
    return group


def _need(ctx: Context, name: str, reason: str) -> bool:
    """A file-level requirement; records an error naming ``name`` when it fails."""
    ctx.errors.append(RowError(0, name, reason, line=ctx.table.header_line))
    return False


def orders(ctx: Context) -> list[SharedOrder]:
    """Rows grouped into shared orders by order id; the importing member is the buyer by default.

    Line numbers come from the file (else the order of rows); a column that is
    not an order field (lot, serial, drawing ...) is kept as exact text in
    ``OrderLine.attributes``. With ``options.items`` given (the importing buyer's item master),
    a row of any other item is a row error. ``pack_size``, when its column exists, must be
    given and > 0 on every row (leave the column out for orders without pack sizes).
    """
    if ctx.options.received_at is None:
        _need(ctx, "received_at", "orders need the import time (options.received_at) as their creation time")
    if not ctx.has("due_date") and ctx.options.due_date is None:
        _need(ctx, "due_date", "no due date column (납기일/due_date) and no default due date (options.due_date)")
    if ctx.errors:
        return []
    groups: dict[str, _Group] = {}
    for c in ctx.rows():
        _order_row(ctx, c, groups)
    created = ctx.options.received_at or datetime.min
    kept = [(key, g) for key, g in groups.items() if g.lines]
    ctx.starts.extend((g.first_row, g.first_line) for _, g in kept)
    return [
        SharedOrder(OrderId(key), MemberCode(str(g.head[0])), MemberCode(str(g.head[1])), tuple(g.lines), created)
        for key, g in kept
    ]


def _order_row(ctx: Context, c: Cells, groups: dict[str, _Group]) -> None:
    order_id, item = c.path_id("order_id", "order id"), c.text("item", required=True)
    qty = c.number("qty", required=True, minimum=">0")
    line_no = c.integer("line_no", required=ctx.has("line_no"), minimum=1)
    due = c.day("due_date") or (ctx.options.due_date if c.raw("due_date") is None else None)
    if due is None and c.raw("due_date") is None:
        c.fail("due_date", "due date is blank and no default due date was given")
    price, buyer, seller = c.number("unit_price", minimum=">=0"), _buyer(c), _seller(c)
    c.known_item(item)
    _whole(c, item, qty, {buyer, seller}, c.text("uom") or "EA")
    _pack_size(ctx, c)
    attributes = {h: v for h in ctx.columns.extra if (v := c.row.get(h)) is not None}
    if c.failed or order_id is None:
        return
    group = _group(c, groups, order_id, (buyer, seller), "seller")
    number = line_no or (len(group.lines) + 1 if group else 1)
    if group and number in group.numbers:
        c.fail(
            "line_no",
            f"order {order_id} has line {number} twice (data rows {group.numbers[number]} and {c.row.row})",
            str(number),
        )
    line = c.build(
        OrderLine,
        number,
        ItemCode(item or ""),
        qty or ZERO,
        due or date.min,
        uom=c.text("uom") or "EA",
        unit_price=price,
        attributes=attributes,
    )
    if group and line is not None:
        group.lines.append(line)
        group.numbers[number] = c.row.row


def _whole(c: Cells, item: str | None, qty: Decimal | None, parties: set[str], uom: str) -> None:
    """A fractional quantity of an item a party counts in whole units is a row error."""
    if item is None or qty is None or qty == qty.to_integral_value():
        return
    if any((party, item, uom) in c.ctx.options.whole_units for party in parties):
        c.fail("qty", f"{item} is counted in whole {uom}; {plain(qty)} is not a whole number", c.raw("qty"))


def _buyer(c: Cells) -> str:
    return c.text("buyer") or c.ctx.options.buyer or c.ctx.member


def _seller(c: Cells) -> str | None:
    buyer = _buyer(c)
    seller = c.text("seller") or c.ctx.options.seller or (c.ctx.member if buyer != c.ctx.member else None)
    if seller is None:
        c.fail("seller", "no seller: add a seller/supplier column or set the default seller (options.seller)")
    elif c.ctx.member not in (buyer, seller):
        c.fail("buyer", f"member {c.ctx.member!r} is neither the buyer ({buyer!r}) nor the seller ({seller!r})")
    elif buyer == seller:
        c.fail("seller", f"buyer and seller are both {buyer!r}", seller)
    return seller


def _pack_size(ctx: Context, c: Cells) -> Decimal | None:
    if not ctx.has("pack_size"):
        return None
    if c.raw("pack_size") is None or c.text("pack_size") is None:
        c.fail("pack_size", "pack_size is blank; give a pack size > 0 or leave the pack_size column out")
        return None
    return c.number("pack_size", minimum=">0")


def _order_ref(c: Cells) -> tuple[str, int] | None:
    """(order id, order line) of a shipment row, through an invoice line when ``ref_type`` says so."""
    ref_id, ref_line = c.text("order_id", required=True), c.integer("line_no", required=True, minimum=1)
    ref_type = (c.text("ref_type") or "order").casefold()
    if ref_id is None or ref_line is None or ref_type in ORDER_REFS:
        return (ref_id, ref_line) if ref_id and ref_line else None
    if ref_type in ("invoice", "inv", "세금계산서", "송장"):
        for inv_id, inv_line, order_id, order_line in c.ctx.options.invoice_lines:
            if (inv_id, inv_line) == (ref_id, ref_line):
                return order_id, order_line
        c.fail("order_id", f"invoice {ref_id} line {ref_line} is unknown (options.invoice_lines)", ref_id)
        return None
    c.fail("ref_type", "ref_type must be 'order' or 'invoice'", c.text("ref_type"))
    return None


def shipments(ctx: Context) -> list[Shipment]:
    """ASN rows grouped by shipment number; the importing member is the seller by default.

    An exact repeat of an earlier row (every cell equal) is skipped with a warning.
    """
    groups: dict[str, _Group] = {}
    seen: dict[tuple[str | None, ...], int] = {}
    for c in ctx.rows():
        cells = tuple(c.row.cells.values())
        if cells in seen:
            ctx.warnings.append(f"row {c.row.row} (line {c.row.line}) repeats row {seen[cells]} exactly; skipped")
            continue
        seen[cells] = c.row.row
        _shipment_row(ctx, c, groups)
    return [_shipment(key, g) for key, g in groups.items() if g.lines]


def _shipment(number: str, group: _Group) -> Shipment:
    seller, buyer, shipped_at, carrier = group.head
    return Shipment(
        number,
        MemberCode(str(seller)),
        MemberCode(str(buyer)),
        shipped_at,  # type: ignore[arg-type]
        tuple(group.lines),
        carrier=str(carrier),
    )  # type: ignore[arg-type]


def _shipment_row(ctx: Context, c: Cells, groups: dict[str, _Group]) -> None:
    number, ref = c.path_id("number", "shipment number"), _order_ref(c)
    qty = c.number("qty", required=True, minimum=">0")
    seller = c.text("seller") or ctx.options.seller or ctx.member
    buyer = c.text("buyer") or ctx.options.buyer
    if buyer is None:
        c.fail("buyer", "no buyer: add a buyer column or set the default buyer (options.buyer)")
    shipped_at = c.moment("shipped_at") or ctx.options.received_at
    if shipped_at is None and not c.failed:
        c.fail("shipped_at", "no shipping time: add a shipped_at column or set options.received_at")
    if c.failed or number is None or ref is None:
        return
    group = _group(c, groups, number, (seller, buyer, shipped_at, c.text("carrier") or ""), "number")
    line = c.build(ShipmentLine, OrderId(ref[0]), ref[1], qty or ZERO, lot=c.text("lot"))
    if group and line is not None:
        group.lines.append(line)


def receipts(ctx: Context) -> list[Receipt]:
    """Goods receipt rows grouped by receipt number; the importing member is the buyer by default."""
    groups: dict[str, _Group] = {}
    for c in ctx.rows():
        number, order_id = c.path_id("number", "receipt number"), c.text("order_id", required=True)
        line_no = c.integer("line_no", required=True, minimum=1)
        qty = c.number("qty", required=True, minimum=">0")
        received_at = c.moment("received_at") or ctx.options.received_at
        if received_at is None and not c.failed:
            c.fail("received_at", "no receipt time: add a received_at column or set options.received_at")
        buyer = c.text("buyer") or ctx.options.buyer or ctx.member
        if c.failed or number is None:
            continue
        group = _group(c, groups, number, (buyer, received_at), "number")
        line = c.build(
            ReceiptLine,
            OrderId(order_id or ""),
            line_no or 0,
            qty or ZERO,
            lot=c.text("lot"),
            shipment=c.text("shipment"),
        )
        if group and line is not None:
            group.lines.append(line)
    kept = [(key, g) for key, g in groups.items() if g.lines]
    ctx.starts.extend((g.first_row, g.first_line) for _, g in kept)
    return [Receipt(key, MemberCode(str(g.head[0])), g.head[1], tuple(g.lines)) for key, g in kept]  # type: ignore[arg-type]
