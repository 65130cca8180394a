"""Alarm rules (pure, stateful per signal): readings in, conditions and their ends out.

A rule looks at one signal name (``fnmatch`` pattern) on every resource and
answers per reading: abnormal, normal, or undecided. ``AlarmRules`` keeps,
per (rule, member, resource, signal), how many abnormal readings came in a row
and emits a :class:`Condition` on the rising edge (``raise_after`` abnormal in
a row) and an :class:`Ended` on the falling edge (``clear_after`` normal in a
row). A burst of abnormal readings is therefore one condition, not a storm;
the alarm service deduplicates further by key.

Two rule kinds:

- ``ThresholdRule``: above/below a limit, with a hysteresis band to clear;
- ``DetectorRule``: any detector in the ``learn_one`` / ``score_one`` shape
  (higher score = more anomalous) with a score threshold; it learns only from
  readings it did not class as anomalous.

Example:
    >>> from datetime import datetime, UTC, timedelta
    >>> from onefactory.model import Reading
    >>> t0 = datetime(2026, 3, 1, tzinfo=UTC)
    >>> rules = AlarmRules([ThresholdRule("temp-high", "temp_c", above=80, clear_below=75, severity="major")],
    ...                    clear_after=1)
    >>> out = rules.evaluate_many([Reading("SUP-A", "P1", "temp_c", t0 + timedelta(seconds=i), v)
    ...                            for i, v in enumerate([70, 85, 90, 88, 74])])
    >>> [(type(x).__name__, x.at.second) for x in out]
    [('Condition', 1), ('Ended', 4)]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from fnmatch import fnmatchcase
from typing import Protocol

from onefactory.model import InvalidData, Reading, Severity

from .alarms import Condition, dedup_key
from .multivariate import MACHINE, MachineDetector


class Detector(Protocol):
    """The monitor's detector shape."""

    def learn_one(self, x: dict[str, float]) -> None: ...

    def score_one(self, x: dict[str, float]) -> float: ...


@dataclass(frozen=True, slots=True)
class Ended:
    """A condition that is over (its signal is back to normal)."""

    member: str
    resource: str
    signal: str
    rule: str
    at: datetime

    @property
    def key(self) -> str:
        """The deduplication key of the condition that ended."""
        return dedup_key(self.member, self.resource, self.signal, self.rule)


class ThresholdRule:
    """Abnormal above ``above`` or below ``below``; normal again below ``clear_below`` /
    above ``clear_above`` (default: the limit itself)."""

    def __init__(
        self,
        name: str,
        signal: str,
        *,
        above: float | None = None,
        below: float | None = None,
        clear_below: float | None = None,
        clear_above: float | None = None,
        severity: Severity | str = Severity.MAJOR,
    ) -> None:
        if above is None and below is None:
            raise InvalidData(f"threshold rule {name!r} needs 'above' or 'below'", field="above")
        self.name = name
        self.signal = signal
        self.above, self.below = above, below
        self.clear_below = above if clear_below is None else clear_below
        self.clear_above = below if clear_above is None else clear_above
        self.severity = Severity(severity)

    def check_one(self, reading: Reading) -> bool | None:
        """True abnormal, False normal, None inside the hysteresis band."""
        v = reading.value
        if (self.above is not None and v > self.above) or (self.below is not None and v < self.below):
            return True
        high_ok = self.clear_below is None or v <= self.clear_below
        low_ok = self.clear_above is None or v >= self.clear_above
        return False if high_ok and low_ok else None

    def describe(self, reading: Reading) -> str:
        """The message of an alarm this rule raises."""
        limit = f"> {self.above}" if self.above is not None and reading.value > self.above else f"< {self.below}"
        return f"{reading.signal} {reading.value:g} {limit} ({self.name})"


class DetectorRule:
    """A learn_one/score_one detector per resource signal, abnormal when score >= ``threshold``."""

    def __init__(
        self,
        name: str,
        signal: str,
        make_detector: Callable[[], Detector],
        threshold: float,
        *,
        severity: Severity | str = Severity.MINOR,
    ) -> None:
        self.name = name
        self.signal = signal
        self.make_detector = make_detector
        self.threshold = threshold
        self.severity = Severity(severity)
        self._detectors: dict[tuple[str, str, str], Detector] = {}
        self._scores: dict[tuple[str, str, str], float] = {}

    def check_one(self, reading: Reading) -> bool | None:
        """Score, decide, and learn from the reading when it is not anomalous."""
        key = (reading.member, reading.resource, reading.signal)
        detector = self._detectors.get(key) or self._detectors.setdefault(key, self.make_detector())
        x = {reading.signal: reading.value}
        score = detector.score_one(x)
        self._scores[key] = score
        anomalous = score >= self.threshold
        if not anomalous:
            detector.learn_one(x)
        return anomalous

    def describe(self, reading: Reading) -> str:
        """The message of an alarm this rule raises."""
        score = self._scores.get((reading.member, reading.resource, reading.signal), float("nan"))
        return f"{reading.signal} {reading.value:g} anomalous (score {score:.3g} >= {self.threshold:g}, {self.name})"


