"""A finite-capacity planning problem built from a snapshot of the cluster (pure).

``build(snapshot, horizon_days, bucket_hours)`` turns master data, demands,
existing supply and earlier reservations into arrays over time buckets:
SKUs (``network``), resource rows with the minutes (or units) each can work per
bucket (``resources``), scheduled receipts, demand rows and released work steps.

Bucket ``k`` covers ``[start + k*bucket_hours, start + (k+1)*bucket_hours)``;
``start`` is the planning time rounded down to midnight of the planning zone.
Anything received "in" bucket ``k`` is available at its end; a demand is on time
when it is met in a bucket that ends at or before its due time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from onefactory.model import (
    BomLine,
    Calendar,
    Demand,
    InvalidData,
    Item,
    Member,
    MemberRole,
    Reservation,
    Resource,
    RoutingStep,
    RoutingWindow,
    Supply,
    WorkStep,
)

from .calendars import to_minutes
from .network import Network, build_network
from .resources import ResourceRows, StepLoad, build_resources

LATE_COST_PER_DAY = 100.0


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything the planner reads, as model values; ``calendars`` pairs a member with a calendar."""

    now: datetime
    members: tuple[Member, ...]
    items: tuple[Item, ...]
    bom_lines: tuple[BomLine, ...]
    routing: tuple[RoutingStep, ...]
    resources: tuple[Resource, ...]
    demands: tuple[Demand, ...]
    supplies: tuple[Supply, ...] = ()
    calendars: tuple[tuple[str, Calendar], ...] = ()
    work_steps: tuple[WorkStep, ...] = ()
    routing_windows: tuple[RoutingWindow, ...] = ()
    reservations: tuple[Reservation, ...] = ()


@dataclass(frozen=True, slots=True)
class DemandRow:
    """A demand placed on its SKU: due bucket and lateness cost per unit and bucket."""

    demand: Demand
    sku: int
    due_bucket: int
    late_cost: float


@dataclass(frozen=True, slots=True)
class SupplyRow:
    """Existing supply left after reservations: on hand (bucket -1) or received in ``bucket``."""

    supply: Supply
    sku: int
    qty: float
    bucket: int


@dataclass
class PlanProblem:
    """Arrays of one planning run; built by :func:`build`, solved by ``formulation``."""

    now: datetime
    start: datetime
    bucket_hours: int
    buckets: int
    network: Network
    resources: ResourceRows
    demands: list[DemandRow]
    supplies: list[SupplyRow]
    earliest: np.ndarray  # first bucket in which each SKU may start an order
    latest: np.ndarray  # bucket from which each SKU may no longer start one
    work: list[tuple[WorkStep, int, int]]  # planned step, resource row, earliest bucket
    kept: list[WorkStep]
    warnings: list[str] = field(default_factory=list)

    @property
    def edges(self) -> np.ndarray:
        """Bucket boundaries in epoch minutes (buckets + 1 values)."""
        return to_minutes(self.start) + np.arange(self.buckets + 1) * 60.0 * self.bucket_hours

    def bucket_start(self, k: int) -> datetime:
        """Start of bucket ``k``."""
        return self.start + timedelta(hours=self.bucket_hours * k)

    def bucket_of(self, moment: datetime) -> int:
        """The bucket at whose end ``moment`` is available (-1 if already at the start)."""
        hours = (moment - self.start).total_seconds() / 3600
        return math.ceil(hours / self.bucket_hours - 1e-9) - 1

    def offset(self, days: float) -> int:
        """Buckets between starting an order and receiving it, for a lead time in days."""
        return max(math.ceil(days * 24 / self.bucket_hours - 1e-9) - 1, 0) if days > 0 else 0


def build(snapshot: Snapshot, horizon_days: int = 60, bucket_hours: int = 24) -> PlanProblem:
    """The planning problem of ``snapshot`` over ``horizon_days``; InvalidData names a bad input."""
    _check_grid(snapshot.now, horizon_days, bucket_hours)
    start = _origin(snapshot.now, bucket_hours, _zone(snapshot.members))
    buckets = math.ceil(horizon_days * 24 / bucket_hours)
    demands = sorted(snapshot.demands, key=lambda d: (d.due, d.priority, d.id))
    members = {m.code for m in snapshot.members}
    net = build_network(
        list(dict.fromkeys((d.member, d.item) for d in demands)),
        snapshot.items,
        snapshot.bom_lines,
        snapshot.routing,
        members,
    )
    problem = PlanProblem(
        snapshot.now,
        start,
        bucket_hours,
        buckets,
        net,
        ResourceRows(),
        [],
        [],
        np.zeros(0, int),
        np.zeros(0, int),
        [],
        [],
    )
    problem.resources = build_resources(snapshot, problem)
    problem.demands = [_demand_row(d, problem) for d in demands]
    problem.supplies = _supply_rows(snapshot, problem)
    problem.earliest, problem.latest = _window_bounds(snapshot, problem)
    problem.work, problem.kept = _work(snapshot, problem)
    problem.warnings = [*net.warnings, *problem.resources.warnings]
    return problem


