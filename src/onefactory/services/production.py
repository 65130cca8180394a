"""A member's own production orders (its lots): the record that ties telemetry over a lot's
run on a resource to the lot's inspections, for defect-risk training and prediction, and
that pegs production to the customer orders it serves."""

from __future__ import annotations

from collections.abc import Sequence

from onefactory.model import InvalidData, ProductionOrder, User
from onefactory.store import Store

from .access import require_own, require_write


def put(store: Store, user: User, orders: Sequence[ProductionOrder]) -> int:
    """Create or replace (by code) production orders of the caller's member; every item must be
    in its item master, every resource one of its resources, and every end after its start
    (a lot with no run has no telemetry window). All or nothing; a refused order is named by
    its index in ``orders``, field ``[1].item`` style, as the body is an array."""
    require_write(user)
    require_own(user, {p.member for p in orders}, "production orders")
    with store.write() as tx:
        items = {i.code for i in tx.items.of(user.member)}
        resources = {r.code for r in tx.resources.of(user.member)}
        for n, p in enumerate(orders):
            _check(n, p, items, resources)
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


def _refuse(n: int, p: ProductionOrder, name: str, reason: str) -> None:
    raise InvalidData(f"order {n} ({p.code}): {reason}", field=f"[{n}].{name}")
