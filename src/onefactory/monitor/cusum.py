"""Tabular CUSUM per signal: accumulates deviations beyond a slack ``k`` (in sigma units).

Centre and sigma come from the first ``baseline`` learned values. The upper and lower
sums ``C+ = max(0, C+ + z - k)`` and ``C- = max(0, C- - z - k)`` signal at the decision
interval ``h``; the score is ``3 * max(C+, C-) / h`` so that reaching ``h`` scores at the
3-sigma level of the other charts."""

from __future__ import annotations

from ._signals import Running, scale_floor
from ._univariate import SignalDetector


class _CusumState:
    __slots__ = ("high", "low", "stats")

    def __init__(self) -> None:
        self.stats = Running()
        self.high = 0.0
        self.low = 0.0


class Cusum(SignalDetector[_CusumState]):
    """Two-sided tabular CUSUM.

    Example:
        >>> chart = Cusum(k=0.5, h=5.0, baseline=50)
        >>> for i in range(50):
        ...     chart.learn_one({"pressure_bar": 5.0 + (-1) ** i * 0.1})
        >>> [round(chart.score_one({"pressure_bar": v}), 2) for v in (5.0, 5.3)]
        [0.0, 1.5]
    """

    def __init__(self, k: float = 0.5, h: float = 5.0, baseline: int = 200, min_samples: int | None = None) -> None:
        self.k = k
        self.h = h
        self.baseline = baseline
        self.min_samples = baseline if min_samples is None else min_samples

    def _new_state(self) -> _CusumState:
        return _CusumState()

    def _count(self, state: _CusumState) -> int:
        return state.stats.n

    def _sums(self, state: _CusumState, value: float) -> tuple[float, float]:
        stats = state.stats
        z = (value - stats.mean) / scale_floor(stats.std, stats.mean)
        return max(0.0, state.high + z - self.k), max(0.0, state.low - z - self.k)

    def _learn(self, state: _CusumState, value: float) -> None:
        if state.stats.n < self.baseline:
            state.stats.update(value)
            return
        state.high, state.low = self._sums(state, value)

    def _score(self, state: _CusumState, value: float) -> float:
        high, low = self._sums(state, value)
        return 3.0 * max(high, low) / self.h