def _check_grid(now: datetime, horizon_days: int, bucket_hours: int) -> None:
    if now.tzinfo is None:
        raise InvalidData(f"now must be timezone-aware, got {now}", field="now")
    if bucket_hours < 1 or 24 % bucket_hours and bucket_hours % 24:
        raise InvalidData(f"bucket_hours must divide a day or be whole days, got {bucket_hours}", field="bucket_hours")
    if not 1 <= horizon_days <= 731:
        raise InvalidData(f"horizon_days must be within 1..731, got {horizon_days}", field="horizon_days")


def _zone(members: tuple[Member, ...]) -> ZoneInfo:
    lead = [m for m in members if m.role is MemberRole.LEAD]
    return ZoneInfo(lead[0].timezone if lead else "UTC")


def _origin(now: datetime, bucket_hours: int, zone: ZoneInfo) -> datetime:
    local = now.astimezone(zone)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    whole = (local - midnight) // timedelta(hours=bucket_hours) if bucket_hours < 24 else 0
    return (midnight + timedelta(hours=bucket_hours * whole)).astimezone(now.tzinfo)


def _demand_row(demand: Demand, problem: PlanProblem) -> DemandRow:
    weight = 1 + (10 - min(demand.priority, 10)) / 10
    cost = LATE_COST_PER_DAY * weight * problem.bucket_hours / 24
    due = min(max(problem.bucket_of(demand.due), 0), problem.buckets - 1)
    return DemandRow(demand, problem.network.index[(demand.member, demand.item)], due, cost)


def _supply_rows(snapshot: Snapshot, problem: PlanProblem) -> list[SupplyRow]:
    reserved: dict[str, float] = {}
    for r in snapshot.reservations:
        if not r.ref.startswith("resource:"):
            reserved[r.ref] = reserved.get(r.ref, 0.0) + float(r.qty)
    rows = []
    for supply in snapshot.supplies:
        sku = problem.network.index.get((supply.member, supply.item))
        left = float(supply.qty) - reserved.get(supply.ref, 0.0)
        at = -1 if supply.available_at is None else max(problem.bucket_of(supply.available_at), -1)
        if sku is not None and left > 1e-9 and at < problem.buckets:
            rows.append(SupplyRow(supply, sku, left, at))
    return rows


def _window_bounds(snapshot: Snapshot, problem: PlanProblem) -> tuple[np.ndarray, np.ndarray]:
    count = len(problem.network.skus)
    earliest, latest = np.zeros(count, dtype=int), np.full(count, problem.buckets, dtype=int)
    zones = {m.code: ZoneInfo(m.timezone) for m in snapshot.members}
    for window in snapshot.routing_windows:
        sku = problem.network.index.get((window.member, window.item))
        if sku is None:
            continue
        zone = zones.get(window.member, ZoneInfo("UTC"))
        if window.effective_from is not None:
            earliest[sku] = max(earliest[sku], _first_bucket_from(problem, window.effective_from, zone))
        if window.effective_to is not None:
            latest[sku] = min(latest[sku], _first_bucket_from(problem, window.effective_to, zone))
    return earliest, latest


def _first_bucket_from(problem: PlanProblem, day: date, zone: ZoneInfo) -> int:
    opens = datetime.combine(day, time(0), tzinfo=zone)
    hours = (opens - problem.start).total_seconds() / 3600
    return min(max(math.ceil(hours / problem.bucket_hours - 1e-9), 0), problem.buckets)


def _work(snapshot: Snapshot, problem: PlanProblem) -> tuple[list[tuple[WorkStep, int, int]], list[WorkStep]]:
    planned, kept = [], []
    for step in sorted(snapshot.work_steps, key=lambda s: (s.work_order, s.step_no)):
        if step.status in ("confirmed", "started", "done"):
            kept.append(step)
            continue
        row = problem.resources.row_of(step.member, step.resource)
        if row is None:
            problem.resources.warnings.append(f"{step.record_id}: unknown resource {step.member}:{step.resource}")
            continue
        planned.append((step, row, 0))
    return planned, kept


__all__ = ["DemandRow", "PlanProblem", "Snapshot", "StepLoad", "SupplyRow", "build"]
