"""Planned orders from the engine's arrays, with dates on the members' calendars.

An order is due at the start of the bucket whose shortfall it covers and released one
lead time earlier on its member's working calendar. When that release would fall
before the planning start, the order is released at the start instead and its due
date moves out by the lead time: it is late, and says by how much.
"""

from __future__ import annotations

from decimal import Decimal
from zoneinfo import ZoneInfo

import numpy as np

from onefactory.model import ItemKind, MrpOrder, OrderKind

from .compile import MrpArrays
from .engine import MrpPlan
from .exact import plain, unscaled
from .problem import MrpProblem

DAY_S = Decimal(86400)


def planned_orders(problem: MrpProblem, a: MrpArrays, plan: MrpPlan) -> dict[tuple[int, int], MrpOrder]:
    """Every planned order of a non-phantom node, keyed by (node, bucket)."""
    out = {}
    zone = ZoneInfo(problem.settings.timezone)
    rows, cols = np.nonzero(plan.planned)
    for i, b in zip(rows.tolist(), cols.tolist(), strict=True):
        if not a.phantom[i]:
            out[(i, b)] = _order(problem, a, i, b, int(plan.planned[i, b]), zone)
    return out


def _order(problem: MrpProblem, a: MrpArrays, i: int, b: int, qty: int, zone: ZoneInfo) -> MrpOrder:
    key = a.keys[i]
    node = problem.nodes[key]
    member, lead = a.combos[int(a.combo[i])]
    need = a.starts[b]
    start = a.release_at[int(a.combo[i])][b]
    due = need
    if start < problem.settings.start:
        start = problem.settings.start
        due = a.clocks[member].forward(start, lead)
    late = max(Decimal(0), (Decimal(int((due - need).total_seconds())) / DAY_S).quantize(Decimal("0.01")))
    return MrpOrder(
        id=f"{key[0]}/{key[1]}/{need.astimezone(zone).date().isoformat()}",
        member=key[0],
        item=key[1],
        qty=unscaled(qty, int(a.scale[i])),
        uom=node.uom,
        start=start,
        due=due,
        need=need,
        kind=OrderKind.BUY if node.kind is ItemKind.BUY else OrderKind.MAKE,
        supplier=node.supplier,
        late_days=plain(late) if late else Decimal(0),
    )


def projected_stock(a: MrpArrays, plan: MrpPlan) -> dict[tuple[str, str], tuple[Decimal, ...]]:
    """Projected on-hand per real node and bucket, in its own unit."""
    out = {}
    for i, key in enumerate(a.keys):
        if not a.phantom[i]:
            sc = int(a.scale[i])
            out[key] = tuple(unscaled(int(q), sc) for q in plan.projected[i].tolist())
    return out
