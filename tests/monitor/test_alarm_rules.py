"""Alarm rules over a stream: edges, hysteresis, bursts, and a real detector."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from onefactory.model import InvalidData, Reading
from onefactory.monitor.alarms import Condition
from onefactory.monitor.robust import RobustDetector
from onefactory.monitor.rules import AlarmRules, DetectorRule, Ended, ThresholdRule
from onefactory.monitor.stuck import StuckSensor

T0 = datetime(2026, 6, 1, 9, tzinfo=UTC)


def stream(values: list[float], resource: str = "M-1", signal: str = "temp_c") -> list[Reading]:
    return [Reading("SUP-KR1", resource, signal, T0 + timedelta(seconds=i), v) for i, v in enumerate(values)]


def test_a_burst_is_one_condition_and_hysteresis_holds_it():
    rules = AlarmRules([ThresholdRule("temp-high", "temp_c", above=100, clear_below=90)], clear_after=2)
    out = rules.evaluate_many(stream([80, 150, 150, 95, 150, 150, 89, 88, 150]))
    assert [(type(x).__name__, x.at.second) for x in out] == [("Condition", 1), ("Ended", 7), ("Condition", 8)]
    first = out[0]
    assert isinstance(first, Condition)
    assert (first.key, first.value, first.message) == (
        "SUP-KR1/M-1/temp_c/temp-high",
        150,
        "temp_c 150 > 100 (temp-high)",
    )
    assert isinstance(out[1], Ended) and out[1].key == first.key


def test_raise_after_needs_consecutive_abnormal_readings_per_resource():
    rules = AlarmRules([ThresholdRule("low-pressure", "press*", below=2)], raise_after=3)
    mixed = stream([1, 1, 3, 1, 1], "M-1", "pressure_bar") + stream([1, 1, 1], "M-2", "pressure_bar")
    out = rules.evaluate_many(mixed)
    assert [(x.resource, x.at.second) for x in out] == [("M-2", 2)]


def test_signal_pattern_leaves_other_signals_alone():
    rules = AlarmRules([ThresholdRule("temp-high", "temp_c", above=100)])
    assert rules.evaluate_many(stream([500, 500], signal="speed_rpm")) == []


def test_threshold_rule_needs_a_limit():
    with pytest.raises(InvalidData, match="needs 'above' or 'below'"):
        ThresholdRule("nothing", "temp_c")


def test_detector_rule_raises_on_a_spike_after_learning_and_does_not_learn_it():
    rule = DetectorRule("robust", "*", lambda: RobustDetector(window=100, min_samples=50), threshold=6)
    rules = AlarmRules([rule], raise_after=2, clear_after=3)
    normal = [20.0 + 0.1 * (i % 5) for i in range(80)]
    out = rules.evaluate_many(stream(normal + [35.0] * 10 + normal[:5]))
    kinds = [(type(x).__name__, int((x.at - T0).total_seconds())) for x in out]
    assert kinds == [("Condition", 81), ("Ended", 92)]
    assert "anomalous (score" in out[0].message


def test_rule_names_must_be_unique():
    with pytest.raises(InvalidData, match="rule names must be unique"):
        AlarmRules([ThresholdRule("t", "a", above=1), ThresholdRule("t", "b", above=1)])


def _mixed_stream() -> list[Reading]:
    """Two machines interleaved: noise, a spike burst on M-1, a flat line on M-2, an int value."""
    m1 = [20.0 + 0.1 * (i % 7) for i in range(120)] + [40.0] * 4 + [20.3] * 20
    m2 = [5.0 + 0.05 * (i % 3) for i in range(60)] + [5.0] * 70 + [6, 5.1]
    return [r for pair in zip(stream(m1, "M-1"), stream(m2, "M-2"), strict=False) for r in pair] + stream(m1, "M-1")[
        len(m2) :
    ]


def _live_rules() -> AlarmRules:
    return AlarmRules(
        [
            DetectorRule("robust", "*", lambda: RobustDetector(window=50, min_samples=30), threshold=6),
            DetectorRule("stuck", "*", lambda: StuckSensor(min_run=40), threshold=4),
            ThresholdRule("hot", "temp_c", above=30, clear_below=25),
        ],
        raise_after=2,
        clear_after=3,
    )


def test_a_batch_gives_the_changes_and_messages_of_one_reading_at_a_time():
    readings = _mixed_stream()
    one_by_one, batched = _live_rules(), _live_rules()
    expected = [change for r in readings for change in one_by_one.evaluate_many([r])]
    got = [change for k in range(0, len(readings), 97) for change in batched.evaluate_many(readings[k : k + 97])]
    assert got == expected
    assert [(type(c).__name__, c.resource, c.rule, int((c.at - T0).total_seconds())) for c in got] == [
        ("Condition", "M-2", "stuck", 101),  # the 42nd flat value, the second abnormal one
        ("Condition", "M-1", "robust", 121),
        ("Condition", "M-1", "hot", 121),
        ("Ended", "M-1", "robust", 126),
        ("Ended", "M-1", "hot", 126),
        ("Condition", "M-2", "robust", 131),  # the int 6, then 5.1, off a flat window
    ]
    assert got[1].message == "temp_c 40 anomalous (score 30 >= 6, robust)"


def test_the_latest_abnormal_reading_of_a_condition_that_is_on_is_taken_once():
    rules = AlarmRules([ThresholdRule("temp-high", "temp_c", above=100, clear_below=90)], clear_after=2)
    out = rules.evaluate_many(stream([80, 150, 160, 170, 95]))
    assert [(type(x).__name__, x.at.second) for x in out] == [("Condition", 1)]  # the burst is one condition
    assert [(s.rule, s.at.second, s.value) for s in rules.take_seen()] == [("temp-high", 3, 170)]
    assert rules.take_seen() == []  # taken
    later = [Reading("SUP-KR1", "M-1", "temp_c", T0 + timedelta(seconds=s), v) for s, v in [(5, 96), (6, 180)]]
    assert rules.evaluate_many(later) == []
    assert [(s.at.second, s.value) for s in rules.take_seen()] == [(6, 180)]


def test_the_reading_that_raises_a_condition_is_not_also_seen():
    rules = AlarmRules([ThresholdRule("temp-high", "temp_c", above=100, clear_below=90)])
    rules.evaluate_many(stream([80, 150]))
    assert rules.take_seen() == []
