"""Resonance detector: fuzzy Adaptive Resonance Theory on windowed, downsampled values, in [0, 1].

The idea of NAB's ARTime detector, written from its description:

1. downsampling: every ``step`` readings are averaged into one point; the last ``window``
   points, scaled into [0, 1] by the range seen so far and complement-coded, are one input;
2. categories (fuzzy ART): an input resonates with the category of highest choice
   ``|I ^ w| / (0.01 + |w|)`` whose match ``|I ^ w| / |I|`` reaches ``vigilance``, which then
   learns it (rate ``learning_rate``); without resonance the input starts a new category
   (at most ``max_categories``; beyond that the closest one widens to it);
3. score: a new category scores ``min(1, match_gain * (1 - best match))``; readings that
   do not complete a downsampled point score 0;
4. restart: when the range grows by more than ``range_growth`` of the range the
   categories were learnt on, they are forgotten and relearnt from the last ``memory``
   inputs on the new scale;
5. range novelty: a value outside the range seen so far scores 0.5 just outside, rising
   to 1 at ``range_full`` of the range (and silences range novelties for
   ``range_refractory`` readings).

After the score reaches ``alarm_level``, new categories are silenced for ``refractory``
readings (one event, one detection). The first ``warmup`` readings score 0."""

from __future__ import annotations

import math
from collections import deque

import numpy as np

from ._refractory import settle
from ._univariate import SignalDetector


class _Series:
    __slots__ = (
        "count",
        "high",
        "inputs",
        "low",
        "partial",
        "pending",
        "points",
        "quiet",
        "range_quiet",
        "scale",
        "weights",
    )

    def __init__(self) -> None:
        self.count = 0
        self.low = math.inf
        self.high = -math.inf
        self.partial: list[float] = []
        self.points: deque[float] = deque()
        self.inputs: deque[np.ndarray] = deque()
        self.weights: np.ndarray | None = None
        self.scale: tuple[float, float] | None = None
        self.quiet = 0
        self.range_quiet = 0
        self.pending: tuple[float, _Step] | None = None


class _Step:
    """What scoring one value found; learning the same value commits it."""

    __slots__ = ("novelty", "outside", "point", "range_score", "scale", "weights")

    def __init__(self) -> None:
        self.point: np.ndarray | None = None  # the raw window of downsampled points, if completed
        self.weights: np.ndarray | None = None  # categories after learning the point
        self.scale: tuple[float, float] | None = None
        self.novelty = 0.0
        self.outside = False
        self.range_score = 0.0


def _coded(raw: np.ndarray, scale: tuple[float, float]) -> np.ndarray:
    low, high = scale
    spread = high - low
    x = np.clip((raw - low) / spread, 0.0, 1.0) if spread > 0 else np.full(len(raw), 0.5)
    return np.concatenate([x, 1.0 - x])


