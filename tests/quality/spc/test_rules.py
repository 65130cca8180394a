"""Each run rule on a series built to break exactly that rule (values given in sigma units)."""

import pytest

from onefactory.model import RuleSet
from onefactory.quality.spc import check, standardize

NINE_ONE_SIDE = [0.2, 0.5, 0.3, 0.6, 0.2, 0.5, 0.3, 0.6, 0.4]
QUIET_15 = [0.1, 0.2, -0.1, -0.2] * 3 + [0.1, 0.2, -0.1]

NELSON_CASES = {
    "nelson-1": ([0.5, -0.5, 3.5], 2),
    "nelson-2": (NINE_ONE_SIDE, 8),
    "nelson-3": ([-0.9, -0.6, -0.3, 0.1, 0.4, 0.7], 5),
    "nelson-4": ([0.5, -0.5] * 7, 13),
    "nelson-5": ([0.0, 2.5, 2.4], 2),
    "nelson-6": ([1.5, 1.5, 0.5, 1.5, 1.5], 4),
    "nelson-7": (QUIET_15, 14),
    "nelson-8": ([1.5, 1.6, -1.5, -1.6, 1.5, 1.6, -1.5, -1.6], 7),
}
WE_CASES = {
    "we-1": ([0.0, 0.0, 3.2], 2),
    "we-2": ([0.0, 2.5, 2.4], 2),
    "we-3": ([1.5, 1.5, 0.5, 1.5, 1.5], 4),
    "we-4": (NINE_ONE_SIDE[:8], 7),
}


@pytest.mark.parametrize("rule", sorted(NELSON_CASES))
def test_nelson_rule_alone(rule):
    series, index = NELSON_CASES[rule]
    found = check(series, series, RuleSet.NELSON)
    assert [(v.rule, v.index) for v in found] == [(rule, index)]


@pytest.mark.parametrize("rule", sorted(WE_CASES))
def test_western_electric_rule_alone(rule):
    series, index = WE_CASES[rule]
    found = check(series, series, RuleSet.WESTERN_ELECTRIC)
    assert [(v.rule, v.index) for v in found] == [(rule, index)]


def test_one_short_of_each_pattern_breaks_nothing():
    for series, _ in NELSON_CASES.values():
        assert check(series[:-1], series[:-1], RuleSet.NELSON) == []


def test_violation_names_its_points_and_honours_the_offset():
    [v] = check([0.0, 2.5, 2.4], [0.0, 2.5, 2.4], RuleSet.NELSON, offset=100)
    assert (v.rule, v.index, v.points) == ("nelson-5", 102, (100, 101, 102))
    [trend] = check(*(2 * [[-0.9, -0.6, -0.3, 0.1, 0.4, 0.7]]))
    assert trend.points == (0, 1, 2, 3, 4, 5)


def test_a_continuing_run_is_reported_at_each_new_point():
    series = NINE_ONE_SIDE + [0.3]
    assert [v.index for v in check(series, series, only=("nelson-2",))] == [8, 9]


def test_zone_rules_need_the_completing_point_in_the_zone():
    """The first two points beyond 2 sigma signal at once; the calm third point adds nothing."""
    found = check([2.5, 2.4, 0.0], [2.5, 2.4, 0.0], only=("nelson-5",))
    assert [(v.index, v.points) for v in found] == [(1, (0, 1))]


def test_zero_sigma_standardizes_without_nan():
    z = standardize([5.0, 5.0, 6.0], 5.0, 0.0)
    assert list(z[:2]) == [0.0, 0.0] and z[2] > 3
    assert [(v.rule, v.index) for v in check(z, [5, 5, 6], only=("nelson-1",))] == [("nelson-1", 2)]
