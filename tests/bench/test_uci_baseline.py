"""UCI's SECOM baseline: the balanced kernel ridge decision and a pipeline fitted on its window only."""

import numpy as np
import pytest

from onefactory.bench._uci_baseline import TOP_FEATURES, BalancedKernelRidgeClassifier, uci_baseline
from onefactory.model import InvalidData


def test_balanced_weights_let_a_lone_fail_be_flagged():
    """One fail among nine passes: with each class weighing half, the fail's own row and its
    neighbour score positive, the passes far from it negative."""
    x = np.array([[float(v)] for v in range(9)] + [[20.0]])
    y = np.array([0] * 9 + [1])
    model = BalancedKernelRidgeClassifier(gamma_per_feature=0.1).fit(x, y)
    assert model.predict(np.array([[20.0], [19.0], [0.0], [4.0]])).tolist() == [1, 1, 0, 0]
    assert model.decision_function(np.array([[20.0]]))[0] > 0 > model.decision_function(np.array([[4.0]]))[0]


def test_one_class_window_is_refused_with_the_counts():
    with pytest.raises(InvalidData, match="needs both classes; got 0 fails of 3 rows"):
        BalancedKernelRidgeClassifier().fit(np.zeros((3, 2)), [0, 0, 0])


def test_pipeline_keeps_forty_non_constant_features_ranked_on_its_training_rows():
    """60 columns: column 0 constant, columns 1..59 noise, columns 50..59 shifted for fails.
    The 40 kept columns are those with the highest F-statistic on the training rows."""
    rng = np.random.default_rng(0)
    y = np.array([0, 1] * 50)
    x = rng.normal(size=(100, 60))
    x[:, 0] = 3.0
    x[:, 50:] += 2.0 * y[:, None]
    x[5, 7] = np.nan
    model = uci_baseline().fit(x, y)
    kept = np.flatnonzero(model.named_steps["variancethreshold"].get_support())
    chosen = kept[model.named_steps["selectkbest"].get_support()]
    assert chosen.size == TOP_FEATURES and 0 not in chosen and set(range(50, 60)) <= set(chosen)
    assert (model.predict(x[:, :]) == y).mean() == 1.0
