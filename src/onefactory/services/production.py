"""A member's own production orders (its lots): the record that ties telemetry over a lot's
run on a resource to the lot's inspections, for defect-risk training and prediction, and
that pegs production to the customer orders it serves."""

from __future__ import annotations

from collections.abc import Sequence

from onefactory.model import InvalidData, ProductionOrder, User
from onefactory.store import Store, Unit

from .access import require_own, require_write


def put(store: Store, user: User, orders: Sequence[ProductionOrder]) -> int:
    """Create or replace (by code) production orders of the caller's member; every item must be
    in its item master, every resource one of its resources, and every end after its start
    (a lot with no run has no telemetry window). All or nothing; a refused order is named by
    its index in ``orders``, field ``[1].item`` style, as the body is an array. An order it
    serves (``serves_order``, and ``serves_line`` if given) must exist with the member as its
    seller: a shared order it sells, or a customer order of its own."""
    require_write(user)
    require_own(user, {p.member for p in orders}, "production orders")
    with store.write() as tx:
        items = {i.code for i in tx.items.of(user.member)}
        resources = {r.code for r in tx.resources.of(user.member)}
        sold = _sold_lines(tx, user.member, {p.serves_order for p in orders if p.serves_order})
        for n, p in enumerate(orders):
            _check(n, p, items, resources)
            _check_served(n, p, sold)
        return tx.production.put_many(list(orders))


def _check(n: int, p: ProductionOrder, items: set[str], resources: set[str]) -> None:
    """Refuse the n-th order of the body, named ``order n (code)`` and by field ``[n].name`` (the body is an array)."""
    if p.item not in items:
        _refuse(n, p, "item", f"item {p.item!r} is not in {p.member}'s item master")
    if p.resource is not None and p.resource not in resources:
        _refuse(n, p, "resource", f"resource {p.resource!r} is not one of {p.member}'s")
    if p.end <= p.start:
        _refuse(
            n, p, "end", f"end {p.end.isoformat()} must be after start {p.start.isoformat()} (a lot runs for a time)"
        )


def _sold_lines(tx: Unit, member: str, ids: set[str]) -> dict[str, set[int] | None]:
    """Line numbers of each order in ``ids`` that ``member`` sells; None for an order that exists
    but that another member sells; absent when no such order exists."""
    out: dict[str, set[int] | None] = {}
    own: dict[str, set[int]] = {}
    for d in tx.customer_orders.of(member) if ids else ():
        order, _, line = d.id.rpartition("/")
        own.setdefault(order, set()).add(int(line) if line.isdigit() else -1)
    for order_id in ids:
        shared = tx.orders.find(order_id)
        if shared is not None:
            out[order_id] = {line.line_no for line in shared.lines} if shared.seller == member else None
        elif order_id in own:
            out[order_id] = own[order_id]
    return out


def _check_served(n: int, p: ProductionOrder, sold: dict[str, set[int] | None]) -> None:
    if not p.serves_order:
        return
    if p.serves_order not in sold:
        _refuse(n, p, "serves_order", f"serves_order {p.serves_order!r}: no such order")
    lines = sold[p.serves_order]
    if lines is None:
        _refuse(n, p, "serves_order", f"serves_order {p.serves_order!r}: {p.member} is not its seller")
    elif p.serves_line is not None and p.serves_line not in lines:
        _refuse(n, p, "serves_line", f"serves_line {p.serves_line}: order {p.serves_order} has no such line")


def _refuse(n: int, p: ProductionOrder, name: str, reason: str) -> None:
    raise InvalidData(f"order {n} ({p.code}): {reason}", field=f"[{n}].{name}")
