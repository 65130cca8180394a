"""The live detector, one point at a time, beside River's HalfSpaceTrees on labelled SKAB.

The product's live path (``monitor.rules.default_rules``, run by ``services.alarm_monitor``)
scores every reading with the rule's detector, decides against the rule's threshold and
learns the reading only when it was not classed anomalous. Here each SKAB file is one
machine with one such detector (the rule's own factory and threshold); per row it calls
``score_signals_one(x)`` and then ``learn_one`` with the signals that were not anomalous,
and the row's score is its highest signal score. River's ``MinMaxScaler |
HalfSpaceTrees`` gets the same record ``x`` (``score_one``, then ``learn_one``). The
detector keeps one independent state per signal, so this gives exactly the scores of the
live rule's one-detector-per-signal layout, which is timed too (``per_signal``). ROC AUC
is taken over the test parts of all files (rows from 400 on, SKAB's split), so both
detectors have warmed up alike.

Objects that exist when the comparison starts (the earlier phases' messages, readings
and garbage, some 800,000) are collected and frozen out of the garbage collector for its
duration: otherwise every full collection during the timed runs walks them, a cost of
the benchmark's own history that is charged to whichever detector allocates when it
runs. Both detectors run under the same collector settings."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from onefactory.monitor.rules import DetectorRule, default_rules

from ._ingest_stream import SIGNAL_NAMES
from ._skab_data import SkabFile

TRAIN_ROWS = 400


def _live_rule() -> DetectorRule:
    return next(r for r in default_rules().rules if isinstance(r, DetectorRule))


def product_scores(rows: list[dict[str, float]], make: Callable[[], Any], threshold: float) -> np.ndarray:
    """Row scores of one machine's detector, learning only the signals it did not class anomalous."""
    detector = make()
    out = np.zeros(len(rows))
    for i, x in enumerate(rows):
        scores = detector.score_signals_one(x)
        out[i] = top = max(scores.values())
        detector.learn_one(x if top < threshold else {k: v for k, v in x.items() if scores[k] < threshold})
    return out


def per_signal_scores(rows: list[dict[str, float]], make: Callable[[], Any], threshold: float) -> np.ndarray:
    """The same, as ``DetectorRule`` lays it out: one detector per signal, fed one value at a time."""
    detectors: dict[str, Any] = {}
    out = np.zeros(len(rows))
    for i, row in enumerate(rows):
        best = 0.0
        for signal, value in row.items():
            detector = detectors.get(signal) or detectors.setdefault(signal, make())
            x = {signal: value}
            score = detector.score_one(x)
            if score < threshold:
                detector.learn_one(x)
            best = max(best, score)
        out[i] = best
    return out


def _river_scores(rows: list[dict[str, float]], seed: int) -> np.ndarray:
    from river import anomaly, preprocessing

    model = preprocessing.MinMaxScaler() | anomaly.HalfSpaceTrees(seed=seed)
    out = np.zeros(len(rows))
    for i, x in enumerate(rows):
        out[i] = model.score_one(x)
        model.learn_one(x)
    return out


def _rows(f: SkabFile) -> list[dict[str, float]]:
    names = [SIGNAL_NAMES[k] for k in f.signals]
    matrix = np.column_stack(list(f.signals.values())).tolist()
    return [dict(zip(names, row, strict=True)) for row in matrix]


def _timed(fn: Callable[[], np.ndarray], repeats: int) -> tuple[np.ndarray, float]:
    """The result of ``fn`` and its fastest time over ``repeats`` runs (the machine is shared)."""
    best, out = float("inf"), np.zeros(0)
    for _ in range(repeats):
        started = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - started)
    return out, best


def compare(files: list[SkabFile], seed: int = 0, repeats: int = 3) -> dict[str, Any]:
    """Points/s and ROC AUC of the live detector and of River HalfSpaceTrees (see module doc);
    per file, each runs ``repeats`` times alternately and its fastest time counts."""
    gc.collect()
    gc.freeze()
    try:
        return _compare(files, seed, repeats)
    finally:
        gc.unfreeze()


def _compare(files: list[SkabFile], seed: int, repeats: int) -> dict[str, Any]:
    from sklearn.metrics import roc_auc_score

    rule = _live_rule()
    ours, theirs, labels = [], [], []
    our_s = river_s = signal_s = 0.0
    points = 0
    for f in files:
        rows = _rows(f)
        points += len(rows)
        scores, seconds = _timed(lambda rows=rows: product_scores(rows, rule.make_detector, rule.threshold), repeats)
        ours.append(scores[TRAIN_ROWS:])
        our_s += seconds
        scores, seconds = _timed(lambda rows=rows: _river_scores(rows, seed), repeats)
        theirs.append(scores[TRAIN_ROWS:])
        river_s += seconds
        scores, seconds = _timed(lambda rows=rows: per_signal_scores(rows, rule.make_detector, rule.threshold), 1)
        if not np.array_equal(scores[TRAIN_ROWS:], ours[-1]):
            raise AssertionError(f"{f.name}: per-signal and per-machine layouts disagree")
        signal_s += seconds
        labels.append(f.labels[TRAIN_ROWS:])
    y = np.concatenate(labels)
    return {
        "detector": f"{rule.name}: {type(rule.make_detector()).__name__} per machine, threshold {rule.threshold:g}",
        "peer": "river MinMaxScaler | HalfSpaceTrees (defaults)",
        "points": points,
        "signals_per_point": len(SIGNAL_NAMES),
        "repeats": repeats,
        "points_per_s": round(points / our_s),
        "river_points_per_s": round(points / river_s),
        "ratio_vs_river": round(river_s / our_s, 2),
        "per_signal": {"points_per_s": round(points / signal_s), "ratio_vs_river": round(river_s / signal_s, 2)},
        "auc": round(float(roc_auc_score(y, np.concatenate(ours))), 4),
        "river_auc": round(float(roc_auc_score(y, np.concatenate(theirs))), 4),
    }
