"""Reading a solved model back into a :class:`Plan`: orders with exact times, loads, pegging, fulfilment."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from datetime import datetime, timedelta
from decimal import Decimal

import numpy as np

from onefactory.model import (
    Earmark,
    Fulfilment,
    ItemCode,
    MemberCode,
    PlannedOrder,
    PlanOrderKind,
    ResourceCode,
    ResourceLoad,
)

from .calendars import from_minutes
from .formulation import Model
from .pegging import Key, Pegging
from .problem import PlanProblem
from .solvers import Solution
from .timing import lay_out


def block(model: Model, solution: Solution, name: str, buckets: int) -> np.ndarray:
    """The values of one column block as a (rows, buckets) array, tiny values cleared."""
    offset, count = model.blocks[name]
    values = solution.values[offset : offset + count * buckets].reshape(count, buckets)
    return np.where(np.abs(values) < 1e-7, 0.0, values)


def order_quantities(problem: PlanProblem, model: Model, solution: Solution) -> np.ndarray:
    """Order quantities per SKU and start bucket, whole-unit SKUs rounded."""
    orders = block(model, solution, "order", problem.buckets)
    whole = np.array([s.whole_units for s in problem.network.skus], dtype=bool)
    orders[whole] = np.round(orders[whole], 6)
    return np.round(orders, 6)


def step_minutes(
    problem: PlanProblem, model: Model, solution: Solution, orders: np.ndarray
) -> dict[tuple[int, int], np.ndarray]:
    """Minutes (or units for pooled rows) each SKU puts on each capacity row, per bucket."""
    T, res, out = problem.buckets, problem.resources, defaultdict(lambda: np.zeros(problem.buckets))
    alternate = block(model, solution, "alternate", T)
    setups = block(model, solution, "setup", T)
    alt_of = {j: n for n, j in enumerate(model.alternates)}
    for j, step in enumerate(res.steps):
        on_alt = alternate[alt_of[j]] if j in alt_of else np.zeros(T)
        out[(step.sku, step.row)] += step.run_min * (orders[step.sku] - on_alt)
        if j in alt_of:
            out[(step.sku, step.alternate)] += step.run_min * on_alt
        if step.setup_min > 0:
            out[(step.sku, step.row)] += step.setup_min * np.round(setups[model.setups.index(step.sku)])
    for sku, pool in res.pools.items():
        out[(sku, pool)] += orders[sku]
    return dict(out)


def loads(problem: PlanProblem, model: Model, solution: Solution) -> list[ResourceLoad]:
    """Load against availability of every capacity row in every bucket where either is positive."""
    T, base = problem.buckets, model.row_blocks["capacity"][0]
    out = []
    for r, row in enumerate(problem.resources.rows):
        used = solution.activity[base + r * T : base + (r + 1) * T]
        for k in np.flatnonzero((row.available > 1e-9) | (used > 1e-7)):
            out.append(
                ResourceLoad(
                    MemberCode(row.member), ResourceCode(row.code), problem.bucket_start(int(k)),
                    round(float(used[k]), 4), round(float(row.available[k]), 4), row.unit,
                )
            )  # fmt: skip
    return out


def make_times(
    problem: PlanProblem, per_row: dict[tuple[int, int], np.ndarray], work: np.ndarray
) -> dict[Hashable, tuple[datetime, datetime]]:
    """Exact start and end of the work of each make order (sku, k) and of each work step ('w', n, k)."""
    edges, res = problem.edges, problem.resources
    by_row_bucket: dict[tuple[int, int], list[tuple[tuple[int, float], Hashable, float]]] = defaultdict(list)
    for (sku, r), minutes in per_row.items():
        scale = _pool_minutes(problem, r)
        for k in np.flatnonzero(minutes > 1e-7):
            rank = (problem.network.skus[sku].rank, float(k))
            by_row_bucket[(r, int(k))].append((rank, (sku, int(k)), float(minutes[k]) * scale))
    for n, (_, r, _) in enumerate(problem.work):
        for k in np.flatnonzero(work[n] > 1e-7):
            by_row_bucket[(r, int(k))].append(((-1, float(k)), ("w", n, int(k)), float(work[n, k])))
    spans: dict[Hashable, tuple[float, float]] = {}
    for (r, k), entries in by_row_bucket.items():
        row = res.rows[r]
        units = row.parallel_units if row.unit == "min" else 1
        laid = lay_out(
            row.work, units, (edges[k], edges[k + 1]), [(key, m) for _, key, m in sorted(entries, key=_first)]
        )
        for key, (a, b) in laid.items():
            old = spans.get(key, (a, b))
            spans[key] = (min(old[0], a), max(old[1], b))
    return {key: (from_minutes(a), from_minutes(b)) for key, (a, b) in spans.items()}


def _first(entry: tuple[tuple[int, float], Hashable, float]) -> tuple[int, float]:
    return entry[0]


def _pool_minutes(problem: PlanProblem, r: int) -> float:
    """Working minutes per unit on a pooled row (1 for a minutes row)."""
    return problem.resources.rows[r].minutes_per_unit


def ready_times(
    problem: PlanProblem, orders: np.ndarray, times: dict[Hashable, tuple[datetime, datetime]]
) -> dict[Key, tuple[datetime, datetime]]:
    """Start and receipt time of every planned order (sku, start bucket).

    A make order starts when its work starts; without lead time it is received when
    the work ends, otherwise its lead time after its bucket starts (never before the work ends).
    """
    out = {}
    for s, sku in enumerate(problem.network.skus):
        for k in np.flatnonzero(orders[s] > 1e-9):
            begin = problem.bucket_start(int(k))
            arrives = begin + timedelta(days=float(sku.lead_days))
            work = times.get((s, int(k)))
            if work is None:
                out[(s, int(k))] = (begin, arrives)
            else:
                out[(s, int(k))] = (work[0], work[1] if sku.lead_days == 0 else max(arrives, work[1]))
    return out


def planned_orders(
    problem: PlanProblem, orders: np.ndarray, spans: dict[Key, tuple[datetime, datetime]], pegging: Pegging
) -> list[PlannedOrder]:
    """One planned order per SKU and start bucket, pegged to the demands it serves."""
    res, out = problem.resources, []
    primary = {step.sku: res.rows[step.row].code for step in reversed(res.steps)}
    primary |= {sku: res.rows[pool].code for sku, pool in res.pools.items()}
    for (s, k), (start, due) in sorted(spans.items()):
        sku = problem.network.skus[s]
        kind = {"make": PlanOrderKind.MAKE, "buy": PlanOrderKind.BUY, "transfer": PlanOrderKind.TRANSFER}[sku.source]
        served = sorted(pegging.orders.get((s, k), {}))
        out.append(
            PlannedOrder(
                f"{kind.value[0].upper()}-{sku.member}-{sku.item}-{k:04d}", MemberCode(sku.member),
                ItemCode(sku.item), _qty(orders[s, k]), kind, start, due,
                ResourceCode(primary[s]) if s in primary else None,
                MemberCode(sku.supplier) if sku.supplier else None, tuple(served),
            )
        )  # fmt: skip
    return out


def work_orders(
    problem: PlanProblem, work: np.ndarray, times: dict[Hashable, tuple[datetime, datetime]]
) -> list[PlannedOrder]:
    """Released work steps: kept ones as they are, planned ones at their new times."""
    out = [
        PlannedOrder(s.record_id, s.member, s.item, Decimal(1), PlanOrderKind.OPERATION, s.start or problem.now,
                     s.end or problem.now, s.resource, None, (s.work_order,), s.status)
        for s in problem.kept
    ]  # fmt: skip
    for n, (step, _, _) in enumerate(problem.work):
        spans = [times[("w", n, int(k))] for k in np.flatnonzero(work[n] > 1e-7) if ("w", n, int(k)) in times]
        if spans:
            start, end = min(a for a, _ in spans), max(b for _, b in spans)
            out.append(PlannedOrder(step.record_id, step.member, step.item, Decimal(1), PlanOrderKind.OPERATION,
                                    start, end, step.resource, None, (step.work_order,), "planned"))  # fmt: skip
    return out


def fulfilment(problem: PlanProblem, deliver: np.ndarray, pegging: Pegging) -> list[Fulfilment]:
    """On-time, late and short quantities of each demand with its completion time."""
    out = []
    for d, row in enumerate(problem.demands):
        on_time = _qty(deliver[d, : row.due_bucket + 1].sum())
        late = _qty(deliver[d, row.due_bucket + 1 :].sum())
        short = max(row.demand.qty - on_time - late, Decimal(0))
        done = pegging.completed.get(row.demand.id) if short == 0 else None
        out.append(Fulfilment(row.demand.id, row.demand.member, row.demand.item, row.demand.customer,
                              row.demand.qty, row.demand.due, on_time, late, short, done))  # fmt: skip
    return out


def allocations(problem: PlanProblem, pegging: Pegging) -> list[Earmark]:
    """Existing supply earmarked for each demand (what a later plan must not count again)."""
    total: dict[tuple[int, str], float] = defaultdict(float)
    for n, demand, qty in pegging.supplies:
        total[(n, demand)] += qty
    out = []
    for (n, demand), qty in sorted(total.items()):
        supply = problem.supplies[n].supply
        out.append(Earmark(supply.ref, supply.member, supply.item, _qty(qty), demand))
    return out


def _qty(value: float) -> Decimal:
    rounded = round(float(value), 4)
    return Decimal(str(int(rounded))) if rounded == int(rounded) else Decimal(str(rounded))
