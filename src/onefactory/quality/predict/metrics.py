"""Binary classification metrics and confidence intervals, in plain numpy.

>>> f1([1, 0, 1, 1], [1, 0, 0, 1])
0.8
>>> roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
0.75
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats


def _counts(y_true: ArrayLike, y_pred: ArrayLike) -> tuple[int, int, int, int]:
    truth = np.asarray(y_true).astype(bool)
    pred = np.asarray(y_pred).astype(bool)
    tp = int(np.sum(truth & pred))
    fp = int(np.sum(~truth & pred))
    fn = int(np.sum(truth & ~pred))
    return tp, fp, fn, int(truth.size - tp - fp - fn)


def f1(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """F1 of the positive class; 0.0 when there is no positive in truth or prediction."""
    tp, fp, fn, _ = _counts(y_true, y_pred)
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def balanced_accuracy(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Mean of the true-positive and true-negative rates (a missing class counts as rate 0)."""
    tp, fp, fn, tn = _counts(y_true, y_pred)
    tpr = tp / (tp + fn) if tp + fn else 0.0
    tnr = tn / (tn + fp) if tn + fp else 0.0
    return (tpr + tnr) / 2


def roc_auc(y_true: ArrayLike, score: ArrayLike) -> float:
    """Area under the ROC curve (Mann-Whitney, ties count half); NaN with one class only."""
    truth = np.asarray(y_true).astype(bool)
    ranks = stats.rankdata(np.asarray(score, dtype=float))
    n_pos, n_neg = int(truth.sum()), int((~truth).sum())
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    return float((ranks[truth].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def average_precision(y_true: ArrayLike, score: ArrayLike) -> float:
    """Area under the precision-recall curve as a step sum over the distinct scores (NaN without positives).

    >>> average_precision([0, 1, 0, 1], [0.1, 0.9, 0.3, 0.6])
    1.0
    """
    truth = np.asarray(y_true).astype(bool)
    values = np.asarray(score, dtype=float)
    if truth.sum() == 0:
        return float("nan")
    order = np.argsort(-values, kind="stable")
    sorted_scores, hits = values[order], truth[order]
    last_of_tie = np.r_[sorted_scores[1:] != sorted_scores[:-1], True]
    tp = np.cumsum(hits)[last_of_tie]
    precision = tp / (np.flatnonzero(last_of_tie) + 1)
    recall_gain = np.diff(np.r_[0, tp]) / truth.sum()
    return float(np.sum(precision * recall_gain))


def best_f1_threshold(y_true: ArrayLike, score: ArrayLike) -> tuple[float, float]:
    """The score threshold (predict positive when score >= it) with the highest F1, and that F1.

    >>> best_f1_threshold([0, 1, 0, 1], [0.1, 0.9, 0.3, 0.6])
    (0.6, 1.0)
    """
    truth = np.asarray(y_true).astype(bool)
    values = np.asarray(score, dtype=float)
    order = np.argsort(-values, kind="stable")
    sorted_scores, hits = values[order], truth[order]
    tp = np.cumsum(hits)
    predicted = np.arange(1, values.size + 1)
    last_of_tie = np.r_[sorted_scores[1:] != sorted_scores[:-1], True]
    f1s = np.where(last_of_tie, 2 * tp / (predicted + truth.sum()), -1.0)
    if values.size == 0 or truth.sum() == 0:
        return 0.5, 0.0
    best = int(np.argmax(f1s))
    return float(sorted_scores[best]), float(f1s[best])


def mean_ci(values: Sequence[float], level: float = 0.95) -> tuple[float, float, float]:
    """Mean and Student-t confidence interval (low, high) of repeated measurements.

    >>> mean_ci([0.5, 0.5, 0.5])
    (0.5, 0.5, 0.5)
    """
    data = np.asarray([v for v in values if np.isfinite(v)], dtype=float)
    if data.size == 0:
        return float("nan"), float("nan"), float("nan")
    mean = float(data.mean())
    if data.size == 1:
        return mean, mean, mean
    half = float(stats.t.ppf((1 + level) / 2, data.size - 1) * data.std(ddof=1) / np.sqrt(data.size))
    return mean, mean - half, mean + half


def bootstrap_ci(
    metric: Callable[[np.ndarray, np.ndarray], float],
    y_true: ArrayLike,
    y_pred: ArrayLike,
    rng: np.random.Generator,
    replicates: int = 2000,
    level: float = 0.95,
) -> tuple[float, float]:
    """Percentile interval (low, high) of ``metric`` over rows resampled with replacement.

    >>> bootstrap_ci(f1, [1] * 5 + [0] * 5, [1] * 5 + [0] * 5, np.random.default_rng(0))
    (1.0, 1.0)
    """
    truth, pred = np.asarray(y_true), np.asarray(y_pred)
    if truth.size == 0:
        return float("nan"), float("nan")
    picks = rng.integers(0, truth.size, size=(replicates, truth.size))
    return _interval([metric(truth[rows], pred[rows]) for rows in picks], level)  # NaN: a resample of one class


def chance_band(
    metric: Callable[[np.ndarray, np.ndarray], float],
    y_true: ArrayLike,
    score: ArrayLike,
    rng: np.random.Generator,
    replicates: int = 2000,
    level: float = 0.95,
) -> tuple[float, float]:
    """Percentile interval (low, high) of ``metric`` when the labels are shuffled across the rows:
    the range a score without any signal reaches with this many rows and positives.

    >>> chance_band(roc_auc, [1, 0, 0, 0], [0.4, 0.3, 0.2, 0.1], np.random.default_rng(0))
    (0.0, 1.0)
    """
    truth, values = np.asarray(y_true), np.asarray(score, dtype=float)
    if truth.size == 0:
        return float("nan"), float("nan")
    return _interval([metric(rng.permutation(truth), values) for _ in range(replicates)], level)


def _interval(values: list[float], level: float) -> tuple[float, float]:
    """The central ``level`` percentile interval of ``values``, NaN values left out."""
    low, high = np.nanquantile(values, [(1 - level) / 2, (1 + level) / 2])
    return float(low), float(high)
