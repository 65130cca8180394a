"""Stuck-sensor detector: a signal that repeats the same value for too long.

A real sensor has noise; one that reports exactly the same value (within ``tolerance``)
for ``min_run`` samples or more is stuck or disconnected. The score rises from 0 to
``STUCK_SCORE`` (above the 3-sigma level) once the run reaches ``min_run`` and stays
there while the run lasts, so a threshold filter raises one alarm for the whole run.
It never divides, so constant data never yields NaN."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._univariate import SignalDetector

STUCK_SCORE = 5.0


class _Run:
    __slots__ = ("count", "length", "value")

    def __init__(self) -> None:
        self.value = float("nan")
        self.length = 0
        self.count = 0


class StuckSensor(SignalDetector[_Run]):
    """Flat-line detector per signal.

    Example:
        >>> det = StuckSensor(min_run=5)
        >>> for _ in range(5):
        ...     det.learn_one({"temp_c": 20.0})
        >>> det.score_one({"temp_c": 20.0}), det.score_one({"temp_c": 20.1})
        (5.0, 0.0)
    """

    def __init__(self, min_run: int = 600, tolerance: float = 0.0) -> None:
        self.min_run = min_run
        self.tolerance = tolerance
        self.min_samples = 1

    def _new_state(self) -> _Run:
        return _Run()

    def _count(self, state: _Run) -> int:
        return state.count

    def _same(self, state: _Run, value: float) -> bool:
        return abs(value - state.value) <= self.tolerance

    def _learn(self, state: _Run, value: float) -> None:
        state.count += 1
        if self._same(state, value):
            state.length += 1
        else:
            state.value, state.length = value, 1

    def _score(self, state: _Run, value: float) -> float:
        run = state.length + 1 if self._same(state, value) else 1
        return STUCK_SCORE if run > self.min_run else 0.0

    def score_one(self, x: Mapping[str, Any]) -> float:
        """The highest signal score of ``x``; a one-signal record (the live rules) skips the generic loop."""
        if len(x) != 1:
            return super().score_one(x)
        for key, value in x.items():
            state = self._states.get(key)
            if type(value) is not float or value - value != 0.0 or state is None or state.count < 1:
                return super().score_one(x)
            return self._score(state, value)
        return 0.0

    def learn_one(self, x: Mapping[str, Any]) -> None:
        """Learn one record; a one-signal record with a finite float skips the generic loop."""
        if len(x) != 1:
            super().learn_one(x)
            return
        for key, value in x.items():
            state = self._states.get(key)
            if type(value) is not float or value - value != 0.0 or state is None:
                super().learn_one(x)
                return
            self._learn(state, value)

    def screen_many(self, signal: str, values: list[float], threshold: float) -> list[float]:
        """``SignalDetector.screen_many`` on the run itself (the live rules' hot loop)."""
        state = self._states.get(signal)
        if state is None or any(type(v) is not float or v - v != 0.0 for v in values):
            return super().screen_many(signal, values, threshold)
        scores = []
        for value in values:
            score = self._score(state, value) if state.count >= 1 else 0.0
            scores.append(score)
            if score < threshold:
                self._learn(state, value)
        return scores

    def rebaseline(self, signal: str) -> None:
        """A flat line is not a new level to accept: keep counting the run."""
