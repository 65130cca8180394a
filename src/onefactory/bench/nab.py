"""``onefactory bench nab``: the NAB score of the product's streaming detector.

Runs ``monitor.ContextDetector`` online over every labelled file of the NAB folder
(default ``../shared/data/nab``), scores it with ``monitor.nab_scoring`` and prints the
normalised standard-profile score beside the published detectors' scores on the same
files. The threshold is chosen as NAB prescribes (the one that maximises the corpus
total) unless ``--threshold`` fixes it. Before scoring, the scorer is checked against the
folder's published results: it must reproduce the null detector's per-file rows exactly
and, from every published detector's per-file raw scores, the subset's normalised scores.

The full run also scores ``monitor.ResonanceDetector`` (ARTime's idea: fuzzy ART on
windowed, downsampled values) at its own swept threshold, as ``other_detectors``.

Because the parameters and the threshold were chosen on these files, the full run also
reports a 2-fold check across files (``score_standard_cross_files``): for each half of the
files (alternate names), the parameters of a small grid and the threshold are chosen on
that half and the other half is scored with them; the two held-out totals are summed and
normalised over all windows."""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path
from typing import Any

import numpy as np

from onefactory.monitor import ContextDetector, ResonanceDetector
from onefactory.monitor.nab_scoring import PROFILES, Layout, best_threshold, layout, normalise, score_file, sweep

from . import BenchOptions
from ._monitor_data import data_folder
from ._nab_corpus import NabFile, published_detectors, published_rows, read_corpus

DETECTOR: dict[str, Any] = {
    "short": 10,
    "long": 2000,
    "levels": 8,
    "orders": 8,
    "likelihood_weight": 0.3,
    "novelty_weight": 0.6,
    "habituation": 0.5,
    "habituation_alpha": 0.0003,
    "alarm_level": 0.3,
    "refractory": 100,
    "range_tolerance": 0.0,
    "range_full": 0.1,
    "range_refractory": 20,
    "warmup": 100,
}
GRID = [{"habituation": h, "refractory": r} for h in (0.25, 0.5, 0.75) for r in (100, 150)]


def detect(values: np.ndarray, **changes: Any) -> np.ndarray:
    """Scores of one series, online (each record is scored before it is learned)."""
    return ContextDetector(**{**DETECTOR, **changes}).score_many({"value": values}, learn=True)


def other_detectors(corpus: list[NabFile]) -> dict[str, Any]:
    """Standard-profile score of the other NAB-style detector, at its own swept threshold."""
    scores = {f.name: ResonanceDetector().score_many({"value": f.values}, learn=True) for f in corpus}
    threshold, score, _ = _profile_result(scores, corpus, "standard", None)
    return {"ResonanceDetector": {"score_standard": round(score, 2), "threshold": round(threshold, 6)}}


def check_scorer(folder: Path, corpus: list[NabFile]) -> dict[str, Any]:
    """Reproduce the published null rows and every detector's normalised subset score."""
    reference = json.loads((folder / "reference" / "subset_normalized_scores.json").read_text())
    windows = sum(len(f.windows) for f in corpus)
    worst, null_mismatches, compared = 0.0, 0, 0
    for profile_name, profile in PROFILES.items():
        null_mismatches += _null_mismatches(folder, corpus, profile_name)
        for detector in published_detectors(folder):
            if detector not in reference:
                continue
            total = sum(float(r["Score"]) for r in published_rows(folder, detector, profile_name))
            ours = normalise(total, windows, profile)
            worst = max(worst, abs(ours - reference[detector][profile_name]))
            compared += 1
    return {
        "null_detector_rows_mismatched": null_mismatches,
        "detector_profile_scores_compared": compared,
        "max_abs_diff_points": round(worst, 4),
        "reproduced": null_mismatches == 0 and worst <= 0.1,
    }


def _null_mismatches(folder: Path, corpus: list[NabFile], profile_name: str) -> int:
    rows = {r["File"]: r for r in published_rows(folder, "null", profile_name)}
    profile = PROFILES[profile_name]
    bad = 0
    for f in corpus:
        got = score_file(np.zeros(len(f.values)), layout(len(f.values), f.windows, profile), 0.5, profile)
        row = rows[f.name]
        want = (float(row["Score"]), *(int(row[k]) for k in ("TP", "TN", "FP", "FN")))
        bad += abs(got.score - want[0]) > 1e-9 or (got.tp, got.tn, got.fp, got.fn) != want[1:]
    return bad


def _profile_result(scores: dict[str, np.ndarray], corpus: list[NabFile], name: str, fixed: float | None):
    profile = PROFILES[name]
    files: dict[str, tuple[np.ndarray, Layout]] = {
        f.name: (scores[f.name], layout(len(f.values), f.windows, profile)) for f in corpus
    }
    if fixed is None:
        threshold, total = best_threshold(files, profile)
    else:
        threshold = fixed
        total = float(sum(sweep(s, lay, np.array([fixed]), profile)[0] for s, lay in files.values()))
    windows = sum(len(f.windows) for f in corpus)
    return threshold, normalise(total, windows, profile), files


