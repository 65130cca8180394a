"""Placing safety stock in a guaranteed-service network: pick the solver, assemble the plan.

Example:
    >>> from onefactory.plan.safety_stock import Network, Stage
    >>> net = Network(
    ...     (Stage("P", 3, 1.0), Stage("R", 1, 2.0, demand_std=10, z=2.0, max_service_days=0)),
    ...     (("P", "R"),),
    ... )
    >>> plan = place_safety_stock(net)
    >>> plan.method, plan.service_days(), round(plan.cost, 4)
    ('tree-dp', {'P': 0, 'R': 0}, 74.641)
"""

from __future__ import annotations

import math

import numpy as np

from onefactory.model import InvalidData

from ._mip import solve_mip
from ._prepared import EPS, Prepared, components, is_forest, prepare
from ._spanning import on_spanning_tree
from ._tree import solve_tree
from .network import Network, SafetyStockPlan, StagePlacement

METHODS = ("auto", "tree-dp", "mip")


def place_safety_stock(
    network: Network, *, method: str = "auto", time_limit_s: float | None = None, mip_rel_gap: float = 1e-9
) -> SafetyStockPlan:
    """Cheapest placement: the exact tree DP when the network is a tree (or forest),
    else the exact MIP, which reports a proven gap if stopped by ``time_limit_s``."""
    if method not in METHODS:
        raise InvalidData(f"method must be one of {', '.join(METHODS)}, got {method!r}", field="method")
    prep = prepare(network)
    forest = is_forest(prep)
    if method == "tree-dp" and not forest:
        raise InvalidData("method tree-dp needs a network without undirected cycles", field="method")
    if forest and method != "mip":
        chosen = tree_choice(prep)
        return _plan(prep, chosen, None, "tree-dp")
    start = tree_choice(on_spanning_tree(prep))
    result = solve_mip(prep, time_limit_s=time_limit_s, mip_rel_gap=mip_rel_gap, start=_lifted(prep, start))
    return _plan(prep, result.chosen, result.lower_bound, "mip")


def tree_choice(prep: Prepared) -> dict[int, tuple[int, int]]:
    """``{stage: (SI, S)}`` of the exact DP over every tree component."""
    chosen: dict[int, tuple[int, int]] = {}
    for component in components(prep):
        chosen.update(solve_tree(prep, component)[1])
    return chosen


def evaluate(network: Network, service_days: dict[str, int]) -> float:
    """Safety-stock holding cost of quoted service times. A stage's inbound time is the
    latest upstream quote, or later when its own quote exceeds that plus its processing
    time (it then waits, holding nothing); InvalidData names a stage whose quote breaks a bound."""
    prep = prepare(network)
    index = {name: i for i, name in enumerate(prep.names)}
    quotes = {index[name]: int(days) for name, days in service_days.items()}
    chosen = {k: (_inbound(prep, k, quotes), quotes[k]) for k in range(prep.size)}
    return _plan(prep, chosen, None, "given").cost


def _inbound(prep: Prepared, k: int, quotes: dict[int, int]) -> int:
    upstream = max((quotes[i] for i in prep.preds[k]), default=0)
    return max(upstream, math.ceil(quotes[k] - float(prep.processing[k]) - EPS))


def _lifted(prep: Prepared, chosen: dict[int, tuple[int, int]]) -> dict[int, tuple[int, int]]:
    """Raise each inbound time to the latest upstream quote of the full network."""
    return {k: (max([si, *(chosen[i][1] for i in prep.preds[k])]), s) for k, (si, s) in chosen.items()}


def _plan(prep: Prepared, chosen: dict[int, tuple[int, int]], bound: float | None, method: str) -> SafetyStockPlan:
    placements = [_placement(prep, k, *chosen[k]) for k in range(prep.size)]
    cost = math.fsum(p.cost for p in placements)
    return SafetyStockPlan(tuple(placements), cost, cost if bound is None else min(bound, cost), method)


def _placement(prep: Prepared, k: int, inbound: int, service: int) -> StagePlacement:
    nrt = inbound + float(prep.processing[k]) - service
    name = prep.names[k]
    if nrt < -EPS or service > prep.max_service[k] or service < 0 or inbound < 0:
        raise InvalidData(
            f"stage {name}: service time {service} is not feasible (inbound {inbound}, "
            f"longest allowed {prep.max_service[k]})",
            field="service_days",
        )
    nrt = max(nrt, 0.0)
    units = float(prep.z[k] * prep.sigma[k] * np.sqrt(nrt))
    return StagePlacement(name, service, inbound, nrt, units, float(prep.coef[k] * np.sqrt(nrt)))
