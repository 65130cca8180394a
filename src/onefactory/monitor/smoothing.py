"""Signal conditioning before a detector: the trailing mean of the last readings.

Noisy 1 Hz sensors (vibration RMS, flow) hide a shift in sample noise; the mean of the
last ``window`` readings of each signal keeps the shift and drops most of the noise. It
only looks back, so it can run on a live stream. Each call consumes its readings."""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from typing import Any

import numpy as np

from ._signals import Batch, columns, finite_items


class TrailingMean:
    """Per-signal mean of the last ``window`` finite readings.

    Example:
        >>> smooth = TrailingMean(window=3)
        >>> [smooth.transform_one({"flow_l_min": v})["flow_l_min"] for v in (3.0, 6.0, 9.0, 12.0)]
        [3.0, 4.5, 6.0, 9.0]
    """

    def __init__(self, window: int = 30) -> None:
        self.window = window
        self._recent: dict[str, deque[float]] = {}

    def transform_one(self, x: Mapping[str, Any]) -> dict[str, float]:
        """The smoothed finite signals of ``x`` (missing ones stay missing)."""
        out = {}
        for key, value in finite_items(x):
            recent = self._recent.setdefault(key, deque(maxlen=self.window))
            recent.append(value)
            out[key] = sum(recent) / len(recent)
        return out

    def transform_many(self, batch: Batch) -> dict[str, np.ndarray]:
        """The smoothed columns of a batch (NaN where a reading is missing)."""
        names, matrix = columns(batch)
        return {name: self._column(name, matrix[:, j]) for j, name in enumerate(names)}

    def _column(self, name: str, values: np.ndarray) -> np.ndarray:
        recent = self._recent.setdefault(name, deque(maxlen=self.window))
        present = values[np.isfinite(values)]
        series = np.concatenate([np.asarray(recent, dtype=float), present])
        sums = np.concatenate([[0.0], np.cumsum(series)])
        ends = np.arange(len(recent) + 1, len(series) + 1)
        starts = np.maximum(ends - self.window, 0)
        means = (sums[ends] - sums[starts]) / (ends - starts)
        recent.extend(present)
        out = np.full(len(values), np.nan)
        out[np.isfinite(values)] = means
        return out
