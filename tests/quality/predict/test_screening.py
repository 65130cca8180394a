"""Time-stable feature screening: a link that flips over time loses to a steady one."""

import numpy as np

from onefactory.quality.predict._screening import stable_features


def _blocks(n=300, seed=3):
    rng = np.random.default_rng(seed)
    labels = (rng.uniform(size=n) < 0.2).astype(int)
    early = np.arange(n) < n // 2
    steady = 0.5 * labels + rng.normal(size=n)
    flipping = np.where(early, 3.0, -0.4) * labels + rng.normal(size=n)  # strong overall, sign flips
    noise = rng.normal(size=n)
    return np.column_stack([flipping, noise, steady]), labels


def test_the_steady_feature_beats_a_stronger_one_whose_sign_flips():
    matrix, labels = _blocks()
    assert stable_features(matrix, labels, keep=1, blocks=1).tolist() == [0]  # pooled, the flipping one wins
    assert stable_features(matrix, labels, keep=1, blocks=2).tolist() == [2]


def test_missing_values_and_a_block_without_fails_are_tolerated():
    matrix, labels = _blocks()
    matrix[::3, 2] = np.nan
    labels[:100] = 0
    assert stable_features(matrix, labels, keep=2, blocks=3).size == 2


def test_keep_zero_or_at_least_the_column_count_keeps_everything():
    matrix, labels = _blocks()
    assert stable_features(matrix, labels, keep=0, blocks=2).tolist() == [0, 1, 2]
    assert stable_features(matrix, labels, keep=5, blocks=2).tolist() == [0, 1, 2]
