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
from functools import partial
from typing import Protocol

from onefactory.model import InvalidData, Reading, Severity

from ._univariate import screen_each
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

    def _detector(self, reading: Reading) -> Detector:
        key = (reading.member, reading.resource, reading.signal)
        return self._detectors.get(key) or self._detectors.setdefault(key, self.make_detector())

    def check_one(self, reading: Reading) -> bool | None:
        """Score, decide, and learn from the reading when it is not anomalous."""
        return self.score_many([reading])[0] >= self.threshold

    def score_many(self, series: list[Reading]) -> list[float]:
        """The scores of readings of one series (one member, resource and signal), in order,
        each learned when it is not anomalous, as ``check_one`` one after the other."""
        first = series[0]
        detector = self._detector(first)
        values = [r.value for r in series]
        screen = getattr(detector, "screen_many", None)
        scores = (screen or partial(screen_each, detector))(first.signal, values, self.threshold)
        self._scores[(first.member, first.resource, first.signal)] = scores[-1]
        return scores

    def describe(self, reading: Reading, score: float | None = None) -> str:
        """The message of an alarm this rule raises (``score``: the reading's, else the last one)."""
        if score is None:
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


@dataclass(frozen=True, slots=True)
class Seen:
    """The latest abnormal reading of a condition that is on, after the one that raised it: the
    alarm's ``last_seen`` and ``value`` move on with it (see :meth:`AlarmRules.take_seen`)."""

    member: str
    resource: str
    signal: str
    rule: str
    at: datetime
    value: float


@dataclass
class _Track:
    abnormal: int = 0
    normal: int = 0
    active: bool = False


@dataclass
class AlarmRules:
    """Rules over a stream of readings (see module doc); not thread-safe. Rule names are unique
    (each keeps its own run counts per signal)."""

    rules: list[Rule]
    raise_after: int = 1
    clear_after: int = 3
    _tracks: dict[tuple[str, str, str, str], _Track] = field(default_factory=dict, repr=False)
    _seen: dict[tuple[str, str, str, str], Seen] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        names = [rule.name for rule in self.rules]
        if len(set(names)) != len(names):
            raise InvalidData(f"rule names must be unique, got {names}", field="rules")

    def evaluate_many(self, readings: Iterable[Reading]) -> list[Condition | Ended]:
        """Conditions that began and ended in these readings, in time order per signal."""
        ordered = sorted(readings, key=lambda r: r.ts)
        per_signal = [rule for rule in self.rules if not isinstance(rule, MachineRule)]
        matching: dict[str, list[Rule]] = {}  # signal -> its rules, matched once per batch
        found: list[tuple[int, int, Condition | Ended]] = []  # (reading, rule, change): sorted back to stream order
        for positions, series in _series(ordered).values():
            signal = series[0].signal
            rules = matching.get(signal)
            if rules is None:
                rules = matching[signal] = [r for r in per_signal if fnmatchcase(signal, r.signal)]
            for j, rule in enumerate(rules):
                found += [(positions[i], j, change) for i, change in self._series_changes(rule, series)]
        found.sort(key=lambda f: (f[0], f[1]))
        out = [change for _, _, change in found]
        for rule in self.rules:
            if isinstance(rule, MachineRule):
                out += self._changes(rule, rule.score_many(ordered))
        return out

    def _series_changes(self, rule: Rule, series: list[Reading]) -> list[tuple[int, Condition | Ended]]:
        """Edges of one rule over one series, with the index of the reading that made each."""
        if isinstance(rule, DetectorRule):
            scores = rule.score_many(series)
            verdicts: list[bool | None] = [score >= rule.threshold for score in scores]
            track = self._track(series[0], rule)
            return self._edges(rule, track, series, verdicts, lambda i: rule.describe(series[i], scores[i]))
        verdicts = [rule.check_one(r) for r in series]
        return self._edges(rule, self._track(series[0], rule), series, verdicts, lambda i: rule.describe(series[i]))

    def _track(self, r: Reading, rule: Rule) -> _Track:
        key = (r.member, r.resource, r.signal, rule.name)  # as dedup_key, without joining a string
        track = self._tracks.get(key)
        if track is None:
            track = self._tracks[key] = _Track()
        return track

    def take_seen(self) -> list[Seen]:
        """The latest abnormal reading of each condition that had one since the last call,
        after the reading that raised it (one per condition, not one per reading)."""
        out = list(self._seen.values())
        self._seen.clear()
        return out

    def _edges(
        self,
        rule: Rule,
        track: _Track,
        series: list[Reading],
        verdicts: list[bool | None],
        describe: Callable[[int], str],
    ) -> list[tuple[int, Condition | Ended]]:
        """Step ``track`` through ``verdicts``; a quiet run (all normal, no condition on) is counted at once."""
        if not track.active and True not in verdicts:
            normal = len(verdicts) - verdicts.count(None)
            if normal:
                track.abnormal, track.normal = 0, track.normal + normal
            return []
        out: list[tuple[int, Condition | Ended]] = []
        for i, verdict in enumerate(verdicts):
            if verdict is None:
                continue
            r = series[i]
            track.abnormal, track.normal = (track.abnormal + 1, 0) if verdict else (0, track.normal + 1)
            if verdict and not track.active and track.abnormal >= self.raise_after:
                track.active = True
                message = describe(i)
                condition = Condition(r.member, r.resource, r.signal, rule.name, rule.severity, r.value, r.ts, message)
                out.append((i, condition))
            elif verdict and track.active:
                self._seen[(r.member, r.resource, r.signal, rule.name)] = Seen(
                    r.member, r.resource, r.signal, rule.name, r.ts, r.value
                )
            elif not verdict and track.active and track.normal >= self.clear_after:
                track.active = False
                out.append((i, Ended(r.member, r.resource, r.signal, rule.name, r.ts)))
        return out

    def _changes(self, rule: Rule, readings: Iterable[Reading]) -> list[Condition | Ended]:
        changes = (self._step(rule, r) for r in readings)
        return [c for c in changes if c is not None]

    def forget_edges(self) -> None:
        """Forget which conditions are on (after learning from history); detectors keep what they learned."""
        self._tracks.clear()
        self._seen.clear()

    def _step(self, rule: Rule, r: Reading) -> Condition | Ended | None:
        changes = self._edges(rule, self._track(r, rule), [r], [rule.check_one(r)], lambda _: rule.describe(r))
        return changes[0][1] if changes else None


def _series(ordered: list[Reading]) -> dict[tuple[str, str, str], tuple[list[int], list[Reading]]]:
    """The readings of each (member, resource, signal), in order, with their positions in ``ordered``."""
    out: dict[tuple[str, str, str], tuple[list[int], list[Reading]]] = {}
    for position, r in enumerate(ordered):
        key = (r.member, r.resource, r.signal)
        group = out.get(key)
        if group is None:
            group = out[key] = ([], [])
        group[0].append(position)
        group[1].append(r)
    return out


def default_rules() -> AlarmRules:
    """The platform's rules when none are configured (``rule_config.DEFAULT_CONFIG``): a robust
    z-score of 6 or more on any signal and a stuck-sensor rule, 3 readings in a row to raise,
    12 back to normal to end."""
    from .rule_config import DEFAULT_CONFIG, rules_from_config

    return rules_from_config(DEFAULT_CONFIG)
