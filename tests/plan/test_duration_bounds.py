"""Durations are bounded in the model (lead time at most 3650 days): an import names the row and
column of a longer one, a lead time at the bound plans, and a value stored before the bound
existed makes MRP and the capacity plan a 409 naming the member and item, not a crash."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import update

from onefactory.store import schema

from support import bearer, demo_api

NOW = datetime(2026, 12, 3, 0, 30, tzinfo=UTC)
LEAD, SEOHAN = bearer("demo-LEAD-planner"), bearer("demo-SEOHAN-admin")


@pytest.fixture
def api():
    with demo_api(NOW) as c:
        yield c


def import_item(api, lead: str, headers=SEOHAN):
    data = f"item_code,item_name,uom,kind,lead_time_days\nBAD-2,,EA,buy,{lead}\n".encode()
    return api.post("/api/v1/imports/items", files={"file": ("items.csv", data, "text/csv")}, headers=headers)


def test_an_import_of_a_lead_time_beyond_ten_years_names_the_row_and_column(api):
    answer = import_item(api, "10000000000000")
    assert answer.status_code == 422
    assert answer.json()["errors"] == [
        {"row": 1, "line": 2, "column": "lead_time_days", "value": "10000000000000",
         "reason": "lead_time_days must be at most 3650 days, got 10000000000000"},
    ]  # fmt: skip
    assert import_item(api, "3650.5").json()["errors"][0]["reason"] == (
        "lead_time_days must be at most 3650 days, got 3650.5"
    )


def test_a_lead_time_at_the_bound_plans_with_mrp_and_the_capacity_plan(api):
    assert import_item(api, "3650", LEAD).json()["stored"] == 1
    order = [{"id": "CO-9/1", "item": "BAD-2", "qty": "5", "due": "2027-01-20T00:00:00+09:00"}]
    assert api.post("/api/v1/customer-orders", json=order, headers=LEAD).json() == {"stored": 1}
    mrp = api.post("/api/v1/plans/mrp", json={"buckets": 13}, headers=LEAD)
    assert mrp.status_code == 201
    bought = [o for o in mrp.json()["orders_by_member"]["LEAD"] if o["item"] == "BAD-2"]
    # needed in the week from 2027-01-14 (Seoul), started today, so due 3650 days on and late by the difference
    assert [(o["qty"], o["start"], o["need"], o["due"]) for o in bought] == [
        ("5", "2026-12-02T15:00:00Z", "2027-01-13T15:00:00Z", "2036-12-14T15:00:00Z")
    ]
    assert bought[0]["late_days"] == str((date(2036, 12, 14) - date(2027, 1, 13)).days)
    plan = api.post("/api/v1/plans", json={"horizon_days": 60}, headers=LEAD)
    assert plan.status_code == 201
    met = next(f for f in plan.json()["fulfilment"] if f["demand_id"] == "CO-9/1")
    assert (met["on_time_qty"], met["short_qty"]) == ("0", "5")


def test_a_stored_lead_time_out_of_range_is_a_409_naming_member_and_item(api):
    assert import_item(api, "10").json()["stored"] == 1
    with api.store.write() as tx:
        tx.conn.execute(update(schema.items).where(schema.items.c.code == "BAD-2").values(lead_time_days=10**13))
    expected = (
        "stored Item (member SEOHAN, code BAD-2) holds a value out of range: "
        "lead_time_days must be at most 3650 days, got 10000000000000; correct it"
    )
    for path, body in (("/api/v1/plans/mrp", {"buckets": 13}), ("/api/v1/plans", {"horizon_days": 60})):
        answer = api.post(path, json=body, headers=LEAD)
        assert (answer.status_code, answer.json()["detail"]) == (409, expected)
    assert import_item(api, "12").json()["stored"] == 1  # the member corrects it by importing the item again
    assert api.post("/api/v1/plans/mrp", json={"buckets": 13}, headers=LEAD).status_code == 201


def test_a_stored_routing_step_out_of_range_is_a_409_naming_it(api):
    with api.store.read() as tx:
        step = tx.routings.of("SEOHAN")[0]
    with api.store.write() as tx:
        routing = schema.routing_steps.c
        where = (routing.member == "SEOHAN", routing.item == step.item, routing.step_no == step.step_no)
        tx.conn.execute(update(schema.routing_steps).where(*where).values(run_min_per_unit=6_000_000))
    answer = api.post("/api/v1/plans", json={"horizon_days": 60}, headers=LEAD)
    assert (answer.status_code, answer.json()["detail"]) == (
        409,
        f"stored RoutingStep (member SEOHAN, item {step.item}, step_no {step.step_no}) holds a value out of range: "
        "run_min_per_unit must be at most 5256000 minutes, got 6000000; correct it",
    )


def test_an_import_of_a_resource_with_more_than_1000_units_names_the_row_and_column(api):
    data = b"code,name,parallel_units\nPRESS-9,Press,5000\n"
    answer = api.post("/api/v1/imports/resources", files={"file": ("r.csv", data, "text/csv")}, headers=SEOHAN)
    assert answer.status_code == 422
    assert [(e["row"], e["column"], e["reason"]) for e in answer.json()["errors"]] == [
        (1, "parallel_units", "parallel_units must be in 1..1000, got 5000")
    ]
