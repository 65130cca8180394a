"""The NAB score (Numenta Anomaly Benchmark v1.1), from its published method.

Pure functions over arrays; reading files is the benchmark's business.

- Each labelled window earns the weight of its *first* detection: ``tp_weight`` times the
  scaled sigmoid ``2 * sigmoid(-5 * y) - 1`` of the relative position ``y`` in the window
  (-1 at the left edge, 0 past the right edge), normalised so the left edge earns the full
  ``tp_weight``; a window without detection costs ``fn_weight``.
- A detection outside every window costs ``fp_weight`` times the scaled sigmoid of its
  distance past the preceding window's right edge (in window widths; -1 before any window
  or more than 3 widths away).
- The first 15 % of a file (at most 750 records) is probationary and never scored.
- A corpus score is normalised as ``100 * (S - S_null) / (S_perfect - S_null)``; NAB picks
  the one threshold that maximises the corpus total (``best_threshold``)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class Profile:
    """Cost matrix of one NAB scoring profile."""

    tp_weight: float
    fp_weight: float
    fn_weight: float


PROFILES: dict[str, Profile] = {
    "standard": Profile(1.0, 0.11, 1.0),
    "reward_low_FP_rate": Profile(1.0, 0.22, 1.0),
    "reward_low_FN_rate": Profile(1.0, 0.11, 2.0),
}


def scaled_sigmoid(position: np.ndarray) -> np.ndarray:
    """``2 * sigmoid(-5 * y) - 1``, and -1 beyond 3 window widths.

    Example:
        >>> [round(float(v), 4) for v in scaled_sigmoid(np.array([-1.0, 0.0, 3.5]))]
        [0.9866, 0.0, -1.0]
    """
    value = 2.0 / (1.0 + np.exp(5.0 * position)) - 1.0
    return np.where(position > 3.0, -1.0, value)


def probation_length(rows: int, percent: float = 0.15) -> int:
    """Records at the start of a file that are never scored: 15 %, at most 750."""
    return int(min(math.floor(percent * rows), percent * 5000))


@dataclass(frozen=True, slots=True)
class Layout:
    """Per-record weights of one file: TP weight inside windows, FP weight outside."""

    window: np.ndarray  # window number per record, -1 outside
    weight: np.ndarray  # credit if detected here (0 in the probationary period)
    windows: int
    probation: int


def layout(rows: int, windows: Sequence[tuple[int, int]], profile: Profile) -> Layout:
    """Weights of a file of ``rows`` records with windows given as inclusive index ranges."""
    window = np.full(rows, -1)
    weight = np.full(rows, -profile.fp_weight)
    full = float(scaled_sigmoid(np.array(-1.0)))
    index = np.arange(rows)
    for k, (left, right) in enumerate(sorted(windows)):
        width = right - left + 1
        inside = index[left : right + 1]
        window[left : right + 1] = k
        weight[left : right + 1] = scaled_sigmoid(-(right - inside + 1) / width) * profile.tp_weight / full
        after = index[right + 1 :]
        past = np.abs(right - after) / max(width - 1, 1)
        weight[right + 1 :] = scaled_sigmoid(past) * profile.fp_weight
    probation = probation_length(rows)
    weight[:probation] = 0.0
    return Layout(window, weight, len(windows), probation)


@dataclass(frozen=True, slots=True)
class FileScore:
    """Raw NAB score of one file at one threshold, with NAB's point counts."""

    score: float
    tp: int
    tn: int
    fp: int
    fn: int


def score_file(scores: np.ndarray, lay: Layout, threshold: float, profile: Profile) -> FileScore:
    """Raw score of one file: first detection per window, every detection outside."""
    scored = np.arange(len(scores)) >= lay.probation
    hit = (np.asarray(scores) >= threshold) & scored
    inside = lay.window >= 0
    total = float(lay.weight[hit & ~inside].sum())
    for k in range(lay.windows):
        found = hit & (lay.window == k)
        total += float(lay.weight[found].max()) if found.any() else -profile.fn_weight
    counts = [int((hit & inside).sum()), int((~hit & ~inside & scored).sum())]
    counts += [int((hit & ~inside).sum()), int((~hit & inside & scored).sum())]
    return FileScore(total, *counts)


def normalise(raw_total: float, windows: int, profile: Profile) -> float:
    """``100 * (S - S_null) / (S_perfect - S_null)`` over ``windows`` labelled windows."""
    null = -profile.fn_weight * windows
    perfect = profile.tp_weight * windows
    return 100.0 * (raw_total - null) / (perfect - null)


def sweep(scores: np.ndarray, lay: Layout, thresholds: np.ndarray, profile: Profile) -> np.ndarray:
    """Raw file score at every threshold of ``thresholds`` (vectorised, exact)."""
    scores = np.asarray(scores, dtype=float)
    scored = np.arange(len(scores)) >= lay.probation
    outside = scored & (lay.window < 0)
    total = _cumulative(scores[outside], lay.weight[outside], thresholds, np.cumsum)
    for k in range(lay.windows):
        mine = scored & (lay.window == k)
        best = _cumulative(scores[mine], lay.weight[mine], thresholds, np.maximum.accumulate, empty=np.nan)
        total += np.where(np.isnan(best), -profile.fn_weight, best)
    return total


def _cumulative(values: np.ndarray, weights: np.ndarray, thresholds: np.ndarray, accumulate, empty=0.0):
    """For each threshold t, ``accumulate`` of the weights of values >= t."""
    order = np.argsort(-values, kind="stable")
    acc = accumulate(weights[order]) if len(order) else np.array([])
    count = np.searchsorted(-values[order], -thresholds, side="right")
    out = np.full(len(thresholds), empty, dtype=float)
    has = count > 0
    out[has] = acc[count[has] - 1]
    return out


def best_threshold(
    files: Mapping[str, tuple[np.ndarray, Layout]], profile: Profile, candidates: np.ndarray | None = None
) -> tuple[float, float]:
    """The threshold that maximises the corpus total, and that total (NAB's optimiser)."""
    if candidates is None:
        every = np.concatenate([s for s, _ in files.values()])
        candidates = np.unique(np.round(every, 6))
    totals = sum(sweep(s, lay, candidates, profile) for s, lay in files.values())
    best = int(np.argmax(totals))
    return float(candidates[best]), float(totals[best])
