"""The fast scheduler for instant re-planning: dispatching rules build schedules, the best
one is improved by tabu search on its machine sequences until the time budget ends.

Deterministic for a given seed; ties between equal jobs go to the job listed first."""

from __future__ import annotations

import time

import numpy as np

from . import reassign, tabu
from ._flat import FlatShop, flatten, to_schedule
from .checks import lower_bound
from .dispatch import RULES, dispatch, priorities
from .shop import Schedule, ShopInstance


def solve_heuristic(
    instance: ShopInstance, time_limit_s: float = 1.0, seed: int = 0, patience: int | None = None
) -> Schedule:
    """A valid schedule of ``instance`` found within about ``time_limit_s`` seconds (sooner when
    it meets the lower bound, or, when no operation has a choice of machine, after ``patience``
    tabu moves without improvement).

    Example:
        >>> from onefactory.plan.scheduling import parse_jsplib
        >>> shop = parse_jsplib("2 2\\n0 3 1 2\\n1 4 0 1\\n")
        >>> solve_heuristic(shop, time_limit_s=0.1).makespan
        6
    """
    started = time.perf_counter()
    deadline = started + time_limit_s
    flat = flatten(instance)
    bound = lower_bound(instance)
    rng = np.random.default_rng(seed)
    starts = _dispatched(flat, rng, started + 0.15 * time_limit_s)
    best = min(starts, key=_makespan)
    if _makespan(best) <= bound:
        return to_schedule(flat, *best)
    rounds = 4 if _has_choice(flat) else 1
    for k in range(rounds):  # flexible shops: restart from the best with fresh random choices
        end = time.perf_counter() + (deadline - time.perf_counter()) / (rounds - k)
        improved = _improve(flat, best, end, bound, seed + k, patience)
        best = min(best, improved, key=_makespan)
    return to_schedule(flat, *best)


Plan = tuple[list[int], list[int], list[int]]


def _makespan(plan: Plan) -> int:
    return max(s + d for s, d in zip(plan[1], plan[2], strict=True))


def _has_choice(flat: FlatShop) -> bool:
    return any(len(c) > 1 for c in flat.choices)


def _dispatched(flat: FlatShop, rng: np.random.Generator, until: float) -> list[Plan]:
    """One schedule per rule, then randomised MWKR variants while time allows."""
    plans = [dispatch(flat, priorities(flat, rule)) for rule in RULES]
    while time.perf_counter() < until and len(plans) < 64:
        plans.append(dispatch(flat, priorities(flat, "MWKR", noise=0.3, rng=rng)))
    return sorted(plans, key=_makespan)


def _improve(flat: FlatShop, plan: Plan, deadline: float, bound: int, seed: int, patience: int | None) -> Plan:
    unit, start, duration = plan[0][:], plan[1], plan[2][:]
    graph = tabu.from_start_times(
        duration,
        [flat.earliest(o, unit[o]) for o in range(flat.size)],
        [flat.job_pred(o) for o in range(flat.size)],
        [flat.job_succ(o) for o in range(flat.size)],
        unit,
        start,
    )
    if _has_choice(flat):
        reassign.search(flat, graph, unit, deadline, bound, seed)
    else:
        tabu.search(graph, deadline, bound, seed, patience=patience)
    heads, _ = tabu.heads(graph)
    return unit, heads, graph.duration
