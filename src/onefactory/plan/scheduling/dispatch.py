"""Dispatching: build an active schedule (Giffler-Thompson) one operation at a time,
choosing among the conflicting operations by a priority rule.

Rules (higher priority goes first): ``MWKR`` most work remaining, ``MOPNR`` most
operations remaining, ``SPT`` shortest processing time, ``FIFO`` earliest ready.
Ties go to the job listed first, so equal jobs keep the order they were given in."""

from __future__ import annotations

from typing import Literal

import numpy as np

from ._flat import FlatShop

Rule = Literal["MWKR", "MOPNR", "SPT", "FIFO"]
RULES: tuple[Rule, ...] = ("MWKR", "MOPNR", "SPT", "FIFO")


def priorities(flat: FlatShop, rule: Rule, noise: float = 0.0, rng: np.random.Generator | None = None) -> np.ndarray:
    """Priority of every operation under ``rule``, optionally perturbed by up to ``noise`` (relative)."""
    base = {
        "MWKR": flat.work_left.astype(float),
        "MOPNR": flat.ops_left * 1e6 + flat.work_left,
        "SPT": -flat.min_duration.astype(float),
        "FIFO": np.zeros(flat.size),
    }[rule]
    if noise and rng is not None:
        scale = float(np.abs(base).max() or 1.0)
        base = base + rng.uniform(0, noise * scale, size=flat.size)
    return np.asarray(base, dtype=float)


def dispatch(flat: FlatShop, priority: np.ndarray) -> tuple[list[int], list[int], list[int]]:
    """Unit, start and duration of every operation in an active schedule."""
    n_jobs = len(flat.job_first) - 1
    job_ready = [flat.instance.jobs[j].release for j in range(n_jobs)]
    unit_ready = flat.unit_available[:]
    nxt = [flat.job_first[j] for j in range(n_jobs)]
    unit, start, duration = [-1] * flat.size, [0] * flat.size, [0] * flat.size
    prio = priority.tolist()
    for _ in range(flat.size):
        best = _earliest_ends(flat, nxt, job_ready, unit_ready)
        end_star, unit_star = min((e, u) for e, u, _, _ in best.values())
        conflict = [
            j
            for j in best
            if best[j][:2] == (end_star, unit_star)
            or any(u == unit_star and max(job_ready[j], unit_ready[u]) < end_star for u, _ in flat.choices[nxt[j]])
        ]
        j = max(conflict, key=lambda k: (prio[nxt[k]], -best[k][2], -k))
        o = nxt[j]
        end, u, s, d = best[j]
        unit[o], start[o], duration[o] = u, s, d
        job_ready[j] = unit_ready[u] = end
        nxt[j] += 1
    return unit, start, duration


def _earliest_ends(
    flat: FlatShop, nxt: list[int], job_ready: list[int], unit_ready: list[int]
) -> dict[int, tuple[int, int, int, int]]:
    """Per job with work left: (end, unit, start, duration) of its next operation at its earliest end."""
    best = {}
    for j, o in enumerate(nxt):
        if o >= flat.job_first[j + 1]:
            continue
        ready = job_ready[j]
        best[j] = min((max(ready, unit_ready[u]) + d, u, max(ready, unit_ready[u]), d) for u, d in flat.choices[o])
    return best
