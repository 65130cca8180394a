"""Inventory files: counted stock (snapshot) or stock changes (movement), never guessed."""

from __future__ import annotations

from decimal import Decimal

from onefactory.model import ItemCode, MemberCode, MovementKind, RowError, StockMovement, StockPosition

from ._cells import Cells, Context

QUANTITY_FIELDS = {"on_hand": "snapshot", "delta": "movement", "qty": None}


def inventory_mode(ctx: Context) -> tuple[str, str] | None:
    """(mode, quantity field) of an inventory file, or None after recording why it is refused.

    A file whose quantity column is plainly ``qty``/``수량`` must be declared with
    ``options.inventory_mode``; ``on_hand`` means snapshot and ``delta`` movement.
    """
    present = [name for name in QUANTITY_FIELDS if ctx.has(name)]
    declared = ctx.options.inventory_mode
    if len(present) != 1:
        return _refuse(
            ctx,
            "give exactly one quantity column: on_hand/재고수량 (counted stock), "
            f"delta/증감수량 (a change) or qty/수량; found {present or 'none'}",
        )
    name = present[0]
    implied, header = QUANTITY_FIELDS[name], ctx.columns.columns[name]
    if implied and declared and implied != declared:
        return _refuse(ctx, f"column {header!r} means a {implied} but the import was declared as {declared}")
    mode = declared or implied
    if mode is None:
        return _refuse(
            ctx,
            f"the file does not say whether {header!r} is counted stock or a change: declare it with "
            "options.inventory_mode snapshot (counted on-hand, replaces stock) or movement (added to "
            "stock), or name the column as the template does: on_hand/재고수량 or delta/증감수량",
        )
    return mode, name


def _refuse(ctx: Context, reason: str) -> None:
    ctx.errors.append(RowError(0, "inventory_mode", reason, line=ctx.table.header_line))
    return None


def inventory(ctx: Context) -> list[StockPosition] | list[StockMovement]:
    """Stock positions (snapshot) or movements (movement); location is ``location/bin``.

    With ``options.items`` given, a row of an item missing from the member's item master is a row error."""
    found = inventory_mode(ctx)
    if found is None:
        return []
    mode, name = found
    if mode == "movement" and ctx.options.received_at is None:
        _refuse(ctx, "a movement file needs the import time (options.received_at) as the movement time")
        return []
    seen: dict[tuple[str, str, str], int] = {}
    out = [_stock_row(ctx, c, mode, name, seen) for c in ctx.rows()]
    return [r for r in out if r is not None]  # type: ignore[return-value]


def _stock_row(
    ctx: Context, c: Cells, mode: str, name: str, seen: dict[tuple[str, str, str], int]
) -> StockPosition | StockMovement | None:
    item = c.text("item", required=True)
    c.known_item(item)
    qty = c.number(name, required=True, minimum=">=0" if mode == "snapshot" else None)
    location = "/".join(t for t in (c.text("location"), c.text("bin")) if t)
    lot = c.text("lot") or ""
    if mode == "movement" and qty == 0:
        c.fail(name, "a movement of 0 changes nothing", c.raw(name))
    key = (item or "", location, lot)
    if item and key in seen:
        c.fail("item", f"item {item} at {location or '-'} lot {lot or '-'} repeats data row {seen[key]}", item)
    seen[key] = c.row.row
    if mode == "snapshot":
        return c.build(
            StockPosition, MemberCode(ctx.member), ItemCode(item or ""), qty or Decimal(0), location=location, lot=lot
        )
    at = ctx.options.received_at
    assert at is not None
    return c.build(
        StockMovement,
        MemberCode(ctx.member),
        ItemCode(item or ""),
        qty or Decimal(0),
        MovementKind.MOVEMENT,
        at,
        location=location,
        lot=lot,
        ref=f"row {c.row.row}",
    )
