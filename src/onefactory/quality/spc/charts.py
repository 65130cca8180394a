"""Shewhart control charts (pure): X-bar/R, X-bar/S, I-MR, p, np, c and u.

Limits are fitted on the first ``baseline`` points (Phase I) and then held
(Phase II), so a new point never moves them. :func:`fit` learns the limit
parameters, :func:`place` gives the limits of any point under them (vectorized;
p and u limits depend on each point's sample size), and :func:`build` does both
for a whole history. Formulas are Montgomery's (chapters 6 and 7).

>>> from datetime import UTC, datetime
>>> t = datetime(2026, 1, 1, tzinfo=UTC)
>>> chart = build(ChartKind.C, [Subgroup(str(i), t, count=c) for i, c in enumerate([4, 6, 5, 5])])
>>> chart.series[0].center, round(chart.series[0].ucl[0], 3)
(5.0, 11.708)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from numpy.typing import NDArray

from onefactory.model import ChartKind, InvalidData

from .constants import constants

Array = NDArray[np.float64]
LOCATION = {
    ChartKind.XBAR_R: "xbar",
    ChartKind.XBAR_S: "xbar",
    ChartKind.I_MR: "x",
    ChartKind.P: "p",
    ChartKind.NP: "np",
    ChartKind.C: "c",
    ChartKind.U: "u",
}
DISPERSION = {ChartKind.XBAR_R: "r", ChartKind.XBAR_S: "s", ChartKind.I_MR: "mr"}


@dataclass(frozen=True, slots=True)
class Subgroup:
    """One plotted point's data: measured ``values`` of a lot, or ``count`` defects in ``size`` units."""

    lot: str
    at: datetime
    values: tuple[float, ...] = ()
    count: float = 0.0
    size: float = 1.0


@dataclass(frozen=True, slots=True)
class Params:
    """Limits learned from the baseline: center of the location and the dispersion statistic."""

    kind: ChartKind
    center: float
    spread: float
    n: int
    points: int

    @property
    def sigma(self) -> float | None:
        """Within-subgroup process sigma (R̄/d2, S̄/c4 or MR̄/d2); None for count charts."""
        if self.kind is ChartKind.I_MR:
            return self.spread / constants(2).d2
        if self.kind is ChartKind.XBAR_R:
            return self.spread / constants(self.n).d2
        if self.kind is ChartKind.XBAR_S:
            return self.spread / constants(self.n).c4
        return None


@dataclass(frozen=True, slots=True)
class Series:
    """One plotted line: values with their limits; ``start`` is the index of its first point."""

    name: str
    values: tuple[float, ...]
    center: float
    lcl: tuple[float, ...]
    ucl: tuple[float, ...]
    start: int = 0

    @property
    def sigma(self) -> tuple[float, ...]:
        """The sigma of each point, (UCL − center) / 3."""
        return tuple((u - self.center) / 3 for u in self.ucl)


@dataclass(frozen=True, slots=True)
class Chart:
    """A control chart: its location series first, then its dispersion series if any."""

    kind: ChartKind
    params: Params
    series: tuple[Series, ...]
    subgroups: tuple[Subgroup, ...]
    note: str = ""


def location_stat(kind: ChartKind, groups: Sequence[Subgroup]) -> Array:
    """The plotted location value of each subgroup."""
    if kind.is_variable:
        return np.array([float(np.mean(g.values)) for g in groups])
    count, size = _counts(groups)
    return count / size if kind in (ChartKind.P, ChartKind.U) else count


def dispersion_stat(kind: ChartKind, groups: Sequence[Subgroup], previous: float | None = None) -> Array:
    """R, S or moving range of each subgroup (a moving range needs the point before)."""
    if kind is ChartKind.XBAR_R:
        return np.array([max(g.values) - min(g.values) for g in groups])
    if kind is ChartKind.XBAR_S:
        return np.array([float(np.std(g.values, ddof=1)) for g in groups])
    x = np.array([g.values[0] for g in groups], float)
    before = np.concatenate([[x[0] if previous is None else previous], x[:-1]]) if x.size else x
    return np.abs(x - before)


def fit(kind: ChartKind, groups: Sequence[Subgroup], n: int = 1) -> Params:
    """Learn the limits from baseline subgroups (at least two)."""
    _check(kind, groups, n)
    location = location_stat(kind, groups)
    if kind is ChartKind.I_MR:
        spread = float(np.mean(dispersion_stat(kind, groups)[1:]))
        return Params(kind, float(np.mean(location)), spread, 1, len(groups))
    if kind.is_variable:
        return Params(kind, float(np.mean(location)), float(np.mean(dispersion_stat(kind, groups))), n, len(groups))
    count, size = _counts(groups)
    rate = float(count.sum() / size.sum()) if kind is not ChartKind.C else float(count.mean())
    sample = int(size[0]) if kind is ChartKind.NP else 1
    return Params(kind, rate, rate, sample, len(groups))


