"""Drift of process data and of predicted risk against the training sample: PSI per feature
(on the training deciles) and the Kolmogorov-Smirnov distance, with a retrain decision.

>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> ref = DriftReference.from_sample(["temp"], rng.normal(60, 2, (500, 1)), rng.uniform(0, 0.2, 500))
>>> check_drift(ref, rng.normal(66, 2, (200, 1)), rng.uniform(0, 0.2, 200)).retrain
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

PSI_SHIFT = 0.25
"""PSI above this is a major shift (the usual rule of thumb: < 0.1 stable, 0.1-0.25 moderate)."""
KS_C_ALPHA = 1.628
"""Two-sample Kolmogorov-Smirnov coefficient at the 1 % level: small samples need a larger distance."""


@dataclass(frozen=True, slots=True)
class FeatureDrift:
    """Shift of one feature (or of the score) between training and recent lots."""

    feature: str
    psi: float
    ks: float
    missing_share: float
    ks_critical: float = 0.0

    @property
    def shifted(self) -> bool:
        """A large shift (PSI above the major-shift level) that is also significant (KS at 1 %)."""
        return self.psi > PSI_SHIFT and self.ks > self.ks_critical


@dataclass(frozen=True, slots=True)
class DriftReport:
    """Per-feature and score drift, and whether to retrain (with the reasons)."""

    features: tuple[FeatureDrift, ...]
    score: FeatureDrift | None
    retrain: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DriftReference:
    """Training sample kept for drift checks: decile edges and a thinned sorted copy per column."""

    names: tuple[str, ...]
    edges: tuple[np.ndarray, ...]
    samples: tuple[np.ndarray, ...]

    @classmethod
    def from_sample(cls, names: Sequence[str], matrix: np.ndarray, scores: np.ndarray | None = None) -> DriftReference:
        """Reference from a training matrix (columns = ``names``) and, optionally, its risk scores."""
        columns = [matrix[:, j] for j in range(matrix.shape[1])]
        if scores is not None:
            names, columns = [*names, "__score__"], [*columns, np.asarray(scores, dtype=float)]
        kept = [np.sort(c[np.isfinite(c)]) for c in columns]
        edges = [np.unique(np.quantile(k, np.linspace(0.1, 0.9, 9))) if k.size else np.zeros(0) for k in kept]
        thin = [k[np.linspace(0, k.size - 1, min(k.size, 1000)).astype(int)] if k.size else k for k in kept]
        return cls(tuple(names), tuple(edges), tuple(thin))


def psi(edges: np.ndarray, reference: np.ndarray, recent: np.ndarray) -> float:
    """Population stability index of ``recent`` against ``reference`` on bins cut at ``edges``."""
    if reference.size == 0 or recent.size == 0:
        return 0.0
    ref = np.bincount(np.searchsorted(edges, reference, "right"), minlength=edges.size + 1) / reference.size
    new = np.bincount(np.searchsorted(edges, recent, "right"), minlength=edges.size + 1) / recent.size
    ref, new = np.clip(ref, 1e-4, None), np.clip(new, 1e-4, None)
    return float(np.sum((new - ref) * np.log(new / ref)))


def ks_distance(reference: np.ndarray, recent: np.ndarray) -> float:
    """Largest gap between the two empirical distribution functions."""
    if reference.size == 0 or recent.size == 0:
        return 0.0
    grid = np.concatenate([reference, recent])
    ref_cdf = np.searchsorted(np.sort(reference), grid, "right") / reference.size
    new_cdf = np.searchsorted(np.sort(recent), grid, "right") / recent.size
    return float(np.max(np.abs(ref_cdf - new_cdf)))


def _column_drift(name: str, edges: np.ndarray, reference: np.ndarray, column: np.ndarray) -> FeatureDrift:
    finite = column[np.isfinite(column)]
    missing = 1.0 - finite.size / column.size if column.size else 0.0
    n, m = reference.size, finite.size
    critical = KS_C_ALPHA * float(np.sqrt((n + m) / (n * m))) if n and m else 1.0
    return FeatureDrift(name, psi(edges, reference, finite), ks_distance(reference, finite), missing, critical)


def check_drift(
    reference: DriftReference, matrix: np.ndarray, scores: np.ndarray | None = None, share_to_retrain: float = 0.2
) -> DriftReport:
    """Compare recent lots (columns in the reference's order) with training; retrain when the
    score shifts or at least ``share_to_retrain`` of the features do."""
    n_features = matrix.shape[1]
    features = tuple(
        _column_drift(reference.names[j], reference.edges[j], reference.samples[j], matrix[:, j])
        for j in range(n_features)
    )
    score = None
    if scores is not None and len(reference.names) > n_features:
        score = _column_drift("score", reference.edges[-1], reference.samples[-1], np.asarray(scores, dtype=float))
    shifted = [f.feature for f in features if f.shifted]
    reasons = []
    if features and len(shifted) / len(features) >= share_to_retrain:
        reasons.append(
            f"{len(shifted)} of {len(features)} features shifted (PSI > {PSI_SHIFT}): {', '.join(shifted[:5])}"
        )
    if score is not None and score.shifted:
        reasons.append(f"predicted-risk distribution shifted (PSI {score.psi:.2f})")
    return DriftReport(features, score, bool(reasons), tuple(reasons))
