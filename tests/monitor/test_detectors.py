"""Detectors: SPC rules, cold start, degenerate data, and batch paths equal to the one-record paths."""

from __future__ import annotations

import math

import numpy as np
import pytest

from onefactory.model import InvalidData
from onefactory.monitor import (
    MACHINE,
    ContextDetector,
    Cusum,
    Ensemble,
    Ewma,
    LikelihoodDetector,
    MachineDetector,
    ResonanceDetector,
    RobustDetector,
    Shewhart,
    StuckSensor,
    ThresholdFilter,
    TrailingMean,
    chi2_to_z,
    nelson_rules,
    western_electric_rules,
)


@pytest.mark.parametrize(
    ("zs", "rules"),
    [
        ([0.0, 3.5], [1]),
        ([0.2] * 9, [2]),
        ([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [3]),
        ([(-1) ** i * 0.5 for i in range(14)], [4]),
        ([0.0, 2.5, 2.1], [5]),
        ([1.5, 1.2, 0.5, 1.1, 1.3], [6]),
        ([0.3, 0.2, -0.1, -0.2, 0.4, 0.1, -0.3, -0.1, 0.2, 0.3, -0.2, 0.1, 0.2, -0.4, 0.1], [7]),
        ([0.5, -0.5] * 7, [4]),
        ([1.5, -1.5] * 4, [8]),
    ],
)
def test_nelson_rules_fire_on_their_textbook_patterns(zs, rules):
    assert nelson_rules(zs) == rules


def test_western_electric_rules():
    assert western_electric_rules([0.5] * 8) == [4]
    assert western_electric_rules([1.2, 1.5, 0.2, 1.1, 1.3]) == [3]
    assert western_electric_rules([0.0, -3.2]) == [1]


def stationary(n: int, seed: int = 1) -> np.ndarray:
    return np.random.default_rng(seed).normal(50.0, 1.0, n)


@pytest.mark.parametrize("make", [Shewhart, Ewma, Cusum, RobustDetector])
def test_cold_start_scores_zero_then_flags_a_big_step(make):
    det = make(min_samples=100) if make is RobustDetector else make(baseline=100)
    for i, v in enumerate(stationary(100)):
        assert det.score_one({"x": v}) == 0.0, i
        det.learn_one({"x": v})
    for _ in range(10):
        det.learn_one({"x": 50.0})
    assert det.score_one({"x": 60.0}) >= 3.0


def test_cusum_accumulates_a_small_sustained_shift_that_shewhart_misses():
    cusum, chart = Cusum(baseline=200), Shewhart(baseline=200, rules="none")
    for v in stationary(200):
        cusum.learn_one({"x": v})
        chart.learn_one({"x": v})
    shifted = stationary(30, seed=2) + 1.0
    for v in shifted:
        cusum.learn_one({"x": v})
    assert cusum.score_one({"x": 51.0}) >= 3.0
    assert chart.score_one({"x": 51.0}) < 3.0


@pytest.mark.parametrize(
    "make",
    [Shewhart, Ewma, Cusum, RobustDetector, StuckSensor, LikelihoodDetector, ContextDetector, ResonanceDetector],
)
def test_constant_signal_gives_finite_scores(make):
    det = make()
    scores = []
    for _ in range(1200):
        scores.append(det.score_one({"x": 20.0}))
        det.learn_one({"x": 20.0})
    scores.append(det.score_one({"x": 20.1}))
    assert all(math.isfinite(s) for s in scores)


@pytest.mark.parametrize(
    "make",
    [
        lambda: RobustDetector(min_samples=20),
        lambda: Ewma(baseline=20),
        StuckSensor,
        ContextDetector,
        ResonanceDetector,
    ],
)
def test_batch_path_equals_one_record_path(make):
    values = np.concatenate([stationary(300), [58.0, np.nan, 50.0]])
    one, many = make(), make()
    expected = []
    for v in values:
        expected.append(one.score_one({"x": v}))
        one.learn_one({"x": v})
    got = many.score_many({"x": values}, learn=True)
    assert np.allclose(got, expected)


def test_machine_detector_batch_learning_equals_row_learning():
    rng = np.random.default_rng(3)
    t = rng.normal(60, 1, 400)
    batch = {"temp_c": t, "current_a": t / 10 + rng.normal(0, 0.05, 400)}
    rows, whole = MachineDetector(min_samples=50), MachineDetector(min_samples=50)
    for i in range(400):
        rows.learn_one({k: v[i] for k, v in batch.items()})
    whole.learn_many(batch)
    probe = {"temp_c": [60.0, 61.0], "current_a": [6.0, 5.0]}
    assert np.allclose(rows.score_many(probe), whole.score_many(probe))
    assert whole.score_signals_one({"temp_c": 61.0, "current_a": 5.0})[MACHINE] > 6.0


def test_machine_detector_takes_in_a_late_channel_after_its_warm_up():
    det = MachineDetector(min_samples=50)
    rng = np.random.default_rng(4)
    det.learn_many({"a": rng.normal(0, 1, 100)})
    assert det.signals_ready() == ["a"]
    det.learn_many({"a": rng.normal(0, 1, 49), "b": rng.normal(5, 1, 49)})
    assert det.signals_ready() == ["a"]  # 'b' not yet warm: the old model keeps scoring
    det.learn_one({"a": 0.0, "b": 5.0, "never": None})
    assert det.signals_ready() == ["a", "b"]


def test_chi2_to_z_is_about_the_normal_quantile():
    # chi-square(1) at 9 is |z| = 3 two-sided, about z = 2.75 one-sided upper tail
    assert abs(float(chi2_to_z(np.array([9.0]), 1)[0]) - 2.75) < 0.1
    assert abs(float(chi2_to_z(np.array([8.0]), 8)[0])) < 0.2  # the mean of chi2(8) is near z = 0


def test_trailing_mean_batch_equals_stream():
    values = [1.0, 2.0, float("nan"), 4.0, 8.0]
    one = TrailingMean(3)
    expected = [one.transform_one({"x": v}).get("x", math.nan) for v in values]
    got = TrailingMean(3).transform_many({"x": values})["x"]
    assert np.allclose(got, expected, equal_nan=True)


def test_threshold_filter_rejects_non_positive_thresholds_by_name():
    with pytest.raises(InvalidData, match="'temp_c'"):
        ThresholdFilter(RobustDetector(), thresholds={"temp_c": 0.0})


def test_per_signal_threshold_decides_per_signal():
    alarm = ThresholdFilter(RobustDetector(min_samples=20), threshold=3.0, thresholds={"noisy": 25.0})
    for i in range(50):
        alarm.process_one({"quiet": 10.0 + 0.01 * (i % 5), "noisy": 10.0 + 0.01 * (i % 5)})
    verdict = alarm.process_one({"quiet": 10.2, "noisy": 10.2})
    assert verdict.anomalous == frozenset({"quiet"})


def test_ensemble_isolates_a_member_that_raises():
    class Broken(RobustDetector):
        def score_signals_one(self, x):
            raise ZeroDivisionError("variance is zero")

    ens = Ensemble({"ok": StuckSensor(min_run=2), "broken": Broken()})
    for _ in range(3):
        ens.learn_one({"x": 1.0})
    assert ens.score_signals_one({"x": 1.0}) == {"x": 5.0}
    assert "ZeroDivisionError" in ens.skipped["broken"]
