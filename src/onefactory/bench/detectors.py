"""Detector throughput beside River's HalfSpaceTrees, for benchmarks that need it.

``throughput_vs_river(stream, labels)`` runs the product's machine detector
(``monitor.MachineDetector``, vectorised mini-batches: score a batch, then learn it) and
River's ``MinMaxScaler | HalfSpaceTrees`` (one record at a time, score then learn) over the
same stream in the same process, and returns rows per second of each, their ratio and,
when labels are given, each detector's ROC AUC."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from onefactory.monitor import MachineDetector


def _our_scores(names: list[str], matrix: np.ndarray, batch: int, warmup: int) -> np.ndarray:
    detector = MachineDetector(min_samples=warmup, shrinkage=0.1)
    out = np.zeros(len(matrix))
    for start in range(0, len(matrix), batch):
        part = {n: matrix[start : start + batch, j] for j, n in enumerate(names)}
        out[start : start + batch] = detector.score_many(part)
        detector.learn_many(part)
    return out


def _river_scores(names: list[str], matrix: np.ndarray, seed: int) -> np.ndarray:
    from river import anomaly, preprocessing

    model = preprocessing.MinMaxScaler() | anomaly.HalfSpaceTrees(seed=seed)
    out = np.zeros(len(matrix))
    for i, row in enumerate(matrix.tolist()):
        x = dict(zip(names, row, strict=True))
        out[i] = model.score_one(x)
        model.learn_one(x)
    return out


def _auc(labels: np.ndarray | None, scores: np.ndarray) -> float | None:
    if labels is None or len(np.unique(labels)) < 2:
        return None
    from sklearn.metrics import roc_auc_score

    return round(float(roc_auc_score(labels, scores)), 4)


def throughput_vs_river(
    stream: Mapping[str, Sequence[float]],
    labels: Sequence[int] | None = None,
    *,
    batch: int = 256,
    warmup: int = 200,
    seed: int = 0,
) -> dict[str, Any]:
    """Rows/s of the product's detector and of River HalfSpaceTrees on ``stream`` (columns)."""
    names = list(stream)
    matrix = np.column_stack([np.asarray(stream[n], dtype=float) for n in names])
    started = time.perf_counter()
    ours = _our_scores(names, matrix, batch, warmup)
    our_s = time.perf_counter() - started
    started = time.perf_counter()
    theirs = _river_scores(names, matrix, seed)
    river_s = time.perf_counter() - started
    y = None if labels is None else np.asarray(labels, dtype=int)
    return {
        "rows": len(matrix),
        "signals": len(names),
        "detector": f"MachineDetector (mini-batches of {batch}, score then learn)",
        "rows_per_s": round(len(matrix) / max(our_s, 1e-9)),
        "river_rows_per_s": round(len(matrix) / max(river_s, 1e-9)),
        "ratio_vs_river": round(river_s / max(our_s, 1e-9), 1),
        "auc": _auc(y, ours),
        "river_auc": _auc(y, theirs),
    }
