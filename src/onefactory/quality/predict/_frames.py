"""Turning inputs into feature matrices: named columns, missing columns, all-missing columns."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from onefactory.model import InvalidData


def as_named_matrix(x: Any) -> tuple[np.ndarray, np.ndarray]:
    """(column names, float matrix) of a DataFrame or a 2-D array (columns named ``x0``, ``x1``...)."""
    if isinstance(x, pd.DataFrame):
        names = np.asarray([str(c) for c in x.columns], dtype=object)
        values = x.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    else:
        values = np.asarray(x, dtype=float)
        if values.ndim != 2:
            raise InvalidData(f"features must be a 2-D table, got shape {values.shape}", field="X")
        names = np.asarray([f"x{i}" for i in range(values.shape[1])], dtype=object)
    values = np.where(np.isfinite(values), values, np.nan)
    return names, values


def as_labels(y: Any, n_rows: int) -> np.ndarray:
    """0/1 outcomes (1 = failed); anything else names the first bad row."""
    labels = np.asarray(y)
    if labels.shape != (n_rows,):
        raise InvalidData(f"need one outcome per row: {n_rows} rows, outcomes of shape {labels.shape}", field="y")
    bad = [i for i, v in enumerate(labels.tolist()) if v not in (0, 1, True, False)]
    if bad:
        raise InvalidData(f"outcome of row {bad[0]} must be 0 (pass) or 1 (fail), got {labels[bad[0]]!r}", field="y")
    return labels.astype(int)


def align(x: Any, expected: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """The matrix with exactly the ``expected`` columns in order; missing ones become NaN (warned)."""
    names, values = as_named_matrix(x)
    if not isinstance(x, pd.DataFrame):
        if values.shape[1] != expected.size:
            raise InvalidData(f"expected {expected.size} feature columns, got {values.shape[1]}", field="X")
        return values, []
    position = {n: i for i, n in enumerate(names)}
    missing = [str(n) for n in expected if n not in position]
    out = np.full((values.shape[0], expected.size), np.nan)
    for j, name in enumerate(expected):
        if name in position:
            out[:, j] = values[:, position[name]]
    warnings = [f"feature {name!r} missing at prediction time; treated as missing" for name in missing]
    return out, warnings
