"""Process capability: Cp, Cpk (within-subgroup sigma) and Pp, Ppk (overall sigma) with
confidence intervals (pure).

Cp and Pp intervals use the chi-square distribution of the variance estimate
(Montgomery eq. 8.19): Ĉp·√(χ²_{α/2,ν}/ν) ≤ Cp ≤ Ĉp·√(χ²_{1−α/2,ν}/ν); Cpk and Ppk
use Bissell's (1990) normal approximation Ĉpk ∓ z_{1−α/2}·√(1/(9N) + Ĉpk²/(2(N−1))).
ν is N − 1 for the overall sigma and for individuals, and m(n − 1) for the pooled
within-subgroup sigma of m subgroups of n. With one limit only the one-sided index
is given; with no spread (sigma 0) no index is given and ``note`` says why.

>>> cap = capability([9.0, 10.0, 11.0, 10.0], lsl=4.0, usl=16.0, sigma_within=1.0)
>>> cap.cp, cap.cpk, round(cap.pp, 3)
(2.0, 2.0, 2.449)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.stats import chi2, norm

from onefactory.model import InvalidData


@dataclass(frozen=True, slots=True)
class Index:
    """One capability index with its two-sided confidence interval."""

    value: float
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class Capability:
    """Capability of a characteristic; an index is None when it cannot be computed (see ``note``)."""

    n: int
    mean: float
    sigma_within: float | None
    sigma_overall: float
    cp: float | None
    cpk: float | None
    pp: float | None
    ppk: float | None
    cp_ci: Index | None
    cpk_ci: Index | None
    pp_ci: Index | None
    ppk_ci: Index | None
    confidence: float
    note: str = ""


def capability(
    values: Sequence[float],
    *,
    lsl: float | None,
    usl: float | None,
    sigma_within: float | None = None,
    within_dof: int | None = None,
    confidence: float = 0.95,
) -> Capability:
    """Capability of ``values`` against the specification limits.

    ``sigma_within`` is the chart's sigma (R̄/d2, S̄/c4, MR̄/d2) with ``within_dof``
    degrees of freedom; without it, Cp and Cpk use the overall sigma.
    """
    x = np.asarray(values, float)
    _check(x, lsl, usl, confidence)
    mean, overall = float(x.mean()), float(x.std(ddof=1))
    within = overall if sigma_within is None else float(sigma_within)
    nu_within = within_dof if within_dof is not None else x.size - 1
    cp, cp_ci = _spread_index(lsl, usl, within, nu_within, confidence)
    cpk, cpk_ci = _location_index(mean, lsl, usl, within, x.size, confidence)
    pp, pp_ci = _spread_index(lsl, usl, overall, x.size - 1, confidence)
    ppk, ppk_ci = _location_index(mean, lsl, usl, overall, x.size, confidence)
    note = _note(lsl, usl, within, overall)
    return Capability(x.size, mean, sigma_within, overall, cp, cpk, pp, ppk, cp_ci, cpk_ci, pp_ci, ppk_ci,
                      confidence, note)  # fmt: skip


def _spread_index(
    lsl: float | None, usl: float | None, sigma: float, nu: int, confidence: float
) -> tuple[float | None, Index | None]:
    if lsl is None or usl is None or sigma <= 0:
        return None, None
    value = (usl - lsl) / (6 * sigma)
    alpha = 1 - confidence
    low = value * math.sqrt(chi2.ppf(alpha / 2, nu) / nu)
    high = value * math.sqrt(chi2.ppf(1 - alpha / 2, nu) / nu)
    return value, Index(value, low, high)


def _location_index(
    mean: float, lsl: float | None, usl: float | None, sigma: float, n: int, confidence: float
) -> tuple[float | None, Index | None]:
    if sigma <= 0 or (lsl is None and usl is None):
        return None, None
    sides = [(usl - mean) if usl is not None else math.inf, (mean - lsl) if lsl is not None else math.inf]
    value = min(sides) / (3 * sigma)
    z = float(norm.ppf(1 - (1 - confidence) / 2))
    half = z * math.sqrt(1 / (9 * n) + value * value / (2 * (n - 1)))
    return value, Index(value, value - half, value + half)


def _note(lsl: float | None, usl: float | None, within: float, overall: float) -> str:
    if overall <= 0 or within <= 0:
        return "no spread in the data (sigma is 0): capability indices are undefined"
    if lsl is None or usl is None:
        return "one specification limit only: Cp and Pp need both; Cpk and Ppk are one-sided"
    return ""


def _check(x: np.ndarray, lsl: float | None, usl: float | None, confidence: float) -> None:
    if x.size < 2:
        raise InvalidData(f"capability needs at least 2 values, got {x.size}", field="values")
    if not np.isfinite(x).all():
        raise InvalidData("capability needs finite values", field="values")
    if lsl is None and usl is None:
        raise InvalidData("capability needs a specification limit (lsl or usl)", field="usl")
    if lsl is not None and usl is not None and lsl >= usl:
        raise InvalidData(f"lsl {lsl} must be below usl {usl}", field="lsl")
    if not 0 < confidence < 1:
        raise InvalidData(f"confidence must be between 0 and 1, got {confidence}", field="confidence")
