"""Signals of a chart, for a whole history or one result at a time (pure).

:func:`chart_signals` tests a built chart: the run rules on its location series,
"beyond the limits" on its dispersion series. No signal is given before the
baseline is complete (trial limits still move). :class:`Evaluator` gives the same
signals incrementally (a chart without spread is tested only for points off its
center line, since its zones are empty): it collects results into subgroups, fits the limits once
the baseline is complete (then tests the baseline points), and afterwards tests
each new point against the held limits using only the last
``LONGEST_RULE`` points, never the whole history. Its state is plain data
(:meth:`Evaluator.to_dict`) so a service can keep it between requests.

On attribute charts (p, np, c, u) a point below the center where the lower limit is 0
(the limit clamps, so the low zones are empty) counts for no zone or run rule: a run of
lots with no defects is not a signal. A low-side signal where the lower limit is above 0
is still given (the chart shows it) but :func:`alarming` leaves it out: fewer defects
never raise a quality alarm or a customer notice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np

from onefactory.model import ChartKind, InspectionResult, RuleSet

from .charts import DISPERSION, LOCATION, Chart, Params, Subgroup, build, dispersion_stat, location_stat, place
from .rules import LONGEST_RULE, Violation, beyond_limits_rule, check, standardize


@dataclass(frozen=True, slots=True)
class Signal:
    """A rule broken on one series of a chart, with the point's value and limits."""

    series: str
    violation: Violation
    lot: str
    at: datetime
    value: float
    center: float
    lcl: float
    ucl: float

    @property
    def rule(self) -> str:
        """The rule id, e.g. ``nelson-2``."""
        return self.violation.rule

    @property
    def index(self) -> int:
        """The index of the point that completed the rule."""
        return self.violation.index


def close_low_side(kind: ChartKind, z: np.ndarray, lcl: np.ndarray | float) -> np.ndarray:
    """z with NaN where an attribute chart's point is below the center and its lower limit is 0."""
    if kind.is_variable:
        return z
    return np.where((np.asarray(lcl) <= 0) & (z < 0), np.nan, z)


def alarming(kind: ChartKind, found: Iterable[Signal]) -> list[Signal]:
    """The signals that raise an alarm: all but the low-side ones (improvements) of attribute charts."""
    return [s for s in found if kind.is_variable or s.violation.side != "low"]


def subgroups(kind: ChartKind, results: Iterable[InspectionResult], n: int = 1) -> tuple[list[Subgroup], dict]:
    """Complete subgroups in arrival order, and the values still waiting per lot (X-bar charts)."""
    done: list[Subgroup] = []
    pending: dict[str, list[float]] = {}
    for r in results:
        done.extend(_collect(kind, r, n, pending))
    return done, pending


def _collect(kind: ChartKind, r: InspectionResult, n: int, pending: dict[str, list[float]]) -> list[Subgroup]:
    if not kind.is_variable:
        if r.defects is None:
            return []
        return [Subgroup(r.lot, r.at, count=float(r.defects), size=float(r.sample_size or 1))]
    if r.value is None:
        return []
    waiting = pending.setdefault(r.lot, [])
    waiting.append(float(r.value))
    if len(waiting) < n:
        return []
    del pending[r.lot]
    return [Subgroup(r.lot, r.at, tuple(waiting))]


def chart_signals(chart: Chart, rules: RuleSet, baseline: int) -> list[Signal]:
    """Every signal of a chart whose baseline is complete, by index then series."""
    if len(chart.subgroups) < baseline:
        return []
    found = []
    for s in chart.series:
        sigma = np.array(s.sigma)
        z = close_low_side(chart.kind, standardize(np.array(s.values), s.center, sigma), np.array(s.lcl))
        spread = s.name == LOCATION[chart.kind] and bool(np.any(sigma > 0))
        only = None if spread else (beyond_limits_rule(rules),)
        for v in check(z, s.values, rules, only=only, offset=s.start):
            i, g = v.index - s.start, chart.subgroups[v.index]
            found.append(Signal(s.name, v, g.lot, g.at, s.values[i], s.center, s.lcl[i], s.ucl[i]))
    return sorted(found, key=lambda f: (f.index, f.series != LOCATION[chart.kind], f.rule))


