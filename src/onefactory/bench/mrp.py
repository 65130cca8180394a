"""``onefactory bench mrp``: the vectorised MRP on a generated cluster of 50,000 items x 52
weekly buckets, beside a plain per-item Python MRP on a sample cluster in the same run.

* ``seconds_per_million_cells``: median time of one MRP pass (compile the problem to
  arrays, then net, size lots, offset on the members' calendars and explode level by
  level) per million item-bucket cells; target <= 1.
* Baseline: on a sample cluster of ``sample_items`` items, the straightforward
  per-item loop (:mod:`onefactory.plan.mrp.reference`) against the engine on the same
  compiled arrays (compiling is common to both and left out of this ratio);
  ``sample_equal`` says whether both planned exactly the same orders.
  ``sample_full_run_seconds`` is the whole run on that sample as the service does it:
  compile, plan, dated orders as objects, and explicit allocation and pegging.

The cluster is generated from the seed (no data folder is read).
"""

from __future__ import annotations

import statistics
import time
from dataclasses import replace
from typing import Any

import numpy as np

from onefactory.model import InvalidData
from onefactory.plan.mrp import run_mrp
from onefactory.plan.mrp.compile import MrpArrays, compile_problem
from onefactory.plan.mrp.engine import MrpPlan, run_arrays
from onefactory.plan.mrp.reference import plan_reference

from . import BenchOptions
from .mrp_cluster import generate

TARGET = 1.0


def run(data: str | None, options: BenchOptions) -> dict[str, Any]:
    """Run the benchmark; ``data`` must be None (the cluster is generated)."""
    if data is not None:
        raise InvalidData(f"the mrp benchmark generates its cluster; it reads no data folder (got {data!r})")
    n_items, sample_items = (2_000, 500) if options.quick else (50_000, 5_000)
    buckets, repeats = 52, options.repeats or (1 if options.quick else 3)
    began = time.perf_counter()
    problem = generate(n_items, buckets, options.seed)
    build_s = time.perf_counter() - began
    times, arrays, plan = [], None, None
    for _ in range(repeats):
        t0 = time.perf_counter()
        arrays = compile_problem(problem)
        t1 = time.perf_counter()
        plan = run_arrays(arrays)
        times.append((t1 - t0, time.perf_counter() - t1))
    assert arrays is not None
    assert plan is not None
    cells = n_items * buckets
    totals = [c + r for c, r in times]
    return {
        "benchmark": "mrp",
        "items": n_items,
        "buckets": buckets,
        "cells": cells,
        "nodes": len(arrays.keys),
        "edges": int(arrays.parent.size),
        "levels": int(arrays.level.max()) + 1,
        "planned_orders": int(np.count_nonzero(plan.planned[~arrays.phantom])),
        "repeats": repeats,
        "seconds_per_million_cells": round(statistics.median(totals) / cells * 1e6, 4),
        "best_seconds_per_million_cells": round(min(totals) / cells * 1e6, 4),
        "compile_seconds": round(statistics.median(c for c, _ in times), 3),
        "engine_seconds": round(statistics.median(r for _, r in times), 3),
        "engine_seconds_per_million_cells": round(statistics.median(r for _, r in times) / cells * 1e6, 4),
        "generate_and_build_seconds": round(build_s, 3),
        "target_seconds_per_million_cells": TARGET,
        "meets_target": statistics.median(totals) / cells * 1e6 <= TARGET,
        "baseline": baseline(sample_items, buckets, options.seed),
    }


def baseline(n_items: int, buckets: int, seed: int) -> dict[str, Any]:
    """Engine and per-item reference on the same sample cluster: times, ratio, equality."""
    problem = generate(n_items, buckets, seed + 1)
    arrays = compile_problem(problem)
    t0 = time.perf_counter()
    plan = run_arrays(arrays)
    t1 = time.perf_counter()
    reference = plan_reference(arrays)
    t2 = time.perf_counter()
    engine_s, reference_s = t1 - t0, t2 - t1
    problem.settings = replace(problem.settings, peg=True)
    result = run_mrp(problem)
    full_s = time.perf_counter() - t2
    cells = n_items * buckets
    return {
        "sample_items": n_items,
        "sample_cells": cells,
        "engine_seconds": round(engine_s, 4),
        "reference_seconds": round(reference_s, 4),
        "reference_seconds_per_million_cells": round(reference_s / cells * 1e6, 4),
        "speedup_vs_reference": round(reference_s / engine_s, 2),
        "sample_equal": planned_cells(arrays, plan) == reference,
        "sample_planned_orders": len(reference),
        "sample_full_run_seconds": round(full_s, 3),
        "sample_full_run_allocations": len(result.allocations),
    }


def planned_cells(arrays: MrpArrays, plan: MrpPlan) -> dict[tuple[int, int], int]:
    """The engine's planned quantities as {(node, bucket): qty}, phantoms left out."""
    rows, cols = np.nonzero(plan.planned)
    return {
        (i, b): int(plan.planned[i, b])
        for i, b in zip(rows.tolist(), cols.tolist(), strict=True)
        if not arrays.phantom[i]
    }
