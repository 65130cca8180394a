"""Job shop and flexible job shop on OR-Tools CP-SAT.

One interval per operation (optional intervals per eligible station when there is a
choice); a station with one machine is a no-overlap constraint, a station with ``k``
identical machines a cumulative constraint of capacity ``k`` (machines are then
numbered by a greedy interval colouring). The product's model starts from the
heuristic's schedule: it is the solution hint, its makespan the horizon and upper
bound, and ``lower_bound`` the floor of the objective."""

from __future__ import annotations

import time
from dataclasses import dataclass

from onefactory.model import SolverUnavailable

from .checks import lower_bound
from .heuristic import solve_heuristic
from .shop import Schedule, ScheduledOperation, ShopInstance


@dataclass(frozen=True, slots=True)
class SolveResult:
    """A schedule and what the solver could prove about it."""

    schedule: Schedule
    makespan: int
    lower_bound: int
    proven_optimal: bool
    seconds: float
    method: str


def _cp_model():  # type: ignore[no-untyped-def]
    try:
        from ortools.sat.python import cp_model
    except ImportError as exc:
        raise SolverUnavailable("OR-Tools is not installed; install onefactory[solver]") from exc
    return cp_model


WARM_START_PATIENCE = 2000  # tabu moves without improvement before CP-SAT takes over


def warm_start_seconds(time_limit_s: float) -> float:
    """Most time given to the heuristic before CP-SAT (it stops sooner at the lower bound
    or when it stops improving)."""
    return min(0.2 * time_limit_s, 2.0)


def solve_cpsat(instance: ShopInstance, time_limit_s: float = 10.0, workers: int = 2, seed: int = 0) -> SolveResult:
    """Minimise the makespan: heuristic warm start, then CP-SAT within the same time limit."""
    started = time.perf_counter()
    start_plan = solve_heuristic(instance, warm_start_seconds(time_limit_s), seed, WARM_START_PATIENCE)
    bound = lower_bound(instance)
    if start_plan.makespan <= bound:
        return SolveResult(start_plan, start_plan.makespan, bound, True, time.perf_counter() - started, "heuristic")
    left = max(0.05, time_limit_s - (time.perf_counter() - started))
    result = _solve_model(instance, left, workers, seed, start_plan, bound)
    return SolveResult(*result[:4], time.perf_counter() - started, "cpsat")


def _solve_model(
    instance: ShopInstance, time_limit_s: float, workers: int, seed: int, hint: Schedule, bound: int
) -> tuple[Schedule, int, int, bool]:
    cp_model = _cp_model()
    model = cp_model.CpModel()
    ops, makespan = _build(model, instance, hint.makespan, bound)
    _hint(model, ops, hint)
    model.Minimize(makespan)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.Solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE) or solver.ObjectiveValue() >= hint.makespan:
        best_bound = max(bound, int(solver.BestObjectiveBound())) if status != cp_model.UNKNOWN else bound
        return hint, hint.makespan, best_bound, status == cp_model.OPTIMAL or best_bound >= hint.makespan
    schedule = _read(instance, solver, ops)
    return schedule, schedule.makespan, int(solver.BestObjectiveBound()), status == cp_model.OPTIMAL


@dataclass(slots=True)
class _OpVars:
    job: int
    index: int
    start: object
    end: object
    choices: list[tuple[int, int, object]]  # (station, duration, presence literal or True)


def _build(model, instance: ShopInstance, horizon: int, bound: int):  # type: ignore[no-untyped-def]
    """Variables and constraints; returns the operations and the makespan variable."""
    by_station: dict[int, list[object]] = {}
    ops: list[_OpVars] = []
    ends = []
    for j, job in enumerate(instance.jobs):
        previous = None
        for k, op in enumerate(job.operations):
            start = model.NewIntVar(job.release, horizon, f"s{j}_{k}")
            end = model.NewIntVar(job.release, horizon, f"e{j}_{k}")
            choices = _choices(model, op.options, start, end, by_station, f"{j}_{k}")
            _after_availability(model, instance, start, choices)
            ops.append(_OpVars(j, k, start, end, choices))
            if previous is not None:
                model.Add(start >= previous)
            previous = end
        ends.append(previous)
    for s, intervals in by_station.items():
        units = instance.stations[s].units
        if units == 1:
            model.AddNoOverlap(intervals)
        else:
            model.AddCumulative(intervals, [1] * len(intervals), units)
    makespan = model.NewIntVar(bound, horizon, "makespan")
    model.AddMaxEquality(makespan, ends)
    return ops, makespan


def _choices(model, options, start, end, by_station, name):  # type: ignore[no-untyped-def]
    if len(options) == 1:
        opt = options[0]
        by_station.setdefault(opt.station, []).append(model.NewIntervalVar(start, opt.duration, end, f"i{name}"))
        return [(opt.station, opt.duration, True)]
    choices = []
    for opt in options:
        present = model.NewBoolVar(f"p{name}_{opt.station}")
        interval = model.NewOptionalIntervalVar(start, opt.duration, end, present, f"i{name}_{opt.station}")
        by_station.setdefault(opt.station, []).append(interval)
        choices.append((opt.station, opt.duration, present))
    model.AddExactlyOne([c[2] for c in choices])
    return choices


def _after_availability(model, instance: ShopInstance, start, choices) -> None:  # type: ignore[no-untyped-def]
    """No operation starts on a station before the station is available."""
    for station, _, present in choices:
        if instance.stations[station].available_from:
            lower = model.Add(start >= instance.stations[station].available_from)
            if present is not True:
                lower.OnlyEnforceIf(present)


def _hint(model, ops: list[_OpVars], hint: Schedule) -> None:  # type: ignore[no-untyped-def]
    planned = {(o.job, o.index): o for o in hint.operations}
    for op in ops:
        given = planned[(op.job, op.index)]
        model.AddHint(op.start, given.start)
        model.AddHint(op.end, given.end)
        for station, _, present in op.choices:
            if present is not True:
                model.AddHint(present, station == given.station)


def _read(instance: ShopInstance, solver, ops: list[_OpVars]) -> Schedule:  # type: ignore[no-untyped-def]
    rows = []
    for op in ops:
        station, duration = next((s, d) for s, d, p in op.choices if p is True or solver.BooleanValue(p))
        start = solver.Value(op.start)
        rows.append((op.job, op.index, station, start, start + duration))
    return Schedule(tuple(number_units(instance, rows)))


def number_units(instance: ShopInstance, rows: list[tuple[int, int, int, int, int]]) -> list[ScheduledOperation]:
    """Give each (job, step, station, start, end) a machine of its station: the first one free
    (a station never runs more operations at once than it has machines, so one is always free)."""
    free_at: dict[int, list[int]] = {s: [0] * st.units for s, st in enumerate(instance.stations)}
    out = []
    for job, index, station, start, end in sorted(rows, key=lambda r: (r[3], r[4], r[0])):
        units = free_at[station]
        unit = next((u for u, t in enumerate(units) if t <= start), None)
        if unit is None:
            unit = min(range(len(units)), key=units.__getitem__)  # over capacity: the checker will say so
        units[unit] = max(end, units[unit])
        out.append(ScheduledOperation(job, index, station, unit, start, end))
    return out