class ResonanceDetector(SignalDetector[_Series]):
    """Fuzzy ART categories of recent windowed shapes per signal (NAB-style scores).

    Example:
        >>> import math
        >>> det = ResonanceDetector()
        >>> for i in range(3000):
        ...     det.learn_one({"load_kw": 50.0 + 10.0 * math.sin(i / 10.0)})
        >>> det.score_one({"load_kw": 50.0 + 10.0 * math.sin(3000 / 10.0)}), det.score_one({"load_kw": 95.0})
        (0.0, 1.0)
    """

    def __init__(
        self,
        window: int = 8,
        step: int = 4,
        vigilance: float = 0.9,
        learning_rate: float = 0.2,
        max_categories: int = 500,
        memory: int = 600,
        range_growth: float = 0.1,
        match_gain: float = 4.0,
        alarm_level: float = 0.5,
        refractory: int = 100,
        range_full: float = 0.1,
        range_refractory: int = 20,
        warmup: int = 100,
    ) -> None:
        self.window = window
        self.step = step
        self.vigilance = vigilance
        self.learning_rate = learning_rate
        self.max_categories = max_categories
        self.memory = memory
        self.range_growth = range_growth
        self.match_gain = match_gain
        self.alarm_level = alarm_level
        self.refractory = refractory
        self.range_full = range_full
        self.range_refractory = range_refractory
        self.warmup = warmup
        self.min_samples = 1

    def _new_state(self) -> _Series:
        return _Series()

    def _count(self, state: _Series) -> int:
        return state.count

    def _resonate(self, weights: np.ndarray | None, coded: np.ndarray) -> tuple[np.ndarray, float]:
        """Categories after learning ``coded``, and its novelty (0 when it resonated)."""
        if weights is None or len(weights) == 0:
            return coded[None, :].copy(), 0.0
        overlap = np.minimum(coded, weights).sum(axis=1)
        match = overlap / self.window
        best = float(match.max())
        weights = weights.copy()
        if best >= self.vigilance:
            choice = np.where(match >= self.vigilance, overlap / (0.01 + weights.sum(axis=1)), -1.0)
            j = int(np.argmax(choice))
            weights[j] += self.learning_rate * (np.minimum(coded, weights[j]) - weights[j])
            return weights, 0.0
        if len(weights) < self.max_categories:
            return np.vstack([weights, coded]), 1.0 - best
        j = int(np.argmax(match))
        weights[j] = np.minimum(coded, weights[j])
        return weights, 1.0 - best

    def _relearn(self, state: _Series, scale: tuple[float, float]) -> np.ndarray | None:
        weights: np.ndarray | None = None
        for raw in state.inputs:
            weights, _ = self._resonate(weights, _coded(raw, scale))
        return weights

    def _point_step(self, state: _Series, step: _Step, value: float, low: float, high: float) -> None:
        mean = (sum(state.partial) + value) / (len(state.partial) + 1)
        points = [*state.points, mean][-self.window :]
        if len(points) < self.window:
            return
        step.point = np.array(points)
        scale, weights = state.scale or (low, high), state.weights
        spread = max(scale[1] - scale[0], 1e-12)
        if low < scale[0] - self.range_growth * spread or high > scale[1] + self.range_growth * spread:
            scale = (low, high)
            weights = self._relearn(state, scale)
        step.scale = scale
        step.weights, step.novelty = self._resonate(weights, _coded(step.point, scale))

    def _step(self, state: _Series, value: float) -> _Step:
        if state.pending is not None and state.pending[0] == value:
            return state.pending[1]
        step = _Step()
        low, high = min(state.low, value), max(state.high, value)
        if len(state.partial) + 1 >= self.step:
            self._point_step(state, step, value, low, high)
        if state.count >= self.warmup and state.range_quiet <= 0:
            beyond = max(value - state.high, state.low - value, 0.0)
            spread = state.high - state.low
            excess = beyond / spread if spread > 0 else (math.inf if beyond > 0 else 0.0)
            step.outside = excess > 0.0
            step.range_score = min(0.5 + 0.5 * excess / max(self.range_full, 1e-12), 1.0)
        state.pending = (value, step)
        return step

    def _new_category_score(self, state: _Series, step: _Step) -> float:
        if state.count < self.warmup or state.quiet > 0:
            return 0.0
        return min(self.match_gain * step.novelty, 1.0)

    def _score(self, state: _Series, value: float) -> float:
        step = self._step(state, value)
        return max(self._new_category_score(state, step), step.range_score if step.outside else 0.0)

    def _learn(self, state: _Series, value: float) -> None:
        step = self._step(state, value)
        score = self._new_category_score(state, step)
        settle(
            state,
            outside=step.outside,
            alarming=score >= self.alarm_level,
            refractory=self.refractory,
            range_refractory=self.range_refractory,
        )
        self._commit(state, step, value)

    def _commit(self, state: _Series, step: _Step, value: float) -> None:
        state.low, state.high = min(state.low, value), max(state.high, value)
        state.partial.append(value)
        if len(state.partial) >= self.step:
            state.points.append(sum(state.partial) / len(state.partial))
            state.partial = []
            if len(state.points) > self.window:
                state.points.popleft()
        if step.point is not None:
            state.weights, state.scale = step.weights, step.scale
            state.inputs.append(step.point)
            if len(state.inputs) > self.memory:
                state.inputs.popleft()
        state.count += 1
        state.pending = None
