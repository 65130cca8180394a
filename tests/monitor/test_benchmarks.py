"""The skab and nab benchmarks end to end on the real data (quick mode), and the throughput helper."""

from __future__ import annotations

import numpy as np

from onefactory.bench import BenchOptions, run
from onefactory.bench.detectors import throughput_vs_river
from onefactory.bench.skab import Counts, count, metrics

from support import shared_path


def test_skab_metrics_by_hand():
    c = count(np.array([1, 1, 0, 0, 1], bool), np.array([1, 0, 1, 0, 1]))
    assert c == Counts(tp=2, fp=1, fn=1, tn=1)
    assert metrics(c) == {"f1": 0.6667, "far": 50.0, "mar": 33.33}
    assert metrics(Counts(tn=5)) == {"f1": 0.0, "far": 0.0, "mar": 0.0}


def test_skab_quick_run(tmp_path):
    folder = shared_path("data", "skab")
    out = run("skab", data=str(folder), options=BenchOptions(quick=True, results_dir=tmp_path))
    assert out["files"] == 6 and out["quick"] is True
    assert 0.5 < out["f1"] <= 1.0 and 0.0 <= out["far"] <= 100.0 and 0.0 <= out["mar"] <= 100.0
    assert "PCA T2+Q (recomputed here)" in out["baselines"]
    assert out["baselines"]["Conv-AE (published predictions)"]["f1"] == 0.78
    written = sorted(tmp_path.glob("*/*.csv"))
    assert len(written) == 6 and written[0].read_text().startswith("datetime,prediction\n")


def test_nab_quick_run(tmp_path):
    folder = shared_path("data", "nab")
    out = run("nab", data=str(folder), options=BenchOptions(quick=True, results_dir=tmp_path))
    assert out["files"] == 2 and 0.0 < out["threshold"] <= 1.0
    assert -100.0 < out["score_standard"] <= 100.0
    assert out["scorer_check"]["reproduced"] is True
    assert out["scorer_check"]["null_detector_rows_mismatched"] == 0
    assert out["scorer_check"]["max_abs_diff_points"] <= 0.1
    assert out["published_standard_on_this_folder"]["ARTime"] == 75.02
    files = sorted(tmp_path.glob("*/*.csv"))
    assert len(files) == 2 and files[0].read_text().startswith("timestamp,value,anomaly_score,label\n")


def test_nab_fixed_threshold_is_used_as_given():
    folder = shared_path("data", "nab")
    out = run("nab", data=str(folder), options=BenchOptions(quick=True, threshold=0.995))
    assert out["threshold"] == 0.995 and out["threshold_choice"].startswith("fixed")


def test_throughput_helper_reports_both_detectors():
    rng = np.random.default_rng(0)
    stream = {"temp_c": rng.normal(60, 1, 3000), "current_a": rng.normal(6, 0.1, 3000)}
    labels = np.zeros(3000, int)
    stream["temp_c"][2500:2600] += 6.0
    labels[2500:2600] = 1
    out = throughput_vs_river(stream, labels)
    assert out["rows"] == 3000 and out["rows_per_s"] > 0 and out["river_rows_per_s"] > 0
    assert out["ratio_vs_river"] > 1.0  # measured in the same process, so a ratio is meaningful
    assert out["auc"] > 0.9 and out["auc"] >= out["river_auc"]
