"""Attribute charts: lots with fewer defects than usual are no alarm; with a lower limit of 0 they are no signal."""

import json

from onefactory.model import ChartKind, RuleSet
from onefactory.quality.spc import Evaluator, alarming, evaluate_history

from .test_evaluator import counted, measured

BASELINE = [1, 0, 3, 0, 1, 0, 0, 1, 1, 3, 1, 2, 2, 0, 0, 0, 1, 0, 0, 1]  # 17 failed of 20 x 5 boards


def _found(kind, results, rules=RuleSet.WESTERN_ELECTRIC):
    chart, batch = evaluate_history(kind, results, 1, 20, rules)
    evaluator = Evaluator(kind, 1, 20, rules)
    live = evaluator.update_many(results[:25])
    state = json.loads(json.dumps(evaluator.to_dict(), allow_nan=False))  # a state stores as strict JSON
    live += Evaluator.from_dict(state).update_many(results[25:])
    assert [s.violation for s in live] == [s.violation for s in batch]
    return chart, [(s.rule, s.index, s.violation.side) for s in batch]


def test_a_run_of_zero_defect_lots_on_an_np_chart_with_lower_limit_0_is_no_signal():
    results = counted([(d, 5) for d in [*BASELINE, *[0] * 10, 4]])
    chart, found = _found(ChartKind.NP, results)
    assert (round(chart.series[0].center, 4), chart.series[0].lcl[0], round(chart.series[0].ucl[0], 4)) == (0.85, 0.0, 3.3698)
    assert found == [("we-1", 30, "high")]  # only the 4 failed boards of the last lot


def test_a_low_run_above_a_positive_lower_limit_is_shown_but_raises_no_alarm():
    counts = [25, 24, 26, 25, 25, 24, 26, 25, 25, 25] * 2 + [18] * 5 + [36] * 2
    results = counted([(c, 1) for c in counts])
    chart, found = _found(ChartKind.C, results)
    assert (chart.series[0].center, chart.series[0].lcl[0]) == (25.0, 10.0)
    assert found == [("we-3", 23, "low"), ("we-3", 24, "low"), ("we-2", 26, "high")]
    _, batch = evaluate_history(ChartKind.C, results, 1, 20, RuleSet.WESTERN_ELECTRIC)
    assert [(s.rule, s.index) for s in alarming(ChartKind.C, batch)] == [("we-2", 26)]


def test_a_low_run_on_a_measured_chart_still_alarms():
    values = [10.0, 10.4, 9.6, 10.2, 9.8] * 4 + [9.5] * 4
    _, batch = evaluate_history(ChartKind.I_MR, measured(values), 1, 20, RuleSet.WESTERN_ELECTRIC)
    assert [(s.rule, s.index, s.violation.side) for s in alarming(ChartKind.I_MR, batch)] == [("we-3", 23, "low")]
