"""Reading the SKAB folder, the drift of the anomaly-free run, and the PCA T2+Q baseline."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import stats

from onefactory.model import InvalidData

from ._monitor_data import csv_rows, number

SIGNALS = (
    "Accelerometer1RMS",
    "Accelerometer2RMS",
    "Current",
    "Pressure",
    "Temperature",
    "Thermocouple",
    "Voltage",
    "Volume Flow RateRMS",
)


@dataclass(frozen=True, slots=True)
class SkabFile:
    """One experiment: its times, signal columns and point labels."""

    name: str
    times: list[str]
    signals: dict[str, np.ndarray]
    labels: np.ndarray


def read_csv(path: Path, name: str) -> SkabFile:
    """One semicolon-separated SKAB file (InvalidData naming the file, line and column of a bad value)."""
    rows = csv_rows("skab", path, ("datetime", *SIGNALS), delimiter=";")
    signals = {s: np.array([number("skab", path, i, s, r[s]) for i, r in enumerate(rows)]) for s in SIGNALS}
    labels = np.array([int(number("skab", path, i, "anomaly", r.get("anomaly") or "0")) for i, r in enumerate(rows)])
    return SkabFile(name, [r["datetime"] for r in rows], signals, labels)


def read_files(folder: Path, quick: bool = False) -> tuple[list[SkabFile], SkabFile]:
    """The labelled files present (sorted by name) and the anomaly-free run."""
    paths = sorted(p for p in (folder / "data").glob("*/*.csv") if p.parent.name != "anomaly-free")
    if not paths:
        raise InvalidData(f"skab: no labelled file in {folder / 'data'} (expected <kind>/<n>.csv beside anomaly-free/)")
    if quick:
        paths = paths[:6]
    files = [read_csv(p, f"{p.parent.name}/{p.name}") for p in paths]
    return files, read_csv(folder / "data" / "anomaly-free" / "anomaly-free.csv", "anomaly-free/anomaly-free.csv")


def drift_widening(free: SkabFile, rows: int) -> dict[str, float]:
    """Per signal, ``sqrt(1 + d^2)`` where d is the mean shift of the next ``2 * rows`` readings
    from a ``rows``-long baseline, in baseline sigmas, over the anomaly-free run."""
    out = {}
    for name, values in free.signals.items():
        shifts = [
            abs(values[i + rows : i + 3 * rows].mean() - values[i : i + rows].mean())
            / (values[i : i + rows].std() + 1e-12)
            for i in range(0, len(values) - 3 * rows, rows)
        ]
        out[name] = float(np.sqrt(1.0 + np.mean(shifts) ** 2))
    return out


def t2q_predictions(f: SkabFile, rows: int, explained: float = 0.85, alpha: float = 0.01) -> np.ndarray:
    """PCA T-squared + Q (SPE) on standardised signals; limits from the training part:
    T2 from the F distribution, Q from its (1 - alpha) training quantile."""
    matrix = np.column_stack(list(f.signals.values()))
    train = matrix[:rows]
    mean, std = train.mean(axis=0), train.std(axis=0) + 1e-12
    z_train, z = (train - mean) / std, (matrix[rows:] - mean) / std
    _, sing, vt = np.linalg.svd(z_train, full_matrices=False)
    var = sing**2 / (rows - 1)
    k = int(np.searchsorted(np.cumsum(var) / var.sum(), explained) + 1)
    loadings = vt[:k].T

    def t2_q(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        scores = x @ loadings
        residual = x - scores @ loadings.T
        return (scores**2 / var[:k]).sum(axis=1), (residual**2).sum(axis=1)

    t2_limit = k * (rows - 1) * (rows + 1) / (rows * (rows - k)) * stats.f.ppf(1 - alpha, k, rows - k)
    q_limit = np.quantile(t2_q(z_train)[1], 1 - alpha)
    t2, q = t2_q(z)
    return (t2 > t2_limit) | (q > q_limit)


def baselines(folder: Path) -> dict[str, dict[str, float]]:
    """Published baselines recomputed by the data folder on these files (labelled as published)."""
    path = folder / "reference" / "baseline_outlier_metrics.json"
    if not path.exists():
        return {}
    subset = json.loads(path.read_text()).get("subset", {})
    return {
        f"{name} (published predictions)": {"f1": m["F1"], "far": m["FAR_pct"], "mar": m["MAR_pct"]}
        for name, m in subset.items()
    }
