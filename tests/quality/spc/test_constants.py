"""Chart constants against Montgomery's Appendix VI and against their exact definitions."""

import math

import pytest

from onefactory.model import InvalidData
from onefactory.quality.spc.constants import MONTGOMERY, c4, constants, range_moments


@pytest.mark.parametrize(
    ("n", "field", "printed"),
    [
        (5, "d2", 2.326),
        (5, "c4", 0.9400),
        (5, "a2", 0.577),
        (5, "a3", 1.427),
        (5, "b4", 2.089),
        (5, "d4", 2.114),
        (2, "a2", 1.880),
        (2, "d4", 3.267),
        (6, "b3", 0.030),
        (7, "d3_factor", 0.076),
        (10, "d3", 0.797),
        (25, "d2", 3.931),
    ],
)
def test_printed_values(n, field, printed):
    assert getattr(constants(n), field) == printed


def test_every_size_2_to_25_is_tabulated_and_none_else():
    assert sorted(MONTGOMERY) == list(range(2, 26))
    for bad in (1, 26):
        with pytest.raises(InvalidData, match="2..25"):
            constants(bad)


def test_table_agrees_with_exact_values_to_its_rounding():
    """d2, d3 by integrating the range distribution; c4 from the gamma function; the factors from those.
    Montgomery rounds to 3 decimals (c4 to 4), and some factors come from rounded d2/d3, so
    agreement within 0.0008 means no entry of the table is mistyped."""
    worst = 0.0
    for n, k in MONTGOMERY.items():
        d2, d3 = range_moments(n)
        c = c4(n)
        spread = 3 * math.sqrt(1 - c * c) / c
        exact = {
            "d2": d2,
            "d3": d3,
            "c4": c,
            "a2": 3 / (d2 * math.sqrt(n)),
            "a3": 3 / (c * math.sqrt(n)),
            "b3": max(0.0, 1 - spread),
            "b4": 1 + spread,
            "d3_factor": max(0.0, 1 - 3 * d3 / d2),
            "d4": 1 + 3 * d3 / d2,
        }
        for name, value in exact.items():
            worst = max(worst, abs(getattr(k, name) - value))
    assert worst < 0.0008


def test_c4_closed_form_small_n():
    assert c4(2) == pytest.approx(math.sqrt(2 / math.pi))
    with pytest.raises(InvalidData):
        c4(1)
