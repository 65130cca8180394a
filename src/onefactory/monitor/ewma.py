"""EWMA control chart per signal: sensitive to small sustained shifts of the mean.

Centre and sigma come from the first ``baseline`` learned values; the chart statistic
``z_t = lam * x_t + (1 - lam) * z_{t-1}`` starts at the centre. The score is the distance
of the statistic (including the scored value) from the centre, in units of its own
standard deviation ``sigma * sqrt(lam / (2 - lam) * (1 - (1 - lam)^(2t)))``."""

from __future__ import annotations

import math

from ._signals import Running, scale_floor
from ._univariate import SignalDetector


class _EwmaState:
    __slots__ = ("level", "stats", "steps")

    def __init__(self) -> None:
        self.stats = Running()
        self.level = 0.0
        self.steps = 0


class Ewma(SignalDetector[_EwmaState]):
    """Exponentially weighted moving-average chart.

    Example:
        >>> chart = Ewma(lam=0.2, baseline=50)
        >>> for i in range(50):
        ...     chart.learn_one({"flow_l_min": 10.0 + (-1) ** i * 0.1})
        >>> for _ in range(5):
        ...     chart.learn_one({"flow_l_min": 10.2})
        >>> chart.score_one({"flow_l_min": 10.2}) > 3.0
        True
    """

    def __init__(self, lam: float = 0.2, baseline: int = 200, min_samples: int | None = None) -> None:
        self.lam = lam
        self.baseline = baseline
        self.min_samples = baseline if min_samples is None else min_samples

    def _new_state(self) -> _EwmaState:
        return _EwmaState()

    def _count(self, state: _EwmaState) -> int:
        return state.stats.n

    def _learn(self, state: _EwmaState, value: float) -> None:
        if state.stats.n < self.baseline:
            state.stats.update(value)
            state.level = state.stats.mean
            return
        state.level = self.lam * value + (1.0 - self.lam) * state.level
        state.steps += 1

    def _score(self, state: _EwmaState, value: float) -> float:
        level = self.lam * value + (1.0 - self.lam) * state.level
        steps = state.steps + 1
        width = math.sqrt(self.lam / (2.0 - self.lam) * (1.0 - (1.0 - self.lam) ** (2 * steps)))
        sigma = scale_floor(state.stats.std, state.stats.mean) * width
        return abs(level - state.stats.mean) / sigma
