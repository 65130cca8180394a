"""Robust per-signal detector: distance from the rolling median in rolling-MAD units.

Each signal keeps its last ``window`` learned values in a sorted list, so the median costs
O(window) per update (the median absolute deviation, MAD, is refreshed every
``window / 40`` readings) and shrug off the spikes
that would inflate a mean and a standard deviation. A constant signal (MAD = 0) gets a
tiny relative scale instead of a division by zero."""

from __future__ import annotations

import bisect
from collections import deque

import numpy as np

from ._signals import scale_floor
from ._univariate import SignalDetector

MAD_TO_SIGMA = 1.4826


class _Window:
    __slots__ = ("order", "ordered", "scale", "stale")

    def __init__(self) -> None:
        self.order: deque[float] = deque()
        self.ordered: list[float] = []
        self.scale: float | None = None
        self.stale = 0


def _median(ordered: list[float]) -> float:
    n = len(ordered)
    mid = n // 2
    return ordered[mid] if n % 2 else 0.5 * (ordered[mid - 1] + ordered[mid])


class RobustDetector(SignalDetector[_Window]):
    """Rolling median / MAD z-score per signal.

    Example:
        >>> det = RobustDetector(window=100, min_samples=20)
        >>> for i in range(100):
        ...     det.learn_one({"vib_g": 0.02 + 0.001 * (i % 7)})
        >>> det.score_one({"vib_g": 0.023}) < 3.0, det.score_one({"vib_g": 0.09}) > 3.0
        (True, True)
    """

    def __init__(self, window: int = 600, min_samples: int = 200, rel_floor: float = 1e-3) -> None:
        self.window = window
        self.min_samples = min_samples
        self.rel_floor = rel_floor

    def _new_state(self) -> _Window:
        return _Window()

    def _count(self, state: _Window) -> int:
        return len(state.order)

    def _learn(self, state: _Window, value: float) -> None:
        state.order.append(value)
        bisect.insort(state.ordered, value)
        if len(state.order) > self.window:
            old = state.order.popleft()
            del state.ordered[bisect.bisect_left(state.ordered, old)]
        state.stale += 1
        if state.stale > max(len(state.order) // 40, 1) - 1:
            state.scale = None

    def _centre_scale(self, state: _Window) -> tuple[float, float]:
        median = _median(state.ordered)
        if state.scale is None:
            mad = float(np.median(np.abs(np.asarray(state.ordered) - median)))
            state.scale = scale_floor(MAD_TO_SIGMA * mad, median, self.rel_floor)
            state.stale = 0
        return median, state.scale

    def _score(self, state: _Window, value: float) -> float:
        median, scale = self._centre_scale(state)
        return abs(value - median) / scale
