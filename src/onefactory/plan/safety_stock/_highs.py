"""The HiGHS adapter: pass a row-wise MIP, run it quietly, return values and the bound.
Nothing from highspy leaves this module."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .._highs import new_highs

FEASIBLE = 2  # HiGHS solution status "feasible"


@dataclass(slots=True)
class Rows:
    """Constraint rows ``lower <= sum(value * x[index]) <= upper``, row-wise."""

    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    start: list[int] = field(default_factory=list)
    index: list[int] = field(default_factory=list)
    value: list[float] = field(default_factory=list)

    def add(self, cols: list[int], vals: list[float], lo: float, hi: float) -> None:
        """Append one row."""
        self.start.append(len(self.index))
        self.index.extend(cols)
        self.value.extend(vals)
        self.lower.append(lo)
        self.upper.append(hi)


@dataclass(frozen=True, slots=True)
class HighsResult:
    """Column values of the best solution (None if none was found) and the dual bound."""

    values: list[float] | None
    bound: float


def run_highs(
    cost: list[float],
    upper: list[float],
    integer: list[bool],
    rows: Rows,
    start: list[float] | None,
    time_limit_s: float | None,
    gap: float,
) -> HighsResult:
    """Minimise ``cost @ x`` with ``0 <= x <= upper``; ``start`` is a feasible point."""
    highspy, highs = new_highs()
    highs.setOptionValue("mip_rel_gap", gap)
    if time_limit_s is not None:
        highs.setOptionValue("time_limit", float(time_limit_s))
    highs.passModel(_model(highspy, cost, upper, integer, rows))
    if start is not None:
        solution = highspy.HighsSolution()
        solution.col_value = start
        solution.value_valid = True
        highs.setSolution(solution)
    highs.run()
    info = highs.getInfo()
    bound = float(info.mip_dual_bound) if np.isfinite(info.mip_dual_bound) else 0.0
    if info.primal_solution_status != FEASIBLE:
        return HighsResult(None, bound)
    return HighsResult(list(highs.getSolution().col_value), bound)


def _model(highspy: object, cost: list[float], upper: list[float], integer: list[bool], rows: Rows) -> object:
    lp = highspy.HighsLp()  # type: ignore[attr-defined]
    lp.num_col_ = len(cost)
    lp.num_row_ = len(rows.lower)
    lp.col_cost_ = np.array(cost)
    lp.col_lower_ = np.zeros(len(cost))
    lp.col_upper_ = np.array(upper)
    lp.row_lower_ = np.array(rows.lower)
    lp.row_upper_ = np.array(rows.upper)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise  # type: ignore[attr-defined]
    lp.a_matrix_.start_ = np.array([*rows.start, len(rows.index)], dtype=np.int32)
    lp.a_matrix_.index_ = np.array(rows.index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(rows.value)
    kinds = highspy.HighsVarType  # type: ignore[attr-defined]
    lp.integrality_ = [kinds.kInteger if flag else kinds.kContinuous for flag in integer]
    return lp
