"""``solve(problem) -> Plan``: formulate, call the named solver, read the plan back."""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import datetime

import numpy as np

from onefactory.model import Infeasible, Plan

from . import result
from .binding import binding
from .formulation import formulate
from .pegging import peg
from .problem import PlanProblem
from .solvers import adapter


def solve(
    problem: PlanProblem,
    solver: str = "highs",
    time_limit_s: float = 30.0,
    *,
    integer: bool = True,
    finite: bool = True,
    plan_id: str = "plan",
    created_at: datetime | None = None,
) -> Plan:
    """A capacity-feasible plan of ``problem``.

    Raises:
        SolverUnavailable: ``solver`` is unknown or not installed (never replaced by another).
        Infeasible: fixed work cannot fit its resources; ``binding`` names them.

    ``finite=False`` plans without capacity limits: its loads are the infinite-capacity
    load view, where a utilisation above 1 is an overload.
    """
    engine = adapter(solver)
    started = time.perf_counter()
    model = formulate(problem, integer=integer, finite=finite)
    solution = engine.solve(model, time_limit_s)
    if solution.status == "infeasible":
        raise _infeasible(problem)
    orders = result.order_quantities(problem, model, solution)
    work = result.block(model, solution, "work", problem.buckets)
    times = result.make_times(problem, result.step_minutes(problem, model, solution, orders), work)
    spans = result.ready_times(problem, orders, times)
    deliver = result.block(model, solution, "deliver", problem.buckets)
    pegging = peg(problem, orders, deliver, {k: v[1] for k, v in spans.items()})
    fulfilled = result.fulfilment(problem, deliver, pegging)
    allocations = result.allocations(problem, pegging)
    return Plan(
        id=plan_id,
        created_at=created_at or problem.now,
        start=problem.start,
        bucket_hours=problem.bucket_hours,
        buckets=problem.buckets,
        solver=solution.solver,
        status=solution.status,
        seconds=round(time.perf_counter() - started, 4),
        cost=round(float(np.dot(model.cost, solution.values)), 4),
        orders=tuple(result.planned_orders(problem, orders, spans, pegging) + result.work_orders(problem, work, times)),
        loads=tuple(result.loads(problem, model, solution)),
        fulfilment=tuple(fulfilled),
        binding=tuple(binding(problem, model, solution, fulfilled, pegging)),
        allocations=tuple(allocations),
        warnings=tuple(problem.warnings),
        demands=tuple(row.demand.id for row in problem.demands),
    )


def _infeasible(problem: PlanProblem) -> Infeasible:
    """Name the resources whose released work cannot fit within the horizon."""
    need: dict[int, float] = defaultdict(float)
    for step, row, _ in problem.work:
        need[row] += float(step.minutes)
    names = [
        f"resource {problem.resources.rows[r].member}:{problem.resources.rows[r].code} needs {m:g} min, "
        f"has {float(problem.resources.rows[r].available.sum()):g} min in the horizon"
        for r, m in need.items()
        if m > problem.resources.rows[r].available.sum() + 1e-6
    ]
    return Infeasible("no plan fits the released work: " + ("; ".join(names) or "see the binding constraints"), names)
