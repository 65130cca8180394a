"""Finite-capacity planning across the members of a cluster.

``problem.build(snapshot, horizon_days, bucket_hours)`` is pure and turns model
values into arrays (``network``: who makes, buys or moves each item;
``resources`` and ``calendars``: what each resource can work per bucket);
``formulation`` builds the LP/MIP as one sparse matrix; ``solvers`` holds the
adapters (HiGHS); ``engine.solve`` reads the solution back into a ``Plan`` with
exact times (``timing``), pegging (``pegging``) and binding constraints (``binding``).

Example:
    >>> from datetime import UTC, datetime
    >>> from decimal import Decimal
    >>> from onefactory.model import Demand, Item, ItemKind, Member, MemberRole, Resource
    >>> now = datetime(2026, 6, 1, tzinfo=UTC)
    >>> snap = Snapshot(now, (Member("M", "M", MemberRole.LEAD, "UTC"),),
    ...     (Item("M", "A", kind=ItemKind.MAKE),), (), (), (Resource("M", "R", "Press", capacity_per_hour=Decimal(1)),),
    ...     (Demand("SO-1/1", "M", "A", Decimal(30), datetime(2026, 6, 2, tzinfo=UTC)),))
    >>> plan = solve(build(snap, horizon_days=3))
    >>> [(f.on_time_qty, f.late_qty) for f in plan.fulfilment]
    [(Decimal('24'), Decimal('6'))]
"""

from .engine import solve
from .problem import PlanProblem, Snapshot, build
from .solvers import ADAPTERS, adapter

__all__ = ["ADAPTERS", "PlanProblem", "Snapshot", "adapter", "build", "solve"]
