"""Pegging: which orders sit under a shared order, tier by tier (pure).

An order ``O`` (buyer -> seller) is served by the orders its seller placed
with its own suppliers with lines that name ``O`` in their ``pegged_to_order``
attribute (set by planning or by the buyer), or, on lines pegged to no order,
for the same item codes. A supplier of a seller whose serving orders the caller
cannot see is still known from the public supply links of the cluster, so it is
shown as "not shared"; what lies below it is not shown, since nothing shows it
serves ``O``.

>>> from datetime import date, datetime, UTC
>>> from decimal import Decimal
>>> from onefactory.model import OrderLine, SharedOrder
>>> def order(i, b, s, item):
...     line = OrderLine(1, item, Decimal(5), date(2026, 3, 1))
...     return SharedOrder(i, b, s, (line,), datetime(2026, 1, 1, tzinfo=UTC))
>>> top, sub = order("PO-1", "LEAD", "SUP-A", "P-1"), order("PO-2", "SUP-A", "SUP-B", "P-1")
>>> tiers = sub_tiers(top, [top, sub], [("SUP-B", "SUP-A"), ("SUP-C", "SUP-B")])
>>> [(t.supplier, [o.id for o in t.orders], [c.supplier for c in t.children]) for t in tiers]
[('SUP-B', ['PO-2'], ['SUP-C'])]
>>> tiers[0].children[0].shared
False
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from onefactory.model import SharedOrder

PEG_ATTRIBUTE = "pegged_to_order"


@dataclass(frozen=True, slots=True)
class Tier:
    """A supplier of ``customer`` and the orders of ``customer`` to it that serve the order above."""

    supplier: str
    customer: str
    orders: list[SharedOrder]
    shared: bool
    children: list[Tier] = field(default_factory=list)


def serving_orders(order: SharedOrder, visible: Iterable[SharedOrder]) -> list[SharedOrder]:
    """Visible orders placed by ``order``'s seller naming it, or for its item codes on lines pegged to no order.

    A line pegged to another order serves that order, not ``order``, whatever its item.
    """
    items = {line.item for line in order.lines}
    found = []
    for other in visible:
        if other.id == order.id or other.buyer != order.seller:
            continue
        if any(_serves(line.attributes.get(PEG_ATTRIBUTE), line.item, order.id, items) for line in other.lines):
            found.append(other)
    return found


def _serves(pegged: str | None, item: str, order_id: str, items: set[str]) -> bool:
    return pegged == order_id if pegged else item in items


def sub_tiers(
    order: SharedOrder,
    visible: Sequence[SharedOrder],
    links: Iterable[tuple[str, str]],
    _seen: frozenset[str] = frozenset(),
) -> list[Tier]:
    """Tiers under ``order``: one per supplier of its seller, recursively.

    ``links`` are (supplier, customer) pairs of the cluster; a supplier with no
    visible serving order is reported with ``shared=False``.
    """
    links = list(links)
    seen = _seen | {order.seller}
    serving = serving_orders(order, visible)
    suppliers = dict.fromkeys([o.seller for o in serving] + [s for s, c in links if c == order.seller])
    tiers = []
    for supplier in suppliers:
        mine = [o for o in serving if o.seller == supplier]
        children = [] if supplier in seen else _below(supplier, mine, visible, links, seen)
        tiers.append(Tier(supplier, order.seller, mine, bool(mine), children))
    return tiers


def _below(
    supplier: str,
    orders: list[SharedOrder],
    visible: Sequence[SharedOrder],
    links: list[tuple[str, str]],
    seen: frozenset[str],
) -> list[Tier]:
    if not orders:
        return []  # nothing shown serves the order above: the supplier's own suppliers are not known to serve it
    merged: dict[str, Tier] = {}
    for sub in orders:
        for tier in sub_tiers(sub, visible, links, seen):
            old = merged.get(tier.supplier)
            if old is None:
                merged[tier.supplier] = tier
            else:
                extra = [o for o in tier.orders if o not in old.orders]
                merged[tier.supplier] = Tier(
                    old.supplier,
                    old.customer,
                    old.orders + extra,
                    old.shared or tier.shared,
                    old.children or tier.children,
                )
    return list(merged.values())
