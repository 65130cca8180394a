"""The incremental evaluator gives exactly the batch signals, from a saved state, without the history."""

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import numpy as np
import pytest

from onefactory.model import ChartKind, InspectionResult, RuleSet
from onefactory.quality.spc import Evaluator, evaluate_history

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def measured(values, n=1):
    return [
        InspectionResult("SUP", "P-1", f"L{i // n}", "bore", Decimal(f"{v:.5f}"), T0 + timedelta(minutes=i))
        for i, v in enumerate(values)
    ]


def counted(pairs):
    return [
        InspectionResult(
            "SUP", "P-1", f"L{i}", "ng", None, T0 + timedelta(minutes=i), defects=int(d), sample_size=int(n)
        )
        for i, (d, n) in enumerate(pairs)
    ]


def _shifted(rng, size, shift_at, shift):
    x = rng.normal(10.0, 1.0, size)
    x[shift_at:] += shift
    return x


CASES = [
    (ChartKind.I_MR, 1, RuleSet.NELSON),
    (ChartKind.XBAR_R, 4, RuleSet.NELSON),
    (ChartKind.XBAR_S, 5, RuleSet.WESTERN_ELECTRIC),
    (ChartKind.P, 1, RuleSet.NELSON),
    (ChartKind.NP, 1, RuleSet.NELSON),
    (ChartKind.C, 1, RuleSet.WESTERN_ELECTRIC),
    (ChartKind.U, 1, RuleSet.NELSON),
]


def _results(kind, n, rng):
    if kind.is_variable:
        return measured(_shifted(rng, 60 * n, 40 * n, 1.2), n)
    sizes = np.full(60, 80) if kind in (ChartKind.NP, ChartKind.C) else rng.integers(50, 150, 60)
    rate = np.where(np.arange(60) < 40, 0.05, 0.11)
    return counted(zip(rng.binomial(sizes, rate), sizes, strict=True))


@pytest.mark.parametrize(("kind", "n", "rules"), CASES, ids=[c[0].value for c in CASES])
def test_one_at_a_time_equals_the_whole_history(kind, n, rules):
    results = _results(kind, n, np.random.default_rng(7))
    _, batch = evaluate_history(kind, results, n, 20, rules)
    evaluator, live = Evaluator(kind, n, 20, rules), []
    for r in results:
        live += evaluator.update_many([r])
        evaluator = Evaluator.from_dict(json.loads(json.dumps(evaluator.to_dict())))
    assert batch, "the shifted process must break a rule"
    assert [(s.series, s.rule, s.index) for s in live] == [(s.series, s.rule, s.index) for s in batch]
    assert max(s.index for s in batch) >= 40


def test_no_signal_before_the_baseline_is_complete_then_the_baseline_is_tested():
    values = [10.0] * 5 + [30.0] + [10.0, 10.1, 9.9, 10.2, 9.8, 10.0, 10.1, 9.9]
    evaluator = Evaluator(ChartKind.I_MR, baseline=len(values) + 1)
    assert evaluator.update_many(measured(values)) == []
    found = evaluator.update_many(measured([10.0]))
    assert any(s.index == 5 for s in found)


def test_state_keeps_only_a_short_window():
    evaluator = Evaluator(ChartKind.I_MR, baseline=20)
    evaluator.update_many(measured(np.random.default_rng(1).normal(10, 1, 500)))
    state = evaluator.to_dict()
    assert state["collected"] == [] and len(state["recent"]) <= 15 and state["count"] == 500


def test_partial_subgroup_waits_for_its_lot():
    evaluator = Evaluator(ChartKind.XBAR_R, n=3, baseline=2)
    evaluator.update_many(measured([1.0, 2.0, 3.0, 4.0], n=3))
    assert evaluator.count == 1 and evaluator.pending == {"L1": [4.0]}


def test_constant_process_then_a_change_is_one_clear_signal():
    evaluator = Evaluator(ChartKind.I_MR, baseline=10)
    assert evaluator.update_many(measured([7.0] * 10)) == []
    found = evaluator.update_many(measured([7.5]))
    assert [(s.series, s.rule) for s in found] == [("x", "nelson-1"), ("mr", "nelson-1")]
    assert all(np.isfinite([s.value, s.center, s.lcl, s.ucl]).all() for s in found)
