"""DefectRiskModel: the scikit-learn contract, calibration, one class, missing and empty columns."""

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from onefactory.model import InvalidData
from onefactory.quality.predict import DefectRiskModel, load_model, model_bytes


def _data(n=600, seed=1):
    rng = np.random.default_rng(seed)
    x = pd.DataFrame({"temp": rng.normal(60, 3, n), "pressure": rng.normal(5, 0.5, n), "noise": rng.normal(size=n)})
    logit = 1.2 * (x["temp"] - 63) + 2.0 * (x["pressure"] - 5.5)
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-logit))).astype(int)
    return x, y.to_numpy()


def test_init_stores_parameters_only_and_fit_returns_self():
    model = DefectRiskModel(n_estimators=30, calibration="sigmoid")
    assert clone(model).get_params() == model.get_params()
    assert not [k for k in vars(model) if k.endswith("_")]
    x, y = _data()
    assert model.fit(x, y) is model
    assert model.feature_names_in_.tolist() == ["temp", "pressure", "noise"] and model.n_rows_ == 600


@pytest.mark.parametrize("method", ["isotonic", "sigmoid"])
def test_calibrated_risk_is_monotonic_in_the_booster_score(method):
    x, y = _data()
    model = DefectRiskModel(n_estimators=60, calibration=method).fit(x, y)
    raw = model.booster_.predict(x.to_numpy(), raw_score=True)
    risk = model.predict_proba(x)[:, 1]
    order = np.argsort(raw)
    assert np.all(np.diff(risk[order]) >= -1e-12)
    assert risk.min() >= 0.0 and risk.max() <= 1.0
    assert 0.0 < model.threshold_ < 1.0 and model.validation_["rows"] == 450  # 3 of 4 time blocks


def test_threshold_comes_from_training_rows_only():
    """Changing the test rows does not change the fitted threshold (it is chosen inside the training data)."""
    x, y = _data()
    a = DefectRiskModel(n_estimators=30).fit(x.iloc[:400], y[:400])
    b = DefectRiskModel(n_estimators=30).fit(x.iloc[:400], y[:400])
    assert a.threshold_ == b.threshold_


def test_one_class_window_predicts_its_base_rate_with_a_flag():
    x, _ = _data(100)
    model = DefectRiskModel().fit(x, np.ones(100, dtype=int))
    assert model.one_class_ and model.base_rate_ == 1.0
    assert "only one class in training window; predicting the base rate 1.000" in model.warnings_
    assert model.predict_proba(x.iloc[:3]).tolist() == [[0.0, 1.0]] * 3
    assert model.predict(x.iloc[:3]).tolist() == [1, 1, 1]
    assert "model trained on one class" in model.risk(x.iloc[:1]).warnings[0]


def test_missing_columns_at_prediction_are_filled_as_missing_with_warnings():
    x, y = _data()
    model = DefectRiskModel(n_estimators=30).fit(x, y)
    scores = model.risk(x[["temp", "noise"]].iloc[:5])
    assert scores.risk.shape == (5,) and np.isfinite(scores.risk).all()
    assert scores.warnings == ("feature 'pressure' missing at prediction time; treated as missing",)
    with pytest.raises(InvalidData, match="expected 3 feature columns, got 2"):
        model.risk(x[["temp", "noise"]].to_numpy())


def test_all_missing_features_are_dropped():
    x, y = _data()
    x["broken_sensor"] = np.nan
    model = DefectRiskModel(n_estimators=30).fit(x, y)
    assert model.dropped_features_.tolist() == ["broken_sensor"]
    assert "broken_sensor" not in model.kept_features_.tolist()
    assert "feature 'broken_sensor' has no values in the training window; dropped" in model.warnings_
    assert np.isfinite(model.predict_proba(x)).all()


def test_every_feature_missing_gives_the_base_rate():
    model = DefectRiskModel().fit(pd.DataFrame({"a": [np.nan] * 4}), [0, 1, 0, 0])
    assert model.one_class_ and model.predict_proba(pd.DataFrame({"a": [1.0]}))[0, 1] == 0.25


def test_bad_outcomes_name_the_row():
    x, _ = _data(4)
    with pytest.raises(InvalidData, match="outcome of row 2 must be 0"):
        DefectRiskModel().fit(x, [0, 1, 2, 0])


def test_stored_bytes_round_trip_and_refuse_tampering():
    x, y = _data()
    model = DefectRiskModel(n_estimators=20).fit(x, y)
    blob, digest = model_bytes(model)
    assert np.array_equal(load_model(blob, digest).predict_proba(x), model.predict_proba(x))
    with pytest.raises(InvalidData, match="do not match their hash"):
        load_model(blob + b"x", digest)
