"""ResonanceDetector: quiet on learnt shapes, new shapes and values flagged, no NaN, pure scoring."""

from __future__ import annotations

import math

import numpy as np

from onefactory.monitor import ResonanceDetector


def _wave(n: int, start: int = 0) -> np.ndarray:
    """A sine of period 60 readings whose values repeat exactly (no new maximum after one period)."""
    return 50.0 + 10.0 * np.sin(2.0 * np.pi * (np.arange(start, start + n) % 60) / 60.0)


def test_a_periodic_signal_stays_quiet_once_its_shapes_are_learnt():
    scores = ResonanceDetector().score_many({"load_kw": _wave(6000)}, learn=True)
    assert scores[3000:].max() == 0.0


def test_a_constant_signal_gives_no_nan_and_no_alarm():
    scores = ResonanceDetector().score_many({"x": np.full(3000, 42.0)}, learn=True)
    assert np.isfinite(scores).all() and scores.max() == 0.0


def test_a_spike_after_warmup_scores_one():
    det = ResonanceDetector()
    det.learn_many({"load_kw": _wave(3000)})
    assert det.score_one({"load_kw": 95.0}) == 1.0


def test_a_new_shape_inside_the_range_starts_a_category_and_alarms():
    """A flat stretch at mid level never seen before: no value is out of range, the shape is new."""
    values = np.concatenate([_wave(3000), np.full(200, 50.0)])
    scores = ResonanceDetector().score_many({"load_kw": values}, learn=True)
    assert scores[:3000].max() == 0.0
    assert scores[3000:].max() >= 0.5


def test_degenerate_input_never_yields_nan():
    values = np.concatenate([np.full(500, 1.0), [1e12, -1e12], np.full(500, 0.0), np.arange(500.0)])
    scores = ResonanceDetector(warmup=10).score_many({"x": values}, learn=True)
    assert np.isfinite(scores).all() and scores.min() >= 0.0 and scores.max() <= 1.0


def test_scoring_does_not_change_the_state():
    values = _wave(1500) + np.random.default_rng(5).normal(0.0, 0.5, 1500)
    a, b = ResonanceDetector(), ResonanceDetector()
    for value in values:
        b.score_one({"x": float(value) + 3.0})
        assert a.score_one({"x": float(value)}) == b.score_one({"x": float(value)})
        a.learn_one({"x": float(value)})
        b.learn_one({"x": float(value)})


def test_range_growth_restarts_the_categories_on_the_new_scale():
    """After a jump to a wider range the categories are relearnt, so the old shapes still resonate."""
    det = ResonanceDetector()
    det.learn_many({"x": _wave(2000)})
    det.learn_many({"x": np.full(40, 200.0)})
    state = det._states["x"]
    assert state.scale is not None and math.isclose(state.scale[1], 200.0)
    scores = det.score_many({"x": _wave(400, start=2040)}, learn=True)
    assert scores[100:].max() == 0.0
