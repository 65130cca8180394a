"""Exact quantities as scaled integers.

Each node counts in units of 10^-k of its own unit (k = 0 for whole pieces), so
netting and lot sizing are integer arithmetic. A BOM quantity is the exact fraction
``mul / div`` between the two scales and component needs are rounded *up*:
0.07 x 300 pieces gives 21, never 22, and 0.24 x 1 gives 1, never 0.

>>> import numpy as np
>>> ceil_mul_div(np.array([[300, 1]]), np.array([7]), np.array([100])).tolist()
[[21, 1]]
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal
from fractions import Fraction
from functools import lru_cache
from math import gcd

import numpy as np
from numpy.typing import NDArray

MAX_DECIMALS = 9
SAFE = 2**62
Ints = NDArray[np.int64]


@lru_cache(maxsize=4096)
def decimals(value: Decimal) -> int:
    """Digits after the point that ``value`` needs (0 for integers)."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


@lru_cache(maxsize=65536)
def scaled(value: Decimal, scale: int) -> int:
    """``value`` in units of 1/scale, rounded up when finer than that."""
    return int((value * scale).to_integral_value(rounding=ROUND_CEILING))


def unscaled(value: int, scale: int) -> Decimal:
    """Back from scaled integer units to a Decimal, without trailing zeros.

    >>> unscaled(10_000, 1000), unscaled(2_800, 1000)
    (Decimal('10'), Decimal('2.8'))
    """
    return plain(Decimal(value) / scale) if scale != 1 else Decimal(value)


def plain(value: Decimal) -> Decimal:
    """``value`` without trailing zeros and never in exponent form ('10', not '1E+1')."""
    value = value.normalize()
    exponent = value.as_tuple().exponent
    return value.quantize(Decimal(1)) if isinstance(exponent, int) and exponent > 0 else value


@lru_cache(maxsize=4096)
def ratio(parent_scale: int, child_scale: int, qty_per: Decimal) -> tuple[int, int]:
    """(mul, div) so that child units = ceil(parent units * mul / div), reduced."""
    frac = Fraction(qty_per) * child_scale / parent_scale
    if frac.numerator >= SAFE or frac.denominator >= SAFE:
        frac = Fraction(scaled(Decimal(frac.numerator) / Decimal(frac.denominator), 10**6), 10**6)
    g = gcd(frac.numerator, frac.denominator)
    return frac.numerator // g, frac.denominator // g


def ceil_mul_div(x: Ints, mul: Ints, div: Ints) -> Ints:
    """ceil(x * mul / div) row-wise (``mul`` and ``div`` per row), exactly.

    Falls back to Python integers when the product could overflow 64 bits.
    """
    mul_c, div_c = mul[:, None], div[:, None]
    peak = int(x.max(initial=0)) * int(mul.max(initial=0))
    if peak < SAFE:
        return -((-x * mul_c) // div_c)
    big = -((-x.astype(object) * mul_c.astype(object)) // div_c.astype(object))
    if int(big.max(initial=0)) >= SAFE:
        raise OverflowError("quantities exceed 2^62 scaled units; use fewer decimals")
    return big.astype(np.int64)


def ceil_div(x: Ints, div: Ints) -> Ints:
    """ceil(x / div) for non-negative ``x`` and positive ``div``."""
    return -((-x) // div)
