"""Pegging trees: from a customer order down through the supplies allocated to it (pure).

A node is a supply (stock, an open order, a planned order) with the quantity allocated
to the requirement above it; below a planned or production order come the supplies
allocated to its component needs, tier by tier. When one order serves several customer
orders, each tree shows its share of the order's components (120 of an order of 121 gets
120/121 of every component below), so the trees of all orders add up to the supply.

>>> from decimal import Decimal
>>> from onefactory.model import Allocation, SupplyKind
>>> top = Allocation("LEAD", "P", "LEAD/P/1", SupplyKind.PLANNED, "SO-1/1", Decimal(5), ("SO-1/1",))
>>> low = Allocation("SUP", "C", "on-hand", SupplyKind.ON_HAND, "LEAD/P/1", Decimal(10), ("SO-1/1",))
>>> tree = pegging_tree("SO-1/1", [top, low])
>>> [(n.supply, n.qty, [c.member for c in n.children]) for n in tree]
[('LEAD/P/1', Decimal('5'), ['SUP'])]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from onefactory.model import Allocation, SupplyKind

from .exact import plain

SIX_PLACES = Decimal("0.000001")
"""Pegged quantities are shown to the model's 6 decimal places."""


@dataclass(frozen=True, slots=True)
class PegNode:
    """``qty`` of ``item`` from ``supply`` of ``member`` serves the requirement above."""

    member: str
    item: str
    supply: str
    kind: SupplyKind
    qty: Decimal
    children: list[PegNode] = field(default_factory=list)


def customer_orders(allocations: Iterable[Allocation]) -> list[str]:
    """Refs of every customer order that the allocations serve."""
    return sorted({ref for a in allocations for ref in a.customer_orders})


def pegging_tree(ref: str, allocations: Iterable[Allocation], depth: int = 40) -> list[PegNode]:
    """The supplies under customer order ``ref`` (stops at ``depth`` tiers).

    When the allocations to ``ref`` itself are not among ``allocations`` (another member's
    part, not shared), the tree starts at the highest tier that is."""
    return pegging_trees([ref], allocations, depth)[ref]


def pegging_trees(refs: Iterable[str], allocations: Iterable[Allocation], depth: int = 40) -> dict[str, list[PegNode]]:
    """:func:`pegging_tree` of several customer orders, indexing the allocations once."""
    allocs = list(allocations)
    below: dict[str, list[Allocation]] = {}
    issued: dict[str, Decimal] = {}
    for a in allocs:
        below.setdefault(a.demand, []).append(a)
        issued[a.supply] = issued.get(a.supply, Decimal(0)) + a.qty
    index = _Index(below, issued)
    supplies = set(issued)
    out = {}
    for ref in refs:
        roots = below.get(ref) or [a for a in allocs if ref in a.customer_orders and a.demand not in supplies]
        out[ref] = [_node(a, index, depth, frozenset({ref}), Decimal(1)) for a in roots]
    return out


@dataclass(frozen=True, slots=True)
class _Index:
    below: dict[str, list[Allocation]]  # allocations by the demand they serve
    issued: dict[str, Decimal]  # quantity allocated out of each supply, over all demands


def _node(a: Allocation, index: _Index, depth: int, path: frozenset[str], share: Decimal) -> PegNode:
    """``a`` scaled by ``share`` (this tree's part of the supply above); its components get this
    tree's part of ``a``'s supply in turn."""
    qty = plain((a.qty * share).quantize(SIX_PLACES))
    total = index.issued.get(a.supply) or a.qty
    deeper = _children(a.supply, index, depth - 1, path, qty / total) if a.supply_kind != "on_hand" else []
    return PegNode(a.member, a.item, a.supply, a.supply_kind, qty, deeper)


def _children(ref: str, index: _Index, depth: int, path: frozenset[str], share: Decimal) -> list[PegNode]:
    if depth <= 0 or ref in path:
        return []
    return [_node(a, index, depth, path | {ref}, share) for a in index.below.get(ref, [])]
