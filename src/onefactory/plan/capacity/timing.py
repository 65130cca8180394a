"""Exact start and end times of the work planned in each bucket (pure).

Within a bucket the orders loaded on a resource are laid one after another on its
working time, in planning order, each on the parallel unit that frees first; an
order runs on several units at once only when it does not fit on one before the
bucket ends. A pooled row (a member's capacity buckets) works as one unit.

Example:
    >>> import numpy as np
    >>> from onefactory.plan.capacity.calendars import WorkingTime
    >>> work = WorkingTime(np.array([0.0, 120.0]), np.array([60.0, 240.0]))
    >>> lay_out(work, 1, (0.0, 240.0), [("a", 90.0)])
    {'a': (0.0, 150.0)}
"""

from __future__ import annotations

from collections.abc import Hashable

import numpy as np

from .calendars import WorkingTime, first_working, moment_after, worked_before

EPS = 1e-6


def lay_out(
    work: WorkingTime, units: int, bucket: tuple[float, float], loads: list[tuple[Hashable, float]]
) -> dict[Hashable, tuple[float, float]]:
    """Start and end (epoch minutes) of each ``(key, minutes)`` laid from the bucket's start."""
    begin, finish = (float(x) for x in worked_before(work, np.array(bucket, dtype=float)))
    lanes = [begin] * max(units, 1)
    out: dict[Hashable, tuple[float, float]] = {}
    for key, minutes in loads:
        if minutes <= EPS:
            continue
        pieces = _pieces(lanes, minutes, finish)
        out[key] = (
            min(first_working(work, lanes[n]) for n, _ in pieces),
            max(moment_after(work, lanes[n] + m) for n, m in pieces),
        )
        for n, m in pieces:
            lanes[n] += m
    return out


def _pieces(lanes: list[float], minutes: float, finish: float) -> list[tuple[int, float]]:
    """Which lanes take how many minutes: the earliest lane alone if it fits, else spread."""
    order = sorted(range(len(lanes)), key=lambda n: lanes[n])
    if lanes[order[0]] + minutes <= finish + EPS or len(lanes) == 1:
        return [(order[0], minutes)]
    pieces, left = [], minutes
    for n in order:
        take = min(max(finish - lanes[n], 0.0), left)
        if take > EPS:
            pieces.append((n, take))
            left -= take
    if left > EPS and pieces:
        lane, took = pieces[-1]
        pieces[-1] = (lane, took + left)
    elif left > EPS:
        pieces.append((order[0], left))
    return pieces
