"""What a plan, a CTP answer and an MRP run tell members other than the lead firm, and what they log."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from support import bearer, demo_api

NOW = datetime(2026, 12, 3, 0, 30, tzinfo=UTC)
FOREIGN = "another member's order"


@pytest.fixture
def api():
    with demo_api(NOW) as c:
        yield c


def log_of(api: TestClient, token: str) -> dict:
    return api.get("/api/v1/access-log", headers=bearer(token)).json()


def fields(entry: dict) -> tuple[str, str, str, str]:
    return entry["reader_member"], entry["reader_user"], entry["resource"], entry["basis"]


def test_running_a_plan_and_a_ctp_answer_log_one_read_each_for_every_other_member(api):
    before = log_of(api, "demo-GAON-admin")["total"]
    plan = api.post("/api/v1/plans", json={"horizon_days": 60}, headers=bearer("demo-LEAD-planner")).json()
    body = {"member": "LEAD", "item": "FG-0002", "qty": "10", "by": "2027-01-30"}
    assert api.post("/api/v1/ctp", json=body, headers=bearer("demo-LEAD-planner")).status_code == 200
    log = log_of(api, "demo-GAON-admin")
    assert log["total"] == before + 2
    assert [fields(e) for e in log["items"][:2]] == [
        ("LEAD", "lead.planner", "ctp 10 FG-0002 at LEAD", "cluster-plan"),
        ("LEAD", "lead.planner", f"plan {plan['id']}", "cluster-plan"),
    ]
    seohan = log_of(api, "demo-SEOHAN-admin")["items"][:2]
    assert [e["resource"] for e in seohan] == ["ctp 10 FG-0002 at LEAD", f"plan {plan['id']}"]
    assert all(e["reader_member"] != "LEAD" for e in log_of(api, "demo-LEAD-admin")["items"])


def test_a_supplier_reading_a_plan_sees_only_ids_of_orders_it_is_party_to_and_no_cluster_cost(api):
    plan = api.post("/api/v1/plans", json={"horizon_days": 60}, headers=bearer("demo-LEAD-planner")).json()
    assert plan["cost"] > 0 and len(plan["demands"]) == 23
    mine = api.get(f"/api/v1/plans/{plan['id']}", headers=bearer("demo-GAON-admin")).json()
    assert mine["cost"] is None  # not shown, rather than a false 0
    assert mine["demands"] == ["PO-SEOHAN-0001/1"]
    assert [f["demand_id"] for f in mine["fulfilment"]] == ["PO-SEOHAN-0001/1"]
    assert {d for o in mine["orders"] for d in o["pegged_to"]} == {FOREIGN}
    assert {a["demand_id"] for a in mine["allocations"]} == {"PO-SEOHAN-0001/1", FOREIGN}
    assert "CO-LEAD-" not in str(mine)
    web = TestClient(api.app)  # GAON's dashboard session
    assert web.post("/login", data={"token": "demo-GAON-admin", "next": "/orders"}).status_code in (200, 303)
    page = web.get(f"/plans/{plan['id']}?lang=en")
    assert page.status_code == 200 and "<strong>—</strong>" in page.text


def test_a_supplier_reading_mrp_sees_pegging_only_to_orders_it_is_party_to(api):
    assert api.post("/api/v1/plans/mrp", json={}, headers=bearer("demo-LEAD-planner")).status_code == 201
    run = api.get("/api/v1/plans/mrp", headers=bearer("demo-GAON-admin")).json()
    pegging = api.get(f"/api/v1/plans/mrp/{run['id']}/pegging", headers=bearer("demo-GAON-admin")).json()
    assert sorted(pegging) == ["PO-SEOHAN-0001/1", FOREIGN]
    assert {d for o in run["orders_by_member"]["GAON"] for d in o["pegged_to"]} == {FOREIGN}
    assert "CO-LEAD-" not in str(run) + str(pegging)
