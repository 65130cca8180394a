"""``DefectRiskModel``: gradient boosting (LightGBM) with probabilities calibrated on a
time-ordered holdout and a decision threshold chosen there, following the scikit-learn contract.

Rows must be in time order (oldest first). The model never looks at later rows to judge earlier
ones: calibration and the threshold come from expanding-window out-of-fold scores inside the
training data, then the booster is refitted on all of it.

>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> x = rng.normal(size=(400, 3))
>>> y = (x[:, 0] + rng.normal(scale=0.5, size=400) > 1.2).astype(int)
>>> model = DefectRiskModel(n_estimators=50).fit(x, y)
>>> p = model.predict_proba(x)[:, 1]
>>> bool(p[x[:, 0] > 2].mean() > p[x[:, 0] < 0].mean())
True
>>> DefectRiskModel().fit(x, np.zeros(400, dtype=int)).one_class_
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import lightgbm as lgb
import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression

from onefactory.model import InvalidData

from ._frames import align, as_labels, as_named_matrix
from .drift import DriftReference
from .metrics import average_precision, best_f1_threshold, roc_auc

BOOSTER_GRID: tuple[dict[str, Any], ...] = (
    {},
    {"num_leaves": 4, "n_estimators": 300, "colsample_bytree": 0.3},
    {"num_leaves": 31, "min_child_samples": 5, "colsample_bytree": 0.8},
    {"learning_rate": 0.1, "n_estimators": 400, "min_child_samples": 3, "colsample_bytree": 1.0, "subsample": 1.0},
    {"num_leaves": 7, "class_weight": "balanced"},
)
"""Booster settings tried by ``candidates=BOOSTER_GRID``: the defaults, shallow and sparse, deeper,
faster and unsampled, and class-balanced. One fixed grid for every data set."""


@dataclass(frozen=True, slots=True)
class RiskScores:
    """Defect probabilities of some lots, and what was wrong with the input (e.g. missing columns)."""

    risk: np.ndarray
    warnings: tuple[str, ...]


class DefectRiskModel(ClassifierMixin, BaseEstimator):
    """Probability that a lot fails inspection, from its process features."""

    def __init__(
        self,
        n_estimators: int = 200,
        learning_rate: float = 0.05,
        num_leaves: int = 15,
        min_child_samples: int = 10,
        subsample: float = 0.8,
        colsample_bytree: float = 0.5,
        reg_lambda: float = 1.0,
        calibration: str = "isotonic",
        inner_splits: int = 3,
        candidates: tuple[dict[str, Any], ...] = (),
        random_state: int = 0,
    ) -> None:
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.num_leaves = num_leaves
        self.min_child_samples = min_child_samples
        self.subsample = subsample
        self.colsample_bytree = colsample_bytree
        self.reg_lambda = reg_lambda
        self.calibration = calibration
        self.inner_splits = inner_splits
        self.candidates = candidates
        self.random_state = random_state

    def fit(self, X: Any, y: Any) -> DefectRiskModel:  # noqa: N803 - scikit-learn's name
        """Learn from time-ordered rows ``X`` and outcomes ``y`` (1 = failed)."""
        if self.calibration not in ("isotonic", "sigmoid", "none"):
            raise InvalidData(f"calibration must be isotonic, sigmoid or none, got {self.calibration!r}")
        names, matrix = as_named_matrix(X)
        labels = as_labels(y, matrix.shape[0])
        empty = np.isnan(matrix).all(axis=0) if matrix.shape[0] else np.ones(matrix.shape[1], bool)
        self.feature_names_in_ = names
        self.n_features_in_ = names.size
        self.kept_features_, self.dropped_features_ = names[~empty], names[empty]
        self.classes_ = np.array([0, 1])
        self.n_rows_, self.positives_ = int(labels.size), int(labels.sum())
        self.base_rate_ = float(labels.mean()) if labels.size else 0.0
        self.warnings_ = [
            f"feature {n!r} has no values in the training window; dropped" for n in self.dropped_features_
        ]
        self.booster_: lgb.LGBMClassifier | None = None
        self.calibrator_: Any = None
        self.threshold_ = 0.5
        self.validation_: dict[str, float] = {}
        self.one_class_ = len(set(labels.tolist())) < 2 or self.kept_features_.size == 0
        if self.one_class_:
            why = "no usable feature" if self.kept_features_.size == 0 else "only one class in training window"
            self.warnings_.append(f"{why}; predicting the base rate {self.base_rate_:.3f}")
        else:
            self._fit_two_class(matrix[:, ~empty], labels)
        self.drift_reference_ = DriftReference.from_sample(
            [str(n) for n in self.kept_features_], matrix[:, ~empty], self._risk(matrix[:, ~empty])
        )
        return self

    def _fit_two_class(self, matrix: np.ndarray, labels: np.ndarray) -> None:
        if min(self.positives_, self.n_rows_ - self.positives_) < 5:
            self.warnings_.append(f"imbalanced window: {self.positives_} failed of {self.n_rows_} lots")
        self.chosen_params_, raw, truth = self._tune(matrix, labels)
        self.booster_ = self._booster(self.chosen_params_).fit(matrix, labels)
        if truth.size and 0 < truth.sum() < truth.size:
            self.calibrator_ = self._calibrator(raw, truth)
            calibrated = self._calibrate(raw)
            self.threshold_, best = best_f1_threshold(truth, calibrated)
            self.validation_ = {"f1": best, "roc_auc": roc_auc(truth, calibrated), "rows": float(truth.size)}
        else:
            self.warnings_.append("no failed lot in the time-ordered validation slices; probabilities not calibrated")

    def _tune(self, matrix: np.ndarray, labels: np.ndarray) -> tuple[dict[str, Any], np.ndarray, np.ndarray]:
        """The candidate booster settings with the best out-of-fold average precision (the
        constructor's own settings when no candidates are given), with its out-of-fold scores."""
        best: tuple[float, dict[str, Any], np.ndarray, np.ndarray] | None = None
        for overrides in self.candidates or ({},):
            raw, truth = self._out_of_fold(matrix, labels, overrides)
            quality = average_precision(truth, raw) if truth.size and 0 < truth.sum() < truth.size else -1.0
            if best is None or quality > best[0]:
                best = (quality, dict(overrides), raw, truth)
        assert best is not None
        return best[1], best[2], best[3]

    def _booster(self, overrides: dict[str, Any] | None = None) -> lgb.LGBMClassifier:
        params: dict[str, Any] = dict(
            n_estimators=self.n_estimators,
            learning_rate=self.learning_rate,
            num_leaves=self.num_leaves,
            min_child_samples=self.min_child_samples,
            subsample=self.subsample,
            subsample_freq=1,
            colsample_bytree=self.colsample_bytree,
            reg_lambda=self.reg_lambda,
            random_state=self.random_state,
            n_jobs=1,
            verbose=-1,
        )
        return lgb.LGBMClassifier(**{**params, **(overrides or {})})

    def _out_of_fold(
        self, matrix: np.ndarray, labels: np.ndarray, overrides: dict[str, Any]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Raw scores of each later block from a booster trained on the blocks before it."""
        bounds = np.linspace(0, labels.size, self.inner_splits + 2).astype(int)
        scores, truths = [], []
        for cut, stop in zip(bounds[1:-1], bounds[2:], strict=True):
            if len(set(labels[:cut].tolist())) < 2 or stop <= cut:
                continue
            booster = self._booster(overrides).fit(matrix[:cut], labels[:cut])
            scores.append(booster.predict(matrix[cut:stop], raw_score=True))
            truths.append(labels[cut:stop])
        if not scores:
            return np.zeros(0), np.zeros(0, dtype=int)
        return np.concatenate(scores), np.concatenate(truths)

    def _calibrator(self, raw: np.ndarray, truth: np.ndarray) -> Any:
        if self.calibration == "isotonic":
            return IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(raw, truth)
        if self.calibration == "sigmoid":
            return LogisticRegression(C=1e6).fit(raw.reshape(-1, 1), truth)
        return None

    def _calibrate(self, raw: np.ndarray) -> np.ndarray:
        if isinstance(self.calibrator_, IsotonicRegression):
            return np.clip(self.calibrator_.predict(raw), 0.0, 1.0)
        if isinstance(self.calibrator_, LogisticRegression):
            return self.calibrator_.predict_proba(raw.reshape(-1, 1))[:, 1]
        return 1.0 / (1.0 + np.exp(-raw))

    def _risk(self, kept: np.ndarray) -> np.ndarray:
        if self.booster_ is None:
            return np.full(kept.shape[0], self.base_rate_)
        return self._calibrate(self.booster_.predict(kept, raw_score=True))

    def kept_matrix(self, X: Any) -> tuple[np.ndarray, list[str]]:  # noqa: N803
        """The columns the booster uses, in its order, and warnings about missing input columns."""
        matrix, warnings = align(X, self.feature_names_in_)
        keep = np.isin(self.feature_names_in_, self.kept_features_)
        return matrix[:, keep], warnings

    def risk(self, X: Any) -> RiskScores:  # noqa: N803
        """Defect probability of each row, with warnings (missing columns, one-class model)."""
        kept, warnings = self.kept_matrix(X)
        if self.one_class_:
            warnings.append(f"model trained on one class; every lot gets the base rate {self.base_rate_:.3f}")
        return RiskScores(self._risk(kept), tuple(warnings))

    def predict_proba(self, X: Any) -> np.ndarray:  # noqa: N803
        """Columns: probability of pass, probability of fail."""
        fail = self.risk(X).risk
        return np.column_stack([1.0 - fail, fail])

    def predict(self, X: Any) -> np.ndarray:  # noqa: N803
        """1 where the fail probability reaches the validated threshold."""
        return (self.predict_proba(X)[:, 1] >= self.threshold_).astype(int)

    def contributions(self, X: Any) -> np.ndarray:  # noqa: N803
        """Per-row SHAP contributions (log-odds) of the kept features; zeros for a one-class model."""
        kept, _ = self.kept_matrix(X)
        if self.booster_ is None:
            return np.zeros_like(kept)
        return np.asarray(self.booster_.predict(kept, pred_contrib=True))[:, :-1]
