"""Time-stable feature screening: keep the features whose link with failures points the same way
in every time block of the training window.

Process data drift: a sensor that separates failed from good lots in one month may not in the
next. Ranking each feature by its weakest block, rather than by its pooled strength, favours the
relations that held throughout the window.

>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> labels = np.tile([0, 0, 0, 1], 60)
>>> steady = labels + rng.normal(scale=0.5, size=240)
>>> flips = np.where(np.arange(240) < 120, 1, -1) * labels * 2 + rng.normal(scale=0.5, size=240)
>>> stable_features(np.column_stack([flips, steady]), labels, keep=1, blocks=2).tolist()
[1]
"""

from __future__ import annotations

import numpy as np
from scipy import stats


def _effect(values: np.ndarray, labels: np.ndarray) -> float:
    """ROC-AUC of one feature minus 0.5 on its non-missing rows (0 when a class is absent)."""
    present = ~np.isnan(values)
    truth = labels[present].astype(bool)
    n_pos, n_neg = int(truth.sum()), int((~truth).sum())
    if n_pos == 0 or n_neg == 0:
        return 0.0
    ranks = stats.rankdata(values[present])
    return float((ranks[truth].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)) - 0.5


def stable_features(matrix: np.ndarray, labels: np.ndarray, keep: int, blocks: int) -> np.ndarray:
    """Column indexes of the ``keep`` features with the largest effect in their weakest time block
    (rows are in time order), in column order; all columns when ``keep`` is 0 or not below their count."""
    if keep <= 0 or keep >= matrix.shape[1]:
        return np.arange(matrix.shape[1])
    bounds = np.linspace(0, labels.size, blocks + 1).astype(int)
    spans = zip(bounds[:-1], bounds[1:], strict=True)
    effects = np.array([[_effect(column[a:b], labels[a:b]) for column in matrix.T] for a, b in spans])
    weakest = (effects * np.sign(effects.sum(axis=0))).min(axis=0)
    return np.sort(np.argsort(-weakest, kind="stable")[:keep])
