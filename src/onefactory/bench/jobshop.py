"""``onefactory bench jobshop``: the product's CP-SAT job shop and its dispatching heuristic
on the JSPLIB ft and la instances present in ``../shared/data/jsplib``, beside a bare
CP-SAT model (the textbook formulation, same time limit, same workers) run in the same
process, so that speed is a ratio that survives a busy machine."""

from __future__ import annotations

import csv
import time
from pathlib import Path
from typing import Any

from onefactory.model import InvalidData
from onefactory.plan.scheduling import ShopInstance, parse_jsplib, solve_cpsat, solve_heuristic, violations

from . import BenchOptions
from ._monitor_data import data_folder as shared_data_folder

FAMILIES = ("ft", "la")
QUICK = ("ft06", "la01", "la06")
HEURISTIC_BUDGET_S = 0.9
"""The dispatching heuristic's search budget: its answer must come within 1 s, end to end."""
WORKERS = 2


def data_folder(data: str | None, dataset: str) -> Path:
    """``data`` or ``<repo>/../shared/data/<dataset>``, holding ``bounds.csv``; InvalidData names
    a missing folder."""
    return shared_data_folder(dataset, data or None, "bounds.csv")


def best_known(folder: Path) -> dict[str, int]:
    """Best known makespan (upper bound) per instance from ``bounds.csv``."""
    with (folder / "bounds.csv").open(newline="") as fh:
        return {row["name"]: int(row["best_known_ub"]) for row in csv.DictReader(fh) if row["best_known_ub"]}


def gap(makespan: int, reference: int) -> float:
    """Relative gap to the reference makespan, e.g. gap(105, 100) == 0.05."""
    return (makespan - reference) / reference


def run(data: str | None, options: BenchOptions) -> dict[str, Any]:
    """Solve every ft/la instance present with the product, the bare model and the heuristic."""
    folder = data_folder(data, "jsplib")
    known = best_known(folder)
    names = _instance_names(folder, known, options.quick)
    limit = options.time_limit_s or (2.0 if options.quick else 10.0)
    bare_cpsat(parse_jsplib("1 1\n0 1\n", "warm-up"), 1.0, WORKERS, 0)  # load OR-Tools before timing
    rows = [_one(parse_jsplib((folder / "instances" / n).read_text(), n), known[n], limit, options.seed) for n in names]
    return _summary(rows, limit)


def _instance_names(folder: Path, known: dict[str, int], quick: bool) -> list[str]:
    present = sorted(p.name for p in (folder / "instances").iterdir() if p.name.startswith(FAMILIES))
    chosen = [n for n in QUICK if n in present] if quick else present
    missing = [n for n in chosen if n not in known]
    if missing:
        raise InvalidData(f"no best known makespan in bounds.csv for {', '.join(missing)}", field="bounds.csv")
    return chosen


def solve_and_check(instance: ShopInstance, limit: float, seed: int) -> tuple[Any, Any, float]:
    """The product's CP-SAT schedule, its heuristic schedule and the heuristic's wall time;
    both schedules are checked against the instance (an invalid one is a bug, not a result)."""
    product = solve_cpsat(instance, limit, WORKERS, seed)
    started = time.perf_counter()
    quick = solve_heuristic(instance, HEURISTIC_BUDGET_S, seed)
    heuristic_s = time.perf_counter() - started
    problems = violations(instance, product.schedule) + violations(instance, quick)
    if problems:
        raise AssertionError(f"{instance.name}: invalid schedule: {problems[:3]}")
    return product, quick, heuristic_s


def _one(instance: ShopInstance, reference: int, limit: float, seed: int) -> dict[str, Any]:
    product, quick, heuristic_s = solve_and_check(instance, limit, seed)
    bare_ms, bare_optimal, bare_s = bare_cpsat(instance, limit, WORKERS, seed)
    return {
        "name": instance.name,
        "size": f"{len(instance.jobs)}x{len(instance.stations)}",
        "best_known": reference,
        "cpsat_makespan": product.makespan,
        "proven_optimal": product.proven_optimal,
        "gap": round(gap(product.makespan, reference), 4),
        "seconds": round(product.seconds, 3),
        "bare_cpsat_makespan": bare_ms,
        "bare_cpsat_proven_optimal": bare_optimal,
        "bare_cpsat_seconds": round(bare_s, 3),
        "heuristic_makespan": quick.makespan,
        "heuristic_ratio": round(quick.makespan / reference, 4),
        "heuristic_seconds": round(heuristic_s, 3),
    }


def _summary(rows: list[dict[str, Any]], limit: float) -> dict[str, Any]:
    product_s = sum(r["seconds"] for r in rows)
    bare_s = sum(r["bare_cpsat_seconds"] for r in rows)
    return {
        "benchmark": "jobshop",
        "dataset": "JSPLIB ft + la (instances present)",
        "instances": len(rows),
        "time_limit_s": limit,
        "workers": WORKERS,
        "proven_optimal": sum(r["proven_optimal"] for r in rows),
        "bare_cpsat_proven_optimal": sum(r["bare_cpsat_proven_optimal"] for r in rows),
        "at_best_known": sum(r["cpsat_makespan"] == r["best_known"] for r in rows),
        "mean_gap": round(sum(r["gap"] for r in rows) / len(rows), 5),
        "ratio_vs_bare_cpsat": round(product_s / bare_s, 3),
        "heuristic_gap_max": round(max(r["heuristic_ratio"] for r in rows), 4),
        "heuristic_seconds_max": round(max(r["heuristic_seconds"] for r in rows), 3),
        "per_instance": rows,
    }


def bare_cpsat(instance: ShopInstance, limit: float, workers: int, seed: int) -> tuple[int, bool, float]:
    """The textbook CP-SAT job shop (one interval per operation, no-overlap per machine,
    horizon = sum of durations): makespan, proven optimal, seconds."""
    from ortools.sat.python import cp_model

    started = time.perf_counter()
    model = cp_model.CpModel()
    horizon = sum(op.options[0].duration for job in instance.jobs for op in job.operations)
    per_machine: dict[int, list[Any]] = {}
    ends = []
    for j, job in enumerate(instance.jobs):
        previous = None
        for k, op in enumerate(job.operations):
            opt = op.options[0]
            start = model.NewIntVar(0, horizon, f"s{j}_{k}")
            end = model.NewIntVar(0, horizon, f"e{j}_{k}")
            per_machine.setdefault(opt.station, []).append(model.NewIntervalVar(start, opt.duration, end, f"i{j}_{k}"))
            if previous is not None:
                model.Add(start >= previous)
            previous = end
        ends.append(previous)
    for intervals in per_machine.values():
        model.AddNoOverlap(intervals)
    makespan = model.NewIntVar(0, horizon, "makespan")
    model.AddMaxEquality(makespan, ends)
    model.Minimize(makespan)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = limit
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.Solve(model)
    return int(solver.ObjectiveValue()), status == cp_model.OPTIMAL, time.perf_counter() - started
