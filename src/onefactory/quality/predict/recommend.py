"""Recommended settings: within each controllable parameter's allowed range, the changes that
most lower the predicted defect risk (greedy coordinate search over a grid, one batch per round)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from onefactory.model import ControlRange, InvalidData, Recommendation

from .estimator import DefectRiskModel


def recommend(
    model: DefectRiskModel,
    lot: Any,
    controls: Sequence[ControlRange],
    *,
    steps: int = 21,
    max_changes: int = 3,
    min_effect: float = 1e-3,
) -> list[Recommendation]:
    """Changes for one lot (a one-row DataFrame), applied in order; each lowers the risk by at least
    ``min_effect``. Controls the model does not use are ignored; nothing is suggested outside a range."""
    if steps < 2:
        raise InvalidData(f"steps must be at least 2, got {steps}", field="steps")
    names = [str(n) for n in model.feature_names_in_]
    usable = [c for c in controls if c.parameter in names]
    row, _ = _aligned_row(model, lot)
    risk = float(model.risk(row[None, :]).risk[0])
    steps_taken: list[Recommendation] = []
    for _ in range(max_changes):
        best = _best_single_change(model, row, usable, names, steps)
        if best is None or risk - best[2] < min_effect:
            break
        control, value, new_risk = best
        current = row[names.index(control.parameter)]
        steps_taken.append(
            Recommendation(
                control.parameter,
                None if np.isnan(current) else float(current),
                value,
                control.low,
                control.high,
                risk,
                new_risk,
            )
        )
        row[names.index(control.parameter)], risk = value, new_risk
        usable = [c for c in usable if c is not control]
    return steps_taken


def _aligned_row(model: DefectRiskModel, lot: Any) -> tuple[np.ndarray, list[str]]:
    from ._frames import align

    matrix, warnings = align(lot, model.feature_names_in_)
    if matrix.shape[0] != 1:
        raise InvalidData(f"recommendations are for one lot at a time, got {matrix.shape[0]} rows", field="lot")
    return matrix[0].copy(), warnings


def _best_single_change(
    model: DefectRiskModel, row: np.ndarray, controls: Sequence[ControlRange], names: list[str], steps: int
) -> tuple[ControlRange, float, float] | None:
    """Try every grid value of every control from ``row`` in one prediction batch."""
    if not controls:
        return None
    grids = [np.linspace(c.low, c.high, steps) for c in controls]
    batch = np.repeat(row[None, :], sum(g.size for g in grids), axis=0)
    owners = np.repeat(np.arange(len(controls)), [g.size for g in grids])
    cols = np.array([names.index(controls[k].parameter) for k in owners])
    batch[np.arange(batch.shape[0]), cols] = np.concatenate(grids)
    risks = model.risk(batch).risk
    distance = np.abs(np.concatenate(grids) - np.nan_to_num(row[cols], nan=np.inf))
    pick = int(np.lexsort((distance, risks))[0])
    return controls[owners[pick]], float(batch[pick, cols[pick]]), float(risks[pick])
