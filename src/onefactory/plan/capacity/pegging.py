"""Pegging: which demand each planned order and each existing supply serves (pure, first in, first out).

SKUs are visited parents first. At each SKU the needs (deliveries to demands,
components taken by the parents' orders, transfers shipped to buyers), each
already tagged with the demands behind it, are met from the supplies in the
order they become available: stock, open orders, then planned orders.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from .problem import PlanProblem

Key = tuple[int, int]  # (sku, start bucket) of a planned order


@dataclass
class Pegging:
    """Demand quantities behind each planned order; existing supply earmarked per demand; completion times."""

    orders: dict[Key, dict[str, float]] = field(default_factory=dict)
    supplies: list[tuple[int, str, float]] = field(default_factory=list)  # supply row, demand id, qty
    completed: dict[str, datetime] = field(default_factory=dict)


def peg(problem: PlanProblem, orders: np.ndarray, deliver: np.ndarray, ready: dict[Key, datetime]) -> Pegging:
    """Tag every planned order and supply with the demands it serves."""
    out = Pegging(orders={key: {} for key in ready})
    rank = {row.demand.id: n for n, row in enumerate(problem.demands)}
    needs: dict[int, list[tuple[int, int, str, float]]] = defaultdict(list)
    for d, row in enumerate(problem.demands):
        for k in np.flatnonzero(deliver[d] > 1e-9):
            needs[row.sku].append((int(k), rank[row.demand.id], row.demand.id, float(deliver[d, k])))
    children = _children(problem)
    own = {row.demand.id: row.sku for row in problem.demands}
    for s in range(len(problem.network.skus)):
        for at, demand in _meet(problem, s, needs[s], orders, ready, out):
            if own.get(demand) == s:
                out.completed[demand] = max(out.completed.get(demand, at), at)
        for k in np.flatnonzero(orders[s] > 1e-9):
            served = out.orders.get((s, int(k)), {})
            for child, per in children.get(s, []):
                needs[child].extend((int(k), rank.get(d, 0), d, q * per) for d, q in served.items())
    return out


def _children(problem: PlanProblem) -> dict[int, list[tuple[int, float]]]:
    net, out = problem.network, defaultdict(list)
    for parent, child, per in net.components:
        out[parent].append((child, per))
    for s, sku in enumerate(net.skus):
        if sku.source == "transfer":
            out[s].append((net.index[(sku.supplier or "", sku.item)], 1.0))
    return out


def _meet(
    problem: PlanProblem,
    s: int,
    needs: list[tuple[int, int, str, float]],
    orders: np.ndarray,
    ready: dict[Key, datetime],
    out: Pegging,
) -> list[tuple[datetime, str]]:
    """Allocate supplies of SKU ``s`` to its needs first in, first out; returns (ready time, demand) per piece."""
    lag = problem.offset(float(problem.network.skus[s].lead_days))
    supplies: list[tuple[int, str, float, object, datetime]] = [
        (row.bucket, row.supply.ref, row.qty, n, row.supply.available_at or problem.now)
        for n, row in enumerate(problem.supplies)
        if row.sku == s
    ]
    supplies += [(k + lag, "", float(orders[s, k]), (s, k), ready[(s, k)]) for k in np.flatnonzero(orders[s] > 1e-9)]
    supplies.sort(key=lambda x: (x[0], x[4], x[1]))
    met, i, left = [], 0, supplies[0][2] if supplies else 0.0
    for _, _, demand, qty in sorted(needs):
        while qty > 1e-9 and i < len(supplies):
            take = min(qty, left)
            _record(out, supplies[i][3], demand, take)
            met.append((supplies[i][4], demand))
            qty, left = qty - take, left - take
            if left <= 1e-9:
                i += 1
                left = supplies[i][2] if i < len(supplies) else 0.0
    return met


def _record(out: Pegging, source: object, demand: str, qty: float) -> None:
    if qty <= 1e-9:
        return
    if isinstance(source, tuple):
        served = out.orders.setdefault(source, {})
        served[demand] = served.get(demand, 0.0) + qty
    else:
        out.supplies.append((int(source), demand, qty))  # type: ignore[call-overload]