def _half_total(scores: dict[str, np.ndarray], half: list[NabFile], threshold: float | None):
    profile = PROFILES["standard"]
    files = {f.name: (scores[f.name], layout(len(f.values), f.windows, profile)) for f in half}
    if threshold is None:
        return best_threshold(files, profile)
    return threshold, float(sum(sweep(s, lay, np.array([threshold]), profile)[0] for s, lay in files.values()))


def _grid_run(corpus: list[NabFile], default: dict[str, np.ndarray], changes: dict[str, Any]):
    if all(DETECTOR[k] == v for k, v in changes.items()):
        return default
    return {f.name: detect(f.values, **changes) for f in corpus}


def cross_files(corpus: list[NabFile], default: dict[str, np.ndarray]) -> dict[str, Any]:
    """2-fold across files: grid point and threshold chosen on one half, the other half scored."""
    runs = [_grid_run(corpus, default, g) for g in GRID]
    halves = [corpus[0::2], corpus[1::2]]
    held_out, chosen = 0.0, []
    for fit, test in ((halves[0], halves[1]), (halves[1], halves[0])):
        fits = [_half_total(r, fit, None) for r in runs]
        best = max(range(len(GRID)), key=lambda k: fits[k][1])
        held_out += _half_total(runs[best], test, fits[best][0])[1]
        chosen.append({**GRID[best], "threshold": round(fits[best][0], 6)})
    windows = sum(len(f.windows) for f in corpus)
    return {
        "score_standard_cross_files": round(normalise(held_out, windows, PROFILES["standard"]), 2),
        "grid": GRID,
        "chosen_per_fold": chosen,
    }


def write_results(folder: Path, corpus: list[NabFile], scores: dict[str, np.ndarray]) -> None:
    """Per-file results in NAB's layout: ``<dir>/<category>/onefactory_<name>.csv``."""
    for f in corpus:
        category, name = f.name.split("/")
        path = folder / category / f"onefactory_{name}"
        path.parent.mkdir(parents=True, exist_ok=True)
        labels = np.zeros(len(f.values), dtype=int)
        for left, right in f.windows:
            labels[left : right + 1] = 1
        with path.open("w", newline="") as fh:
            out = csv.writer(fh)
            out.writerow(["timestamp", "value", "anomaly_score", "label"])
            for row in zip(f.timestamps, f.values, scores[f.name], labels, strict=True):
                out.writerow([row[0], repr(float(row[1])), f"{row[2]:.6f}", int(row[3])])


def run(data: str | None, options: BenchOptions) -> dict[str, Any]:
    """Score the detector on the NAB folder; see the module docstring."""
    folder = data_folder("nab", data, "labels/combined_windows.json")
    corpus = read_corpus(folder, quick=options.quick)
    check = check_scorer(folder, read_corpus(folder))
    started = time.perf_counter()
    scores = {f.name: detect(f.values) for f in corpus}
    elapsed = time.perf_counter() - started
    full = not options.quick and options.threshold is None
    cross = cross_files(corpus, scores) if full else None
    others = other_detectors(corpus) if full else None
    results = {name: _profile_result(scores, corpus, name, options.threshold) for name in PROFILES}
    if options.results_dir is not None:
        write_results(Path(options.results_dir), corpus, scores)
    reference = json.loads((folder / "reference" / "subset_normalized_scores.json").read_text())
    standard = results["standard"]
    best = max(reference.items(), key=lambda kv: kv[1]["standard"])
    return {
        "benchmark": "nab",
        "files": len(corpus),
        "windows": sum(len(f.windows) for f in corpus),
        "records": int(sum(len(f.values) for f in corpus)),
        "quick": options.quick,
        "detector": {"name": "ContextDetector", **DETECTOR},
        "threshold": round(standard[0], 6),
        "threshold_choice": "fixed (--threshold)"
        if options.threshold is not None
        else "NAB sweep: maximises the corpus total on these files",
        "score_standard": round(standard[1], 2),
        "score_reward_low_FP_rate": round(results["reward_low_FP_rate"][1], 2),
        "score_reward_low_FN_rate": round(results["reward_low_FN_rate"][1], 2),
        "cross_files_2fold": cross,
        "other_detectors": others,
        "thresholds_by_profile": {k: round(v[0], 6) for k, v in results.items()},
        "records_per_s": round(sum(len(f.values) for f in corpus) / max(elapsed, 1e-9)),
        "published_standard_on_this_folder": {k: v["standard"] for k, v in reference.items()},
        "best_published": best[0],
        "target_met": standard[1] > best[1]["standard"],
        "scorer_check": check,
    }
