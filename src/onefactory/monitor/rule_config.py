"""Alarm rules from configuration (pure): a mapping, as read from a JSON or TOML file,
turned into :class:`AlarmRules`, with every bad entry named by rule and field.

The format (TOML shown; JSON has the same keys)::

    raise_after = 3          # abnormal readings in a row to raise
    clear_after = 12         # normal readings in a row to end

    [[rules]]
    name = "press-temp-high"
    signal = "temp_*"        # fnmatch pattern on the signal name
    kind = "threshold"
    above = 80.0
    clear_below = 75.0       # hysteresis: normal again only below 75
    severity = "critical"

    [[rules]]
    name = "robust-z"
    signal = "*"
    kind = "detector"
    detector = "robust"      # robust | shewhart | ewma | cusum | stuck
    threshold = 6.0          # score (z-equivalent) that counts as abnormal
    params = { window = 288, min_samples = 100 }

    [[rules]]
    name = "pump-machine"
    signal = "*"             # the signals that form a machine's row
    kind = "machine"         # all signals of a resource together (MachineDetector)
    threshold = 6.0
    params = { min_samples = 200, shrinkage = 0.1 }

Rules are tried in order and each matching rule tracks its own condition, so a
signal may have a threshold rule and a detector rule at once.

Example:
    >>> rules = rules_from_config(DEFAULT_CONFIG)
    >>> [(r.name, r.signal) for r in rules.rules], rules.raise_after
    ([('robust-z', '*'), ('stuck-sensor', '*')], 3)
    >>> bad = {"rules": [{"name": "x", "signal": "*", "kind": "detector", "detector": "hst"}]}
    >>> rules_from_config(bad)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    onefactory.model.errors.InvalidData: rules[0] ('x'): detector must be one of cusum, ..., got 'hst'
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any

from onefactory.model import InvalidData, Severity

from .cusum import Cusum
from .ewma import Ewma
from .multivariate import MachineDetector
from .robust import RobustDetector
from .rules import AlarmRules, Detector, DetectorRule, MachineRule, Rule, ThresholdRule
from .shewhart import Shewhart
from .stuck import StuckSensor

DETECTORS: dict[str, Callable[..., Detector]] = {
    "cusum": Cusum,
    "ewma": Ewma,
    "robust": RobustDetector,
    "shewhart": Shewhart,
    "stuck": StuckSensor,
}
_THRESHOLD_KEYS = {"name", "signal", "kind", "severity", "above", "below", "clear_below", "clear_above"}
_DETECTOR_KEYS = {"name", "signal", "kind", "severity", "detector", "threshold", "params"}
_MACHINE_KEYS = {"name", "signal", "kind", "severity", "threshold", "params"}

DEFAULT_CONFIG: dict[str, Any] = {
    "raise_after": 3,
    "clear_after": 12,
    "rules": [
        {
            "name": "robust-z",
            "signal": "*",
            "kind": "detector",
            "detector": "robust",
            "threshold": 6.0,
            "severity": "major",
            "params": {"window": 288, "min_samples": 100},
        },
        {
            "name": "stuck-sensor",
            "signal": "*",
            "kind": "detector",
            "detector": "stuck",
            "threshold": 4.0,
            "severity": "minor",
            "params": {"min_run": 600},
        },
    ],
}
"""The platform's rules when none are configured: a robust z-score (rolling median and
MAD over 288 samples) of 6 or more, and a flat line of 600 identical samples."""


def rules_from_config(config: Mapping[str, Any]) -> AlarmRules:
    """Build the rules; InvalidData names the rule (index and name) and the field."""
    unknown = set(config) - {"raise_after", "clear_after", "rules"}
    if unknown:
        raise InvalidData(f"unknown alarm-rules key(s): {', '.join(sorted(unknown))}", field=sorted(unknown)[0])
    entries = config.get("rules")
    if not isinstance(entries, list) or not entries:
        raise InvalidData("alarm rules need a non-empty list 'rules'", field="rules")
    rules = [_rule(i, entry) for i, entry in enumerate(entries)]
    names = [r.name for r in rules]
    if len(set(names)) != len(names):
        raise InvalidData(f"rule names must be unique, got {names}", field="rules")
    return AlarmRules(rules, raise_after=_count(config, "raise_after", 3), clear_after=_count(config, "clear_after", 3))


def _rule(i: int, entry: Any) -> Rule:
    if not isinstance(entry, Mapping):
        raise InvalidData(f"rules[{i}] must be a table/object, got {entry!r}", field=f"rules[{i}]")
    where = f"rules[{i}] ({entry.get('name', '?')!r})"
    kind = entry.get("kind", "threshold")
    allowed = {"threshold": _THRESHOLD_KEYS, "detector": _DETECTOR_KEYS, "machine": _MACHINE_KEYS}.get(kind)
    if allowed is None:
        raise InvalidData(f"{where}: kind must be 'threshold', 'detector' or 'machine', got {kind!r}", field="kind")
    extra = set(entry) - allowed
    if extra:
        raise InvalidData(f"{where}: unknown field(s) {', '.join(sorted(extra))} for a {kind} rule", field="rules")
    name, signal = _text(entry, "name", where), _text(entry, "signal", where)
    severity = _severity(entry, where)
    try:
        if kind == "threshold":
            limits = {k: _number(entry, k, where) for k in ("above", "below", "clear_below", "clear_above")}
            return ThresholdRule(name, signal, severity=severity, **limits)
        if kind == "machine":
            factory = _factory(MachineDetector, "machine", entry)
            return MachineRule(name, signal, factory, _threshold(entry, where), severity=severity)
        return _detector_rule(entry, name, signal, severity, where)
    except InvalidData as exc:
        message = str(exc) if str(exc).startswith(where) else f"{where}: {exc}"
        raise InvalidData(message, field=exc.field) from exc


def _detector_rule(entry: Mapping[str, Any], name: str, signal: str, severity: Severity, where: str) -> DetectorRule:
    detector = entry.get("detector")
    if detector not in DETECTORS:
        raise InvalidData(f"detector must be one of {', '.join(sorted(DETECTORS))}, got {detector!r}", field="detector")
    factory = _factory(DETECTORS[detector], detector, entry)
    return DetectorRule(name, signal, factory, _threshold(entry, where), severity=severity)


def _threshold(entry: Mapping[str, Any], where: str) -> float:
    threshold = _number(entry, "threshold", where)
    if threshold is None or threshold <= 0:
        raise InvalidData(f"threshold must be a number > 0, got {entry.get('threshold')!r}", field="threshold")
    return threshold


def _factory(make: Callable[..., Detector], label: str, entry: Mapping[str, Any]) -> Callable[[], Detector]:
    params = dict(entry.get("params") or {})
    accepted = [n for n in inspect.signature(make).parameters if n != "self"]
    unknown = sorted(set(params) - set(accepted))
    if unknown:
        raise InvalidData(
            f"unknown parameter(s) {', '.join(unknown)} for detector {label!r}; it takes {', '.join(accepted)}",
            field="params",
        )
    for name, value in params.items():
        _check_param(label, name, value)
    return lambda: make(**params)


def _check_param(label: str, name: str, value: Any) -> None:
    """Numbers must be finite and not negative (``lam`` of EWMA in (0, 1]); texts pass to the detector."""
    if isinstance(value, str | Mapping):
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < float("inf"):
        raise InvalidData(f"params.{name} of detector {label!r} must be a number >= 0, got {value!r}", field="params")
    if name == "lam" and not 0 < value <= 1:
        raise InvalidData(f"params.lam of detector {label!r} must be in (0, 1], got {value!r}", field="params")


def _text(entry: Mapping[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InvalidData(f"{where}: {key} must be non-empty text, got {value!r}", field=key)
    return value


def _number(entry: Mapping[str, Any], key: str, where: str) -> float | None:
    value = entry.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise InvalidData(f"{where}: {key} must be a number, got {value!r}", field=key)
    return float(value)


def _severity(entry: Mapping[str, Any], where: str) -> Severity:
    value = entry.get("severity", "major")
    try:
        return Severity(value)
    except ValueError:
        known = ", ".join(s.value for s in Severity)
        raise InvalidData(f"{where}: severity must be one of {known}, got {value!r}", field="severity") from None


def _count(config: Mapping[str, Any], key: str, default: int) -> int:
    value = config.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidData(f"{key} must be a whole number >= 1, got {value!r}", field=key)
    return value
