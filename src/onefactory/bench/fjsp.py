"""``onefactory bench fjsp``: the product's flexible job shop (CP-SAT with the heuristic's
warm start) and its heuristic alone on Brandimarte mk01-mk10, as gaps to the best known
makespans of ``../shared/data/fjsp-brandimarte/bounds.csv``."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from onefactory.model import InvalidData
from onefactory.plan.scheduling import ShopInstance, parse_brandimarte

from . import BenchOptions
from .jobshop import WORKERS, data_folder, gap, solve_and_check

INSTANCES = tuple(f"mk{k:02d}" for k in range(1, 11))
QUICK = ("mk01", "mk02")


def best_known(folder: Path) -> dict[str, int]:
    """Best known makespan (upper bound) per instance."""
    with (folder / "bounds.csv").open(newline="") as fh:
        return {row["name"]: int(row["upper_bound"]) for row in csv.DictReader(fh)}


def run(data: str | None, options: BenchOptions) -> dict[str, Any]:
    """Solve mk01-mk10 (quick: mk01, mk02) and report the mean gap to the best known."""
    folder = data_folder(data, "fjsp-brandimarte")
    known = best_known(folder)
    names = QUICK if options.quick else INSTANCES
    absent = [n for n in names if n not in known or not (folder / "instances" / f"{n}.txt").exists()]
    if absent:
        raise InvalidData(f"instance or bound missing in {folder}: {', '.join(absent)}", field="data")
    limit = options.time_limit_s or (2.0 if options.quick else 20.0)
    rows = [_one(_read(folder, n), known[n], limit, options.seed) for n in names]
    return _summary(rows, limit)


def _read(folder: Path, name: str) -> ShopInstance:
    return parse_brandimarte((folder / "instances" / f"{name}.txt").read_text(), name)


def _one(instance: ShopInstance, reference: int, limit: float, seed: int) -> dict[str, Any]:
    product, quick, heuristic_s = solve_and_check(instance, limit, seed)
    return {
        "name": instance.name,
        "size": f"{len(instance.jobs)}x{len(instance.stations)}",
        "best_known": reference,
        "cpsat_makespan": product.makespan,
        "proven_optimal": product.proven_optimal,
        "lower_bound": product.lower_bound,
        "gap": round(gap(product.makespan, reference), 4),
        "seconds": round(product.seconds, 3),
        "heuristic_makespan": quick.makespan,
        "heuristic_gap": round(gap(quick.makespan, reference), 4),
        "heuristic_seconds": round(heuristic_s, 3),
    }


def _summary(rows: list[dict[str, Any]], limit: float) -> dict[str, Any]:
    return {
        "benchmark": "fjsp",
        "dataset": "Brandimarte (1993) " + ", ".join(r["name"] for r in rows),
        "instances": len(rows),
        "time_limit_s": limit,
        "workers": WORKERS,
        "mean_gap": round(sum(r["gap"] for r in rows) / len(rows), 5),
        "max_gap": round(max(r["gap"] for r in rows), 4),
        "at_best_known": sum(r["cpsat_makespan"] <= r["best_known"] for r in rows),
        "proven_optimal": sum(r["proven_optimal"] for r in rows),
        "heuristic_mean_gap": round(sum(r["heuristic_gap"] for r in rows) / len(rows), 5),
        "per_instance": rows,
    }
