"""From scores to alarms: per-signal thresholds, alarm episodes and level-shift acceptance.

``ThresholdFilter`` wraps a detector. For each record it scores every signal, classes a
signal anomalous when its score reaches that signal's threshold, and runs one alarm
episode per signal: an episode opens on the first anomalous sample (one ``Alarm``) and
closes after ``clear_after`` samples below ``clear_below`` (hysteresis). Values classed
anomalous are not learned. When a signal stays anomalous for ``confirm_shift`` samples in
a row, the shift is confirmed: the detector re-baselines that signal on the recent
values (a new level is accepted), so a permanent step gives one alarm, not a storm."""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from onefactory.model import InvalidData

from ._signals import Batch, finite_items, rows
from .ensemble import Detector
from .multivariate import MACHINE


@dataclass(frozen=True, slots=True)
class Alarm:
    """The start of one alarm episode of one signal."""

    signal: str
    sample: int
    score: float


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the filter decided for one record."""

    sample: int
    scores: dict[str, float]
    anomalous: frozenset[str]
    alarms: tuple[Alarm, ...] = ()
    cleared: tuple[str, ...] = ()
    shifts: tuple[str, ...] = ()

    @property
    def score(self) -> float:
        """The highest signal score of the record."""
        return max(self.scores.values(), default=0.0)


@dataclass(slots=True)
class _Episode:
    open: bool = False
    run: int = 0
    calm: int = 0


@dataclass(slots=True)
class _Changes:
    alarms: list[Alarm] = field(default_factory=list)
    cleared: list[str] = field(default_factory=list)
    shifts: list[str] = field(default_factory=list)


class ThresholdFilter:
    """Classify scores and run alarm episodes per signal.

    Example:
        >>> from onefactory.monitor import RobustDetector
        >>> alarm = ThresholdFilter(RobustDetector(min_samples=20), threshold=4.0, thresholds={"temp_c": 5.0})
        >>> alarm.classify(4.5), alarm.classify(4.5, signal="temp_c")
        (True, False)
        >>> verdicts = [alarm.process_one({"temp_c": 60.0 + (i % 3) * 0.1}) for i in range(30)]
        >>> alarm.process_one({"temp_c": 70.0}).alarms[0].signal
        'temp_c'
    """

    def __init__(
        self,
        detector: Detector,
        threshold: float = 3.0,
        *,
        thresholds: Mapping[str, float] | None = None,
        clear_below: float | None = None,
        clear_after: int = 5,
        confirm_shift: int | None = 30,
    ) -> None:
        self.detector = detector
        self.threshold = threshold
        self.thresholds = dict(thresholds or {})
        self.clear_below = clear_below
        self.clear_after = clear_after
        self.confirm_shift = confirm_shift
        self._check()
        self._episodes: dict[str, _Episode] = {}
        self._recent: deque[dict[str, float]] = deque(maxlen=confirm_shift or 1)
        self._sample = 0

    def _check(self) -> None:
        for name, value in {"threshold": self.threshold, **self.thresholds}.items():
            if not value > 0:
                raise InvalidData(f"threshold of {name!r} must be > 0, got {value}", field=name)

    def threshold_of(self, signal: str | None) -> float:
        """The threshold that applies to ``signal`` (the default when it has none)."""
        return self.thresholds.get(signal or "", self.threshold)

    def classify(self, score: float, signal: str | None = None) -> bool:
        """True when ``score`` reaches the signal's threshold (a NaN score is never an alarm)."""
        return score >= self.threshold_of(signal)

    @property
    def open_signals(self) -> list[str]:
        """Signals whose alarm episode is open."""
        return sorted(k for k, e in self._episodes.items() if e.open)

    def process_one(self, x: Mapping[str, Any]) -> Verdict:
        """Score ``x``, update the alarm episodes, learn the normal part of ``x``."""
        clean = dict(finite_items(x))
        scores = self.detector.score_signals_one(clean)
        anomalous = frozenset(k for k, v in scores.items() if self.classify(v, k))
        changes = _Changes()
        for signal, score in scores.items():
            self._step(signal, score, signal in anomalous, changes)
        self._learn(clean, anomalous)
        for signal in changes.shifts:
            self._accept_level(signal)
        verdict = Verdict(
            self._sample, scores, anomalous, *map(tuple, (changes.alarms, changes.cleared, changes.shifts))
        )
        self._sample += 1
        return verdict

    def process_many(self, batch: Batch) -> list[Verdict]:
        """``process_one`` over the rows of a batch of columns."""
        return [self.process_one(x) for x in rows(batch)]

    def _step(self, signal: str, score: float, anomalous: bool, changes: _Changes) -> None:
        episode = self._episodes.setdefault(signal, _Episode())
        episode.run = episode.run + 1 if anomalous else 0
        calm = score < (self.clear_below if self.clear_below is not None else self.threshold_of(signal))
        episode.calm = episode.calm + 1 if calm else 0
        if anomalous and not episode.open:
            episode.open = True
            changes.alarms.append(Alarm(signal, self._sample, score))
        elif episode.open and episode.calm >= self.clear_after:
            episode.open = False
            changes.cleared.append(signal)
        if self.confirm_shift and episode.run >= self.confirm_shift:
            episode.run = 0
            changes.shifts.append(signal)

    def _learn(self, clean: dict[str, float], anomalous: frozenset[str]) -> None:
        self._recent.append(clean)
        if MACHINE in anomalous:
            return
        normal = {k: v for k, v in clean.items() if k not in anomalous}
        if normal:
            self.detector.learn_one(normal)

    def _accept_level(self, signal: str) -> None:
        rebaseline = getattr(self.detector, "rebaseline", None)
        if rebaseline is None:
            self.detector.reset(signal)
        else:
            rebaseline(signal)
        for past in self._recent:
            part = past if signal == MACHINE else {k: v for k, v in past.items() if k == signal}
            if part:
                self.detector.learn_one(part)
