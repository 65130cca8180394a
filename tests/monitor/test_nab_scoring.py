"""The NAB scorer against hand-computed answers, and its sweep against point scoring."""

from __future__ import annotations

import math

import numpy as np
import pytest

from onefactory.monitor.nab_scoring import (
    PROFILES,
    best_threshold,
    layout,
    normalise,
    probation_length,
    scaled_sigmoid,
    score_file,
    sweep,
)

STANDARD = PROFILES["standard"]


def sig(y: float) -> float:
    return 2 / (1 + math.exp(5 * y)) - 1


def test_probation_is_15_percent_capped_at_750():
    assert probation_length(4032) == 604
    assert probation_length(22695) == 750
    assert probation_length(10) == 1


def test_scaled_sigmoid_values():
    assert scaled_sigmoid(np.array([-1.0]))[0] == pytest.approx(0.98661, abs=1e-5)
    assert scaled_sigmoid(np.array([0.0]))[0] == 0.0
    assert scaled_sigmoid(np.array([3.01]))[0] == -1.0


def test_first_detection_in_a_window_earns_its_position():
    # 100 records, probation 15, one window at records 40..49 (width 10)
    lay = layout(100, [(40, 49)], STANDARD)
    scores = np.zeros(100)
    scores[[42, 45]] = 1.0  # two detections in the window: only the earlier counts
    result = score_file(scores, lay, 0.5, STANDARD)
    expected = sig(-(49 - 42 + 1) / 10) / sig(-1.0)
    assert result.score == pytest.approx(expected)
    assert (result.tp, result.fp, result.fn) == (2, 0, 8)


def test_false_positives_cost_more_far_from_a_window():
    lay = layout(100, [(40, 49)], STANDARD)
    before, just_after, far_after = np.zeros(100), np.zeros(100), np.zeros(100)
    before[20] = just_after[50] = far_after[90] = 1.0
    assert score_file(before, lay, 0.5, STANDARD).score == pytest.approx(-0.11 - 1.0)
    assert score_file(just_after, lay, 0.5, STANDARD).score == pytest.approx(0.11 * sig(1 / 9) - 1.0)
    assert score_file(far_after, lay, 0.5, STANDARD).score == pytest.approx(-0.11 - 1.0)  # 41/9 > 3 widths


def test_detections_in_the_probationary_period_are_ignored():
    lay = layout(100, [(40, 49)], STANDARD)
    scores = np.zeros(100)
    scores[5] = 1.0
    assert score_file(scores, lay, 0.5, STANDARD).score == -1.0


def test_normalise_null_and_perfect():
    assert normalise(-85.0, 85, STANDARD) == 0.0
    assert normalise(85.0, 85, STANDARD) == 100.0
    assert normalise(-170.0, 85, PROFILES["reward_low_FN_rate"]) == 0.0


def test_sweep_equals_scoring_at_each_threshold():
    rng = np.random.default_rng(0)
    scores = rng.random(300)
    lay = layout(300, [(100, 119), (200, 239)], STANDARD)
    thresholds = np.array([0.2, 0.5, 0.9, 0.99, 1.1])
    swept = sweep(scores, lay, thresholds, STANDARD)
    for t, value in zip(thresholds, swept, strict=True):
        assert value == pytest.approx(score_file(scores, lay, t, STANDARD).score)


def test_best_threshold_picks_the_corpus_maximum():
    lay = layout(100, [(60, 69)], STANDARD)
    scores = np.zeros(100)
    scores[60], scores[30] = 0.8, 0.9  # threshold 0.8 finds the window and one FP; 0.85 only the FP
    threshold, total = best_threshold({"f": (scores, lay)}, STANDARD)
    assert threshold == pytest.approx(0.8)
    assert total == pytest.approx(1.0 - 0.11)
