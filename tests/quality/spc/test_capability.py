"""Cp, Cpk, Pp, Ppk and their intervals against hand and scipy computations."""

import math

import pytest
from scipy.stats import chi2, norm

from onefactory.model import InvalidData
from onefactory.quality.spc import capability

VALUES = [9.0, 10.0, 11.0, 10.0]  # mean 10, s = √(2/3)


def test_indices_by_hand():
    cap = capability(VALUES, lsl=4.0, usl=16.0, sigma_within=1.0, within_dof=3)
    s = math.sqrt(2 / 3)
    assert (cap.mean, cap.sigma_overall) == pytest.approx((10.0, s))
    assert (cap.cp, cap.cpk) == pytest.approx((2.0, 2.0))
    assert (cap.pp, cap.ppk) == pytest.approx((12 / (6 * s), 6 / (3 * s)))
    assert cap.note == ""


def test_chi_square_interval_of_cp_and_pp():
    cap = capability(VALUES, lsl=4.0, usl=16.0, sigma_within=1.0, within_dof=3)
    assert cap.cp_ci.low == pytest.approx(2.0 * math.sqrt(chi2.ppf(0.025, 3) / 3))
    assert cap.cp_ci.high == pytest.approx(2.0 * math.sqrt(chi2.ppf(0.975, 3) / 3))
    assert cap.cp_ci.low == pytest.approx(2.0 * math.sqrt(0.2158 / 3), abs=1e-3)  # χ²(0.025, 3) = 0.2158
    pp = cap.pp
    assert (cap.pp_ci.low, cap.pp_ci.high) == pytest.approx(
        (pp * math.sqrt(chi2.ppf(0.025, 3) / 3), pp * math.sqrt(chi2.ppf(0.975, 3) / 3))
    )


def test_bissell_interval_of_cpk():
    cap = capability(VALUES, lsl=4.0, usl=16.0, sigma_within=1.0, within_dof=3)
    half = norm.ppf(0.975) * math.sqrt(1 / (9 * 4) + 2.0**2 / (2 * 3))
    assert (cap.cpk_ci.low, cap.cpk_ci.high) == pytest.approx((2.0 - half, 2.0 + half))
    assert half == pytest.approx(1.96 * math.sqrt(1 / 36 + 4 / 6), abs=1e-3)


def test_off_centre_process_uses_the_nearer_limit():
    cap = capability([11.0, 12.0, 13.0, 12.0], lsl=4.0, usl=16.0, sigma_within=1.0)
    assert cap.cpk == pytest.approx(4 / 3)
    assert cap.cp == pytest.approx(2.0)


def test_one_sided_specification():
    cap = capability(VALUES, lsl=None, usl=13.0, sigma_within=1.0)
    assert cap.cp is None and cap.pp is None and cap.cp_ci is None
    assert cap.cpk == pytest.approx(1.0)
    assert "one specification limit" in cap.note


def test_constant_measurements_give_no_index_and_say_why():
    cap = capability([5.0] * 10, lsl=4.0, usl=6.0, sigma_within=0.0)
    assert (cap.cp, cap.cpk, cap.pp, cap.ppk) == (None, None, None, None)
    assert "sigma is 0" in cap.note
    assert cap.sigma_overall == 0.0


def test_bad_input_is_refused_with_a_reason():
    with pytest.raises(InvalidData, match="at least 2"):
        capability([1.0], lsl=0.0, usl=2.0)
    with pytest.raises(InvalidData, match="below usl"):
        capability(VALUES, lsl=5.0, usl=5.0)
    with pytest.raises(InvalidData, match="specification limit"):
        capability(VALUES, lsl=None, usl=None)
    with pytest.raises(InvalidData, match="finite"):
        capability([1.0, float("nan")], lsl=0.0, usl=2.0)