@dataclass
class Evaluator:
    """Incremental signals of one characteristic's chart; feed results with :meth:`update_many`."""

    kind: ChartKind
    n: int = 1
    baseline: int = 20
    rules: RuleSet = RuleSet.NELSON
    params: Params | None = None
    collected: list[Subgroup] = field(default_factory=list)
    pending: dict[str, list[float]] = field(default_factory=dict)
    recent: list[tuple[float, float]] = field(default_factory=list)
    last_x: float | None = None
    count: int = 0

    def update_many(self, results: Iterable[InspectionResult]) -> list[Signal]:
        """Take new results (in time order); return the signals they complete."""
        found: list[Signal] = []
        for r in results:
            for g in _collect(self.kind, r, self.n, self.pending):
                found.extend(self._add(g))
        return found

    def _add(self, g: Subgroup) -> list[Signal]:
        self.count += 1
        if self.params is None:
            self.collected.append(g)
            return self._start() if len(self.collected) >= self.baseline else []
        return self._next(g)

    def _start(self) -> list[Signal]:
        chart = build(self.kind, self.collected, self.n, self.baseline)
        self.params = chart.params
        location = chart.series[0]
        z = standardize(np.array(location.values), location.center, np.array(location.sigma))
        z = close_low_side(self.kind, z, np.array(location.lcl))
        self.recent = list(zip(z.tolist(), location.values, strict=True))[-(LONGEST_RULE - 1) :]
        self.last_x = self.collected[-1].values[0] if self.kind is ChartKind.I_MR else None
        self.collected = []
        return chart_signals(chart, self.rules, self.baseline)

    def _next(self, g: Subgroup) -> list[Signal]:
        assert self.params is not None
        index = self.count - 1
        (center, lcl, ucl), dispersion = place(self.params, np.array([g.size]))
        value = float(location_stat(self.kind, [g])[0])
        sigma = (ucl[0] - center[0]) / 3
        z_new = close_low_side(self.kind, standardize(np.array([value]), center[0], sigma), lcl[0])
        self.recent = [*self.recent, (float(z_new[0]), value)]
        self.recent = self.recent[-LONGEST_RULE:]
        z, x = zip(*self.recent, strict=True)
        offset = index - len(self.recent) + 1
        only = None if sigma > 0 else (beyond_limits_rule(self.rules),)  # no spread: zones are meaningless
        new = [v for v in check(z, x, self.rules, only=only, offset=offset) if v.index == index]
        found = [Signal(LOCATION[self.kind], v, g.lot, g.at, value, center[0], lcl[0], ucl[0]) for v in new]
        if dispersion is not None:
            found += self._dispersion(g, index, dispersion)
        return found

    def _dispersion(self, g: Subgroup, index: int, limits: tuple[float, float, float]) -> list[Signal]:
        spread = float(dispersion_stat(self.kind, [g], self.last_x)[0])
        if self.kind is ChartKind.I_MR:
            self.last_x = g.values[0]
        center, lcl, ucl = limits
        z = standardize(np.array([spread]), center, (ucl - center) / 3)
        rule = beyond_limits_rule(self.rules)
        hits = check(z, [spread], self.rules, only=(rule,), offset=index)
        return [Signal(DISPERSION[self.kind], v, g.lot, g.at, spread, center, lcl, ucl) for v in hits]

    def to_dict(self) -> dict[str, Any]:
        """The state as JSON-ready data."""
        return {
            "kind": self.kind.value,
            "n": self.n,
            "baseline": self.baseline,
            "rules": RuleSet(self.rules).value,
            "params": None if self.params is None else _params_dict(self.params),
            "collected": [_group_dict(g) for g in self.collected],
            "pending": self.pending,
            "recent": [[None if np.isnan(z) else z, x] for z, x in self.recent],
            "last_x": self.last_x,
            "count": self.count,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evaluator:
        """Rebuild an evaluator saved with :meth:`to_dict`."""
        kind = ChartKind(data["kind"])
        params = data["params"]
        return cls(
            kind,
            int(data["n"]),
            int(data["baseline"]),
            RuleSet(data["rules"]),
            None if params is None else Params(kind, params["center"], params["spread"], params["n"], params["points"]),
            [_group(g) for g in data["collected"]],
            {k: list(v) for k, v in data["pending"].items()},
            [(np.nan if z is None else float(z), float(x)) for z, x in data["recent"]],
            data["last_x"],
            int(data["count"]),
        )


def _params_dict(p: Params) -> dict[str, Any]:
    return {"center": p.center, "spread": p.spread, "n": p.n, "points": p.points}


def _group_dict(g: Subgroup) -> dict[str, Any]:
    return {"lot": g.lot, "at": g.at.isoformat(), "values": list(g.values), "count": g.count, "size": g.size}


def _group(d: dict[str, Any]) -> Subgroup:
    return Subgroup(d["lot"], datetime.fromisoformat(d["at"]), tuple(d["values"]), d["count"], d["size"])


def evaluate_history(
    kind: ChartKind,
    results: Sequence[InspectionResult],
    n: int,
    baseline: int,
    rules: RuleSet,
    held: Params | None = None,
) -> tuple[Chart | None, list[Signal]]:
    """The chart of every stored result and its signals (None when fewer than 2 points), under
    the ``held`` limits of a live evaluator whose baseline is complete, if given."""
    groups, _ = subgroups(kind, results, n)
    if len(groups) < 2:
        return None, []
    chart = build(kind, groups, n, baseline, held)
    return chart, chart_signals(chart, rules, baseline)
