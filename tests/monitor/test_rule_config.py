"""Alarm rules from a JSON or TOML file: thresholds per signal, detectors, and clear errors."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from onefactory.model import InvalidData, Reading
from onefactory.monitor.rule_config import rules_from_config
from onefactory.monitor.rules import default_rules
from onefactory.platform import alarm_rules

T0 = datetime(2026, 3, 1, tzinfo=UTC)

TOML = """
raise_after = 2
clear_after = 2

[[rules]]
name = "press-temp-high"
signal = "temp_*"
kind = "threshold"
above = 80.0
clear_below = 75.0
severity = "critical"

[[rules]]
name = "flat"
signal = "pressure"
kind = "detector"
detector = "stuck"
threshold = 4.0
params = { min_run = 5 }
"""


def _readings(signal: str, values: list[float]) -> list[Reading]:
    return [Reading("SUP-KR1", "PRESS-1", signal, T0 + timedelta(seconds=i), v) for i, v in enumerate(values)]


def _events(rules, readings) -> list[tuple[str, str, str, int]]:
    out = rules.evaluate_many(readings)
    return [(type(e).__name__, e.rule, e.signal, int((e.at - T0).total_seconds())) for e in out]


def test_a_toml_file_sets_thresholds_per_signal_with_hysteresis(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text(TOML, encoding="utf-8")
    rules = alarm_rules(path)
    assert [r.name for r in rules.rules] == ["press-temp-high", "flat"]
    temps = _events(rules, _readings("temp_c", [70, 85, 86, 78, 79, 74, 73]))
    # raised on the 2nd reading above 80; 78 and 79 sit in the band; ended on the 2nd below 75
    assert temps == [("Condition", "press-temp-high", "temp_c", 2), ("Ended", "press-temp-high", "temp_c", 6)]
    assert _events(rules, _readings("rpm", [999.0] * 3)) == []  # no rule matches rpm
    flat = _events(rules, _readings("pressure", [5.0] * 8 + [5.1, 5.2]))
    assert flat == [("Condition", "flat", "pressure", 6), ("Ended", "flat", "pressure", 9)]


def test_a_json_file_gives_the_same_rules(tmp_path):
    path = tmp_path / "rules.json"
    config = {"rules": [{"name": "hot", "signal": "temp_c", "kind": "threshold", "above": 80}], "raise_after": 1}
    path.write_text(json.dumps(config), encoding="utf-8")
    assert _events(alarm_rules(path), _readings("temp_c", [79, 81])) == [("Condition", "hot", "temp_c", 1)]


def test_default_rules_raise_one_stuck_alarm_for_a_flat_line_not_a_storm():
    """H053's shape on the live rules: 10,000 identical samples, then a small change."""
    events = _events(default_rules(), _readings("temp_c", [20.0] * 10000 + [20.1] * 20))
    # the run reaches 600 identical samples at index 600; three in a row raise; 12 normal end it
    assert events == [("Condition", "stuck-sensor", "temp_c", 602), ("Ended", "stuck-sensor", "temp_c", 10011)]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"rules": []}, "non-empty list 'rules'"),
        ({"rules": [{"name": "a", "signal": "*", "kind": "magic"}]}, "rules[0] ('a'): kind must be"),
        (
            {"rules": [{"name": "a", "signal": "*", "above": "hot"}]},
            "rules[0] ('a'): above must be a number, got 'hot'",
        ),
        ({"rules": [{"name": "a", "signal": "*"}]}, "rules[0] ('a'): threshold rule 'a' needs 'above' or 'below'"),
        ({"rules": [{"name": "a", "signal": "", "above": 1}]}, "signal must be non-empty text"),
        ({"rules": [{"name": "a", "signal": "*", "above": 1, "limit": 2}]}, "unknown field(s) limit"),
        ({"rules": [{"name": "a", "signal": "*", "above": 1, "severity": "fatal"}]}, "severity must be one of"),
        (
            {"rules": [{"name": "d", "signal": "*", "kind": "detector", "detector": "robust", "threshold": 0}]},
            "threshold must be a number > 0",
        ),
        (
            {
                "rules": [
                    {
                        "name": "d",
                        "signal": "*",
                        "kind": "detector",
                        "detector": "robust",
                        "threshold": 3,
                        "params": {"windw": 5},
                    }
                ]
            },
            "unknown parameter(s) windw for detector 'robust'; it takes window, min_samples, rel_floor",
        ),
        (
            {
                "rules": [
                    {
                        "name": "e",
                        "signal": "*",
                        "kind": "detector",
                        "detector": "ewma",
                        "threshold": 3,
                        "params": {"lam": 5.0},
                    }
                ]
            },
            "rules[0] ('e'): params.lam of detector 'ewma' must be in (0, 1], got 5.0",
        ),
        (
            {
                "rules": [
                    {
                        "name": "e",
                        "signal": "*",
                        "kind": "detector",
                        "detector": "robust",
                        "threshold": 3,
                        "params": {"window": -5},
                    }
                ]
            },
            "params.window of detector 'robust' must be a number >= 0, got -5",
        ),
        ({"rules": [{"name": "a", "signal": "*", "above": 1}] * 2}, "rule names must be unique"),
        ({"rules": [{"name": "a", "signal": "*", "above": 1}], "raise_after": 0}, "raise_after must be a whole number"),
        ({"rules": [{"name": "a", "signal": "*", "above": 1}], "rulez": 1}, "unknown alarm-rules key(s): rulez"),
    ],
)
def test_a_bad_rule_is_refused_naming_the_rule_and_field(config, message):
    with pytest.raises(InvalidData) as caught:
        rules_from_config(config)
    assert message in str(caught.value)
    assert str(caught.value).count("rules[0]") <= 1  # the rule is named once, not once per layer


def test_an_unreadable_rules_file_names_the_file(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text("rules = [", encoding="utf-8")
    with pytest.raises(InvalidData, match=r"alarm rules file .*rules.toml"):
        alarm_rules(path)
    with pytest.raises(InvalidData, match=r"alarm rules file .*missing.json"):
        alarm_rules(tmp_path / "missing.json")


def test_a_machine_rule_sees_a_broken_correlation_no_single_signal_shows():
    """Temperature and motor current move together; at row 400 the current stays within its
    own normal range but leaves the temperature it belongs to: one machine alarm."""
    import math

    config = {"raise_after": 2, "clear_after": 5, "rules": [
        {"name": "pump", "signal": "*", "kind": "machine", "threshold": 6.0, "params": {"min_samples": 100, "shrinkage": 0.01}},
        {"name": "robust-z", "signal": "*", "kind": "detector", "detector": "robust", "threshold": 6.0,
         "params": {"window": 200, "min_samples": 100}},
    ]}  # fmt: skip
    readings = []
    for i in range(500):
        temp = 60 + 5 * math.sin(2 * math.pi * i / 50) + 0.05 * math.sin(i * 1.7)
        current = 2 * (temp - 60) + 10 + 0.05 * math.cos(i * 2.3)
        if 400 <= i < 420:
            current = 20 - current  # mirrored: same range, opposite phase
        ts = T0 + timedelta(seconds=i)
        readings += [
            Reading("SUP-KR1", "PUMP-1", "temp_c", ts, temp),
            Reading("SUP-KR1", "PUMP-1", "current_a", ts, current),
        ]
    events = _events(rules_from_config(config), readings)
    assert [e[:3] for e in events] == [("Condition", "pump", "_machine"), ("Ended", "pump", "_machine")]
    assert 400 <= events[0][3] <= 405 and 420 <= events[1][3] <= 430
