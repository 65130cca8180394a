"""Lot features from process data: telemetry aggregates over each lot's production window
(mean, std, min, max, slope per hour, last value of every signal), settings and material lots.

Everything is vectorised with numpy: samples are grouped by (lot, signal) once and reduced.

>>> from datetime import UTC, datetime, timedelta
>>> from onefactory.model import Reading
>>> t0 = datetime(2026, 1, 1, tzinfo=UTC)
>>> rs = [Reading("S", "M1", "temp_c", t0 + timedelta(hours=h), v) for h, v in [(0, 10.0), (1, 12.0), (2, 14.0)]]
>>> table = telemetry_features(rs, [LotWindow("L1", "M1", t0, t0 + timedelta(hours=3))])
>>> float(table.frame.loc["L1", "temp_c.slope"]), float(table.frame.loc["L1", "temp_c.last"])
(2.0, 14.0)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import pandas as pd

from onefactory.model import Reading

STATS = ("mean", "std", "min", "max", "slope", "last")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class LotWindow:
    """The time a lot was on ``resource``: samples in ``start <= ts < end`` describe it."""

    lot: str
    resource: str
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class FeatureTable:
    """One row per lot (index = lot code), one column per feature; missing values are NaN."""

    frame: pd.DataFrame


def aggregate_samples(group: np.ndarray, t_h: np.ndarray, value: np.ndarray, n_groups: int) -> np.ndarray:
    """Per group: mean, std, min, max, least-squares slope (per unit of ``t_h``) and last value.

    Returns an array of shape (n_groups, 6); a group without samples is all NaN and a
    group with one sample (or all at one time) has slope NaN.
    """
    out = np.full((n_groups, len(STATS)), np.nan)
    if group.size == 0:
        return out
    order = np.lexsort((t_h, group))
    g, t, v = group[order], t_h[order], value[order]
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    ends = np.r_[starts[1:], g.size] - 1
    keys = g[starts]
    n = np.bincount(g, minlength=n_groups)[keys].astype(float)
    t_mean = np.add.reduceat(t, starts) / n
    v_mean = np.add.reduceat(v, starts) / n
    dt, dv = (
        t - np.repeat(t_mean, np.diff(np.r_[starts, g.size])),
        v - np.repeat(v_mean, np.diff(np.r_[starts, g.size])),
    )
    var_t = np.add.reduceat(dt * dt, starts)
    cov = np.add.reduceat(dt * dv, starts)
    with np.errstate(invalid="ignore", divide="ignore"):
        slope = np.where(var_t > 0, cov / np.where(var_t > 0, var_t, 1.0), np.nan)
    std = np.sqrt(np.add.reduceat(dv * dv, starts) / n)
    out[keys] = np.column_stack(
        [v_mean, std, np.minimum.reduceat(v, starts), np.maximum.reduceat(v, starts), slope, v[ends]]
    )
    return out


def telemetry_features(readings: Sequence[Reading], windows: Sequence[LotWindow]) -> FeatureTable:
    """Aggregates of every signal over each lot's window (lots without samples get NaN)."""
    lots = [w.lot for w in windows]
    if not readings or not windows:
        return FeatureTable(pd.DataFrame(index=pd.Index(lots, name="lot")))
    signals = sorted({r.signal for r in readings})
    sig_index = {s: i for i, s in enumerate(signals)}
    frame = pd.DataFrame(
        {
            "resource": [r.resource for r in readings],
            "signal": [sig_index[r.signal] for r in readings],
            "t_h": [(r.ts - EPOCH).total_seconds() / 3600.0 for r in readings],
            "value": [r.value for r in readings],
        }
    )
    lot_of, rows = _assign_windows(frame, windows)
    group = lot_of * len(signals) + frame["signal"].to_numpy()[rows]
    stats = aggregate_samples(
        group, frame["t_h"].to_numpy()[rows], frame["value"].to_numpy()[rows], len(windows) * len(signals)
    )
    matrix = stats.reshape(len(windows), len(signals) * len(STATS))
    columns = [f"{s}.{k}" for s in signals for k in STATS]
    return FeatureTable(pd.DataFrame(matrix, index=pd.Index(lots, name="lot"), columns=columns))


def _assign_windows(frame: pd.DataFrame, windows: Sequence[LotWindow]) -> tuple[np.ndarray, np.ndarray]:
    """(window number, sample row) for every sample inside a window (windows may overlap)."""
    lot_parts, row_parts = [], []
    by_resource = {str(k): v for k, v in frame.groupby("resource").groups.items()}
    for resource, idx in by_resource.items():
        rows = np.asarray(idx)[np.argsort(frame["t_h"].to_numpy()[idx], kind="stable")]
        times = frame["t_h"].to_numpy()[rows]
        mine = [(i, w) for i, w in enumerate(windows) if w.resource == resource]
        if not mine:
            continue
        lo = np.searchsorted(times, [(w.start - EPOCH).total_seconds() / 3600.0 for _, w in mine], "left")
        hi = np.searchsorted(times, [(w.end - EPOCH).total_seconds() / 3600.0 for _, w in mine], "left")
        counts = hi - lo
        lot_parts.append(np.repeat([i for i, _ in mine], counts))
        row_parts.append(rows[np.repeat(lo - np.r_[0, np.cumsum(counts)[:-1]], counts) + np.arange(counts.sum())])
    if not lot_parts:
        return np.zeros(0, dtype=int), np.zeros(0, dtype=int)
    return np.concatenate(lot_parts).astype(int), np.concatenate(row_parts).astype(int)


def settings_features(settings: Mapping[str, Mapping[str, float]]) -> FeatureTable:
    """Machine settings per lot as columns ``setting.<name>`` (a setting not given is NaN)."""
    frame = pd.DataFrame.from_dict({lot: dict(v) for lot, v in settings.items()}, orient="index", dtype=float)
    frame.columns = [f"setting.{c}" for c in frame.columns]
    return FeatureTable(frame.rename_axis("lot"))


def material_features(materials: Mapping[str, Sequence[str]], min_lots: int = 2) -> FeatureTable:
    """One indicator column ``material.<lot>`` per material lot used by at least ``min_lots`` lots."""
    pairs = [(lot, m) for lot, used in materials.items() for m in set(used)]
    if not pairs:
        return FeatureTable(pd.DataFrame(index=pd.Index(list(materials), name="lot")))
    table = pd.crosstab(pd.Series([p[0] for p in pairs], name="lot"), pd.Series([p[1] for p in pairs]))
    table = table.loc[:, table.sum() >= min_lots].astype(float)
    table.columns = [f"material.{c}" for c in table.columns]
    return FeatureTable(table.reindex(list(materials), fill_value=0.0).rename_axis("lot"))


def join_features(*tables: FeatureTable) -> FeatureTable:
    """Columns of several tables side by side, matched by lot (outer join)."""
    frames = [t.frame for t in tables if t.frame.shape[1] or len(t.frame.index)]
    if not frames:
        return FeatureTable(pd.DataFrame(index=pd.Index([], name="lot")))
    return FeatureTable(pd.concat(frames, axis=1, join="outer").rename_axis("lot"))
