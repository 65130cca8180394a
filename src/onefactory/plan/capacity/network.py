"""The supply network behind the demands: which member makes, buys or receives each item (pure).

A stock-keeping unit (SKU) is an item at a member. Walking down from the
demanded SKUs: a SKU with BOM lines is made from its components (at the same
member); a component whose BOM line names another member as ``supplier`` is
moved from that member's SKU (a transfer); a SKU with a routing, or an item of
kind ``make``, is made on the member's resources; anything else is bought from
outside the cluster with the item's lead time.

The transit time of a transfer is the buyer's lead time of the item less the
maker's own lead time (never negative): the buyer's figure covers both.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from onefactory.model import BomLine, InvalidData, Item, ItemKind, RoutingStep

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Sku:
    """An item at a member and how it is supplied; ``rank`` orders ties (earlier demands first)."""

    member: str
    item: str
    source: str  # make | buy | transfer
    lead_days: Decimal
    supplier: str | None = None
    whole_units: bool = True
    rank: int = 0

    @property
    def key(self) -> tuple[str, str]:
        """(member, item)."""
        return (self.member, self.item)


@dataclass
class Network:
    """SKUs in top-down order, their components and the warnings met on the way."""

    skus: list[Sku] = field(default_factory=list)
    index: dict[tuple[str, str], int] = field(default_factory=dict)
    components: list[tuple[int, int, float]] = field(default_factory=list)  # parent, component, qty per
    warnings: list[str] = field(default_factory=list)


class _Master:
    """Lookups over the master data of the snapshot."""

    def __init__(self, items: tuple[Item, ...], bom: tuple[BomLine, ...], routing: tuple[RoutingStep, ...]) -> None:
        self.items = {(i.member, i.code): i for i in items}
        self.bom: dict[tuple[str, str], list[BomLine]] = defaultdict(list)
        self.supplier: dict[tuple[str, str], str] = {}
        for line in bom:
            self.bom[(line.member, line.parent)].append(line)
            if line.supplier and line.supplier != line.member:
                self.supplier[(line.member, line.component)] = line.supplier
        self.routed = {(s.member, s.item) for s in routing}


def build_network(
    roots: list[tuple[str, str]],
    items: tuple[Item, ...],
    bom: tuple[BomLine, ...],
    routing: tuple[RoutingStep, ...],
    members: set[str],
) -> Network:
    """SKUs reachable from ``roots`` (in priority order), parents before components."""
    master, net = _Master(items, bom, routing), Network()
    order: list[tuple[str, str]] = []
    state: dict[tuple[str, str], int] = {}
    for root in roots:
        _visit(root, master, members, state, order, [])
    for rank, key in enumerate(reversed(order)):
        net.index[key] = rank
    first_seen = {key: n for n, key in enumerate(dict.fromkeys(_preorder(roots, master, members)))}
    for key in reversed(order):
        net.skus.append(_sku(key, master, members, first_seen.get(key, 0), net.warnings))
    for key in reversed(order):
        for line in master.bom.get(key, []):
            per = float(line.qty_per) / (1 - float(line.scrap_pct) / 100)
            net.components.append((net.index[key], net.index[(key[0], line.component)], per))
    return net


def _children(key: tuple[str, str], master: _Master, members: set[str]) -> list[tuple[str, str]]:
    if key in master.bom:
        return [(key[0], line.component) for line in master.bom[key]]
    supplier = master.supplier.get(key)
    return [(supplier, key[1])] if supplier in members else []


def _visit(
    key: tuple[str, str],
    master: _Master,
    members: set[str],
    state: dict[tuple[str, str], int],
    order: list[tuple[str, str]],
    path: list[tuple[str, str]],
) -> None:
    if state.get(key) == 2:
        return
    if state.get(key) == 1:
        cycle = [*path[path.index(key) :], key]
        raise InvalidData("supply cycle: " + " -> ".join(f"{m}:{i}" for m, i in cycle), field="bom")
    state[key] = 1
    for child in _children(key, master, members):
        _visit(child, master, members, state, order, [*path, key])
    state[key] = 2
    order.append(key)


def _preorder(roots: list[tuple[str, str]], master: _Master, members: set[str]) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    stack = list(reversed(roots))
    while stack:
        key = stack.pop()
        seen.append(key)
        stack.extend(reversed(_children(key, master, members)))
    return seen


def _sku(key: tuple[str, str], master: _Master, members: set[str], rank: int, warnings: list[str]) -> Sku:
    item = master.items.get(key)
    lead = item.lead_time_days if item else ZERO
    whole = item.whole_units if item else True
    if item is None:
        warnings.append(f"{key[0]} has no item master entry for {key[1]!r}: planned as bought with lead time 0")
    if key in master.bom or key in master.routed or (item is not None and item.kind is ItemKind.MAKE):
        return Sku(key[0], key[1], "make", lead, None, whole, rank)
    supplier = master.supplier.get(key)
    if supplier in members:
        maker = master.items.get((supplier, key[1]))  # type: ignore[arg-type]
        transit = max(lead - (maker.lead_time_days if maker else ZERO), ZERO)
        return Sku(key[0], key[1], "transfer", transit, supplier, whole, rank)
    return Sku(key[0], key[1], "buy", lead, None, whole, rank)
