"""Two plans side by side: quantity differences per member, item and day, and their headline figures (pure)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from onefactory.model import Plan


@dataclass(frozen=True, slots=True)
class PlanFigures:
    """Headline figures of one plan."""

    id: str
    cost: float | None
    orders: int
    on_time_qty: Decimal
    late_qty: Decimal
    short_qty: Decimal
    lateness_days: float
    late_qty_days: float
    utilisation: dict[str, float]  # 'MEMBER:RESOURCE' -> load / availability over the horizon


@dataclass(frozen=True, slots=True)
class Difference:
    """Planned quantity of an item at a member on a day (by start) in each plan."""

    member: str
    item: str
    day: date
    kind: str
    first: Decimal
    second: Decimal

    @property
    def change(self) -> Decimal:
        """second - first."""
        return self.second - self.first


@dataclass(frozen=True, slots=True)
class PlanComparison:
    """Both plans' figures and every member/item/day whose planned quantity differs."""

    first: PlanFigures
    second: PlanFigures
    differences: tuple[Difference, ...]


def figures(plan: Plan) -> PlanFigures:
    """Cost, lateness and utilisation of ``plan``."""
    load: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for x in plan.loads:
        total = load[f"{x.member}:{x.resource}"]
        total[0] += x.load_min
        total[1] += x.available_min
    return PlanFigures(
        plan.id,
        plan.cost,
        len(plan.orders),
        sum((f.on_time_qty for f in plan.fulfilment), Decimal(0)),
        plan.late_qty,
        plan.short_qty,
        round(plan.lateness_days, 4),
        round(plan.late_qty_days, 4),
        {k: round(u / a, 4) if a > 0 else 0.0 for k, (u, a) in sorted(load.items())},
    )


def _quantities(plan: Plan) -> dict[tuple[str, str, date, str], Decimal]:
    out: dict[tuple[str, str, date, str], Decimal] = defaultdict(Decimal)
    for o in plan.orders:
        out[(o.member, o.item, o.start.date(), o.kind.value)] += o.qty
    return out


def compare_plans(first: Plan, second: Plan) -> PlanComparison:
    """Figures of both plans and their differences, sorted by member, item and day.

    >>> from datetime import UTC, datetime
    >>> p = Plan("a", datetime(2026, 6, 1, tzinfo=UTC), datetime(2026, 6, 1, tzinfo=UTC), 24, 1, "highs",
    ...          "optimal", 0.0, 0.0, (), (), (), ())
    >>> compare_plans(p, p).differences
    ()
    """
    a, b = _quantities(first), _quantities(second)
    rows = [
        Difference(m, i, d, k, a.get((m, i, d, k), Decimal(0)), b.get((m, i, d, k), Decimal(0)))
        for (m, i, d, k) in sorted(set(a) | set(b))
        if a.get((m, i, d, k), Decimal(0)) != b.get((m, i, d, k), Decimal(0))
    ]
    return PlanComparison(figures(first), figures(second), tuple(rows))
