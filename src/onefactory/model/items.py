"""Items, multi-level bills of materials and routings.

A BOM line may say that its component is made by another member (``supplier``):
that is how one bill spans several companies.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from .cluster import check_code
from .errors import InvalidData
from .ids import ItemCode, MemberCode, ResourceCode
from .units import ZERO, days, minutes, positive


class ItemKind(StrEnum):
    """How an item is obtained."""

    MAKE = "make"
    BUY = "buy"
    PHANTOM = "phantom"


@dataclass(frozen=True, slots=True)
class Item:
    """An item in a member's item master. ``code`` is an exact string."""

    member: MemberCode
    code: ItemCode
    name: str = ""
    uom: str = "EA"
    kind: ItemKind = ItemKind.BUY
    lead_time_days: Decimal = ZERO
    spec: str | None = None
    description: str | None = None
    whole_units: bool = True
    pack_size: Decimal | None = None

    def __post_init__(self) -> None:
        check_code(self.code, "item code")
        object.__setattr__(self, "kind", ItemKind(self.kind))
        days(self.lead_time_days, "lead_time_days")
        if self.pack_size is not None:
            positive(self.pack_size, "pack_size")


@dataclass(frozen=True, slots=True)
class BomLine:
    """``qty_per`` of ``component`` (in ``uom``) goes into one ``parent``."""

    member: MemberCode
    parent: ItemCode
    component: ItemCode
    qty_per: Decimal
    uom: str = "EA"
    supplier: MemberCode | None = None
    scrap_pct: Decimal = ZERO
    line_no: int = 0
    remark: str | None = None

    def __post_init__(self) -> None:
        check_code(self.parent, "parent")
        check_code(self.component, "component")
        positive(self.qty_per, "qty_per")
        if not ZERO <= self.scrap_pct < 100:
            raise InvalidData(f"scrap_pct must be in [0, 100), got {self.scrap_pct}", field="scrap_pct")


@dataclass(frozen=True, slots=True)
class RoutingStep:
    """One operation of an item's routing on a resource."""

    member: MemberCode
    item: ItemCode
    step_no: int
    resource: ResourceCode
    run_min_per_unit: Decimal
    setup_min: Decimal = ZERO
    alternate_resource: ResourceCode | None = None

    def __post_init__(self) -> None:
        minutes(self.run_min_per_unit, "run_min_per_unit")
        minutes(self.setup_min, "setup_min")


def find_bom_cycle(lines: list[BomLine]) -> list[ItemCode] | None:
    """Return one cycle of parent -> component edges as a list of codes, or None.

    >>> a = BomLine("M", ItemCode("A"), ItemCode("B"), Decimal(1))
    >>> b = BomLine("M", ItemCode("B"), ItemCode("A"), Decimal(1))
    >>> find_bom_cycle([a, b])
    ['A', 'B', 'A']
    """
    graph: dict[str, list[str]] = {}
    for line in lines:
        graph.setdefault(line.parent, []).append(line.component)
    state: dict[str, int] = {}
    for root in sorted(graph):
        path = _dfs_cycle(root, graph, state, [])
        if path:
            return [ItemCode(code) for code in path]
    return None


def _dfs_cycle(start: str, graph: dict[str, list[str]], state: dict[str, int], path: list[str]) -> list[str] | None:
    stack: list[tuple[str, int]] = [(start, 0)]
    while stack:
        node, idx = stack.pop()
        if idx == 0:
            if state.get(node) == 2:
                continue
            state[node], path = 1, [*path, node]
        children = graph.get(node, [])
        if idx < len(children):
            stack.append((node, idx + 1))
            child = children[idx]
            if state.get(child) == 1:
                return [*path[path.index(child) :], child]
            if state.get(child) != 2:
                stack.append((child, 0))
        else:
            state[node], path = 2, path[:-1]
    return None
