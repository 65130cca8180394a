"""Internals shared by the detectors: input cleaning, score capping, running statistics.

Detector inputs are ``dict[str, float]`` (one record) or ``Mapping[str, array]`` (a batch of
columns, NaN = missing). Anything that is not a finite number is dropped before a detector
sees it: ``None``, NaN, +/-inf, text, booleans."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

SCORE_CAP = 30.0
"""Upper end of every detector's score range: scores are z-equivalents in [0, SCORE_CAP]."""

Batch = Mapping[str, Any]


def finite_items(x: Mapping[str, Any]) -> Iterator[tuple[str, float]]:
    """The (signal, value) pairs of a record whose value is a finite number."""
    for key, value in x.items():
        if type(value) is float:  # the common case, checked first: finite unless inf or NaN
            if value - value == 0.0:
                yield key, value
            continue
        if isinstance(value, bool) or not isinstance(value, int | float | np.floating | np.integer):
            continue
        number = float(value)
        if math.isfinite(number):
            yield key, number


def cap(z: float) -> float:
    """A z-equivalent clipped into [0, SCORE_CAP]; NaN becomes 0 (no evidence)."""
    if z != z:
        return 0.0
    return min(max(z, 0.0), SCORE_CAP)


def cap_many(z: np.ndarray) -> np.ndarray:
    """Vectorised ``cap``."""
    return np.clip(np.nan_to_num(z, nan=0.0, posinf=SCORE_CAP, neginf=0.0), 0.0, SCORE_CAP)


def columns(batch: Batch) -> tuple[list[str], np.ndarray]:
    """Signal names and a float matrix (rows x signals) of a batch; non-finite cells become NaN."""
    names = list(batch)
    if not names:
        return names, np.empty((0, 0))
    cols = [_column(batch[name], name) for name in names]
    length = {len(c) for c in cols}
    if len(length) != 1:
        from onefactory.model import InvalidData

        sizes = {n: len(c) for n, c in zip(names, cols, strict=True)}
        raise InvalidData(f"batch columns differ in length: {sizes}", field="batch")
    matrix = np.column_stack(cols)
    matrix[~np.isfinite(matrix)] = np.nan
    return names, matrix


def _column(values: Any, name: str) -> np.ndarray:
    try:
        return np.asarray(values, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        return np.array([v for _, v in _cells(values)], dtype=float)


def _cells(values: Any) -> Iterator[tuple[int, float]]:
    for i, value in enumerate(values):
        item = dict(finite_items({"v": value}))
        yield i, item.get("v", math.nan)


def rows(batch: Batch) -> Iterator[dict[str, float]]:
    """The records of a batch, each holding only its finite cells."""
    names, matrix = columns(batch)
    for row in matrix:
        yield {n: float(v) for n, v in zip(names, row, strict=True) if v == v}


class Running:
    """Mean and variance of one signal (Welford); ``forget`` > 0 makes it exponentially weighted."""

    __slots__ = ("forget", "mean", "n", "sq")

    def __init__(self, forget: float = 0.0) -> None:
        self.forget = forget
        self.n = 0
        self.mean = 0.0
        self.sq = 0.0

    def update(self, value: float) -> None:
        self.n += 1
        weight = max(1.0 / self.n, self.forget)
        delta = value - self.mean
        self.mean += weight * delta
        self.sq = (1.0 - weight) * (self.sq + weight * delta * delta)

    @property
    def std(self) -> float:
        return math.sqrt(self.sq)


def scale_floor(std: float, level: float, rel: float = 1e-3, absolute: float = 1e-9) -> float:
    """A standard deviation that is never zero: a constant signal gets a tiny relative scale."""
    return max(std, rel * abs(level), absolute)
