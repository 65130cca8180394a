"""UCI's published SECOM baseline as a scikit-learn pipeline, to score beside the product on the
same time-ordered splits.

``secom.names`` describes it: data standardised, constant features removed, the 40 top-ranked
features by a univariate test (F-test: the best row of its table), a kernel ridge classifier, and
per-class rates under 10-fold cross-validation (fail recall about 0.59, pass recall about 0.74).
Missing values, which that description leaves open, get the training window's median (a column
with no value in the window is dropped with the constant ones). The kernel
width and ridge are fixed once: the RBF with ``gamma = 0.1 / features`` and ``alpha = 1`` roughly
reproduces those published rates under shuffled 10-fold CV on the scored rows, so nothing here is
tuned on a time-ordered test block. Every step is fitted inside the training window only."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_selection import SelectKBest, VarianceThreshold, f_classif
from sklearn.impute import SimpleImputer
from sklearn.kernel_ridge import KernelRidge
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from onefactory.model import InvalidData

TOP_FEATURES = 40


class BalancedKernelRidgeClassifier(ClassifierMixin, BaseEstimator):
    """Kernel ridge regression on targets +1 (fail) / -1 (pass) with each class weighing half,
    so that the decision ``score >= 0`` aims at the balanced error rate, as UCI's baseline does.

    >>> x = np.array([[0.0], [0.1], [0.2], [1.0]])
    >>> BalancedKernelRidgeClassifier(gamma_per_feature=1.0).fit(x, [0, 0, 0, 1]).predict(x).tolist()
    [0, 0, 0, 1]
    """

    def __init__(self, alpha: float = 1.0, gamma_per_feature: float = 0.1) -> None:
        self.alpha = alpha
        self.gamma_per_feature = gamma_per_feature

    def fit(self, X: Any, y: Any) -> BalancedKernelRidgeClassifier:  # noqa: N803 - scikit-learn's name
        """Learn from rows ``X`` and outcomes ``y`` (1 = failed); both classes must occur."""
        matrix, labels = np.asarray(X, dtype=float), np.asarray(y).astype(int)
        positives = int(labels.sum())
        if positives in (0, labels.size):
            raise InvalidData(f"kernel ridge baseline needs both classes; got {positives} fails of {labels.size} rows")
        weights = np.where(labels == 1, 0.5 / positives, 0.5 / (labels.size - positives))
        self.classes_ = np.array([0, 1])
        self.ridge_ = KernelRidge(alpha=self.alpha, kernel="rbf", gamma=self.gamma_per_feature / matrix.shape[1])
        self.ridge_.fit(matrix, np.where(labels == 1, 1.0, -1.0), sample_weight=weights * labels.size)
        return self

    def decision_function(self, X: Any) -> np.ndarray:  # noqa: N803
        """Fail score: positive leans towards fail."""
        return np.asarray(self.ridge_.predict(np.asarray(X, dtype=float)))

    def predict(self, X: Any) -> np.ndarray:  # noqa: N803
        """1 where the fail score is at least 0."""
        return (self.decision_function(X) >= 0).astype(int)


def uci_baseline() -> Pipeline:
    """Median imputation, constant columns dropped, standardisation, top 40 features by F-test,
    balanced kernel ridge classifier."""
    return make_pipeline(
        SimpleImputer(strategy="median", keep_empty_features=True),  # an empty column becomes constant: dropped next
        VarianceThreshold(0.0),
        StandardScaler(),
        SelectKBest(f_classif, k=TOP_FEATURES),
        BalancedKernelRidgeClassifier(),
    )
