"""Lot features from a hand-made telemetry window, settings and material lots."""

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from onefactory.model import Reading
from onefactory.quality.predict import (
    LotWindow,
    aggregate_samples,
    join_features,
    material_features,
    settings_features,
    telemetry_features,
)

T0 = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)


def _r(resource, signal, minutes, value):
    return Reading("SUP-A", resource, signal, T0 + timedelta(minutes=minutes), value)


def test_window_aggregates_match_hand_computed_values():
    readings = [
        _r("M1", "temp_c", 0, 60.0),
        _r("M1", "temp_c", 60, 62.0),
        _r("M1", "temp_c", 120, 67.0),
        _r("M1", "temp_c", 180, 99.0),  # after the window of L1: belongs to L2
        _r("M1", "speed", 30, 100.0),
        _r("M2", "temp_c", 30, 10.0),  # another machine
    ]
    windows = [
        LotWindow("L1", "M1", T0, T0 + timedelta(hours=3)),
        LotWindow("L2", "M1", T0 + timedelta(hours=3), T0 + timedelta(hours=4)),
    ]
    frame = telemetry_features(readings, windows).frame
    l1 = frame.loc["L1"]
    assert l1["temp_c.mean"] == pytest.approx(63.0)
    assert l1["temp_c.std"] == pytest.approx(np.std([60, 62, 67]))
    assert (l1["temp_c.min"], l1["temp_c.max"], l1["temp_c.last"]) == (60.0, 67.0, 67.0)
    assert l1["temp_c.slope"] == pytest.approx(3.5)  # least squares over hours 0, 1, 2
    assert l1["speed.mean"] == 100.0 and np.isnan(l1["speed.slope"])  # one sample: no slope
    l2 = frame.loc["L2"]
    assert (l2["temp_c.mean"], l2["temp_c.last"]) == (99.0, 99.0)
    assert np.isnan(l2["speed.mean"])


def test_out_of_order_samples_give_the_same_last_value():
    readings = [_r("M1", "temp_c", 50, 3.0), _r("M1", "temp_c", 10, 1.0), _r("M1", "temp_c", 30, 2.0)]
    frame = telemetry_features(readings, [LotWindow("L1", "M1", T0, T0 + timedelta(hours=1))]).frame
    assert frame.loc["L1", "temp_c.last"] == 3.0
    assert frame.loc["L1", "temp_c.slope"] == pytest.approx(3.0)  # 1 per 20 min


def test_overlapping_windows_share_samples_and_empty_input_is_all_missing():
    readings = [_r("M1", "p", 10, 1.0), _r("M1", "p", 20, 3.0)]
    windows = [
        LotWindow("A", "M1", T0, T0 + timedelta(minutes=30)),
        LotWindow("B", "M1", T0 + timedelta(minutes=15), T0 + timedelta(minutes=30)),
    ]
    frame = telemetry_features(readings, windows).frame
    assert (frame.loc["A", "p.mean"], frame.loc["B", "p.mean"]) == (2.0, 3.0)
    assert telemetry_features([], windows).frame.shape == (2, 0)


def test_aggregate_groups_without_samples_are_nan():
    out = aggregate_samples(np.array([2, 2]), np.array([0.0, 1.0]), np.array([5.0, 7.0]), 3)
    assert np.isnan(out[:2]).all()
    assert out[2].tolist() == [6.0, 1.0, 5.0, 7.0, 2.0, 7.0]


def test_settings_and_material_lots_join_by_lot():
    settings = settings_features({"L1": {"speed_rpm": 1500.0}, "L2": {"speed_rpm": 1400.0, "feed": 0.2}})
    materials = material_features({"L1": ["R-7", "S-1"], "L2": ["R-7"], "L3": ["S-9"]})
    frame = join_features(settings, materials).frame
    assert frame.loc["L1", "setting.speed_rpm"] == 1500.0 and np.isnan(frame.loc["L1", "setting.feed"])
    assert list(materials.frame.columns) == ["material.R-7"]  # S-1 and S-9 appear once only
    assert frame.loc["L3", "material.R-7"] == 0.0 and np.isnan(frame.loc["L3", "setting.speed_rpm"])