def place(params: Params, sizes: Array) -> tuple[tuple[Array, Array, Array], tuple[float, float, float] | None]:
    """Limits for points with sample ``sizes``: ((center, lcl, ucl) of the location, dispersion limits)."""
    kind = params.kind
    ones = np.ones_like(np.asarray(sizes, float))
    if kind.is_variable:
        k = constants(max(params.n, 2))
        half = {ChartKind.XBAR_R: k.a2, ChartKind.XBAR_S: k.a3}.get(kind, 3 / constants(2).d2) * params.spread
        center = params.center * ones
        dispersion = _dispersion_limits(params)
        return (center, center - half, center + half), dispersion
    center, sigma = _count_center_sigma(params, np.asarray(sizes, float))
    return (center, np.maximum(center - 3 * sigma, 0.0), center + 3 * sigma), None


def _dispersion_limits(params: Params) -> tuple[float, float, float]:
    if params.kind is ChartKind.XBAR_R:
        k = constants(params.n)
        return params.spread, k.d3_factor * params.spread, k.d4 * params.spread
    if params.kind is ChartKind.XBAR_S:
        k = constants(params.n)
        return params.spread, k.b3 * params.spread, k.b4 * params.spread
    return params.spread, 0.0, constants(2).d4 * params.spread


def _count_center_sigma(params: Params, sizes: Array) -> tuple[Array, Array]:
    rate = params.center
    if params.kind is ChartKind.P:
        return rate * np.ones_like(sizes), np.sqrt(rate * (1 - rate) / sizes)
    if params.kind is ChartKind.NP:
        center = params.n * rate
        return center * np.ones_like(sizes), np.sqrt(center * (1 - rate)) * np.ones_like(sizes)
    if params.kind is ChartKind.U:
        return rate * np.ones_like(sizes), np.sqrt(rate / sizes)
    return rate * np.ones_like(sizes), np.sqrt(rate) * np.ones_like(sizes)


def build(
    kind: ChartKind, groups: Sequence[Subgroup], n: int = 1, baseline: int = 20, held: Params | None = None
) -> Chart:
    """The chart of a whole history, limits fitted on the first ``baseline`` subgroups, or the
    ``held`` limits when they were frozen already (then a late, older point cannot move them)."""
    kind = ChartKind(kind)
    params = held if held is not None else fit(kind, groups[: max(baseline, 2)], n)
    (center, lcl, ucl), dispersion = place(params, np.array([g.size for g in groups], float))
    values = location_stat(kind, groups)
    series = [Series(LOCATION[kind], _floats(values), float(center[0]), _floats(lcl), _floats(ucl))]
    if dispersion is not None:
        series.append(_dispersion_series(kind, groups, dispersion))
    return Chart(kind, params, tuple(series), tuple(groups), _note(params, len(groups), baseline))


def _dispersion_series(kind: ChartKind, groups: Sequence[Subgroup], limits: tuple[float, float, float]) -> Series:
    start = 1 if kind is ChartKind.I_MR else 0
    values = dispersion_stat(kind, groups)[start:]
    m = len(values)
    return Series(DISPERSION[kind], _floats(values), limits[0], (limits[1],) * m, (limits[2],) * m, start)


def _note(params: Params, count: int, baseline: int) -> str:
    if params.spread == 0 or (params.kind in (ChartKind.P, ChartKind.NP) and params.center in (0.0, 1.0)):
        return "no variation in the baseline: limits equal the center line and any other value is a signal"
    if count < baseline:
        return f"trial limits from {count} points; they are held once {baseline} points exist"
    return ""


def _counts(groups: Sequence[Subgroup]) -> tuple[Array, Array]:
    return np.array([g.count for g in groups], float), np.array([g.size for g in groups], float)


def _floats(values: Array) -> tuple[float, ...]:
    return tuple(float(v) for v in values)


def _check(kind: ChartKind, groups: Sequence[Subgroup], n: int) -> None:
    if len(groups) < 2:
        raise InvalidData(f"a {kind.value} chart needs at least 2 points, got {len(groups)}", field="points")
    if kind in (ChartKind.XBAR_R, ChartKind.XBAR_S):
        constants(n)
        wrong = next((g.lot for g in groups if len(g.values) != n), None)
        if wrong is not None:
            raise InvalidData(f"subgroup of lot {wrong} does not hold {n} values", field="values")
    if kind is ChartKind.NP and len({g.size for g in groups}) > 1:
        raise InvalidData("an np chart needs one sample size; use a p chart for varying sizes", field="sample_size")
    if not kind.is_variable and any(g.size <= 0 for g in groups):
        raise InvalidData("every sample size must be > 0", field="sample_size")
