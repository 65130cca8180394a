"""Run rules of Western Electric and Nelson over a standardized chart series (pure, vectorized).

Points are first put in sigma units, ``z = (x − center) / sigma``. A rule reports
the point that completes its pattern (``index``) and every point of the pattern
(``points``); each later point that extends a pattern is reported again. In the
"k of m beyond a zone" rules the completing point is itself beyond the zone.
A violation's ``side`` is ``high`` or ``low`` when its pattern lies on one side of the
center (or rises or falls), and empty when it does not (alternation, stratification,
mixture). A point whose z is NaN counts for no zone or run pattern (attribute charts
with a lower limit of 0, see ``evaluator.close_low_side``).

>>> [v.rule for v in check([0.1, 3.4, -0.2], [0.1, 3.4, -0.2], RuleSet.NELSON)]
['nelson-1']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import NDArray

from onefactory.model import RuleSet

Mask = NDArray[np.bool_]
FAR = 1e9
"""The z of a point that differs from a chart without spread (sigma = 0)."""

RULE_TEXT = {
    "nelson-1": "one point beyond 3 sigma",
    "nelson-2": "nine points in a row on the same side of the center line",
    "nelson-3": "six points in a row steadily increasing or decreasing",
    "nelson-4": "fourteen points in a row alternating up and down",
    "nelson-5": "two of three points in a row beyond 2 sigma on the same side",
    "nelson-6": "four of five points in a row beyond 1 sigma on the same side",
    "nelson-7": "fifteen points in a row within 1 sigma of the center line",
    "nelson-8": "eight points in a row beyond 1 sigma on either side",
    "we-1": "one point beyond 3 sigma",
    "we-2": "two of three points in a row beyond 2 sigma on the same side",
    "we-3": "four of five points in a row beyond 1 sigma on the same side",
    "we-4": "eight points in a row on the same side of the center line",
}
LONGEST_RULE = 15
"""Points a rule looks back over at most (Nelson 7); the incremental evaluator keeps this many."""


@dataclass(frozen=True, slots=True)
class Violation:
    """A rule broken at ``index``; ``points`` are the indices of the pattern."""

    rule: str
    index: int
    points: tuple[int, ...]
    side: str = ""


def standardize(
    values: NDArray[np.float64], center: NDArray[np.float64] | float, sigma: NDArray[np.float64] | float
) -> NDArray[np.float64]:
    """``(x − center) / sigma``; with sigma 0 a point on the center is 0 and any other is ±FAR (never NaN)."""
    x, c, s = np.broadcast_arrays(np.asarray(values, float), np.asarray(center, float), np.asarray(sigma, float))
    safe = np.where(s > 0, s, 1.0)
    return np.where(s > 0, (x - c) / safe, np.sign(x - c) * FAR)


def _runs(flag: Mask, length: int) -> Mask:
    """True at i when flag holds for the ``length`` points ending at i."""
    out = np.zeros(flag.size, bool)
    if flag.size >= length:
        out[length - 1 :] = sliding_window_view(flag, length).all(axis=1)
    return out


def _k_of_m(flag: Mask, k: int, m: int) -> Mask:
    """True at i when flag holds at i and at >= k of the (up to) m points ending at i."""
    total = np.concatenate([[0], np.cumsum(flag)])
    ends = np.arange(1, flag.size + 1)
    return (total[ends] - total[np.maximum(ends - m, 0)] >= k) & flag


def beyond_3(z: NDArray[np.float64], x: NDArray[np.float64]) -> tuple[Mask, int]:
    """One point beyond 3 sigma."""
    return np.abs(z) > 3, 1


def same_side(length: int) -> Callable[[NDArray[np.float64], NDArray[np.float64]], tuple[Mask, int]]:
    """``length`` points in a row strictly above, or strictly below, the center."""
    return lambda z, x: (_runs(z > 0, length) | _runs(z < 0, length), length)


def trend(z: NDArray[np.float64], x: NDArray[np.float64]) -> tuple[Mask, int]:
    """Six points in a row steadily increasing or decreasing (five rising or five falling steps)."""
    step = np.diff(x)
    up, down = np.concatenate([[False], step > 0]), np.concatenate([[False], step < 0])
    return _runs(up, 5) | _runs(down, 5), 6


def alternating(z: NDArray[np.float64], x: NDArray[np.float64]) -> tuple[Mask, int]:
    """Fourteen points in a row alternating up and down (12 sign changes of 13 steps)."""
    step = np.diff(x)
    flips = np.concatenate([[False, False], step[1:] * step[:-1] < 0])
    return _runs(flips, 12), 14


def zone_a(z: NDArray[np.float64], x: NDArray[np.float64]) -> tuple[Mask, int]:
    """Two of three beyond 2 sigma on the same side."""
    return _k_of_m(z > 2, 2, 3) | _k_of_m(z < -2, 2, 3), 3


def zone_b(z: NDArray[np.float64], x: NDArray[np.float64]) -> tuple[Mask, int]:
    """Four of five beyond 1 sigma on the same side."""
    return _k_of_m(z > 1, 4, 5) | _k_of_m(z < -1, 4, 5), 5


def hugging(z: NDArray[np.float64], x: NDArray[np.float64]) -> tuple[Mask, int]:
    """Fifteen points in a row within 1 sigma (stratification)."""
    return _runs(np.abs(z) < 1, 15), 15


def mixture(z: NDArray[np.float64], x: NDArray[np.float64]) -> tuple[Mask, int]:
    """Eight points in a row beyond 1 sigma, on both sides of the center."""
    out = _runs(np.abs(z) > 1, 8)
    if out.any():
        windows = sliding_window_view(z, 8)
        both = np.concatenate([np.zeros(7, bool), (windows > 1).any(axis=1) & (windows < -1).any(axis=1)])
        out &= both
    return out, 8


Rule = Callable[[NDArray[np.float64], NDArray[np.float64]], tuple[Mask, int]]
RULES: dict[RuleSet, dict[str, Rule]] = {
    RuleSet.NELSON: {
        "nelson-1": beyond_3,
        "nelson-2": same_side(9),
        "nelson-3": trend,
        "nelson-4": alternating,
        "nelson-5": zone_a,
        "nelson-6": zone_b,
        "nelson-7": hugging,
        "nelson-8": mixture,
    },
    RuleSet.WESTERN_ELECTRIC: {"we-1": beyond_3, "we-2": zone_a, "we-3": zone_b, "we-4": same_side(8)},
}


def check(
    z: Sequence[float] | NDArray[np.float64],
    x: Sequence[float] | NDArray[np.float64],
    rules: RuleSet = RuleSet.NELSON,
    only: tuple[str, ...] | None = None,
    offset: int = 0,
) -> list[Violation]:
    """Every violation of ``rules`` (or of the rule ids in ``only``) in a series, by index then rule.

    ``z`` is the series in sigma units and ``x`` the raw values (trend rules); ``offset`` is
    added to every index (for a window cut from a longer series).
    """
    zs, xs = np.asarray(z, float), np.asarray(x, float)
    found = []
    for rule_id, rule in RULES[RuleSet(rules)].items():
        if only is not None and rule_id not in only:
            continue
        mask, length = rule(zs, xs)
        for i in np.flatnonzero(mask):
            first = max(0, int(i) - length + 1)
            points = tuple(range(first + offset, int(i) + 1 + offset))
            found.append(Violation(rule_id, int(i) + offset, points, _side(rule, zs, xs, first, int(i))))
    return sorted(found, key=lambda v: (v.index, v.rule))


SIDELESS = (alternating, hugging, mixture)


def _side(rule: Rule, z: NDArray[np.float64], x: NDArray[np.float64], first: int, last: int) -> str:
    """``high`` or ``low``: where the pattern lies (a trend: the way it goes); empty for sideless rules."""
    if rule in SIDELESS:
        return ""
    lean = x[last] - x[first] if rule is trend else z[last]
    return "high" if lean > 0 else "low"


def beyond_limits_rule(rules: RuleSet) -> str:
    """The id of the 'beyond 3 sigma' rule of a rule set (the only rule for dispersion charts)."""
    return "we-1" if RuleSet(rules) is RuleSet.WESTERN_ELECTRIC else "nelson-1"