class MachineRule:
    """All signals of a machine together: readings of one resource that share a timestamp
    (as one multi-signal message delivers them) form a row for a machine-level detector
    (``MachineDetector`` by default); the row is abnormal when its score >= ``threshold``.
    Conditions are reported under the signal ``MACHINE``."""

    def __init__(
        self,
        name: str,
        signal: str = "*",
        make_detector: Callable[[], Detector] | None = None,
        threshold: float = 6.0,
        *,
        severity: Severity | str = Severity.MAJOR,
    ) -> None:
        self.name = name
        self.signal = signal
        self.make_detector = make_detector or MachineDetector
        self.threshold = threshold
        self.severity = Severity(severity)
        self._detectors: dict[tuple[str, str], Detector] = {}

    def score_many(self, readings: Iterable[Reading]) -> list[Reading]:
        """One reading per (member, resource, ts) row, signal ``MACHINE``, value = its score;
        learns each row that is not abnormal."""
        rows: dict[tuple[str, str, datetime], dict[str, float]] = {}
        for r in readings:
            if fnmatchcase(r.signal, self.signal):
                rows.setdefault((r.member, r.resource, r.ts), {})[r.signal] = r.value
        out = []
        for (member, resource, ts), x in rows.items():
            detector = self._detectors.get((member, resource)) or self._detectors.setdefault(
                (member, resource), self.make_detector()
            )
            score = detector.score_one(x)
            if score < self.threshold:
                detector.learn_one(x)
            out.append(Reading(member, resource, MACHINE, ts, score))
        return out

    def check_one(self, scored: Reading) -> bool:
        """Whether a row's score (from ``score_many``) is abnormal."""
        return scored.value >= self.threshold

    def describe(self, scored: Reading) -> str:
        """The message of an alarm this rule raises."""
        return f"machine {scored.resource} anomalous (score {scored.value:.3g} >= {self.threshold:g}, {self.name})"


Rule = ThresholdRule | DetectorRule | MachineRule


@dataclass
class _Track:
    abnormal: int = 0
    normal: int = 0
    active: bool = False


@dataclass
class AlarmRules:
    """Rules over a stream of readings (see module doc); not thread-safe."""

    rules: list[Rule]
    raise_after: int = 1
    clear_after: int = 3
    _tracks: dict[tuple[str, str, str, str], _Track] = field(default_factory=dict, repr=False)

    def evaluate_many(self, readings: Iterable[Reading]) -> list[Condition | Ended]:
        """Conditions that began and ended in these readings, in time order per signal."""
        out: list[Condition | Ended] = []
        ordered = sorted(readings, key=lambda r: r.ts)
        per_signal = [rule for rule in self.rules if not isinstance(rule, MachineRule)]
        matching: dict[str, list[Rule]] = {}  # signal -> its rules, matched once per batch
        for reading in ordered:
            rules = matching.get(reading.signal)
            if rules is None:
                rules = matching[reading.signal] = [r for r in per_signal if fnmatchcase(reading.signal, r.signal)]
            for rule in rules:
                change = self._step(rule, reading)
                if change is not None:
                    out.append(change)
        for rule in self.rules:
            if isinstance(rule, MachineRule):
                out += self._changes(rule, rule.score_many(ordered))
        return out

    def _changes(self, rule: Rule, readings: Iterable[Reading]) -> list[Condition | Ended]:
        changes = (self._step(rule, r) for r in readings)
        return [c for c in changes if c is not None]

    def forget_edges(self) -> None:
        """Forget which conditions are on (after learning from history); detectors keep what they learned."""
        self._tracks.clear()

    def _step(self, rule: Rule, r: Reading) -> Condition | Ended | None:
        key = (r.member, r.resource, r.signal, rule.name)  # as dedup_key, without joining a string per step
        track = self._tracks.get(key)
        if track is None:
            track = self._tracks[key] = _Track()
        verdict = rule.check_one(r)
        if verdict is None:
            return None
        track.abnormal, track.normal = (track.abnormal + 1, 0) if verdict else (0, track.normal + 1)
        if verdict and not track.active and track.abnormal >= self.raise_after:
            track.active = True
            return Condition(r.member, r.resource, r.signal, rule.name, rule.severity, r.value, r.ts, rule.describe(r))
        if not verdict and track.active and track.normal >= self.clear_after:
            track.active = False
            return Ended(r.member, r.resource, r.signal, rule.name, r.ts)
        return None


def default_rules() -> AlarmRules:
    """The platform's rules when none are configured (``rule_config.DEFAULT_CONFIG``): a robust
    z-score of 6 or more on any signal and a stuck-sensor rule, 3 readings in a row to raise,
    12 back to normal to end."""
    from .rule_config import DEFAULT_CONFIG, rules_from_config

    return rules_from_config(DEFAULT_CONFIG)
