"""`onefactory bench jobshop` and `fjsp`: quick runs on the real data, metric code by hand."""

import pytest

from onefactory.bench import BenchOptions, run
from onefactory.bench.fjsp import best_known as fjsp_best_known
from onefactory.bench.jobshop import bare_cpsat, best_known, data_folder, gap
from onefactory.model import InvalidData
from onefactory.plan.scheduling import parse_jsplib

from support import shared_path


def test_gap_by_hand():
    assert gap(105, 100) == pytest.approx(0.05)
    assert gap(930, 930) == 0.0


def test_best_known_reads_the_upper_bound_column(tmp_path):
    (tmp_path / "bounds.csv").write_text("name,jobs,best_known_lb,best_known_ub\nx1,2,50,55\nx2,3,,\n")
    assert best_known(tmp_path) == {"x1": 55}
    (tmp_path / "bounds.csv").write_text(
        "name,size_jobs_x_machines,status,lower_bound,upper_bound\nmk01,10x6,closed,40,40\n"
    )
    assert fjsp_best_known(tmp_path) == {"mk01": 40}


def test_missing_data_folder_is_named(tmp_path):
    with pytest.raises(InvalidData, match="nowhere"):
        data_folder(str(tmp_path / "nowhere"), "jsplib")


def test_bare_model_solves_a_tiny_instance():
    makespan, optimal, seconds = bare_cpsat(parse_jsplib("2 2\n0 3 1 2\n1 4 0 1\n"), 5, 2, 0)
    assert (makespan, optimal) == (6, True)
    assert seconds > 0


def test_jobshop_quick_run_on_jsplib():
    folder = shared_path("data", "jsplib")
    out = run("jobshop", data=str(folder), options=BenchOptions(quick=True))
    assert [r["name"] for r in out["per_instance"]] == ["ft06", "la01", "la06"]
    assert out["proven_optimal"] == 3
    for row in out["per_instance"]:
        assert row["cpsat_makespan"] == row["best_known"] == row["bare_cpsat_makespan"]
        assert 1.0 <= row["heuristic_ratio"] <= 1.10
        assert row["heuristic_seconds"] < 1.5
    assert out["per_instance"][0]["best_known"] == 55
    assert out["ratio_vs_bare_cpsat"] > 0
    assert out["heuristic_gap_max"] == max(r["heuristic_ratio"] for r in out["per_instance"])


def test_fjsp_quick_run_on_brandimarte():
    folder = shared_path("data", "fjsp-brandimarte")
    out = run("fjsp", data=str(folder), options=BenchOptions(quick=True))
    rows = out["per_instance"]
    assert [r["name"] for r in rows] == ["mk01", "mk02"]
    assert [r["best_known"] for r in rows] == [40, 26]
    for row in rows:
        assert row["lower_bound"] <= row["best_known"] <= min(row["cpsat_makespan"], row["heuristic_makespan"])
        assert row["gap"] == pytest.approx((row["cpsat_makespan"] - row["best_known"]) / row["best_known"], abs=1e-4)
    assert out["mean_gap"] == pytest.approx(sum(r["gap"] for r in rows) / 2, abs=1e-5)
    assert out["mean_gap"] < 0.25
