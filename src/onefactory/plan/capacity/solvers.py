"""Solver adapters, looked up by name. Each has ``available()``; a missing one raises
SolverUnavailable and is never replaced silently by another.

HiGHS (through ``highspy``) is the one adapter: it takes the whole sparse model
in one call.
"""

from __future__ import annotations

import importlib.util
import time
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from onefactory.model import SolverUnavailable

from .._highs import new_highs
from .formulation import Model

OPTIMAL, TIME_LIMIT, INFEASIBLE = "optimal", "time_limit", "infeasible"
STATUSES = (OPTIMAL, TIME_LIMIT, INFEASIBLE)  # every status a solve can end with (a plan's ``status``)


@dataclass(frozen=True, slots=True)
class Solution:
    """Column values, row activities and (for an LP) row duals of a solved model."""

    values: np.ndarray
    activity: np.ndarray
    duals: np.ndarray | None
    objective: float
    status: str  # one of STATUSES
    seconds: float
    solver: str

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"solver status {self.status!r} is not one of {STATUSES}")


class Adapter(Protocol):
    """A solver that can take a :class:`Model`."""

    name: str

    def available(self) -> bool:
        """Whether the solver is installed."""
        ...

    def solve(self, model: Model, time_limit_s: float) -> Solution:
        """Solve ``model`` within ``time_limit_s``."""
        ...


class Highs:
    """HiGHS through highspy (MIT)."""

    name = "highs"

    def available(self) -> bool:
        """Whether highspy can be imported."""
        return importlib.util.find_spec("highspy") is not None

    def solve(self, model: Model, time_limit_s: float) -> Solution:
        """Pass the model in one call, solve, read values back."""
        highspy, h = new_highs()
        h.setOptionValue("time_limit", float(time_limit_s))
        h.setOptionValue("mip_rel_gap", 1e-4)
        h.setOptionValue("threads", 1)
        h.passModel(_lp(highspy, model))
        started = time.perf_counter()
        h.run()
        seconds = time.perf_counter() - started
        status = _status(highspy, h)
        if status == INFEASIBLE:
            return Solution(np.zeros(0), np.zeros(0), None, float("nan"), status, seconds, self.name)
        sol = h.getSolution()
        duals = np.asarray(sol.row_dual) if sol.dual_valid else None
        return Solution(
            np.asarray(sol.col_value),
            np.asarray(sol.row_value),
            duals,
            float(h.getInfo().objective_function_value),
            status,
            seconds,
            self.name,
        )


def _lp(highspy: object, model: Model) -> object:
    lp = highspy.HighsLp()  # type: ignore[attr-defined]
    lp.num_col_, lp.num_row_ = len(model.cost), len(model.row_lower)
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = model.cost, model.lower, model.upper
    lp.row_lower_, lp.row_upper_ = model.row_lower, model.row_upper
    matrix = model.matrix.tocsc()
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise  # type: ignore[attr-defined]
    lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = matrix.indptr, matrix.indices, matrix.data
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = lp.num_col_, lp.num_row_
    if model.integer.any():
        kinds = highspy.HighsVarType  # type: ignore[attr-defined]
        lp.integrality_ = [kinds.kInteger if flag else kinds.kContinuous for flag in model.integer]
    return lp


def _status(highspy: object, h: object) -> str:
    status = h.getModelStatus()  # type: ignore[attr-defined]
    kinds = highspy.HighsModelStatus  # type: ignore[attr-defined]
    if status == kinds.kOptimal:
        return OPTIMAL
    if status in (kinds.kInfeasible, kinds.kUnboundedOrInfeasible):
        return INFEASIBLE
    if status in (kinds.kTimeLimit, kinds.kInterrupt, kinds.kSolutionLimit, kinds.kIterationLimit):
        if h.getInfo().primal_solution_status == 2:  # type: ignore[attr-defined]
            return TIME_LIMIT
        raise SolverUnavailable("HiGHS stopped at its time limit without a feasible plan; raise time_limit_s")
    raise SolverUnavailable(f"HiGHS ended with status {h.modelStatusToString(status)}")  # type: ignore[attr-defined]


ADAPTERS: dict[str, Adapter] = {"highs": Highs()}


def adapter(name: str) -> Adapter:
    """The adapter called ``name``; SolverUnavailable when unknown or not installed."""
    found = ADAPTERS.get(name)
    if found is None:
        raise SolverUnavailable(f"unknown solver {name!r}; known: {', '.join(sorted(ADAPTERS))}")
    if not found.available():
        raise SolverUnavailable(f"solver {name!r} is not installed (install the 'solver' extra)")
    return found
