"""Anomaly likelihood of a single series: how unusual the recent surprise is, in [0, 1].

Three stages per signal, all looking back only:

1. surprise: ``log(1 + z)`` of the larger of the robust z of the value and (times
   ``diff_weight``) of its change since the previous reading (rolling median / MAD);
2. likelihood: the Gaussian probability that the mean surprise of the last ``short``
   readings is below what the ``long`` readings before them would give (as the anomaly
   likelihood of Numenta's HTM detector);
3. refractory: after a reading reaches ``alarm_level``, the next ``refractory`` readings
   score 0, so one event gives one detection.

The score is a probability-like number in [0, 1], the shape NAB scores."""

from __future__ import annotations

import math
from collections import deque

from ._univariate import SignalDetector
from .robust import RobustDetector, _Window


class _Series:
    __slots__ = ("change", "last", "level", "older", "quiet", "recent", "sq", "sum", "values")

    def __init__(self) -> None:
        self.level = _Window()
        self.change = _Window()
        self.last: float | None = None
        self.recent: deque[float] = deque()
        self.older: deque[float] = deque()
        self.sum = 0.0
        self.sq = 0.0
        self.quiet = 0
        self.values = 0


class LikelihoodDetector(SignalDetector[_Series]):
    """Probability-scaled detector for one series per signal (NAB-style scores).

    Example:
        >>> import random
        >>> rng = random.Random(1)
        >>> det = LikelihoodDetector(long=200, short=1, refractory=0)
        >>> for _ in range(400):
        ...     det.learn_one({"temp_c": rng.gauss(60.0, 0.2)})
        >>> det.score_one({"temp_c": 60.1}) < 0.9, det.score_one({"temp_c": 90.0}) > 0.99
        (True, True)
    """

    def __init__(
        self,
        window: int = 400,
        short: int = 5,
        long: int = 1000,
        refractory: int = 100,
        alarm_level: float = 0.99,
        diff_weight: float = 0.5,
    ) -> None:
        self.window = window
        self.short = short
        self.long = long
        self.refractory = refractory
        self.alarm_level = alarm_level
        self.diff_weight = diff_weight
        self.min_samples = 1
        self._robust = RobustDetector(window=window, min_samples=20)

    def _new_state(self) -> _Series:
        return _Series()

    def _count(self, state: _Series) -> int:
        return state.values

    def _surprise(self, state: _Series, value: float) -> float:
        robust = self._robust
        z = robust._score(state.level, value) if len(state.level.order) >= robust.min_samples else 0.0
        if state.last is not None and len(state.change.order) >= robust.min_samples:
            z = max(z, self.diff_weight * robust._score(state.change, value - state.last))
        return math.log1p(min(z, 30.0))

    def _likelihood(self, state: _Series, surprise: float) -> float:
        history = len(state.older)
        if history < 50:
            return 0.0
        mean = state.sum / history
        std = math.sqrt(max((state.sq - history * mean * mean) / (history - 1), 0.0))
        short_mean = (sum(state.recent) + surprise) / (len(state.recent) + 1)
        return 0.5 * math.erfc(-(short_mean - mean) / max(std, 1e-6) / math.sqrt(2.0))

    def _remember(self, state: _Series, surprise: float) -> None:
        state.recent.append(surprise)
        if len(state.recent) >= self.short:
            moved = state.recent.popleft()
            state.older.append(moved)
            state.sum += moved
            state.sq += moved * moved
        if len(state.older) > self.long:
            dropped = state.older.popleft()
            state.sum -= dropped
            state.sq -= dropped * dropped

    def _score(self, state: _Series, value: float) -> float:
        if state.quiet > 0:
            return 0.0
        return self._likelihood(state, self._surprise(state, value))

    def _learn(self, state: _Series, value: float) -> None:
        surprise = self._surprise(state, value)
        score = 0.0 if state.quiet > 0 else self._likelihood(state, surprise)
        state.quiet = self.refractory if score >= self.alarm_level else max(state.quiet - 1, 0)
        self._remember(state, surprise)
        self._robust._learn(state.level, value)
        if state.last is not None:
            self._robust._learn(state.change, value - state.last)
        state.last = value
        state.values += 1
