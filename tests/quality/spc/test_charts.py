"""Limits of every chart on small datasets computed by hand (Montgomery's formulas and table)."""

import math
from datetime import UTC, datetime

import pytest

from onefactory.model import ChartKind, InvalidData
from onefactory.quality.spc import Subgroup, build

T = datetime(2026, 1, 1, tzinfo=UTC)


def groups(rows):
    return [Subgroup(f"L{i}", T, tuple(float(v) for v in row)) for i, row in enumerate(rows)]


def counts(pairs):
    return [Subgroup(f"L{i}", T, count=c, size=n) for i, (c, n) in enumerate(pairs)]


def test_xbar_r():
    """Means 2, 2, 4 -> 8/3; ranges 2, 0, 2 -> 4/3; A2(2) = 1.880, D4(2) = 3.267."""
    chart = build(ChartKind.XBAR_R, groups([[1, 3], [2, 2], [3, 5]]), n=2)
    xbar, r = chart.series
    assert xbar.values == (2.0, 2.0, 4.0)
    assert xbar.center == pytest.approx(8 / 3)
    assert xbar.ucl[0] == pytest.approx(8 / 3 + 1.880 * 4 / 3)
    assert xbar.lcl[0] == pytest.approx(8 / 3 - 1.880 * 4 / 3)
    assert (r.center, r.lcl[0]) == (pytest.approx(4 / 3), 0.0)
    assert r.ucl[0] == pytest.approx(3.267 * 4 / 3)
    assert chart.params.sigma == pytest.approx((4 / 3) / 1.128)


def test_xbar_s():
    """s = 1, 2, 0 -> S̄ = 1; x̄̄ = 3; A3(3) = 1.954, B4(3) = 2.568, B3(3) = 0."""
    chart = build(ChartKind.XBAR_S, groups([[1, 2, 3], [2, 4, 6], [3, 3, 3]]), n=3)
    xbar, s = chart.series
    assert (xbar.center, xbar.lcl[0], xbar.ucl[0]) == pytest.approx((3.0, 3 - 1.954, 3 + 1.954))
    assert s.values == pytest.approx((1.0, 2.0, 0.0))
    assert (s.center, s.lcl[0], s.ucl[0]) == pytest.approx((1.0, 0.0, 2.568))
    assert chart.params.sigma == pytest.approx(1 / 0.8862)


def test_individuals_and_moving_range():
    """MR = 2, 1, 4 -> MR̄ = 7/3; x̄ = 12; limits x̄ ± 3·MR̄/1.128; MR UCL 3.267·MR̄."""
    chart = build(ChartKind.I_MR, groups([[10], [12], [11], [15]]))
    x, mr = chart.series
    half = 3 * (7 / 3) / 1.128
    assert (x.center, x.lcl[0], x.ucl[0]) == pytest.approx((12.0, 12 - half, 12 + half))
    assert mr.start == 1 and mr.values == (2.0, 1.0, 4.0)
    assert (mr.center, mr.lcl[0], mr.ucl[0]) == pytest.approx((7 / 3, 0.0, 3.267 * 7 / 3))


def test_p_chart_limits_follow_each_sample_size():
    """p̄ = 10/400; σ = √(p̄(1−p̄)/n): n = 100 -> UCL 0.071837, n = 200 -> UCL 0.058119; LCL clipped at 0."""
    chart = build(ChartKind.P, counts([(2, 100), (3, 200), (5, 100)]))
    p = chart.series[0]
    assert p.values == pytest.approx((0.02, 0.015, 0.05))
    assert p.center == pytest.approx(0.025)
    assert p.ucl == pytest.approx((0.071837, 0.058119, 0.071837), abs=1e-6)
    assert p.lcl == (0.0, 0.0, 0.0)


def test_np_chart():
    """p̄ = 12/150 = 0.08; center n·p̄ = 4; σ = √(4·0.92); LCL negative -> 0."""
    chart = build(ChartKind.NP, counts([(3, 50), (5, 50), (4, 50)]))
    s = chart.series[0]
    assert s.center == pytest.approx(4.0)
    assert s.ucl[0] == pytest.approx(4 + 3 * math.sqrt(4 * 0.92))
    assert s.lcl[0] == 0.0


def test_np_chart_refuses_varying_sample_sizes():
    with pytest.raises(InvalidData, match="p chart"):
        build(ChartKind.NP, counts([(3, 50), (5, 60)]))


def test_c_chart_montgomery_circuit_boards():
    """Montgomery's printed-circuit-board example: 516 nonconformities in 26 samples -> c̄ = 19.85,
    LCL 6.48; the book rounds c̄ before computing UCL = 33.22, unrounded it is 33.21."""
    values = [21, 24, 16, 12, 15, 5, 28, 20, 31, 25, 20, 24, 16, 19, 10, 17, 13, 22, 18, 39, 30, 24, 16, 19, 17, 15]
    assert sum(values) == 516
    s = build(ChartKind.C, counts([(v, 1) for v in values]), baseline=26).series[0]
    assert (round(s.center, 2), round(s.ucl[0], 2), round(s.lcl[0], 2)) == (19.85, 33.21, 6.48)


def test_u_chart_with_varying_units():
    """ū = 13/5 = 2.6; σ = √(ū/n): n = 2 -> UCL 6.0206, n = 3 -> UCL 5.3928 and LCL 0."""
    s = build(ChartKind.U, counts([(4, 2), (9, 3)])).series[0]
    assert s.values == pytest.approx((2.0, 3.0))
    assert s.ucl == pytest.approx((2.6 + 3 * math.sqrt(1.3), 2.6 + 3 * math.sqrt(2.6 / 3)))
    assert s.lcl == (0.0, 0.0)


def test_limits_come_from_the_baseline_only():
    chart = build(ChartKind.I_MR, groups([[10], [11], [10], [11], [50]]), baseline=4)
    assert chart.params.points == 4
    assert chart.series[0].center == pytest.approx(10.5)


def test_constant_measurements_give_flat_limits_and_a_note():
    chart = build(ChartKind.XBAR_R, groups([[5, 5]] * 4), n=2)
    xbar, r = chart.series
    assert (xbar.lcl[0], xbar.center, xbar.ucl[0]) == (5.0, 5.0, 5.0)
    assert (r.center, r.ucl[0]) == (0.0, 0.0)
    assert "no variation" in chart.note
    assert all(math.isfinite(v) for s in chart.series for v in (*s.values, *s.lcl, *s.ucl))


def test_bad_subgroups_are_refused_with_the_lot():
    with pytest.raises(InvalidData, match="lot L1"):
        build(ChartKind.XBAR_R, groups([[1, 2], [3]]), n=2)
    with pytest.raises(InvalidData, match="at least 2 points"):
        build(ChartKind.C, counts([(1, 1)]))
