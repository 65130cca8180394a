"""Ensembles: several detectors scored together, one broken member never breaks the rest.

A member whose score is not a finite number (NaN, inf), or that raises an arithmetic or
value error on degenerate data, is skipped for that record or batch; ``skipped`` names
it with the reason and a warning is logged. The combined score is the max (default: any
member may raise an alarm) or the mean of the members that answered."""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from typing import Any, Literal, Protocol

import numpy as np

from ._signals import Batch

log = logging.getLogger(__name__)

Combine = Literal["mean", "max"]


class Detector(Protocol):
    """What every detector offers (higher score = more anomalous)."""

    def learn_one(self, x: Mapping[str, Any]) -> None: ...
    def score_one(self, x: Mapping[str, Any]) -> float: ...
    def score_signals_one(self, x: Mapping[str, Any]) -> dict[str, float]: ...
    def learn_many(self, batch: Batch) -> None: ...
    def score_many(self, batch: Batch, *, learn: bool = False) -> np.ndarray: ...
    def reset(self, signal: str | None = None) -> None: ...


_TOLERATED = (ArithmeticError, ValueError, np.linalg.LinAlgError)


class Ensemble:
    """Named detectors combined per signal.

    Example:
        >>> from onefactory.monitor import RobustDetector, StuckSensor
        >>> ens = Ensemble({"robust": RobustDetector(min_samples=2), "stuck": StuckSensor(min_run=3)})
        >>> [float(round(s, 2)) for s in ens.score_many({"temp_c": [60.0, 60.2, 60.1, 75.0]}, learn=True)]
        [0.0, 0.0, 0.0, 30.0]
    """

    def __init__(self, members: Mapping[str, Detector], combine: Combine = "max") -> None:
        self.members = dict(members)
        self.combine = combine
        self.skipped: dict[str, str] = {}

    def _skip(self, name: str, reason: str) -> None:
        self.skipped[name] = reason
        log.warning("detector %r skipped: %s", name, reason)

    def _ask(self, name: str, call: Any) -> Any:
        try:
            return call()
        except _TOLERATED as exc:
            self._skip(name, f"{type(exc).__name__}: {exc}")
            return None

    def _merge(self, values: Sequence[float]) -> float:
        if not values:
            return 0.0
        return max(values) if self.combine == "max" else math.fsum(values) / len(values)

    def score_signals_one(self, x: Mapping[str, Any]) -> dict[str, float]:
        """Combined score per signal over the members that gave finite scores."""
        self.skipped = {}
        per_signal: dict[str, list[float]] = {}
        for name, member in self.members.items():
            scores = self._ask(name, lambda m=member: m.score_signals_one(x))
            if scores is None:
                continue
            bad = [k for k, v in scores.items() if not math.isfinite(v)]
            if bad:
                self._skip(name, f"non-finite score for {', '.join(sorted(bad))}")
                continue
            for key, value in scores.items():
                per_signal.setdefault(key, []).append(value)
        return {k: self._merge(v) for k, v in per_signal.items()}

    def score_one(self, x: Mapping[str, Any]) -> float:
        """The combined score of the members' record scores (as ``score_many`` does per row)."""
        self.skipped = {}
        answers = []
        for name, member in self.members.items():
            score = self._ask(name, lambda m=member: float(m.score_one(x)))
            if score is not None and not math.isfinite(score):
                self._skip(name, "non-finite score")
            elif score is not None:
                answers.append(score)
        return self._merge(answers)

    def learn_one(self, x: Mapping[str, Any]) -> None:
        """Every member learns ``x``; a member that fails is reported, the others still learn."""
        for name, member in self.members.items():
            self._ask(name, lambda m=member: m.learn_one(x))

    def learn_many(self, batch: Batch) -> None:
        """Every member learns the batch."""
        for name, member in self.members.items():
            self._ask(name, lambda m=member: m.learn_many(batch))

    def score_many(self, batch: Batch, *, learn: bool = False) -> np.ndarray:
        """Combined row scores; a member with any non-finite score is skipped for the whole batch."""
        self.skipped = {}
        answers = []
        for name, member in self.members.items():
            scores = self._ask(name, lambda m=member: np.asarray(m.score_many(batch, learn=learn), dtype=float))
            if scores is None:
                continue
            if not np.isfinite(scores).all():
                self._skip(name, f"{int((~np.isfinite(scores)).sum())} non-finite score(s) in this batch")
                continue
            answers.append(scores)
        if not answers:
            return np.zeros(len(next(iter(batch.values()), [])))
        stacked = np.vstack(answers)
        return stacked.max(axis=0) if self.combine == "max" else stacked.mean(axis=0)

    def reset(self, signal: str | None = None) -> None:
        """Reset every member."""
        for member in self.members.values():
            member.reset(signal)

    def rebaseline(self, signal: str) -> None:
        """Accept a new level of ``signal`` in every member that supports it."""
        for member in self.members.values():
            getattr(member, "rebaseline", member.reset)(signal)
