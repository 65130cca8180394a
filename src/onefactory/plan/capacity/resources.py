"""Capacity rows of a planning problem: what each resource can work in each bucket (pure).

A resource with routing steps is a row of minutes: its calendar's working
minutes in the bucket times its ``parallel_units`` (a station of 3 identical
machines works 3 machine-minutes per minute). A member that shares only
capacity buckets (items made without a routing) gets one row in units: the
``capacity_per_hour`` of its resources that no routing uses, over their working
hours. A resource without a calendar works round the clock in its member's zone.
Confirmed work still ahead and capacity reserved by an earlier plan are taken off.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from onefactory.model import Calendar, Resource

from .calendars import WorkingTime, always, available, to_minutes, working_time

if TYPE_CHECKING:
    from .problem import PlanProblem, Snapshot


@dataclass(frozen=True, slots=True)
class StepLoad:
    """A routing step: minutes per unit (and per order) of a SKU on a row, or on an alternate row."""

    sku: int
    row: int
    run_min: float
    alternate: int = -1
    setup_min: float = 0.0
    step_no: int = 0


@dataclass
class CapacityRow:
    """One resource (unit 'min') or one member's pooled capacity buckets (unit 'unit')."""

    member: str
    code: str
    unit: str
    available: np.ndarray
    work: WorkingTime
    parallel_units: int = 1
    name: str = ""
    minutes_per_unit: float = 1.0


@dataclass
class ResourceRows:
    """Capacity rows, routing loads and pooled loads (SKU -> pool row)."""

    rows: list[CapacityRow] = field(default_factory=list)
    steps: list[StepLoad] = field(default_factory=list)
    pools: dict[int, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def row_of(self, member: str, code: str) -> int | None:
        """The row of a member's resource (minutes rows only)."""
        for n, row in enumerate(self.rows):
            if row.member == member and row.code == code and row.unit == "min":
                return n
        return None


def build_resources(snapshot: Snapshot, problem: PlanProblem) -> ResourceRows:
    """Rows for every resource of a member that makes something in the network."""
    out = ResourceRows()
    makers = {s.member for s in problem.network.skus if s.source == "make"}
    routed = {(s.member, r) for s in snapshot.routing for r in (s.resource, s.alternate_resource) if r}
    calendars = {(member, cal.code): cal for member, cal in snapshot.calendars}
    for resource in snapshot.resources:
        if resource.member in makers and (resource.member, resource.code) in routed:
            out.rows.append(_minutes_row(resource, _work(resource, calendars, problem, out.warnings), problem))
    _add_steps(snapshot, problem, out)
    _add_pools(snapshot, problem, out, calendars)
    _take_off_committed(snapshot, problem, out)
    return out


def _work(
    resource: Resource, calendars: dict[tuple[str, str], Calendar], problem: PlanProblem, warnings: list[str]
) -> WorkingTime:
    end = problem.bucket_start(problem.buckets)
    if resource.calendar is None:
        return always(problem.now, end)
    calendar = calendars.get((resource.member, resource.calendar))
    if calendar is None:
        warnings.append(f"{resource.member}:{resource.code} names unknown calendar {resource.calendar!r}: 24 h assumed")
        return always(problem.now, end)
    return working_time(calendar, problem.now, end)


def _minutes_row(resource: Resource, work: WorkingTime, problem: PlanProblem) -> CapacityRow:
    minutes = available(work, problem.edges) * resource.parallel_units
    return CapacityRow(resource.member, resource.code, "min", minutes, work, resource.parallel_units, resource.name)


def _add_steps(snapshot: Snapshot, problem: PlanProblem, out: ResourceRows) -> None:
    for step in sorted(snapshot.routing, key=lambda s: (s.member, s.item, s.step_no)):
        sku = problem.network.index.get((step.member, step.item))
        if sku is None or problem.network.skus[sku].source != "make":
            continue
        row = out.row_of(step.member, step.resource)
        alternate = out.row_of(step.member, step.alternate_resource) if step.alternate_resource else None
        if row is None:
            out.warnings.append(
                f"{step.member}:{step.item} step {step.step_no} names unknown resource {step.resource!r}"
            )
            continue
        run, setup = float(step.run_min_per_unit), float(step.setup_min)
        out.steps.append(StepLoad(sku, row, run, -1 if alternate is None else alternate, setup, step.step_no))


def _add_pools(
    snapshot: Snapshot, problem: PlanProblem, out: ResourceRows, calendars: dict[tuple[str, str], Calendar]
) -> None:
    routed_skus = {s.sku for s in out.steps}
    routed = {(s.member, r) for s in snapshot.routing for r in (s.resource, s.alternate_resource) if r}
    for sku, unit in enumerate(problem.network.skus):
        if unit.source != "make" or sku in routed_skus:
            continue
        pool = [r for r in snapshot.resources if r.member == unit.member and (r.member, r.code) not in routed]
        if not pool:
            out.warnings.append(f"{unit.member}:{unit.item} has no routing and {unit.member} shares no capacity")
            continue
        out.pools[sku] = _pool_row(unit.member, pool, calendars, problem, out)


def _pool_row(
    member: str,
    pool: list[Resource],
    calendars: dict[tuple[str, str], Calendar],
    problem: PlanProblem,
    out: ResourceRows,
) -> int:
    code = "+".join(r.code for r in pool)
    for n, row in enumerate(out.rows):
        if row.member == member and row.code == code and row.unit == "unit":
            return n
    works = [_work(r, calendars, problem, out.warnings) for r in pool]
    units = sum(
        available(w, problem.edges) / 60 * float(r.capacity_per_hour) * r.parallel_units
        for w, r in zip(works, pool, strict=True)
    )
    names = ", ".join(r.name for r in pool)
    per_unit = 60 / sum(float(r.capacity_per_hour) * r.parallel_units for r in pool)
    out.rows.append(CapacityRow(member, code, "unit", np.asarray(units), works[0], 1, names, per_unit))
    return len(out.rows) - 1


def _take_off_committed(snapshot: Snapshot, problem: PlanProblem, out: ResourceRows) -> None:
    for step in snapshot.work_steps:
        row = out.row_of(step.member, step.resource)
        if row is None or step.status not in ("confirmed", "started") or step.end is None or step.start is None:
            continue
        held = available(out.rows[row].work, np.clip(problem.edges, to_minutes(step.start), to_minutes(step.end)))
        out.rows[row].available = np.maximum(out.rows[row].available - held, 0.0)
    for r in snapshot.reservations:
        if not r.ref.startswith("resource:") or r.at is None:
            continue
        code, bucket = r.ref.removeprefix("resource:"), problem.bucket_of(r.at) + 1
        for row in out.rows:
            if row.member == r.member and row.code == code and 0 <= bucket < problem.buckets:
                row.available[bucket] = max(row.available[bucket] - float(r.qty), 0.0)
