"""`onefactory bench gsm` on two real Willems chains copied aside (``--data``): the tree DP
matches stockpyl's cost on each spanning tree, and the MIP proves each chain optimal."""

import shutil

from onefactory.bench import BenchOptions, run

from support import shared_path


def test_gsm_bench_on_two_real_chains_matches_stockpyl(tmp_path):
    for chain in ("05", "06"):  # 05 has fractional stage times, 06 whole ones
        shutil.copy(shared_path("data", "willems-2008", "chains", f"{chain}.csv"), tmp_path / f"{chain}.csv")
    out = run("gsm", data=str(tmp_path), options=BenchOptions(time_limit_s=10))
    assert (out["chains"], out["compared_on_spanning_trees"], out["stockpyl_failures"]) == (2, 2, [])
    assert abs(out["cost_ratio_vs_stockpyl"] - 1.0) < 1e-9
    assert out["time_s_ours"] > 0 and out["time_s_stockpyl"] > 0
    assert out["time_ratio_vs_stockpyl"] == out["time_s_ours"] / out["time_s_stockpyl"]
    assert out["non_tree_solved_exactly"] == 2
    by_chain = {c["chain"]: c for c in out["per_chain"]}
    assert by_chain["05"]["tree"]["processing_rounded_up"] is True
    assert by_chain["06"]["network"]["proven_gap"] <= 1e-6
