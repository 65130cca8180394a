"""The secom and ai4i benchmarks run end to end on the real data (quick mode) and keep labels out."""

import numpy as np
import pandas as pd
import pytest

from onefactory.bench import BenchOptions, ai4i, secom
from onefactory.bench._failure_modes import errors_by_mode, mode_names
from onefactory.bench._quality import expanding_folds
from onefactory.model import InvalidData

from support import shared_path

KEYS = {
    "f1",
    "f1_ci",
    "balanced_accuracy",
    "roc_auc",
    "train_time_ratio_vs_lightgbm",
    "lightgbm_default_f1",
    "splits",
    "n",
    "positives",
}


def test_ai4i_features_exclude_failure_modes_and_identifiers():
    folder = shared_path("data", "ai4i2020")
    x, y = ai4i.load(str(folder))
    banned = {"TWF", "HDF", "PWF", "OSF", "RNF", "UDI", "Product ID", "Machine failure"}
    assert not banned & set(x.columns)
    assert not {c for c in x.columns if c.lower() in {"twf", "hdf", "pwf", "osf", "rnf", "udi", "product_id"}}
    assert (len(y), int(y.sum())) == (10_000, 339)
    raw = pd.read_csv(folder / "ai4i2020.csv")
    for column in x.columns:  # no model input equals a label column
        for label in ("Machine failure", "TWF", "HDF", "PWF", "OSF", "RNF"):
            assert not (x[column].to_numpy() == raw[label].to_numpy()).all()


def test_ai4i_headroom_is_negative_exactly_where_the_documented_limit_is_crossed():
    """Each headroom feature restates a documented failure condition, so a single split at
    zero separates it; the mode columns are only used here to check that."""
    folder = shared_path("data", "ai4i2020")
    x, _ = ai4i.load(str(folder))
    raw = pd.read_csv(folder / "ai4i2020.csv").sort_values("UDI", kind="stable").reset_index(drop=True)
    for column, mode in (("heat_dissipation_margin", "HDF"), ("power_margin", "PWF"), ("overstrain_margin", "OSF")):
        assert ((x[column] < 0).astype(int) == raw[mode]).all(), column
    crossed = raw[["HDF", "PWF", "OSF"]].any(axis=1)
    assert ((x["failure_margin"] < 0) == crossed).all()


def test_ai4i_model_flags_heat_dissipation_it_has_hardly_seen():
    """Heat-dissipation failures cluster in the third sixth of the rows; trained on the
    rows before it (one such failure), the model must still flag those limit crossings."""
    x, y = ai4i.load(str(shared_path("data", "ai4i2020")))
    model = ai4i.make_model().fit(x.iloc[:3333], y[:3333])
    later = x.iloc[3333:5000]
    crossed = (later["heat_dissipation_margin"] < 0).to_numpy()
    assert (x["heat_dissipation_margin"].iloc[:3333] < 0).sum() <= 1 and crossed.sum() > 100
    assert model.predict(later)[crossed].mean() > 0.9


def test_ai4i_tool_ends_are_the_rows_before_the_wear_resets_and_hold_every_tool_wear_failure():
    x, y, modes = ai4i.read(str(shared_path("data", "ai4i2020")))
    ends = ai4i.tool_ends(x)
    wear = x["tool_wear_min"].to_numpy()
    assert ends.sum() == 119 and (wear[1:][ends[:-1]] == 0).all() and not ends[-1]
    tool_wear_failure = np.array(["TWF" in m for m in modes])
    assert tool_wear_failure.sum() == 46 and ends[tool_wear_failure].all()
    assert (int(y[ends].sum()), int(ends.sum() - y[ends].sum())) == (55, 64)  # fewer than half fail


def test_mode_names_and_errors_by_mode_count_each_mode():
    raw = pd.DataFrame({"TWF": [0, 1, 0, 0, 0], "HDF": [1, 0, 0, 0, 0], "RNF": [0, 1, 0, 1, 0]})
    modes = mode_names(raw, ("TWF", "HDF", "RNF"))
    assert modes.tolist() == ["HDF", "TWF+RNF", "none", "RNF", "none"]
    truth, predicted = np.array([1, 1, 1, 0, 0]), np.array([1, 0, 0, 1, 1])
    assert errors_by_mode(modes, truth, predicted) == {
        "missed": {"TWF+RNF": 1, "none": 1},
        "false_alarms": {"RNF": 1, "none": 1},
    }
    with pytest.raises(ValueError, match="5 mode names for 4 labels and 5 predictions"):
        errors_by_mode(modes, truth[:4], predicted)


