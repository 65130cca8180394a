"""Shared by the quality benchmarks: locating the data folder and scoring a classifier on
repeated time-ordered (expanding-window) splits beside LightGBM's defaults, per split and on
the pooled out-of-time predictions of all splits."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import lightgbm as lgb
import numpy as np
import pandas as pd

from onefactory.quality.predict import (
    DefectRiskModel,
    balanced_accuracy,
    best_f1_threshold,
    bootstrap_ci,
    chance_band,
    f1,
    mean_ci,
    roc_auc,
)

from ._monitor_data import data_folder as monitor_data_folder


def data_folder(data: str | None, dataset: str, needed: str) -> Path:
    """``data`` (the dataset's folder or the one above it) or ``<repo>/../shared/data/<dataset>``;
    refuses a folder without ``needed``."""
    return monitor_data_folder(dataset, data, needed)


def expanding_folds(n_rows: int, n_splits: int) -> list[tuple[int, int, int]]:
    """(train end, test start, test end) of ``n_splits`` expanding windows over ``n_splits + 1`` blocks.

    >>> expanding_folds(12, 3)
    [(3, 3, 6), (6, 6, 9), (9, 9, 12)]
    """
    bounds = np.linspace(0, n_rows, n_splits + 2).astype(int)
    return [(int(bounds[k]), int(bounds[k]), int(bounds[k + 1])) for k in range(1, n_splits + 1)]


@dataclass
class FoldScores:
    """Per-fold measurements of the product and of the LightGBM defaults."""

    f1: list[float] = field(default_factory=list)
    balanced_accuracy: list[float] = field(default_factory=list)
    roc_auc: list[float] = field(default_factory=list)
    default_f1: list[float] = field(default_factory=list)
    fit_s: float = 0.0
    default_fit_s: float = 0.0
    positives: list[int] = field(default_factory=list)
    tested: list[int] = field(default_factory=list)
    truth: list[np.ndarray] = field(default_factory=list)
    predicted: list[np.ndarray] = field(default_factory=list)
    risk: list[np.ndarray] = field(default_factory=list)


def score_fold(
    make_model: Callable[[], DefectRiskModel],
    train: tuple[pd.DataFrame, np.ndarray],
    test: tuple[pd.DataFrame, np.ndarray],
    scores: FoldScores,
) -> DefectRiskModel:
    """Fit the product and LightGBM's defaults on ``train``, score both on ``test``; returns the
    fitted product model."""
    x_train, y_train = train
    x_test, y_test = test
    started = time.perf_counter()
    model = make_model().fit(x_train, y_train)
    scores.fit_s += time.perf_counter() - started
    risk = model.predict_proba(x_test)[:, 1]
    predicted = (risk >= model.threshold_).astype(int)
    started = time.perf_counter()
    default = lgb.LGBMClassifier(verbose=-1).fit(x_train.to_numpy(dtype=float), y_train)
    scores.default_fit_s += time.perf_counter() - started
    scores.default_f1.append(f1(y_test, default.predict(x_test.to_numpy(dtype=float))))
    scores.f1.append(f1(y_test, predicted))
    scores.balanced_accuracy.append(balanced_accuracy(y_test, predicted))
    scores.roc_auc.append(roc_auc(y_test, risk))
    scores.positives.append(int(y_test.sum()))
    scores.tested.append(int(y_test.size))
    scores.truth.append(np.asarray(y_test))
    scores.predicted.append(predicted)
    scores.risk.append(risk)
    return model


MIN_SPLITS_FOR_CI = 5
"""Fewer splits than this leave a Student-t interval over splits too wide to mean anything."""


def split_ci(values: list[float]) -> tuple[float, list[float]]:
    """Mean over splits of a score in [0, 1] and its 95% Student-t interval, clipped to [0, 1].

    >>> split_ci([0.0, 0.9])
    (0.45, [0.0, 1.0])
    """
    mean, low, high = mean_ci(values)
    return mean, [round(max(low, 0.0), 4), round(min(high, 1.0), 4)]


def split_ci_note(n_splits: int) -> dict[str, Any]:
    """Whether the intervals over splits (every ``*_ci`` without ``pooled``) can be read at all."""
    few = n_splits < MIN_SPLITS_FOR_CI
    note = (
        f"the *_ci over splits rest on {n_splits} splits (fewer than {MIN_SPLITS_FOR_CI}) and say little; "
        "read the *_pooled_ci (row bootstrap)"
        if few
        else f"the *_ci over splits are Student-t intervals over {n_splits} splits, clipped to [0, 1]"
    )
    return {"split_ci_too_few_splits": few, "split_ci_note": note}


def summary(scores: FoldScores) -> dict[str, Any]:
    """Means with 95% Student-t intervals over the folds (clipped to [0, 1], where the scores
    live), and the training-time ratio."""
    out: dict[str, Any] = {}
    for name in ("f1", "balanced_accuracy", "roc_auc", "default_f1"):
        mean, out[f"{name}_ci"] = split_ci(getattr(scores, name))
        out[name] = round(mean, 4)
    out["lightgbm_default_f1"] = out.pop("default_f1")
    out["lightgbm_default_f1_ci"] = out.pop("default_f1_ci")
    out["f1_per_split"] = [round(v, 4) for v in scores.f1]
    out["train_time_ratio_vs_lightgbm"] = (
        round(scores.fit_s / scores.default_fit_s, 2) if scores.default_fit_s else None
    )
    out["splits"] = len(scores.f1)
    out.update(split_ci_note(len(scores.f1)))
    out["test_positives_per_split"] = scores.positives
    out["test_rows_per_split"] = scores.tested
    return out


def pooled_summary(scores: FoldScores, seed: int) -> dict[str, Any]:
    """F1, balanced accuracy and ROC-AUC of all splits' out-of-time predictions taken together,
    with row-bootstrap 95% intervals, beside the F1 of flagging every scored lot (the chance level).

    Each prediction still comes from a model trained only on earlier rows, with its threshold
    chosen there; pooling only changes how the counts are summed. With a handful of fails per
    split, a split without a true positive scores 0 and the per-split mean is biased down."""
    truth = np.concatenate(scores.truth)
    out = pooled_scores(truth, np.concatenate(scores.predicted), np.concatenate(scores.risk), seed)
    out["f1_flag_every_lot"] = round(f1(truth, np.ones_like(truth)), 4)
    return out


def pooled_scores(truth: np.ndarray, predicted: np.ndarray, risk: np.ndarray, seed: int) -> dict[str, Any]:
    """Pooled out-of-time scores of one classifier: F1 and balanced accuracy of its decisions,
    ROC-AUC of its risk scores, each with a row-bootstrap 95% interval, and two guides to reading
    them: the ROC-AUC band that shuffled labels reach on these rows (no signal), and the best F1
    any single threshold on the pooled risk could reach if it were chosen on the test rows
    themselves (hindsight, an upper bound for threshold tuning, not a result)."""
    rng = np.random.default_rng(seed)
    out: dict[str, Any] = {}
    for name, metric, values in (
        ("f1", f1, predicted),
        ("balanced_accuracy", balanced_accuracy, predicted),
        ("roc_auc", roc_auc, risk),
    ):
        low, high = bootstrap_ci(metric, truth, values, rng)
        out[f"{name}_pooled"] = round(metric(truth, values), 4)
        out[f"{name}_pooled_ci"] = [round(low, 4), round(high, 4)]
    out["roc_auc_pooled_chance_band"] = [round(v, 4) for v in chance_band(roc_auc, truth, risk, rng)]
    out["f1_pooled_hindsight_threshold"] = round(best_f1_threshold(truth, risk)[1], 4)
    return out


def chosen(options_value: Any, default: Any) -> Any:
    """An option if given, else the default."""
    return default if options_value is None else options_value
