"""Control-chart constants for subgroup sizes 2..25, as printed in Montgomery,
*Introduction to Statistical Quality Control*, Appendix VI.

``d2`` and ``d3`` are the mean and standard deviation of the relative range
W = R/σ of n normal values, ``c4`` unbiases the sample standard deviation, and
the chart factors are A2 = 3/(d2√n), A3 = 3/(c4√n), B3/B4 = 1 ∓ 3√(1−c4²)/c4,
D3/D4 = 1 ∓ 3·d3/d2 (B3, D3 ≥ 0). The printed table is used as is, so limits
agree with textbook hand calculations; :func:`range_moments` and :func:`c4`
compute the exact values, and a test checks every printed entry against them.

>>> k = constants(5)
>>> k.d2, k.c4, k.a2, k.d4
(2.326, 0.94, 0.577, 2.114)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.integrate import cumulative_trapezoid
from scipy.stats import norm

from onefactory.model import InvalidData

# n, A2, A3, c4, B3, B4, d2, d3, D3, D4 (Montgomery, Appendix VI)
TABLE = """
2 1.880 2.659 0.7979 0     3.267 1.128 0.853 0     3.267
3 1.023 1.954 0.8862 0     2.568 1.693 0.888 0     2.574
4 0.729 1.628 0.9213 0     2.266 2.059 0.880 0     2.282
5 0.577 1.427 0.9400 0     2.089 2.326 0.864 0     2.114
6 0.483 1.287 0.9515 0.030 1.970 2.534 0.848 0     2.004
7 0.419 1.182 0.9594 0.118 1.882 2.704 0.833 0.076 1.924
8 0.373 1.099 0.9650 0.185 1.815 2.847 0.820 0.136 1.864
9 0.337 1.032 0.9693 0.239 1.761 2.970 0.808 0.184 1.816
10 0.308 0.975 0.9727 0.284 1.716 3.078 0.797 0.223 1.777
11 0.285 0.927 0.9754 0.321 1.679 3.173 0.787 0.256 1.744
12 0.266 0.886 0.9776 0.354 1.646 3.258 0.778 0.283 1.717
13 0.249 0.850 0.9794 0.382 1.618 3.336 0.770 0.307 1.693
14 0.235 0.817 0.9810 0.406 1.594 3.407 0.763 0.328 1.672
15 0.223 0.789 0.9823 0.428 1.572 3.472 0.756 0.347 1.653
16 0.212 0.763 0.9835 0.448 1.552 3.532 0.750 0.363 1.637
17 0.203 0.739 0.9845 0.466 1.534 3.588 0.744 0.378 1.622
18 0.194 0.718 0.9854 0.482 1.518 3.640 0.739 0.391 1.608
19 0.187 0.698 0.9862 0.497 1.503 3.689 0.734 0.403 1.597
20 0.180 0.680 0.9869 0.510 1.490 3.735 0.729 0.415 1.585
21 0.173 0.663 0.9876 0.523 1.477 3.778 0.724 0.425 1.575
22 0.167 0.647 0.9882 0.534 1.466 3.819 0.720 0.434 1.566
23 0.162 0.633 0.9887 0.545 1.455 3.858 0.716 0.443 1.557
24 0.157 0.619 0.9892 0.555 1.445 3.895 0.712 0.451 1.548
25 0.153 0.606 0.9896 0.565 1.435 3.931 0.708 0.459 1.541
"""


@dataclass(frozen=True, slots=True)
class ChartConstants:
    """Every constant of one subgroup size (``d3_factor`` is the chart factor D3)."""

    n: int
    a2: float
    a3: float
    c4: float
    b3: float
    b4: float
    d2: float
    d3: float
    d3_factor: float
    d4: float


def _parse(text: str) -> dict[int, ChartConstants]:
    rows = (line.split() for line in text.strip().splitlines())
    return {int(r[0]): ChartConstants(int(r[0]), *(float(v) for v in r[1:])) for r in rows}


MONTGOMERY = _parse(TABLE)


def constants(n: int) -> ChartConstants:
    """The chart constants of subgroup size ``n`` (2..25)."""
    if n not in MONTGOMERY:
        raise InvalidData(f"subgroup size must be 2..25, got {n}", field="subgroup_size")
    return MONTGOMERY[n]


def c4(n: int) -> float:
    """Unbiasing constant of the sample standard deviation, exact: √(2/(n−1))·Γ(n/2)/Γ((n−1)/2)."""
    if n < 2:
        raise InvalidData(f"c4 needs n >= 2, got {n}", field="subgroup_size")
    return math.sqrt(2.0 / (n - 1)) * math.exp(math.lgamma(n / 2) - math.lgamma((n - 1) / 2))


def range_moments(n: int, points: int = 1201, span: float = 7.5) -> tuple[float, float]:
    """Exact (d2, d3): mean and standard deviation of the range of ``n`` standard normal values.

    E[W] = ∫ 1 − Φⁿ − (1 − Φ)ⁿ dx and E[W²] = 2∬_{x<y} 1 − Φ(y)ⁿ − (1 − Φ(x))ⁿ + (Φ(y) − Φ(x))ⁿ dx dy,
    by the trapezoid rule on a grid over ±``span``.
    """
    x = np.linspace(-span, span, points)
    h = float(x[1] - x[0])
    cdf = norm.cdf(x)
    mean = float(np.trapezoid(1 - cdf**n - (1 - cdf) ** n, dx=h))
    upper, lower = cdf[:, None], cdf[None, :]
    inside = 1 - upper**n - (1 - lower) ** n + np.clip(upper - lower, 0.0, None) ** n
    below = cumulative_trapezoid(inside, dx=h, axis=1, initial=0)[np.arange(points), np.arange(points)]
    second = 2 * float(np.trapezoid(below, dx=h))
    return mean, math.sqrt(max(second - mean * mean, 0.0))
