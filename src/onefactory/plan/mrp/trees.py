"""Pegging trees: from a customer order down through the supplies allocated to it (pure).

A node is a supply (stock, an open order, a planned order) with the quantity allocated
to the requirement above it; below a planned or production order come the supplies
allocated to its component needs, tier by tier.

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
    for a in allocs:
        below.setdefault(a.demand, []).append(a)
    supplies = {a.supply for a in allocs}
    out = {}
    for ref in refs:
        roots = below.get(ref) or [a for a in allocs if ref in a.customer_orders and a.demand not in supplies]
        out[ref] = [_node(a, below, depth, frozenset({ref})) for a in roots]
    return out


def _node(a: Allocation, below: dict[str, list[Allocation]], depth: int, path: frozenset[str]) -> PegNode:
    deeper = _children(a.supply, below, depth - 1, path) if a.supply_kind != "on_hand" else []
    return PegNode(a.member, a.item, a.supply, a.supply_kind, a.qty, deeper)


def _children(ref: str, below: dict[str, list[Allocation]], depth: int, path: frozenset[str]) -> list[PegNode]:
    if depth <= 0 or ref in path:
        return []
    return [_node(a, below, depth, path | {ref}) for a in below.get(ref, [])]
