"""Layout of the supply-tier diagram drawn as inline SVG on the overview (pure).

Members stand in columns by role (lead, tier 1, tier 2, logistics); an edge
goes from each supplier to its customer and carries the open line count.

>>> from onefactory.model import Member
>>> d = layout([Member("LEAD", "Lead", "lead"), Member("SUP-A", "A", "tier1")], [("SUP-A", "LEAD", 2)])
>>> [(b.code, b.column) for b in d.boxes], [e.label for e in d.edges]
([('LEAD', 0), ('SUP-A', 1)], ['2'])
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from onefactory.model import Member

COLUMNS = ("lead", "tier1", "tier2", "logistics")
BOX_W, BOX_H, GAP_X, GAP_Y, PAD = 170, 46, 90, 18, 16


@dataclass(frozen=True, slots=True)
class Box:
    """One member drawn at (x, y)."""

    code: str
    role: str
    column: int
    x: int
    y: int


@dataclass(frozen=True, slots=True)
class Edge:
    """A supply link from the supplier's box to the customer's box."""

    supplier: str
    customer: str
    x1: int
    y1: int
    x2: int
    y2: int
    label: str


@dataclass(frozen=True, slots=True)
class Diagram:
    """Boxes, edges and the drawing size."""

    boxes: list[Box]
    edges: list[Edge]
    width: int
    height: int
    box_w: int = BOX_W
    box_h: int = BOX_H


def layout(members: Iterable[Member], links: Iterable[tuple[str, str, int]]) -> Diagram:
    """Place members in role columns and connect supplier -> customer."""
    rows: dict[int, int] = {}
    boxes: dict[str, Box] = {}
    for member in members:
        col = COLUMNS.index(member.role.value) if member.role.value in COLUMNS else len(COLUMNS) - 1
        row = rows.get(col, 0)
        rows[col] = row + 1
        boxes[member.code] = Box(
            member.code, member.role.value, col, PAD + col * (BOX_W + GAP_X), PAD + row * (BOX_H + GAP_Y)
        )
    edges = [_edge(boxes[s], boxes[c], n) for s, c, n in links if s in boxes and c in boxes]
    used = max(rows) + 1 if rows else 1
    height = PAD * 2 + max(rows.values(), default=1) * (BOX_H + GAP_Y) - GAP_Y
    return Diagram(list(boxes.values()), edges, PAD * 2 + used * (BOX_W + GAP_X) - GAP_X, height)


def _edge(supplier: Box, customer: Box, open_lines: int) -> Edge:
    if supplier.x > customer.x:
        x1, x2 = supplier.x, customer.x + BOX_W
    elif supplier.x < customer.x:
        x1, x2 = supplier.x + BOX_W, customer.x
    else:
        x1 = x2 = supplier.x + BOX_W
    return Edge(supplier.code, customer.code, x1, supplier.y + BOX_H // 2, x2, customer.y + BOX_H // 2, str(open_lines))
