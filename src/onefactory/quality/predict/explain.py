"""Why a lot got its risk: the features that pushed its prediction most (SHAP values of the booster)."""

from __future__ import annotations

from typing import Any

import numpy as np

from onefactory.model import Driver

from .estimator import DefectRiskModel


def top_drivers(model: DefectRiskModel, X: Any, top: int = 5) -> list[tuple[Driver, ...]]:  # noqa: N803
    """For each row, the ``top`` features by absolute contribution, largest first.

    Contributions are in log-odds of the uncalibrated booster; positive raises the risk.
    A one-class model has no drivers.
    """
    kept, _ = model.kept_matrix(X)
    if model.booster_ is None:
        return [() for _ in range(kept.shape[0])]
    contrib = model.contributions(X)
    order = np.argsort(-np.abs(contrib), axis=1, kind="stable")[:, :top]
    names = model.kept_features_
    return [
        tuple(
            Driver(str(names[j]), None if np.isnan(kept[i, j]) else float(kept[i, j]), float(contrib[i, j]))
            for j in row
            if contrib[i, j] != 0.0
        )
        for i, row in enumerate(order)
    ]
