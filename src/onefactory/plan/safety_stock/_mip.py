"""Exact safety-stock placement for general acyclic networks, with HiGHS.

Variables are the whole-period service times ``S_k`` and ``SI_k``; stage ``k``'s net
replenishment time is ``frac(T_k) + n_k`` with the integer ``n_k = SI_k - S_k + floor(T_k)``.
Its cost ``coef_k * sqrt(frac + n)`` is concave, so the chords between chosen breakpoints
lie below it: a multiple-choice model over those chords is a MIP whose optimum is a
proven lower bound. The solution is priced exactly (an upper bound), its ``n_k`` become
new breakpoints, and the loop stops when the bounds meet or the time is up. When the
network is small enough every integer ``n`` is a breakpoint from the start, so the first
model is already exact.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from onefactory.model import SolverUnavailable

from ._highs import Rows, run_highs
from ._prepared import EPS, Prepared

Choice = dict[int, tuple[int, int]]
DENSE_LIMIT = 60_000  # up to this many values of n in all, every value is a breakpoint at once


@dataclass(frozen=True, slots=True)
class MipResult:
    """Best service times ``{stage: (SI, S)}``, their cost, the proven lower bound, rounds run."""

    chosen: Choice
    cost: float
    lower_bound: float
    rounds: int


def solve_mip(prep: Prepared, *, time_limit_s: float | None, mip_rel_gap: float, start: Choice) -> MipResult:
    """Refine chord models until the proven gap is at most ``mip_rel_gap`` or time runs out."""
    deadline = math.inf if time_limit_s is None else time.perf_counter() + time_limit_s
    whole = np.floor(prep.processing + EPS).astype(np.int64)
    tops = {k: int(prep.max_inbound[k] + whole[k]) for k in range(prep.size) if prep.coef[k] > 0}
    dense = sum(tops.values()) <= DENSE_LIMIT
    points = {k: list(range(top + 1)) if dense else _initial_points(top) for k, top in tops.items()}
    best, upper, lower, rounds = start, true_cost(prep, start), 0.0, 0
    while upper - lower > mip_rel_gap * upper and time.perf_counter() < deadline:
        rounds += 1
        left = None if deadline == math.inf else max(deadline - time.perf_counter(), 0.01)
        found, bound = _solve_chords(prep, whole, points, best, left, mip_rel_gap / 4)
        lower = max(lower, min(bound, upper))
        if found is None:
            break
        cost = true_cost(prep, found)
        if cost < upper:
            best, upper = found, cost
        if not _refine(points, prep, whole, found):
            break
    return MipResult(best, upper, min(lower, upper), rounds)


def true_cost(prep: Prepared, chosen: Choice) -> float:
    """Exact safety-stock cost of ``{stage: (SI, S)}``."""
    return math.fsum(
        float(prep.coef[k]) * math.sqrt(max(si + float(prep.processing[k]) - s, 0.0)) for k, (si, s) in chosen.items()
    )


def _initial_points(top: int) -> list[int]:
    """0, 1, 2, 3, 4, 6, 8, 12, ... up to ``top``: chords within about 0.5 % of sqrt."""
    points = {0, top}
    step = 1
    while step < top:
        points.update(p for p in (step, 3 * step // 2) if p < top)
        step *= 2
    return sorted(points)


def _refine(points: dict[int, list[int]], prep: Prepared, whole: np.ndarray, chosen: Choice) -> bool:
    added = False
    for k, pts in points.items():
        si, s = chosen[k]
        n = si - s + int(whole[k])
        if n not in pts:
            pts.append(n)
            pts.sort()
            added = True
    return added


def _solve_chords(
    prep: Prepared,
    whole: np.ndarray,
    points: dict[int, list[int]],
    start: Choice,
    time_limit_s: float | None,
    gap: float,
) -> tuple[Choice | None, float]:
    n = prep.size
    rows = Rows()
    cost = [0.0] * (2 * n)
    upper = [float(x) for x in (*prep.max_service, *prep.max_inbound)]
    integer = [True] * (2 * n)
    first: dict[int, int] = {}
    for k in range(n):
        for i in prep.preds[k]:
            rows.add([n + k, i], [1.0, -1.0], 0.0, math.inf)  # SI_k >= S_i
        rows.add([k, n + k], [1.0, -1.0], -math.inf, float(whole[k]))  # S_k <= SI_k + T_k
    for k, pts in points.items():
        first[k] = len(cost)
        _add_chords(prep, k, whole, pts, rows, cost, upper, integer)
    values = _start_values(prep, whole, points, first, len(cost), start)
    result = run_highs(cost, upper, integer, rows, values, time_limit_s, gap)
    if result.values is None:
        return None, result.bound
    chosen = {k: (round(result.values[n + k]), round(result.values[k])) for k in range(n)}
    return chosen, result.bound


def _add_chords(
    prep: Prepared,
    k: int,
    whole: np.ndarray,
    pts: list[int],
    rows: Rows,
    cost: list[float],
    upper: list[float],
    integer: list[bool],
) -> None:
    """One binary and one offset per chord; sum(binaries) = 1, sum(start + offset) = n_k.
    When every integer up to the top is a point, one binary per value instead."""
    n = prep.size
    if len(pts) == pts[-1] + 1:
        base = len(cost)
        cost.extend(prep.nrt_cost(k, np.array(pts, dtype=np.float64) + prep.processing[k] - whole[k]).tolist())
        upper.extend([1.0] * len(pts))
        integer.extend([True] * len(pts))
        cols = list(range(base, base + len(pts)))
        rows.add(cols, [1.0] * len(pts), 1.0, 1.0)
        rows.add([*cols, n + k, k], [*map(float, pts), -1.0, 1.0], float(whole[k]), float(whole[k]))
        return
    segments = list(zip(pts[:-1], pts[1:], strict=True)) or [(0, 0)]
    values = prep.nrt_cost(k, np.array(pts, dtype=np.float64) + prep.processing[k] - whole[k])
    at = dict(zip(pts, values.tolist(), strict=True))
    base = len(cost)
    picks, link_cols, link_vals = [], [n + k, k], [-1.0, 1.0]
    for j, (lo, hi) in enumerate(segments):
        z, w = base + 2 * j, base + 2 * j + 1
        slope = (at[hi] - at[lo]) / (hi - lo) if hi > lo else 0.0
        cost.extend([at[lo], slope])
        upper.extend([1.0, float(hi - lo)])
        integer.extend([True, False])
        rows.add([w, z], [1.0, -float(hi - lo)], -math.inf, 0.0)  # offset only on the chosen chord
        picks.append(z)
        link_cols.extend([z, w])
        link_vals.extend([float(lo), 1.0])
    rows.add(picks, [1.0] * len(picks), 1.0, 1.0)
    rows.add(link_cols, link_vals, float(whole[k]), float(whole[k]))


def _start_values(
    prep: Prepared, whole: np.ndarray, points: dict[int, list[int]], first: dict[int, int], size: int, start: Choice
) -> list[float]:
    values = [0.0] * size
    n = prep.size
    for k, (si, s) in start.items():
        values[k], values[n + k] = float(s), float(si)
        if k in points and len(points[k]) == points[k][-1] + 1:
            values[first[k] + si - s + int(whole[k])] = 1.0
        elif k in points:
            pts, target = points[k], si - s + int(whole[k])
            j = max(0, min(int(np.searchsorted(pts, target, side="right")) - 1, max(len(pts) - 2, 0)))
            values[first[k] + 2 * j] = 1.0
            values[first[k] + 2 * j + 1] = float(target - pts[j])
    return values


__all__ = ["MipResult", "SolverUnavailable", "solve_mip", "true_cost"]
