"""The MRP problem built from the cluster's domain values (pure).

Nodes are (member, item). A BOM line whose component is another member's item adds
a *buy node* at the buying member, linked to the supplier's node by a supply edge of
quantity 1: the buyer's planned purchase orders become the supplier's dependent
demand. A component without a supplier that only one other member keeps in its item
master is bought from that member.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from onefactory.model import (
    ZERO,
    BomLine,
    Calendar,
    InvalidData,
    Item,
    ItemKind,
    ItemPlanning,
    Member,
    MrpDemand,
    MrpSettings,
    MrpSupply,
    UomConversion,
    UomTable,
)

from ._uom import PIECES, factor

Key = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Node:
    """One member's item as MRP plans it; ``supplier`` is set on buy nodes fed by a member."""

    member: str
    item: str
    kind: ItemKind
    uom: str
    lead_time_days: Decimal
    whole_units: bool
    supplier: str | None = None
    implicit: bool = False


@dataclass(frozen=True, slots=True)
class Edge:
    """``qty_per`` units of ``child`` (in its own unit, scrap included) per unit of ``parent``."""

    parent: Key
    child: Key
    qty_per: Decimal
    label: str


@dataclass
class MrpProblem:
    """Everything one MRP run nets and explodes."""

    settings: MrpSettings
    nodes: dict[Key, Node]
    edges: list[Edge]
    demands: list[MrpDemand]
    supplies: list[MrpSupply]
    calendars: dict[str, Calendar]
    planning: dict[Key, ItemPlanning] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Builder:
    settings: MrpSettings
    items: dict[Key, Item]
    tables: dict[str, UomTable]
    nodes: dict[Key, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    owners: dict[str, list[str]] = field(default_factory=dict)

    def node(self, key: Key, kind: ItemKind = ItemKind.BUY, uom: str = "EA") -> Node:
        """The node of ``key``, created from the item master (or implicitly, in ``uom``, with a warning)."""
        if key not in self.nodes:
            item = self.items.get(key)
            if item is None:
                self.warnings.append(f"{key[0]}: {key[1]} is not in the item master; planned with lead time 0")
                whole = uom.upper() in PIECES
                self.nodes[key] = Node(key[0], key[1], kind, uom, ZERO, whole, implicit=True)
            else:
                self.nodes[key] = Node(
                    item.member, item.code, item.kind, item.uom, item.lead_time_days, item.whole_units
                )
        return self.nodes[key]

    def buy_node(self, buyer: str, code: str, supplier: str) -> Key:
        """The buyer's node for ``code`` bought from member ``supplier``, linked to the supplier's node."""
        key, source = (buyer, code), self.node((supplier, code))
        current = self.nodes.get(key)
        if current is not None and current.supplier is not None:
            if current.supplier != supplier:
                raise InvalidData(
                    f"{code} of {buyer} comes from both {current.supplier} and {supplier}", field="supplier"
                )
            return key
        own = self.items.get(key)
        uom, whole = (own.uom, own.whole_units) if own else (source.uom, source.whole_units)
        days = self.settings.transfer_days.get((supplier, buyer), ZERO)
        self.nodes[key] = Node(buyer, code, ItemKind.BUY, uom, days, whole, supplier, implicit=own is None)
        what = f"{buyer} buys {code} from {supplier}"
        per = factor(self.tables, (buyer, supplier), uom, source.uom, what)
        self.edges.append(Edge(key, (supplier, code), per, what))
        return key

    def add_line(self, line: BomLine) -> None:
        """A BOM line as an edge from the parent to the resolved component node."""
        parent = (line.member, line.parent)
        self.node(parent, ItemKind.MAKE)
        child = self.component(line)
        what = f"{line.member} BOM {line.parent} -> {line.component}"
        per = self.line_factor(line, child, what)
        self.edges.append(Edge(parent, child, line.qty_per * (100 + line.scrap_pct) / 100 * per, what))

    def line_factor(self, line: BomLine, child: Key, what: str) -> Decimal:
        """Factor from the line's unit to the component's; a line left in the default 'EA' with
        no conversion to the component's unit is read in that unit, with a warning."""
        unit = self.nodes[child].uom
        try:
            return factor(self.tables, (line.member, child[0]), line.uom, unit, what)
        except InvalidData:
            if line.uom != "EA":
                raise
        self.warnings.append(f"{line.member}: BOM {line.parent} -> {line.component} has no unit; read in {unit}")
        return Decimal(1)

    def component(self, line: BomLine) -> Key:
        """Where a BOM line's component comes from: own item, named supplier, or its only owner."""
        member, code = line.member, line.component
        if line.supplier and line.supplier != member:
            return self.buy_node(member, code, line.supplier)
        if (member, code) in self.items:
            self.node((member, code))
            return member, code
        owners = [o for o in self.owners.get(code, []) if o != member]
        if len(owners) > 1:
            raise InvalidData(
                f"{member} BOM {line.parent} -> {code}: {code} is kept by {', '.join(owners)}; name the supplier",
                field="supplier",
            )
        if owners:
            return self.buy_node(member, code, owners[0])
        self.node((member, code), uom=line.uom)
        return member, code


def build_problem(
    settings: MrpSettings,
    members: list[Member],
    items: list[Item],
    bom_lines: list[BomLine],
    uoms: dict[str, list[UomConversion]],
    demands: list[MrpDemand],
    supplies: list[MrpSupply],
    purchases: list[tuple[str, str, str]] | None = None,
) -> MrpProblem:
    """Resolve nodes and edges. ``purchases`` lists (buyer, item, seller) of open order lines:
    the buyer's node for that item is linked to the seller's node."""
    builder = _Builder(settings, {(i.member, i.code): i for i in items}, {m: UomTable(c) for m, c in uoms.items()})
    for item in items:
        builder.owners.setdefault(item.code, []).append(item.member)
        builder.node((item.member, item.code))
    for line in bom_lines:
        builder.add_line(line)
    for buyer, code, seller in purchases or []:
        node = builder.nodes.get((buyer, code))
        if node is None or (node.supplier is None and node.kind is ItemKind.BUY):
            builder.buy_node(buyer, code, seller)
    for ref in [*demands, *supplies]:
        builder.node((ref.member, ref.item))
    calendars = {m.code: settings.calendars.get(m.code, Calendar(f"{m.code} all days", m.timezone)) for m in members}
    planning = {(p.member, p.item): p for p in settings.items}
    return MrpProblem(settings, builder.nodes, builder.edges, demands, supplies, calendars, planning, builder.warnings)