@pytest.fixture(scope="module")
def ai4i_quick():
    shared_path("data", "ai4i2020")
    return ai4i.run(None, BenchOptions(quick=True))


def test_ai4i_quick_run_reports_sane_figures(ai4i_quick):
    out = ai4i_quick
    assert set(out) >= KEYS and out["splits"] == 2 and out["quick"] is True
    assert 0.3 < out["f1"] <= 1.0 and 0.7 < out["roc_auc"] <= 1.0
    assert out["f1_ci"][0] <= out["f1"] <= out["f1_ci"][1]
    assert out["train_time_ratio_vs_lightgbm"] > 0
    assert len(out["documented_limits_rule_f1_per_split"]) == out["splits"]
    # flagging exactly the rows beyond a documented limit misses only failures no reading
    # foretells; the model trained in each window should come close to that rule
    assert out["f1"] >= out["documented_limits_rule_f1"] - 0.02
    assert out["f1_pooled_ci"][0] <= out["f1_pooled"] <= out["f1_pooled_ci"][1]
    assert len(out["documented_limits_and_tool_ends_f1_per_split"]) == out["splits"]


def test_ai4i_quick_run_misses_only_what_the_documented_limits_miss(ai4i_quick):
    """Split by split, the model misses the failures beyond no documented limit (tool wear,
    random, unattributed) and raises no false alarm, exactly like the rule."""
    x, y, modes = ai4i.read(str(shared_path("data", "ai4i2020")))
    beyond = (x["failure_margin"] < 0).to_numpy(dtype=int)
    rule = [errors_by_mode(modes[a:b], y[a:b], beyond[a:b]) for _, a, b in expanding_folds(4000, 2)]
    assert [e["missed"] for e in rule] == [{"TWF": 6, "none": 1}, {"TWF": 6, "TWF+RNF": 1, "none": 1}]
    out = ai4i_quick
    assert out["missed_by_mode_per_split"] == [e["missed"] for e in rule]
    assert out["false_alarms_by_mode_per_split"] == [e["false_alarms"] for e in rule] == [{}, {}]


@pytest.fixture(scope="module")
def secom_quick():
    shared_path("data", "secom")
    return secom.run(None, BenchOptions(quick=True))


def test_secom_quick_run_scores_only_the_held_out_rows(secom_quick):
    out = secom_quick
    assert set(out) >= KEYS and (out["n"], out["positives"], out["clean_rows"]) == (1567, 104, 392)
    # the first block is only ever trained on: the splits score fewer than the 392 clean rows
    assert out["scored_rows"] == sum(out["test_rows_per_split"]) == 277
    assert out["scored_positives"] == sum(out["test_positives_per_split"]) == 13
    assert 0.0 <= out["f1"] <= 1.0 and 0.0 <= out["balanced_accuracy"] <= 1.0
    assert out["f1_pooled_ci"][0] <= out["f1_pooled"] <= out["f1_pooled_ci"][1]
    assert 0.0 < out["f1_flag_every_lot"] < 0.2  # about 6 % of the scored lots fail
    assert out["f1_pooled"] <= out["f1_pooled_hindsight_threshold"]  # no threshold beats the best one
    assert out["roc_auc_pooled_chance_band"][0] < 0.5 < out["roc_auc_pooled_chance_band"][1]
    # all 1 567 labels in three time blocks: 61 of 522, 16 of 522, 27 of 523 lots failed
    assert out["fail_rate_per_block"] == [0.1169, 0.0307, 0.0516]


def test_secom_quick_run_scores_uci_baseline_on_the_same_rows(secom_quick):
    out = secom_quick
    assert len(out["uci_baseline_f1_per_split"]) == out["splits"] == 2
    assert out["uci_baseline_f1_pooled"] <= out["uci_baseline_f1_pooled_hindsight_threshold"]
    for key in ("uci_baseline_roc_auc_pooled", "uci_baseline_shuffled_cv_roc_auc", "uci_baseline_shuffled_cv_f1"):
        assert 0.0 <= out[key] <= 1.0


def test_missing_data_folder_is_named(tmp_path):
    with pytest.raises(InvalidData, match=r"secom: .* has no secom_1567rows_207features.csv"):
        secom.run(str(tmp_path), BenchOptions(quick=True))
    with pytest.raises(InvalidData, match=r"secom data folder not found: .*nowhere"):
        secom.run(str(tmp_path / "nowhere"), BenchOptions(quick=True))
