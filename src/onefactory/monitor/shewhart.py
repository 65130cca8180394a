"""Shewhart individuals chart with the Western Electric and Nelson run rules.

The centre line and sigma come from the first ``baseline`` learned values of each signal
(phase I); after that the limits stay fixed (phase II), as in classic SPC. Each scored
value is placed in sigma units; a run rule that fires raises the score to at least
``RULE_SCORE`` (the 3-sigma level), and ``last_rules`` names the rules that fired."""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from ._signals import Running, scale_floor
from ._univariate import SignalDetector

RULE_SCORE = 3.0
HISTORY = 15

RuleSet = Literal["nelson", "western_electric", "none"]


class _ChartState:
    __slots__ = ("history", "stats")

    def __init__(self) -> None:
        self.stats = Running()
        self.history: deque[float] = deque(maxlen=HISTORY)


def _same_side(zs: Sequence[float], n: int, beyond: float, need: int) -> bool:
    tail = zs[-n:]
    if len(tail) < n:
        return False
    return sum(z > beyond for z in tail) >= need or sum(z < -beyond for z in tail) >= need


def _trend(zs: Sequence[float], n: int) -> bool:
    tail = zs[-n:]
    steps = [b - a for a, b in zip(tail, tail[1:], strict=False)]
    return len(tail) == n and (all(s > 0 for s in steps) or all(s < 0 for s in steps))


def _alternating(zs: Sequence[float], n: int) -> bool:
    tail = zs[-n:]
    steps = [b - a for a, b in zip(tail, tail[1:], strict=False)]
    return len(tail) == n and all(a * b < 0 for a, b in zip(steps, steps[1:], strict=False))


def _run(zs: Sequence[float], n: int, inside: bool) -> bool:
    tail = zs[-n:]
    return len(tail) == n and all((abs(z) < 1.0) == inside for z in tail)


def nelson_rules(zs: Sequence[float]) -> list[int]:
    """Numbers (1-8) of the Nelson rules that the last value of ``zs`` (sigma units) breaks.

    Example:
        >>> nelson_rules([0.5] * 8 + [0.4])
        [2]
    """
    checks = {
        1: abs(zs[-1]) > 3.0,
        2: _same_side(zs, 9, 0.0, 9),
        3: _trend(zs, 6),
        4: _alternating(zs, 14),
        5: _same_side(zs, 3, 2.0, 2),
        6: _same_side(zs, 5, 1.0, 4),
        7: _run(zs, 15, inside=True),
        8: _run(zs, 8, inside=False),
    }
    return [rule for rule, hit in checks.items() if hit]


def western_electric_rules(zs: Sequence[float]) -> list[int]:
    """Numbers (1-4) of the Western Electric rules that the last value of ``zs`` breaks.

    Example:
        >>> western_electric_rules([0.1, 2.5, 2.2])
        [2]
    """
    checks = {
        1: abs(zs[-1]) > 3.0,
        2: _same_side(zs, 3, 2.0, 2),
        3: _same_side(zs, 5, 1.0, 4),
        4: _same_side(zs, 8, 0.0, 8),
    }
    return [rule for rule, hit in checks.items() if hit]


class Shewhart(SignalDetector[_ChartState]):
    """Individuals chart per signal, with run rules.

    Example:
        >>> chart = Shewhart(baseline=20, rules="western_electric")
        >>> for i in range(20):
        ...     chart.learn_one({"temp_c": 70.0 + (i % 5) * 0.1})
        >>> chart.score_one({"temp_c": 70.2}) < 3.0, chart.score_one({"temp_c": 75.0}) > 3.0
        (True, True)
    """

    def __init__(self, baseline: int = 200, rules: RuleSet = "nelson", min_samples: int | None = None) -> None:
        self.baseline = baseline
        self.rules = rules
        self.min_samples = baseline if min_samples is None else min_samples
        self.last_rules: dict[str, list[int]] = {}

    def _new_state(self) -> _ChartState:
        return _ChartState()

    def _count(self, state: _ChartState) -> int:
        return state.stats.n

    def _z(self, state: _ChartState, value: float) -> float:
        stats = state.stats
        return (value - stats.mean) / scale_floor(stats.std, stats.mean)

    def _learn(self, state: _ChartState, value: float) -> None:
        if state.stats.n < self.baseline:
            state.stats.update(value)
        else:
            state.history.append(self._z(state, value))

    def _score(self, state: _ChartState, value: float) -> float:
        z = self._z(state, value)
        zs = [*state.history, z]
        hits = self._rules(zs)
        return max(abs(z), RULE_SCORE) if hits else abs(z)

    def _rules(self, zs: list[float]) -> list[int]:
        if self.rules == "nelson":
            return nelson_rules(zs)
        if self.rules == "western_electric":
            return western_electric_rules(zs)
        return []

    def score_signals_one(self, x: Mapping[str, Any]) -> dict[str, float]:
        """Score per signal; ``last_rules`` records which rules fired for each."""
        scores = super().score_signals_one(x)
        self.last_rules = {}
        for key in scores:
            state = self._states.get(key)
            if state is not None and state.stats.n >= self.min_samples:
                hits = self._rules([*state.history, self._z(state, float(x[key]))])
                if hits:
                    self.last_rules[key] = hits
        return scores
