"""Capable-to-promise never promises capacity an existing order needs: demand the latest plan
did not cover (left short beyond its horizon, or every order when there is no plan yet) is
planned ahead of the question, and an earlier date never comes from delaying it.

One press makes one unit an hour (24 a day); customer order CO-1 needs 48 by 3 June."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from onefactory.model import Demand, Item, ItemKind, Member, MemberRole, Resource
from onefactory.plan.capacity import Snapshot, build, solve
from onefactory.plan.ctp import promise

NOW = datetime(2026, 6, 1, tzinfo=UTC)
ORDER = Demand("CO-1", "M", "A", Decimal(48), datetime(2026, 6, 3, tzinfo=UTC), priority=5, customer="C")


def snapshot(*demands: Demand) -> Snapshot:
    members = (Member("M", "M", MemberRole.LEAD, "UTC"),)
    press = (Resource("M", "R", "Press", capacity_per_hour=Decimal(1)),)
    return Snapshot(NOW, members, (Item("M", "A", kind=ItemKind.MAKE),), (), (), press, demands)


def ask(snap: Snapshot, **kw):
    return promise(snap, "M", "A", Decimal(24), datetime(2026, 6, 2, tzinfo=UTC), horizon_days=10, **kw)


def test_with_no_order_the_press_promises_24_by_the_next_day():
    answer = ask(snapshot())
    assert (answer.feasible, answer.earliest) == (True, datetime(2026, 6, 2, tzinfo=UTC))


def test_without_a_plan_an_existing_order_keeps_the_capacity_it_needs():
    answer = ask(snapshot(ORDER))  # CO-1 fills 1 and 2 June; the question gets 3 June
    assert (answer.feasible, answer.earliest) == (False, datetime(2026, 6, 4, tzinfo=UTC))
    assert [b.kind for b in answer.binding] == ["resource"]


def test_an_order_left_short_beyond_a_one_day_plan_still_comes_first():
    snap = snapshot(ORDER)
    base = solve(build(snap, horizon_days=1), "highs", 5.0, integer=False, plan_id="P-1")
    assert [(f.demand_id, f.short_qty) for f in base.fulfilment] == [("CO-1", Decimal(24))]
    answer = ask(snap, base=base)  # day 1 is held by the plan, day 2 by what it left short
    assert (answer.feasible, answer.earliest, answer.based_on_plan) == (False, datetime(2026, 6, 4, tzinfo=UTC), "P-1")


def test_an_order_the_plan_covered_in_full_is_not_planned_twice():
    snap = snapshot(ORDER)
    base = solve(build(snap, horizon_days=10), "highs", 5.0, integer=False, plan_id="P-2")
    assert [(f.demand_id, f.short_qty) for f in base.fulfilment] == [("CO-1", Decimal(0))]
    answer = ask(snap, base=base)  # the plan's load holds 48 h; the press is free from the third day
    assert (answer.feasible, answer.earliest) == (False, datetime(2026, 6, 4, tzinfo=UTC))
