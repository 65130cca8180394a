"""Capable-to-promise: can the cluster deliver ``qty`` of ``item`` at ``member`` by a date, and if not, when?

The question is planned on what the current plan leaves free: the existing supply
it earmarked and the capacity its orders load are reserved first. Demand the plan
did not cover (what it left short, e.g. beyond its horizon; orders made after it;
every demand when there is no plan yet) is planned in the same LP ahead of the
question: its lateness costs ``PRECEDENCE`` times as much, so the question gets only
what that demand leaves. That demand is planned per member, item and due bucket (a day with
24-hour buckets): its lines are summed, at the cost of the most urgent one, so a large order
added after the plan keeps the LP as small as a few demands. The LP over
the horizon minimises the lateness of the new demand, so it is met as early as the
network allows; one more LP with the demand due a bucket earlier proves that no
earlier bucket works (a bisection continues only if it does). The answer names the
constraints that bind: full resources, lead times, used-up supply, routings.

Example:
    >>> from datetime import UTC, datetime
    >>> from decimal import Decimal
    >>> from onefactory.model import Item, ItemKind, Member, MemberRole, Resource
    >>> from onefactory.plan.capacity import Snapshot
    >>> now = datetime(2026, 6, 1, tzinfo=UTC)
    >>> snap = Snapshot(now, (Member("M", "M", MemberRole.LEAD, "UTC"),), (Item("M", "A", kind=ItemKind.MAKE),),
    ...     (), (), (Resource("M", "R", "Press", capacity_per_hour=Decimal(1)),), ())
    >>> answer = promise(snap, "M", "A", Decimal(30), datetime(2026, 6, 2, tzinfo=UTC), horizon_days=5)
    >>> answer.feasible, answer.earliest.isoformat()
    (False, '2026-06-02T06:00:00+00:00')
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

import numpy as np

from onefactory.model import BindingConstraint, CtpAnswer, Demand, ItemCode, MemberCode, NotFound, Plan, quantity

from .capacity import Snapshot, build, solve
from .capacity.formulation import Model, formulate
from .capacity.inputs import reservations_of
from .capacity.problem import DemandRow, PlanProblem
from .capacity.solvers import adapter

CTP_ID = "CTP/1"
PRECEDENCE = 1000.0
"""How much more a unit-bucket of lateness of an existing demand costs than one of the question."""


def promise(
    snapshot: Snapshot,
    member: str,
    item: str,
    qty: Decimal,
    by: datetime,
    *,
    base: Plan | None = None,
    horizon_days: int = 60,
    bucket_hours: int = 24,
    solver: str = "highs",
    time_limit_s: float = 5.0,
) -> CtpAnswer:
    """Whether ``qty`` of ``item`` at ``member`` can be delivered by ``by``, the earliest date, and what binds."""
    started = time.perf_counter()
    quantity(qty, "qty")
    if not any(i.member == member and i.code == item for i in snapshot.items):
        raise NotFound(f"{member} has no item {item!r}; capable-to-promise needs an item of its item master")
    demand = Demand(CTP_ID, MemberCode(member), ItemCode(item), qty, by, priority=1, customer="capable-to-promise")
    held = tuple(reservations_of(base)) if base is not None else ()
    question = replace(
        snapshot, demands=(*_not_covered(snapshot, base), demand), reservations=(*snapshot.reservations, *held)
    )
    problem = build(question, horizon_days=horizon_days, bucket_hours=bucket_hours)
    problem = _ahead_of_the_question(merged_ahead(problem))
    plan = solve(problem, solver, time_limit_s, integer=False, plan_id="ctp")
    met = next(f for f in plan.fulfilment if f.demand_id == CTP_ID)
    earliest = met.completed_at if met.short_qty == 0 else None
    if earliest is not None and met.late_qty > 0:
        earliest = _no_earlier(problem, solver, time_limit_s, earliest)
    if earliest is not None:
        earliest = max(earliest, snapshot.now)  # nothing is delivered before the question is asked
    on_time = met.late_qty == 0 and met.short_qty == 0 and by > snapshot.now
    binding = plan.binding if met.late_qty > 0 or met.short_qty > 0 else ()
    if by <= snapshot.now:
        binding = (BindingConstraint("lead_time", MemberCode(member), item, None, f"requested date {by} has passed"),)
    return CtpAnswer(
        MemberCode(member), ItemCode(item), qty, by, on_time, earliest, binding,
        round(time.perf_counter() - started, 4), base.id if base is not None else None,
    )  # fmt: skip


def _not_covered(snapshot: Snapshot, base: Plan | None) -> list[Demand]:
    """What of the existing demand ``base`` has not planned: a demand it left short (e.g. beyond
    its horizon) for the quantity short, one made after it in full; all of it without a plan."""
    if base is None:
        return list(snapshot.demands)
    planned, short = set(base.demands), {f.demand_id: f.short_qty for f in base.fulfilment}
    left = []
    for d in snapshot.demands:
        if d.id not in planned:
            left.append(d)
        elif short.get(d.id, 0) > 0:
            left.append(replace(d, qty=short[d.id]))
    return left


def merged_ahead(problem: PlanProblem) -> PlanProblem:
    """One demand row per SKU and due bucket for the demand ahead of the question: the quantity
    summed, the lateness cost of the most urgent line, the earliest due. The LP sees a demand only
    as its SKU, due bucket, quantity and cost, so same-cost lines merge without changing it."""
    groups: dict[tuple[int, int], list[DemandRow]] = {}
    for row in problem.demands:
        key = (-1 - len(groups), 0) if row.demand.id == CTP_ID else (row.sku, row.due_bucket)
        groups.setdefault(key, []).append(row)
    problem.demands = [_merged(rows) for rows in groups.values()]
    return problem


def _merged(rows: list[DemandRow]) -> DemandRow:
    if len(rows) == 1:
        return rows[0]
    first = min(rows, key=lambda r: r.demand.due)
    demand = replace(
        first.demand,
        id=f"{first.demand.id} and {len(rows) - 1} more",
        qty=sum((r.demand.qty for r in rows), Decimal(0)),
        priority=min(r.demand.priority for r in rows),
    )
    return replace(first, demand=demand, late_cost=max(r.late_cost for r in rows))


def _ahead_of_the_question(problem: PlanProblem) -> PlanProblem:
    """Every existing demand ``PRECEDENCE`` times as costly to delay as the question."""
    problem.demands = [
        row if row.demand.id == CTP_ID else replace(row, late_cost=row.late_cost * PRECEDENCE)
        for row in problem.demands
    ]
    return problem


def _hold_the_others(model: Model, problem: PlanProblem, solved: np.ndarray, question: int) -> None:
    """Bound every other demand's backlog to what the solved LP gave it, so that an earlier
    date for the question can never come from delaying an existing order."""
    T, back = problem.buckets, model.blocks["backlog"][0]
    for d in range(len(problem.demands)):
        if d != question and solved.size:
            cols = slice(back + d * T, back + (d + 1) * T)
            model.upper[cols] = np.minimum(model.upper[cols], solved[cols] + 1e-6)


def _question_row(problem: PlanProblem) -> int:
    return next(d for d, row in enumerate(problem.demands) if row.demand.id == CTP_ID)


def _no_earlier(problem: PlanProblem, solver: str, time_limit_s: float, earliest: datetime) -> datetime:
    """Check that the demand cannot be met in full a bucket before ``earliest``'s bucket.

    Should the check find an earlier bucket (it can when the network assembles parts),
    bisect down to the first bucket that works and return its end.
    """
    model = formulate(problem, integer=False)
    engine = adapter(solver)
    question = _question_row(problem)
    _hold_the_others(model, problem, engine.solve(model, time_limit_s).values, question)
    back = model.blocks["backlog"][0] + question * problem.buckets

    def feasible(k: int) -> bool:
        upper = model.upper.copy()
        model.upper[back + k] = 0.0
        ok = engine.solve(model, time_limit_s).status != "infeasible"
        model.upper = upper
        return ok

    last = problem.bucket_of(earliest)
    low, high = problem.demands[question].due_bucket, last - 1
    if high < low or not feasible(high):
        return earliest
    while low < high:
        mid = (low + high) // 2
        low, high = (low, mid) if feasible(mid) else (mid + 1, high)
    return problem.bucket_start(low + 1)
