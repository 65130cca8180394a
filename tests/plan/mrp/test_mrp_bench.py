"""``onefactory bench mrp`` in quick mode, and its metric code on hand-made arrays."""

from __future__ import annotations

import numpy as np
import pytest

from onefactory.bench import BenchOptions, run
from onefactory.bench.mrp import planned_cells
from onefactory.model import InvalidData


def test_quick_bench_reports_speed_baseline_and_equality():
    out = run("mrp", options=BenchOptions(quick=True))
    assert (out["items"], out["buckets"], out["cells"]) == (2_000, 52, 104_000)
    assert out["nodes"] >= out["items"]
    assert out["levels"] >= 5
    assert out["planned_orders"] > 1_000
    assert 0 < out["seconds_per_million_cells"] < 60
    assert out["meets_target"] == (out["seconds_per_million_cells"] <= 1.0)
    base = out["baseline"]
    assert base["sample_equal"] is True
    assert base["sample_cells"] == 500 * 52
    assert base["sample_full_run_allocations"] > 0
    assert base["speedup_vs_reference"] == pytest.approx(base["reference_seconds"] / base["engine_seconds"], rel=0.02)


def test_the_bench_refuses_a_data_folder():
    with pytest.raises(InvalidData, match="reads no data folder"):
        run("mrp", data="/nowhere", options=BenchOptions(quick=True))


def test_planned_cells_leave_out_phantoms_and_zeros():
    class Arrays:
        phantom = np.array([False, True, False])

    class Plan:
        planned = np.array([[0, 4], [7, 0], [0, 0]])

    assert planned_cells(Arrays(), Plan()) == {(0, 1): 4}  # type: ignore[arg-type]
