"""Units of the capacity planner: calendars, pooled capacity buckets, solver lookup, errors, storage."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import numpy as np
import pytest

from onefactory.model import (
    Calendar,
    Demand,
    Infeasible,
    InvalidData,
    Item,
    ItemKind,
    Member,
    MemberRole,
    Resource,
    RoutingStep,
    Shift,
    SolverUnavailable,
    WorkStep,
)
from onefactory.plan.capacity import Snapshot, adapter, build, solve
from onefactory.plan.capacity.calendars import available, to_minutes, working_time
from onefactory.plan.capacity.compare import compare_plans

NOW = datetime(2026, 6, 1, tzinfo=UTC)
LEAD = Member("M", "M", MemberRole.LEAD, "UTC")


def test_a_24_hour_shift_over_the_dst_change_has_23_hours():
    berlin = Calendar("24", "Europe/Berlin", (Shift(time(0), time(0), (0, 1, 2, 3, 4, 5, 6)),))
    start = datetime(2026, 3, 28, 23, tzinfo=UTC)  # Sunday 29 March 00:00 CET
    work = working_time(berlin, start, start + timedelta(days=1))
    assert available(work, np.array([to_minutes(start), to_minutes(start + timedelta(hours=23))]))[0] == 23 * 60


def test_holidays_remove_the_shifts_starting_that_day():
    kr = Calendar("KR", "Asia/Seoul", (Shift(time(8), time(17)),), ("2026-09-24",))
    start = datetime(2026, 9, 23, 15, tzinfo=UTC)  # Thursday 24 Sep 00:00 KST
    work = working_time(kr, start, start + timedelta(days=2))
    per_day = available(work, to_minutes(start) + np.array([0.0, 1440.0, 2880.0]))
    assert per_day.tolist() == [0.0, 540.0]


def snap(resources, routing=(), demands=None, items=None, **extra) -> Snapshot:
    items = items or (Item("M", "A", kind=ItemKind.MAKE),)
    demands = demands or (Demand("SO-1/1", "M", "A", Decimal(100), NOW + timedelta(days=3)),)
    return Snapshot(NOW, (LEAD,), items, (), tuple(routing), tuple(resources), demands, **extra)


def test_a_member_sharing_only_capacity_buckets_is_planned_from_them():
    press = Resource("M", "P", "Press", capacity_per_hour=Decimal(2), parallel_units=2)
    plan = solve(build(snap([press]), horizon_days=5))
    assert {(x.resource, x.unit, x.available_min) for x in plan.loads if x.start == NOW} == {("P", "unit", 96)}
    assert all(x.load_min <= x.available_min for x in plan.loads)
    assert plan.fulfilment[0].on_time_qty == 100


def test_a_late_plan_names_the_full_resource():
    press = Resource("M", "P", "Press")
    plan = solve(build(snap([press], [RoutingStep("M", "A", 10, "P", Decimal(60))]), horizon_days=10))
    (met,) = plan.fulfilment
    assert (met.on_time_qty, met.late_qty) == (72, 28)
    assert [(b.kind, b.member, b.code) for b in plan.binding] == [("resource", "M", "P")]


def test_an_unknown_solver_is_refused_not_replaced():
    with pytest.raises(SolverUnavailable, match="unknown solver 'cplex'"):
        adapter("cplex")
    with pytest.raises(SolverUnavailable):
        solve(build(snap([Resource("M", "P", "Press")]), horizon_days=2), solver="cplex")


def test_released_work_that_cannot_fit_is_infeasible_and_named():
    press = Resource("M", "P", "Press")
    step = WorkStep("OP-1", "WO-1", "M", "A", 10, "P", Decimal(5000))
    problem = build(snap([press], [RoutingStep("M", "A", 10, "P", Decimal(1))], work_steps=(step,)), horizon_days=2)
    with pytest.raises(Infeasible) as caught:
        solve(problem)
    assert caught.value.binding and "M:P" in caught.value.binding[0]


def test_bad_grid_and_cycles_are_refused_by_name():
    with pytest.raises(InvalidData, match="bucket_hours"):
        build(snap([Resource("M", "P", "Press")]), bucket_hours=7)
    from onefactory.model import BomLine

    cyc = (BomLine("M", "A", "B", Decimal(1)), BomLine("M", "B", "A", Decimal(1)))
    with pytest.raises(InvalidData, match="cycle: M:A -> M:B -> M:A"):
        build(Snapshot(NOW, (LEAD,), (), cyc, (), (), (Demand("SO-1/1", "M", "A", Decimal(1), NOW),)))


def test_plans_round_trip_through_the_store_and_compare(any_store):
    with any_store.write() as tx:
        tx.members.add(LEAD)
    press = Resource("M", "P", "Press", capacity_per_hour=Decimal(2))
    first = solve(build(snap([press]), horizon_days=5), plan_id="p1")
    second = solve(build(snap([press]), horizon_days=5, bucket_hours=12), plan_id="p2")
    with any_store.write() as tx:
        tx.plans.add(first)
        tx.plans.add(second)
    with any_store.read() as tx:
        back = tx.plans.get("p1")
        assert [p[0] for p in tx.plans.recent()] == ["p2", "p1"]
    assert back == first
    diff = compare_plans(first, second)
    assert diff.first.on_time_qty == diff.second.on_time_qty == 100
    assert sum(d.change for d in diff.differences) == 0


PLAN_ONCE = """
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from onefactory.model import Demand, Item, ItemKind, Member, MemberRole, Resource
from onefactory.plan.capacity import Snapshot, build, solve
now = datetime(2026, 6, 1, tzinfo=UTC)
demand = Demand("SO-1/1", "M", "A", Decimal(100), now + timedelta(days=3))
press = Resource("M", "P", "Press", capacity_per_hour=Decimal(2))
member = Member("M", "M", MemberRole.LEAD, "UTC")
snapshot = Snapshot(now, (member,), (Item("M", "A", kind=ItemKind.MAKE),), (), (), (press,), (demand,))
solve(build(snapshot, horizon_days=5))
"""


def test_a_plan_writes_nothing_to_the_process_stdout():
    """HiGHS prints a banner on its first instance; the planner keeps it off the console."""
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-c", PLAN_ONCE], capture_output=True, text=True, timeout=120, check=True)
    assert run.stdout == ""
