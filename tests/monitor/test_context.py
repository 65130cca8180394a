"""ContextDetector: finite scores in [0, 1], quiet cold start, constant input, novelty."""

from __future__ import annotations

import math
import random

import numpy as np

from onefactory.monitor import ContextDetector


def _noisy(n: int, seed: int = 1) -> list[float]:
    rng = random.Random(seed)
    return [60.0 + 5.0 * math.sin(i / 20.0) + rng.gauss(0.0, 0.3) for i in range(n)]


def test_scores_are_finite_probabilities():
    scores = ContextDetector().score_many({"temp_c": np.array(_noisy(3000))}, learn=True)
    assert np.isfinite(scores).all() and scores.min() >= 0.0 and scores.max() <= 1.0


def test_cold_start_gives_no_alarm():
    """Even wild values score 0 until ``warmup`` readings are learned."""
    det = ContextDetector(warmup=100)
    rng = random.Random(2)
    for _ in range(100):
        x = {"temp_c": rng.uniform(-1e6, 1e6)}
        assert det.score_one(x) == 0.0
        det.learn_one(x)


def test_constant_input_gives_no_nan_and_no_alarm():
    scores = ContextDetector().score_many({"temp_c": np.full(3000, 42.0)}, learn=True)
    assert np.isfinite(scores).all() and scores.max() < 0.1


def test_value_outside_the_range_seen_scores_one():
    det = ContextDetector()
    for value in _noisy(1000):
        det.learn_one({"temp_c": value})
    assert det.score_one({"temp_c": 120.0}) == 1.0
    assert det.score_one({"temp_c": 60.0}) < 0.3


def test_scoring_does_not_change_the_state():
    """score_one is pure: scoring twice, or scoring another value first, gives the same scores."""
    values = _noisy(1200)
    a, b = ContextDetector(), ContextDetector()
    for value in values:
        b.score_one({"temp_c": value + 1.0})
        assert a.score_one({"temp_c": value}) == b.score_one({"temp_c": value})
        a.learn_one({"temp_c": value})
        b.learn_one({"temp_c": value})


def test_refractory_silences_repeated_surprise():
    det = ContextDetector(alarm_level=0.0, refractory=50)
    values = _noisy(400)
    scores = det.score_many({"temp_c": np.array(values)}, learn=True)
    after = scores[101:151]
    assert (after == 0.0).all()


def test_range_novelty_score_grows_with_the_excess():
    """Just outside the range scores about 0.5; ``range_full`` of the range outside scores 1."""
    det = ContextDetector(range_full=0.1)
    for value in _noisy(1000):
        det.learn_one({"temp_c": value})
    state = det._states["temp_c"]
    low, high = state.contexts.low, state.contexts.high
    spread = high - low
    near = det.score_one({"temp_c": high + 0.01 * spread})
    mid = det.score_one({"temp_c": high + 0.05 * spread})
    assert 0.5 <= near < mid < 1.0
    assert det.score_one({"temp_c": low - 0.2 * spread}) == 1.0


def test_a_run_of_new_maxima_is_one_range_novelty():
    """A ramp past the range sets a new maximum at every reading but alarms once per range_refractory."""
    det = ContextDetector(range_refractory=20)
    for value in _noisy(1000):
        det.learn_one({"temp_c": value})
    ramp = 70.0 + 0.5 * np.arange(20)
    scores = det.score_many({"temp_c": ramp}, learn=True)
    assert scores[0] == 1.0
    assert (scores[1:] == 0.0).all()


def test_habituation_raises_the_bar_for_a_signal_that_keeps_surprising():
    """White noise keeps making new contexts; habituation lowers its scores once it is known for that."""
    rng = np.random.default_rng(4)
    values = {"x": rng.uniform(0.0, 1.0, 8000)}
    plain = ContextDetector(habituation=0.0, refractory=0).score_many(values, learn=True)
    habituated = ContextDetector(habituation=0.5, refractory=0).score_many(values, learn=True)
    late = slice(6000, None)
    assert habituated[late].mean() < plain[late].mean() - 0.02
    assert np.allclose(habituated[:300], plain[:300], atol=0.01)  # slow: early scores barely move
