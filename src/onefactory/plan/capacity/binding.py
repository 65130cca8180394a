"""What limits a plan, named by resource, member and material (pure).

Resources: capacity rows that are full (no slack) in a bucket where their dual
price is not zero, or, for a MIP without duals, full rows in the supply network of
a late demand up to its completion. For every late or short demand: bought or
moved items whose earliest order is already late by lead time, existing supply
that is used up, and routings that become valid only later.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import numpy as np

from onefactory.model import BindingConstraint, Fulfilment, MemberCode

from .formulation import Model
from .pegging import Pegging
from .problem import DemandRow, PlanProblem
from .solvers import Solution


def closure(problem: PlanProblem, sku: int) -> set[int]:
    """SKUs in the supply network below ``sku`` (itself included)."""
    net = problem.network
    children: dict[int, list[int]] = defaultdict(list)
    for parent, child, _ in net.components:
        children[parent].append(child)
    for s, unit in enumerate(net.skus):
        if unit.source == "transfer":
            children[s].append(net.index[(unit.supplier or "", unit.item)])
    seen, stack = set(), [sku]
    while stack:
        s = stack.pop()
        if s not in seen:
            seen.add(s)
            stack.extend(children[s])
    return seen


def binding(
    problem: PlanProblem,
    model: Model,
    solution: Solution,
    fulfilled: list[Fulfilment],
    pegging: Pegging,
    until: int | None = None,
) -> list[BindingConstraint]:
    """Binding constraints, most expensive first; ``until`` limits resources to buckets before it."""
    allocated: dict[str, float] = defaultdict(float)
    for n, _, qty in pegging.supplies:
        allocated[problem.supplies[n].supply.ref] += qty
    late = [(row, f) for row, f in zip(problem.demands, fulfilled, strict=True) if f.late_qty > 0 or f.short_qty > 0]
    network = set().union(*(closure(problem, row.sku) for row, _ in late)) if late else set()
    last = until if until is not None else problem.buckets
    out = _resources(problem, model, solution, network, last)
    for s in sorted(network):
        out.extend(_materials(problem, s, allocated))
    out.extend(_late_supply(problem, pegging, [row for row, _ in late]))
    return sorted(out, key=lambda b: (-b.shadow_price, b.kind, b.member, b.code))


def _resources(
    problem: PlanProblem, model: Model, solution: Solution, network: set[int], last: int
) -> list[BindingConstraint]:
    T, base = problem.buckets, model.row_blocks["capacity"][0]
    used_by = defaultdict(set)
    for step in problem.resources.steps:
        used_by[step.row].add(step.sku)
        if step.alternate >= 0:
            used_by[step.alternate].add(step.sku)
    for sku, pool in problem.resources.pools.items():
        used_by[pool].add(sku)
    out = []
    for r, row in enumerate(problem.resources.rows):
        used = solution.activity[base + r * T : base + r * T + last]
        full = (row.available[:last] > 1e-9) & (
            used >= row.available[:last] - 1e-6 * np.maximum(row.available[:last], 1)
        )
        duals = np.abs(solution.duals[base + r * T : base + r * T + last]) if solution.duals is not None else None
        if duals is not None:
            full &= duals > 1e-9
        elif not used_by[r] & network:
            continue
        if full.any():
            first = problem.bucket_start(int(np.argmax(full)))
            price = float(duals[full].sum()) if duals is not None else 0.0
            unit = "units" if row.unit == "unit" else "machine-minutes"
            detail = (
                f"{row.code} of {row.member} is full in {int(full.sum())} bucket(s) from {first.isoformat()} ({unit})"
            )
            out.append(BindingConstraint("resource", MemberCode(row.member), row.code, first, detail, price))
    return out


def _materials(problem: PlanProblem, s: int, allocated: dict[str, float]) -> list[BindingConstraint]:
    sku, out = problem.network.skus[s], []
    member = MemberCode(sku.member)
    if sku.source in ("buy", "transfer") and sku.lead_days > 0:
        arrives = problem.start + timedelta(days=float(sku.lead_days))
        how = "bought" if sku.source == "buy" else f"moved from {sku.supplier}"
        detail = (
            f"{sku.item} at {sku.member} is {how} with {sku.lead_days} days lead time: "
            f"new supply arrives from {arrives.isoformat()}"
        )
        out.append(BindingConstraint("lead_time", member, sku.item, arrives, detail))
    held = [row for row in problem.supplies if row.sku == s]
    if held and all(allocated.get(row.supply.ref, 0.0) >= row.qty - 1e-6 for row in held):
        total = sum(row.qty for row in held)
        refs = ", ".join(r.supply.ref for r in held)
        detail = f"{sku.item} at {sku.member}: existing supply of {total:g} ({refs}) is used up"
        out.append(BindingConstraint("material", member, sku.item, None, detail))
    if problem.earliest[s] > 0:
        opens = problem.bucket_start(int(problem.earliest[s]))
        detail = f"routing of {sku.item} at {sku.member} is valid only from {opens.isoformat()}"
        out.append(BindingConstraint("routing", member, sku.item, opens, detail))
    return out


def _late_supply(problem: PlanProblem, pegging: Pegging, late: list[DemandRow]) -> list[BindingConstraint]:
    """Open purchase or production orders earmarked for a late demand that arrive after its due time."""
    due = {row.demand.id: row.demand.due for row in late}
    out, seen = [], set()
    for n, demand, _ in pegging.supplies:
        supply = problem.supplies[n].supply
        at = supply.available_at
        if demand in due and at is not None and at > due[demand] and supply.ref not in seen:
            seen.add(supply.ref)
            where = f"{supply.kind} {supply.ref} of {supply.item} at {supply.member}"
            detail = f"{where} arrives {at.isoformat()}, after {demand} is due"
            out.append(BindingConstraint("supply", supply.member, supply.ref, at, detail))
    return out
