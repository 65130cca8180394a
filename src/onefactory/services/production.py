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
    in its item master and every resource one of its resources. All or nothing."""
    require_write(user)
    require_own(user, {p.member for p in orders}, "production orders")
    with store.write() as tx:
        items = {i.code for i in tx.items.of(user.member)}
        resources = {r.code for r in tx.resources.of(user.member)}
        for n, p in enumerate(orders):
            _check(n, p, items, resources)
        return tx.production.put_many(list(orders))


def _check(n: int, p: ProductionOrder, items: set[str], resources: set[str]) -> None:
    if p.item not in items:
        raise InvalidData(
            f"order {n} ({p.code}): item {p.item!r} is not in {p.member}'s item master", field=f"orders[{n}].item"
        )
    if p.resource is not None and p.resource not in resources:
        raise InvalidData(
            f"order {n} ({p.code}): resource {p.resource!r} is not one of {p.member}'s", field=f"orders[{n}].resource"
        )
    if p.end < p.start:
        raise InvalidData(
            f"order {n} ({p.code}): end {p.end.isoformat()} is before start {p.start.isoformat()}",
            field=f"orders[{n}].end",
        )
