"""The shared shape of per-signal detectors: one independent state per signal key.

A subclass says how to make a state, how to learn a value into it and how to score a
value against it (a z-equivalent). This base handles the rest: dropping non-finite
inputs, the cold start (``min_samples``), signals that appear mid-stream, resets after a
confirmed level shift, and the batch paths."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Generic, TypeVar

import numpy as np

from ._signals import Batch, cap, columns, finite_items

State = TypeVar("State")


class SignalDetector(Generic[State]):
    """Base of the per-signal detectors (Shewhart, EWMA, CUSUM, robust, stuck)."""

    min_samples: int

    def _new_state(self) -> State:
        raise NotImplementedError

    def _count(self, state: State) -> int:
        raise NotImplementedError

    def _learn(self, state: State, value: float) -> None:
        raise NotImplementedError

    def _score(self, state: State, value: float) -> float:
        raise NotImplementedError

    @property
    def _states(self) -> dict[str, State]:
        states: dict[str, State] | None = self.__dict__.get("_signal_states")
        if states is None:
            states = self.__dict__["_signal_states"] = {}
        return states

    def learn_one(self, x: Mapping[str, Any]) -> None:
        """Learn one record; non-finite or missing values are skipped."""
        for key, value in finite_items(x):
            state = self._states.get(key)
            if state is None:
                state = self._states[key] = self._new_state()
            self._learn(state, value)

    def score_signals_one(self, x: Mapping[str, Any]) -> dict[str, float]:
        """Score of each finite signal of ``x``; 0.0 while a signal has no baseline yet."""
        out: dict[str, float] = {}
        for key, value in finite_items(x):
            state = self._states.get(key)
            ready = state is not None and self._count(state) >= self.min_samples
            out[key] = cap(self._score(state, value)) if ready and state is not None else 0.0
        return out

    def score_one(self, x: Mapping[str, Any]) -> float:
        """The highest signal score of ``x`` (0.0 for an empty record)."""
        best = 0.0
        states = self._states
        for key, value in finite_items(x):
            state = states.get(key)
            if state is not None and self._count(state) >= self.min_samples:
                best = max(best, cap(self._score(state, value)))
        return best

    def screen_many(self, signal: str, values: list[float], threshold: float) -> list[float]:
        """Score each value of ``signal`` in turn and learn it when its score is below
        ``threshold`` (what an alarm rule does per reading); returns the scores."""
        return screen_each(self, signal, values, threshold)

    def reset(self, signal: str | None = None) -> None:
        """Forget one signal's baseline (or all): it starts a new cold start."""
        if signal is None:
            self._states.clear()
        else:
            self._states.pop(signal, None)

    def rebaseline(self, signal: str) -> None:
        """Accept a new level of ``signal`` after a confirmed shift (default: forget its baseline)."""
        self.reset(signal)

    def samples(self, signal: str) -> int:
        """How many values of ``signal`` this detector has learned."""
        state = self._states.get(signal)
        return 0 if state is None else self._count(state)

    def signals_ready(self) -> list[str]:
        """Signals that have a baseline and are scored."""
        return sorted(k for k, s in self._states.items() if self._count(s) >= self.min_samples)

    def learn_many(self, batch: Batch) -> None:
        """Learn a batch of columns in row order (NaN = missing)."""
        names, matrix = columns(batch)
        for j, name in enumerate(names):
            self._learn_column(name, matrix[:, j])

    def _learn_column(self, name: str, values: np.ndarray) -> None:
        for value in values[np.isfinite(values)]:
            self.learn_one({name: float(value)})

    def score_many(self, batch: Batch, *, learn: bool = False) -> np.ndarray:
        """Row scores of a batch; with ``learn`` each row is scored, then learned (test-then-train)."""
        names, matrix = columns(batch)
        out = np.zeros(matrix.shape[0])
        for j, name in enumerate(names):
            np.maximum(out, self._score_column(name, matrix[:, j], learn), out=out)
        return out

    def _score_column(self, name: str, values: np.ndarray, learn: bool) -> np.ndarray:
        scores = np.zeros(len(values))
        for i, value in enumerate(values):
            if value == value:
                scores[i] = self.score_signals_one({name: float(value)})[name]
                if learn:
                    self.learn_one({name: float(value)})
        return scores


def screen_each(detector: Any, signal: str, values: list[float], threshold: float) -> list[float]:
    """Score each value of ``signal`` in turn with any ``learn_one`` / ``score_one`` detector and
    learn it when its score is below ``threshold``; returns the scores."""
    scores = []
    for value in values:
        x = {signal: value}
        scores.append(score := detector.score_one(x))
        if score < threshold:
            detector.learn_one(x)
    return scores
