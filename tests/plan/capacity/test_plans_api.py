"""Plans of the demo cluster through the API and the dashboard: run, read, visibility, compare, CTP."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from onefactory.services import planning

from support import bearer, demo_api

NOW = datetime(2026, 12, 3, 0, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def api():
    with demo_api(NOW) as c:
        yield c


@pytest.fixture(scope="module")
def two_plans(api):
    first = api.post("/api/v1/plans", json={"horizon_days": 60}, headers=bearer("demo-LEAD-planner"))
    assert first.status_code == 201, first.text
    second = api.post(
        "/api/v1/plans",
        json={"horizon_days": 60, "bucket_hours": 12, "note": "half days"},
        headers=bearer("demo-operator"),
    )
    assert second.status_code == 201, second.text
    return first.json(), second.json()


def test_demo_plan_respects_every_capacity_and_pegs_to_customer_orders(two_plans):
    plan, _ = two_plans
    assert plan["status"] == "optimal"
    assert plan["loads"] and all(x["load_min"] <= x["available_min"] + 1e-6 for x in plan["loads"])
    customer = [f for f in plan["fulfilment"] if f["demand_id"].startswith("CO-LEAD-")]
    assert len(customer) == 12
    pegged = {d for o in plan["orders"] for d in o["pegged_to"]}
    assert {f["demand_id"] for f in customer if Decimal(f["on_time_qty"]) + Decimal(f["late_qty"]) > 0} <= pegged
    lead_made = [o for o in plan["orders"] if o["member"] == "LEAD" and o["kind"] == "make"]
    assert lead_made and all(o["resource"].startswith("ASSY-") for o in lead_made)
    members = {o["member"] for o in plan["orders"]}
    assert {"LEAD", "SEOHAN", "GAON"} <= members  # a tier-2 supplier planned from its capacity buckets
    for f in plan["fulfilment"]:
        assert Decimal(f["on_time_qty"]) + Decimal(f["late_qty"]) + Decimal(f["short_qty"]) == Decimal(f["qty"])
    if any(Decimal(f["late_qty"]) > 0 for f in plan["fulfilment"]):
        assert plan["binding"], "a late plan names what binds"


def test_a_supplier_sees_only_its_own_part_and_the_lead_read_is_logged(api, two_plans):
    plan, _ = two_plans
    mine = api.get(f"/api/v1/plans/{plan['id']}", headers=bearer("demo-GAON-admin")).json()
    assert mine["orders"] and {o["member"] for o in mine["orders"]} == {"GAON"}
    assert {x["member"] for x in mine["loads"]} <= {"GAON"}
    assert all("GAON" in (f["member"], f["customer"]) for f in mine["fulfilment"])
    whole = api.get(f"/api/v1/plans/{plan['id']}", headers=bearer("demo-LEAD-viewer")).json()
    assert len(whole["orders"]) == len(plan["orders"])
    log = api.get("/api/v1/access-log", headers=bearer("demo-GAON-admin")).json()["items"]
    assert any(e["reader_member"] == "LEAD" and e["resource"] == f"plan {plan['id']}" for e in log)


def test_only_the_lead_planner_or_operator_may_run_a_plan(api):
    assert api.post("/api/v1/plans", json={}, headers=bearer("demo-SEOHAN-admin")).status_code == 403
    assert api.post("/api/v1/plans", json={}, headers=bearer("demo-LEAD-viewer")).status_code == 403
    bad = api.post("/api/v1/plans", json={"bucket_hours": 5}, headers=bearer("demo-LEAD-planner"))
    assert bad.status_code == 422 and bad.json()["field"] == "bucket_hours"


def test_two_plans_compare_side_by_side(api, two_plans):
    first, second = two_plans
    got = api.get(f"/api/v1/plans/{first['id']}/compare/{second['id']}", headers=bearer("demo-LEAD-admin")).json()
    assert got["first"]["id"] == first["id"] and got["second"]["id"] == second["id"]
    assert got["first"]["orders"] == len(first["orders"])
    assert got["first"]["utilisation"] and all(0 <= u <= 1 + 1e-6 for u in got["first"]["utilisation"].values())
    assert got["differences"], "12-hour buckets start orders on other days than 24-hour ones"
    row = got["differences"][0]
    assert Decimal(row["change"]) == Decimal(row["second"]) - Decimal(row["first"])
    listed = [p["id"] for p in api.get("/api/v1/plans", headers=bearer("demo-GAON-admin")).json()]
    assert first["id"] in listed and second["id"] in listed


def test_capable_to_promise_answers_with_the_earliest_date_and_what_binds(api, two_plans):
    small = api.post(
        "/api/v1/ctp",
        json={"member": "LEAD", "item": "FG-0002", "qty": "10", "by": "2027-01-30"},
        headers=bearer("demo-LEAD-planner"),
    ).json()
    assert small["feasible"] is True and small["earliest"] <= "2027-01-30"
    huge = api.post(
        "/api/v1/ctp",
        json={"member": "LEAD", "item": "FG-0003", "qty": "500000", "by": "2026-12-10"},
        headers=bearer("demo-LEAD-planner"),
    ).json()
    assert huge["feasible"] is False
    assert huge["binding"] and {b["kind"] for b in huge["binding"]} & {"resource", "lead_time", "material"}
    assert huge["based_on_plan"] is not None
    other = api.post(
        "/api/v1/ctp",
        json={"member": "LEAD", "item": "FG-0002", "qty": "1", "by": "2027-01-30"},
        headers=bearer("demo-GAON-admin"),
    )
    assert other.status_code == 403


def test_ctp_on_the_demo_is_cheaper_than_planning_the_whole_cluster(api, two_plans):
    """Timed as a ratio against a full plan in the same process (the machine is shared, so no wall-clock limit)."""
    snap = planning.snapshot(api.store, NOW)
    base = planning.latest(api.store)
    started = time.perf_counter()
    planning.solve(planning.build(snap, horizon_days=60))
    full = time.perf_counter() - started
    started = time.perf_counter()
    answer = planning.promise(snap, "LEAD", "FG-0005", Decimal(2000), datetime(2026, 12, 20, tzinfo=UTC), base=base)
    ctp = time.perf_counter() - started
    assert answer.earliest is not None
    assert ctp < full, (ctp, full)


def test_dashboard_pages_show_gantt_pegging_compare_and_ctp(api, two_plans):
    first, second = two_plans
    api.cookies.set("onefactory_token", "demo-LEAD-planner")
    page = api.get(f"/plans/{first['id']}?lang=en")
    assert page.status_code == 200
    assert '<svg class="gantt"' in page.text and "ASSY-" in page.text
    assert "CO-LEAD-101/1" in page.text
    assert api.get("/plans?lang=ko").text.count("/plans/P-") >= 2
    assert "계획 비교" in api.get(f"/plans/{first['id']}/compare/{second['id']}?lang=ko").text
    form = api.get("/ctp?lang=en").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    answer = api.post("/ctp", data={"member": "LEAD", "item": "FG-0002", "qty": "10", "by": "2027-01-30", "csrf": csrf})
    assert answer.status_code == 200 and "Earliest delivery" in answer.text
    wrong = api.post("/ctp", data={"member": "LEAD", "item": "NOPE", "qty": "1,5x", "by": "2027-01-30", "csrf": csrf})
    assert wrong.status_code == 422 and 'id="ctp-problem"' in wrong.text  # the form stays, with the reason
    assert "quantity must be a number, got &#39;1,5x&#39;" in wrong.text and 'value="NOPE"' in wrong.text
    api.cookies.clear()


def test_ctp_refuses_an_item_the_member_does_not_have(api):
    resp = api.post(
        "/api/v1/ctp",
        json={"member": "LEAD", "item": "NOPE", "qty": "5", "by": "2026-12-20"},
        headers=bearer("demo-LEAD-planner"),
    )
    assert resp.status_code == 404 and "LEAD has no item 'NOPE'" in resp.json()["detail"]


def test_ctp_for_a_date_that_has_passed_is_not_feasible_and_says_why(api):
    resp = api.post(
        "/api/v1/ctp",
        json={"member": "LEAD", "item": "FG-0002", "qty": "5", "by": "2020-01-01"},
        headers=bearer("demo-LEAD-planner"),
    )
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["feasible"] is False
    assert [b["detail"] for b in body["binding"]] == ["requested date 2019-12-31 15:00:00+00:00 has passed"]
    assert body["earliest"] is None or body["earliest"] >= NOW.isoformat()


def test_a_plan_of_unknown_orders_is_refused_naming_them(api):
    resp = api.post("/api/v1/plans", json={"orders": ["NOPE", "CO-LEAD-104"]}, headers=bearer("demo-LEAD-planner"))
    assert resp.status_code == 404 and "NOPE" in resp.json()["detail"] and "CO-LEAD-104" not in resp.json()["detail"]


def test_a_plan_with_too_many_buckets_is_refused_before_it_runs(api):
    resp = api.post("/api/v1/plans", json={"horizon_days": 731, "bucket_hours": 1}, headers=bearer("demo-LEAD-planner"))
    assert resp.status_code == 422
    assert "17544 buckets; at most 750" in resp.json()["detail"]


@pytest.mark.parametrize("zone", ["Mars/Olympus", "../etc"])
def test_mrp_with_an_unknown_time_zone_is_refused_naming_it(api, zone):
    resp = api.post("/api/v1/plans/mrp", json={"timezone": zone}, headers=bearer("demo-LEAD-planner"))
    assert resp.status_code == 422 and resp.headers["content-type"] == "application/problem+json"
    assert repr(zone) in resp.json()["detail"]
