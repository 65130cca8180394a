"""Robust per-signal detector: distance from the rolling median in rolling-MAD units.

Each signal keeps its last ``window`` learned values in a sorted list, so the median costs
O(window) per update (the median absolute deviation, MAD, is refreshed every
``window / 40`` readings, by an O(log window) selection over the sorted window) and shrug off the spikes
that would inflate a mean and a standard deviation. A constant signal (MAD = 0) gets a
tiny relative scale instead of a division by zero."""

from __future__ import annotations

import bisect
from collections import deque
from collections.abc import Iterable, Mapping
from typing import Any

from ._signals import SCORE_CAP, finite_items, scale_floor
from ._univariate import SignalDetector

MAD_TO_SIGMA = 1.4826
_insort, _bisect_left = bisect.insort, bisect.bisect_left


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


def _deviation(ordered: list[float], median: float, k: int) -> float:
    """The ``k``-th smallest (0-based) ``|x - median|`` of a sorted list, in O(log n).

    The values below the middle, read downwards, and those from the middle up give two
    ascending deviation sequences; a binary search on how many of the ``k + 1`` smallest
    come from the lower one finds the answer without building any array."""
    h = len(ordered) // 2
    upper = len(ordered) - h
    lo, hi = max(0, k + 1 - upper), min(k + 1, h)
    while lo < hi:
        i = (lo + hi) // 2
        if median - ordered[h - 1 - i] < ordered[h + k - i] - median:
            lo = i + 1
        else:
            hi = i
    j = k + 1 - lo
    low = median - ordered[h - lo] if lo > 0 else -1.0
    high = ordered[h + j - 1] - median if j > 0 else -1.0
    return max(low, high)


def _mad(ordered: list[float], median: float) -> float:
    """Median absolute deviation from ``median`` of a sorted list (as ``np.median`` computes it).

    Example:
        >>> _mad([1.0, 2.0, 3.0, 4.0, 10.0], 3.0)
        1.0
    """
    n = len(ordered)
    if n % 2:
        return _deviation(ordered, median, n // 2)
    return 0.5 * (_deviation(ordered, median, n // 2 - 1) + _deviation(ordered, median, n // 2))


def _finite(x: Mapping[str, Any]) -> Iterable[tuple[str, float]]:
    """``finite_items(x)``, without the generator when every value is already a finite float."""
    for value in x.values():
        if type(value) is not float or value - value != 0.0:
            return finite_items(x)
    return x.items()


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
        order, ordered = state.order, state.ordered
        order.append(value)
        _insort(ordered, value)
        n = len(order)
        if n > self.window:
            del ordered[_bisect_left(ordered, order.popleft())]
            n -= 1
        state.stale += 1
        if state.stale >= (n // 40 or 1):
            state.scale = None

    def _centre_scale(self, state: _Window) -> tuple[float, float]:
        median = _median(state.ordered)
        if state.scale is None:
            mad = _mad(state.ordered, median)
            state.scale = scale_floor(MAD_TO_SIGMA * mad, median, self.rel_floor)
            state.stale = 0
        return median, state.scale

    def _score(self, state: _Window, value: float) -> float:
        median, scale = self._centre_scale(state)
        return abs(value - median) / scale

    def score_signals_one(self, x: Mapping[str, Any]) -> dict[str, float]:
        """Score of each finite signal of ``x``; the base class's rules, inlined (the live path's hot loop)."""
        out: dict[str, float] = {}
        states, ready = self._states, self.min_samples
        for key, value in _finite(x):
            state = states.get(key)
            n = 0 if state is None else len(state.ordered)
            if n < ready or state is None:
                out[key] = 0.0
                continue
            ordered, scale = state.ordered, state.scale
            mid = n // 2
            median = ordered[mid] if n % 2 else 0.5 * (ordered[mid - 1] + ordered[mid])
            if scale is None:
                median, scale = self._centre_scale(state)
            out[key] = min(abs(value - median) / scale, SCORE_CAP)
        return out

    def score_one(self, x: Mapping[str, Any]) -> float:
        """The highest signal score of ``x`` (0.0 for an empty record)."""
        if len(x) == 1:  # the live rules score one signal at a time: skip the dict
            for key, value in _finite(x):
                state = self._states.get(key)
                if state is None or len(state.ordered) < self.min_samples:
                    return 0.0
                median, scale = self._centre_scale(state)
                return min(abs(value - median) / scale, SCORE_CAP)
            return 0.0
        return max(self.score_signals_one(x).values(), default=0.0)

    def learn_one(self, x: Mapping[str, Any]) -> None:
        """Learn one record; non-finite or missing values are skipped (``_finite`` spares the generator)."""
        states = self._states
        for key, value in _finite(x):
            state = states.get(key)
            if state is None:
                state = states[key] = _Window()
            self._learn(state, value)

    def screen_many(self, signal: str, values: list[float], threshold: float) -> list[float]:
        """``SignalDetector.screen_many`` on the window itself (the live rules' hot loop)."""
        if any(type(v) is not float or v - v != 0.0 for v in values):
            return super().screen_many(signal, values, threshold)
        states, ready = self._states, self.min_samples
        state = states.get(signal)
        scores = []
        for value in values:
            score = 0.0
            if state is not None and len(state.ordered) >= ready:
                median, scale = self._centre_scale(state)
                score = min(abs(value - median) / scale, SCORE_CAP)
            scores.append(score)
            if score < threshold:
                if state is None:
                    state = states[signal] = _Window()
                self._learn(state, value)
        return scores
