"""One MRP run: compile, plan level by level, date the orders, allocate and peg."""

from __future__ import annotations

from onefactory.model import MrpResult

from .compile import compile_problem
from .engine import run_arrays
from .orders import planned_orders, projected_stock
from .pegging import peg
from .problem import MrpProblem


def run_mrp(problem: MrpProblem) -> MrpResult:
    """Plan ``problem``; raises BomCycle naming a cycle, InvalidData for bad units or calendars."""
    arrays = compile_problem(problem)
    plan = run_arrays(arrays)
    orders = planned_orders(problem, arrays, plan)
    allocations = peg(problem, arrays, plan, orders) if problem.settings.peg else []
    warnings = [*problem.warnings, *_empty_phantoms(problem)]
    return MrpResult(
        problem.settings,
        tuple(arrays.starts[:-1]),
        tuple(sorted(orders.values(), key=lambda o: (o.member, o.item, o.need))),
        tuple(allocations),
        projected_stock(arrays, plan),
        tuple(warnings),
    )


def _empty_phantoms(problem: MrpProblem) -> list[str]:
    parents = {e.parent for e in problem.edges}
    return [
        f"{member}: phantom {item} has no components"
        for (member, item), node in sorted(problem.nodes.items())
        if node.kind == "phantom" and (member, item) not in parents
    ]
