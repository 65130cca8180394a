"""Metric code against hand-computed answers."""

import math

import numpy as np
import pytest

from onefactory.bench._quality import FoldScores, expanding_folds, pooled_summary
from onefactory.quality.predict import (
    balanced_accuracy,
    best_f1_threshold,
    bootstrap_ci,
    chance_band,
    f1,
    mean_ci,
    roc_auc,
)


def test_f1_by_hand():
    # tp=2, fp=1, fn=1 -> 2*2 / (4 + 1 + 1)
    assert f1([1, 1, 1, 0, 0], [1, 1, 0, 1, 0]) == pytest.approx(4 / 6)
    assert f1([0, 0], [0, 0]) == 0.0


def test_balanced_accuracy_by_hand():
    # tpr = 2/3, tnr = 1/2
    assert balanced_accuracy([1, 1, 1, 0, 0], [1, 1, 0, 1, 0]) == pytest.approx((2 / 3 + 1 / 2) / 2)


def test_roc_auc_by_hand_with_ties_and_one_class():
    # pairs (pos, neg): (0.8,0.1) win, (0.8,0.4) win, (0.4,0.1) win, (0.4,0.4) tie -> 3.5/4
    assert roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.4, 0.8]) == pytest.approx(0.875)
    assert math.isnan(roc_auc([1, 1], [0.2, 0.3]))


def test_best_threshold_keeps_ties_together():
    # at 0.5 both tied rows are predicted positive: tp=1, fp=1 -> f1 = 2/3 beats 0 positives
    assert best_f1_threshold([1, 0, 0], [0.5, 0.5, 0.1]) == (0.5, pytest.approx(2 / 3))
    assert best_f1_threshold([0, 0], [0.3, 0.2]) == (0.5, 0.0)


def test_mean_ci_by_hand():
    mean, low, high = mean_ci([1.0, 2.0, 3.0])
    half = 4.302652729911275 * 1.0 / math.sqrt(3)  # t(0.975, 2) * sd / sqrt(n)
    assert (mean, low, high) == (2.0, pytest.approx(2 - half), pytest.approx(2 + half))
    assert math.isnan(mean_ci([])[0])


def test_expanding_folds_never_train_on_later_rows():
    folds = expanding_folds(100, 5)
    assert folds[0] == (16, 16, 33) and folds[-1][2] == 100
    assert all(train_end <= start < stop for train_end, start, stop in folds)


def test_bootstrap_ci_is_seeded_and_brackets_the_estimate():
    truth = [1, 1, 1, 0, 0, 0, 0, 0, 1, 0] * 3
    pred = [1, 0, 1, 1, 0, 0, 0, 0, 0, 0] * 3
    first = bootstrap_ci(f1, truth, pred, np.random.default_rng(7))
    assert first == bootstrap_ci(f1, truth, pred, np.random.default_rng(7))
    assert first[0] < f1(truth, pred) < first[1]
    assert all(math.isnan(v) for v in bootstrap_ci(f1, [], [], np.random.default_rng(7)))


def test_pooled_f1_sums_the_counts_of_all_splits():
    """Split one: tp=1, fp=1 (F1 2/3); split two: one missed fail (F1 0), so the mean is 1/3;
    pooled: tp=1, fp=1, fn=1, so F1 = 2 / (2 + 1 + 1).
    Risks: the fail at 0.9 outranks all three passes, the one at 0.3 two of them: AUC 5/6; flagging
    the top three (0.9, 0.6, 0.3) in hindsight gives tp=2, fp=1, fn=0: F1 4/5."""
    scores = FoldScores(
        truth=[np.array([1, 0, 0]), np.array([1, 0])],
        predicted=[np.array([1, 1, 0]), np.array([0, 0])],
        risk=[np.array([0.9, 0.6, 0.1]), np.array([0.3, 0.2])],
    )
    out = pooled_summary(scores, seed=0)
    assert out["f1_pooled"] == pytest.approx(0.5)
    assert out["f1_flag_every_lot"] == pytest.approx(2 * 2 / (2 * 2 + 3), abs=1e-4)
    assert out["f1_pooled_ci"][0] <= out["f1_pooled"] <= out["f1_pooled_ci"][1]
    assert (out["roc_auc_pooled"], out["f1_pooled_hindsight_threshold"]) == (0.8333, 0.8)
    assert out["roc_auc_pooled_ci"][0] <= out["roc_auc_pooled"] <= out["roc_auc_pooled_ci"][1]


def test_chance_band_spans_what_shuffled_labels_reach():
    """One fail among four distinct scores: shuffling puts it at each rank, AUC 0, 1/3, 2/3 or 1."""
    low, high = chance_band(roc_auc, [1, 0, 0, 0], [0.4, 0.3, 0.2, 0.1], np.random.default_rng(3))
    assert (low, high) == (0.0, 1.0)
    assert chance_band(roc_auc, [1, 0, 0, 0], [0.2] * 4, np.random.default_rng(3)) == (0.5, 0.5)  # all tied
    assert all(math.isnan(v) for v in chance_band(roc_auc, [], [], np.random.default_rng(3)))


def test_bootstrap_ci_of_auc_skips_resamples_without_a_fail():
    """With one fail in four rows about a third of the resamples hold no fail (AUC undefined);
    the interval comes from the others instead of turning NaN."""
    low, high = bootstrap_ci(roc_auc, [1, 0, 0, 0], [0.4, 0.3, 0.2, 0.1], np.random.default_rng(0))
    assert (low, high) == (1.0, 1.0)
