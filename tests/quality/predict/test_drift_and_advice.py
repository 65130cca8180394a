"""Drift on a shifted sample, top drivers, and recommendations that respect ranges and lower risk."""

import numpy as np
import pandas as pd
import pytest

from onefactory.model import ControlRange, InvalidData
from onefactory.quality.predict import DefectRiskModel, DriftReference, check_drift, recommend, top_drivers
from onefactory.quality.predict.drift import ks_distance, psi


def test_unchanged_sample_does_not_ask_for_retraining():
    rng = np.random.default_rng(3)
    train = rng.normal(size=(2000, 4))
    ref = DriftReference.from_sample(["a", "b", "c", "d"], train, rng.uniform(size=2000))
    report = check_drift(ref, rng.normal(size=(500, 4)), rng.uniform(size=500))
    assert not report.retrain and report.reasons == ()
    assert all(f.psi < 0.1 for f in report.features)


def test_shifted_feature_and_score_are_detected():
    rng = np.random.default_rng(4)
    train = rng.normal(size=(2000, 2))
    ref = DriftReference.from_sample(["temp", "speed"], train, rng.uniform(0, 0.2, 2000))
    recent = np.column_stack([rng.normal(1.5, 1, 400), rng.normal(size=400)])
    report = check_drift(ref, recent, rng.uniform(0.5, 0.9, 400))
    temp, speed = report.features
    assert temp.shifted and not speed.shifted and temp.ks > 0.4
    assert report.score is not None and report.score.shifted
    assert report.retrain and report.reasons[0].startswith("1 of 2 features shifted")


def test_psi_and_ks_by_hand():
    edges = np.array([0.5])
    assert psi(edges, np.array([0.0, 1.0]), np.array([0.0, 1.0])) == 0.0
    # reference 50/50, recent 25/75: (0.25-0.5)ln(0.5) + (0.75-0.5)ln(1.5)
    assert psi(edges, np.array([0.0, 1.0]), np.array([0.0, 1, 1, 1])) == pytest.approx(0.25 * np.log(3))
    assert ks_distance(np.array([1.0, 2.0]), np.array([3.0, 4.0])) == 1.0


def test_missing_share_is_reported():
    ref = DriftReference.from_sample(["a"], np.arange(100.0).reshape(-1, 1))
    report = check_drift(ref, np.array([[1.0], [np.nan], [np.nan], [3.0]]))
    assert report.features[0].missing_share == 0.5 and report.score is None


@pytest.fixture(scope="module")
def hot_model():
    """Risk rises with temperature above 62 C; pressure does nothing."""
    rng = np.random.default_rng(5)
    x = pd.DataFrame({"temp": rng.uniform(50, 75, 1500), "pressure": rng.uniform(4, 6, 1500)})
    y = ((x["temp"] + rng.normal(0, 1, 1500)) > 62).astype(int).to_numpy()
    return DefectRiskModel(n_estimators=80).fit(x, y)


def test_recommendation_stays_in_range_and_lowers_risk(hot_model):
    lot = pd.DataFrame({"temp": [70.0], "pressure": [5.0]})
    controls = [ControlRange("temp", 55.0, 60.0), ControlRange("pressure", 4.0, 6.0), ControlRange("absent", 0, 1)]
    advice = recommend(hot_model, lot, controls)
    assert advice[0].parameter == "temp" and advice[0].current == 70.0
    assert 55.0 <= advice[0].suggested <= 60.0
    assert advice[0].risk_after < advice[0].risk_before - 0.3 and advice[0].effect < 0
    check = hot_model.risk(pd.DataFrame({"temp": [advice[0].suggested], "pressure": [5.0]})).risk[0]
    assert check == pytest.approx(advice[0].risk_after)
    assert all(c.low <= r.suggested <= c.high for r in advice for c in controls if c.parameter == r.parameter)


def test_no_recommendation_when_nothing_helps(hot_model):
    lot = pd.DataFrame({"temp": [55.0], "pressure": [5.0]})
    assert recommend(hot_model, lot, [ControlRange("pressure", 4.0, 6.0)], min_effect=0.05) == []
    with pytest.raises(InvalidData, match="one lot at a time"):
        recommend(hot_model, pd.concat([lot, lot]), [ControlRange("temp", 55.0, 60.0)])


def test_top_driver_of_a_hot_lot_is_temperature(hot_model):
    drivers = top_drivers(hot_model, pd.DataFrame({"temp": [72.0, 52.0], "pressure": [5.0, 5.0]}), top=2)
    assert drivers[0][0].feature == "temp" and drivers[0][0].contribution > 0 and drivers[0][0].value == 72.0
    assert drivers[1][0].feature == "temp" and drivers[1][0].contribution < 0


def test_controls_must_have_ordered_finite_ranges():
    with pytest.raises(InvalidData, match="'temp' must be finite with low <= high"):
        ControlRange("temp", 60.0, 55.0)
