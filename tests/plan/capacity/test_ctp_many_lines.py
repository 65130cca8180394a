"""Capable-to-promise with many order lines made after the last plan: the lines ahead of the
question are planned per SKU and due bucket, which gives the same answer as one LP demand per
line, and a 5,000-line order still gets an answer instead of a solver time-out."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from onefactory.model import Demand
from onefactory.plan.capacity import build, solve
from onefactory.plan.capacity.inputs import reservations_of
from onefactory.plan.ctp import CTP_ID, _ahead_of_the_question, _not_covered, merged_ahead
from onefactory.services import planning

from support import bearer, demo_api

NOW = datetime(2026, 12, 3, 0, 30, tzinfo=UTC)
LEAD = bearer("demo-LEAD-planner")
DAYS = ("2026-12-18", "2026-12-22")


def line(n: int, item: str, day: str, priority: int = 3, qty: str = "7") -> dict:
    return {"id": f"CO-BIG/{n}", "item": item, "qty": qty, "due": f"{day}T00:00:00+09:00", "priority": priority}


@pytest.fixture
def api():
    with demo_api(NOW) as c:
        assert c.post("/api/v1/plans", json={"horizon_days": 60}, headers=LEAD).status_code == 201
        yield c


def ctp_outcome(problem) -> tuple:
    plan = solve(_ahead_of_the_question(problem), "highs", 30, integer=False, plan_id="ctp")
    met = next(f for f in plan.fulfilment if f.demand_id == CTP_ID)
    return plan.cost, (met.on_time_qty, met.late_qty, met.short_qty, met.completed_at)


def test_lines_merged_per_sku_and_due_day_give_the_answer_of_one_demand_per_line(api):
    lines = [line(n, ("FG-0002", "FG-0003")[n % 2], DAYS[n // 2 % 2]) for n in range(1, 41)]
    assert api.post("/api/v1/customer-orders", json=lines, headers=LEAD).json() == {"stored": 40}
    snap, base = planning.snapshot(api.store, NOW), planning.latest(api.store)
    question = Demand(CTP_ID, "LEAD", "FG-0003", Decimal(400), datetime(2026, 12, 20, tzinfo=UTC), priority=1)
    asked = replace(snap, demands=(*_not_covered(snap, base), question), reservations=tuple(reservations_of(base)))
    each, merged = build(asked, horizon_days=60), merged_ahead(build(asked, horizon_days=60))
    new = [row for row in merged.demands if row.demand.id.startswith("CO-BIG/")]
    assert sorted((row.demand.item, row.demand.due.isoformat(), row.demand.qty) for row in new) == [
        ("FG-0002", "2026-12-17T15:00:00+00:00", 70), ("FG-0002", "2026-12-21T15:00:00+00:00", 70),
        ("FG-0003", "2026-12-17T15:00:00+00:00", 70), ("FG-0003", "2026-12-21T15:00:00+00:00", 70),
    ]  # fmt: skip
    assert all(row.demand.id.endswith(" and 9 more") for row in new)
    assert len(each.demands) - len(merged.demands) == 36
    (cost_each, met_each), (cost_merged, met_merged) = ctp_outcome(each), ctp_outcome(merged)
    assert met_merged == met_each and met_each[1] + met_each[2] > 0  # the question is late: the lines bind it
    assert cost_merged == pytest.approx(cost_each, rel=1e-9)


def test_merged_lines_cost_as_much_as_their_most_urgent_line(api):
    lines = [line(1, "FG-0002", DAYS[0], priority=9), line(2, "FG-0002", DAYS[0], priority=1)]
    assert api.post("/api/v1/customer-orders", json=lines, headers=LEAD).json() == {"stored": 2}
    snap = planning.snapshot(api.store, NOW)
    mine = replace(snap, demands=tuple(d for d in snap.demands if d.id.startswith("CO-BIG/")))
    each, merged = build(mine, horizon_days=60), merged_ahead(build(mine, horizon_days=60))
    [row] = merged.demands
    assert (row.demand.qty, row.demand.priority) == (Decimal(14), 1)
    assert row.late_cost == max(r.late_cost for r in each.demands) > min(r.late_cost for r in each.demands)


def test_a_5000_line_order_after_the_plan_still_gets_an_answer(api):
    lines = [line(n, ("FG-0002", "FG-0003")[n % 2], f"2027-0{1 + n % 3}-1{n % 2}", qty="1") for n in range(1, 5001)]
    assert api.post("/api/v1/customer-orders", json=lines, headers=LEAD).json() == {"stored": 5000}
    body = {"member": "LEAD", "item": "FG-0002", "qty": "5", "by": "2027-06-15"}
    answer = api.post("/api/v1/ctp", json=body, headers=LEAD)
    assert answer.status_code == 200, answer.text
    assert answer.json()["feasible"] is True and answer.json()["earliest"] <= "2027-06-15"


@pytest.mark.parametrize(("limit", "status"), [(0, 422), (61, 422), (30, 200)])
def test_ctp_takes_a_bounded_time_limit(api, limit, status):
    body = {"member": "LEAD", "item": "FG-0002", "qty": "5", "by": "2027-06-15", "time_limit_s": limit}
    answer = api.post("/api/v1/ctp", json=body, headers=LEAD)
    assert answer.status_code == status, answer.text
    if status == 422:
        assert answer.json()["errors"][0]["field"] == "body.time_limit_s"
