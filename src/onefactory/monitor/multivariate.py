"""Machine-level detector: Mahalanobis distance of all signals together, with shrinkage.

One model per machine learns the running mean and covariance of its signals (Welford,
optionally exponentially forgetting). Scores use the correlation matrix shrunk towards
the identity, ``(1 - shrinkage) * R + shrinkage * I``, so few samples, collinear or
constant channels never make the inverse blow up. The squared distance ``d2`` (chi-square
with p degrees of freedom for normal data; past 1,000 rows the inverse is refreshed
after every 1 % of growth) becomes a z-equivalent through the
Wilson-Hilferty transform, so 3 means "as rare as 3 sigma" for any number of channels.

``widen`` multiplies the scale of named signals, for signals known to drift slowly in
normal operation more than a short baseline shows (smooth noisy inputs first with
``smoothing.TrailingMean``).
A channel that appears mid-stream joins a new model that takes over once it has
``min_samples`` rows; a row's missing channels are read as the model's mean; a channel
that never carries a finite value never enters the model."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ._signals import Batch, cap_many, columns, finite_items

MACHINE = "_machine"
"""The signal name under which the machine-level score is reported."""


def chi2_to_z(d2: np.ndarray, dof: int) -> np.ndarray:
    """Wilson-Hilferty: a chi-square(dof) value as a standard-normal z (upper tail)."""
    c = 2.0 / (9.0 * dof)
    return (np.cbrt(np.maximum(d2, 0.0) / dof) - (1.0 - c)) / np.sqrt(c)


class _Model:
    def __init__(self, names: list[str], forget: float) -> None:
        self.names = names
        self.forget = forget
        self.n = 0
        self.mean = np.zeros(len(names))
        self.cov = np.zeros((len(names), len(names)))
        self._precision: np.ndarray | None = None
        self._inverted_at = 0

    def fill(self, matrix: np.ndarray) -> np.ndarray:
        """Rows of this model's channels; missing cells read as the current mean."""
        return np.where(np.isnan(matrix), self.mean, matrix)

    def learn(self, matrix: np.ndarray) -> None:
        rows = self.fill(matrix)
        if self.n - self._inverted_at >= max(1, self.n // 100) or self.n < 1000:
            self._precision = None
        if self.forget > 0.0:
            for row in rows:
                self._learn_row(row)
            return
        count = len(rows)
        if count == 0:
            return
        mean = rows.mean(axis=0)
        delta = mean - self.mean
        total = self.n + count
        within = (rows - mean).T @ (rows - mean)
        scatter = self.cov * self.n + within + np.outer(delta, delta) * self.n * count / total
        self.mean = self.mean + delta * count / total
        self.n, self.cov = total, scatter / total

    def _learn_row(self, row: np.ndarray) -> None:
        self.n += 1
        weight = max(1.0 / self.n, self.forget)
        delta = row - self.mean
        self.mean = self.mean + weight * delta
        self.cov = (1.0 - weight) * (self.cov + weight * np.outer(delta, delta))

    def d2(self, matrix: np.ndarray, shrinkage: float, widen: Mapping[str, float]) -> np.ndarray:
        std = np.sqrt(np.maximum(np.diag(self.cov), 0.0))
        scale = np.maximum(std, np.maximum(1e-3 * np.abs(self.mean), 1e-9))
        if self._precision is None:
            corr = self.cov / np.outer(scale, scale)
            shrunk = (1.0 - shrinkage) * corr + shrinkage * np.eye(len(self.names))
            self._precision = np.linalg.pinv(shrunk)
            self._inverted_at = self.n
        factors = np.array([widen.get(n, 1.0) for n in self.names])
        z = (self.fill(matrix) - self.mean) / (scale * factors)
        return np.einsum("ij,jk,ik->i", z, self._precision, z)


class MachineDetector:
    """Streaming Mahalanobis detector over all signals of one machine.

    Example:
        >>> import numpy as np
        >>> rng = np.random.default_rng(0)
        >>> det = MachineDetector(min_samples=100)
        >>> t = rng.normal(60, 1, 300)
        >>> det.learn_many({"temp_c": t, "current_a": t / 10 + rng.normal(0, 0.02, 300)})
        >>> bool(det.score_one({"temp_c": 60.0, "current_a": 6.0}) < 3.0)
        True
        >>> bool(det.score_one({"temp_c": 60.0, "current_a": 6.5}) > 3.0)
        True
    """

    def __init__(
        self,
        min_samples: int = 200,
        shrinkage: float = 0.1,
        forget: float = 0.0,
        widen: Mapping[str, float] | None = None,
    ) -> None:
        self.min_samples = min_samples
        self.shrinkage = shrinkage
        self.forget = forget
        self.widen = dict(widen or {})
        self._active: _Model | None = None
        self._pending: _Model | None = None

    def _known(self) -> set[str]:
        model = self._pending or self._active
        return set(model.names) if model else set()

    def _matrix(self, model: _Model, names: list[str], matrix: np.ndarray) -> np.ndarray:
        index = {n: j for j, n in enumerate(names)}
        out = np.full((matrix.shape[0], len(model.names)), np.nan)
        for k, name in enumerate(model.names):
            if name in index:
                out[:, k] = matrix[:, index[name]]
        return out

    def learn_many(self, batch: Batch) -> None:
        """Learn a batch of columns (NaN = missing), in row order."""
        names, matrix = columns(batch)
        if matrix.size == 0:
            return
        seen = {n for j, n in enumerate(names) if np.isfinite(matrix[:, j]).any()}
        if not seen <= self._known():
            self._pending = _Model(sorted(seen | self._known()), self.forget)
        for model in {id(m): m for m in (self._active, self._pending) if m}.values():
            model.learn(self._matrix(model, names, matrix))
        self._promote()

    def _promote(self) -> None:
        if self._pending is not None and self._pending.n >= self.min_samples:
            self._active, self._pending = self._pending, None

    def learn_one(self, x: Mapping[str, Any]) -> None:
        """Learn one record; non-finite or missing values are skipped."""
        clean = dict(finite_items(x))
        if clean:
            self.learn_many({k: [v] for k, v in clean.items()})

    def score_many(self, batch: Batch, *, learn: bool = False) -> np.ndarray:
        """Row scores (z-equivalents in [0, 30])."""
        names, matrix = columns(batch)
        if learn:
            return np.array([self._score_then_learn(names, row) for row in matrix])
        model = self._active
        if model is None or matrix.size == 0:
            return np.zeros(matrix.shape[0])
        d2 = model.d2(self._matrix(model, names, matrix), self.shrinkage, self.widen)
        return cap_many(chi2_to_z(d2, len(model.names)))

    def _score_then_learn(self, names: list[str], row: np.ndarray) -> float:
        batch = {n: row[j : j + 1] for j, n in enumerate(names)}
        score = float(self.score_many(batch)[0])
        self.learn_many(batch)
        return score

    def score_one(self, x: Mapping[str, Any]) -> float:
        """Machine score of one record (0.0 before a baseline exists)."""
        clean = dict(finite_items(x))
        return float(self.score_many({k: [v] for k, v in clean.items()})[0]) if clean else 0.0

    def score_signals_one(self, x: Mapping[str, Any]) -> dict[str, float]:
        """The machine score under the name ``MACHINE``."""
        return {MACHINE: self.score_one(x)}

    def reset(self, signal: str | None = None) -> None:
        """Forget the baseline (any signal's shift re-baselines the whole machine)."""
        self._active = self._pending = None

    def signals_ready(self) -> list[str]:
        """Signals in the scoring model."""
        return list(self._active.names) if self._active else []
