"""Intervals over splits stay within [0, 1] and say when there are too few splits to read them."""

import numpy as np

from onefactory.bench._quality import FoldScores, split_ci, split_ci_note, summary


def test_interval_over_two_far_apart_splits_is_clipped_to_zero_and_one():
    """Two splits of F1 0.0 and 0.9 gave a Student-t interval of about [-5.27, 6.17]."""
    assert split_ci([0.0, 0.9]) == (0.45, [0.0, 1.0])


def test_summary_flags_intervals_over_fewer_than_five_splits():
    scores = FoldScores(f1=[0.1, 0.3], balanced_accuracy=[0.5, 0.7], roc_auc=[0.4, 0.9], default_f1=[0.0, 0.2])
    scores.positives, scores.tested = [3, 10], [100, 177]
    out = summary(scores)
    assert out["splits"] == 2 and out["split_ci_too_few_splits"] is True
    assert "rest on 2 splits (fewer than 5)" in out["split_ci_note"]
    assert all(0.0 <= v <= 1.0 for key, ci in out.items() if key.endswith("_ci") for v in ci)
    assert out["roc_auc_ci"] == [0.0, 1.0]


def test_five_splits_are_not_flagged():
    assert split_ci_note(5)["split_ci_too_few_splits"] is False
    assert np.isclose(split_ci([0.2] * 5)[0], 0.2)
