"""Alarms over HTTP: list, one, ack, clear, order risk, webhooks; visibility and problems."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from alarm_cluster import seed_chain
from onefactory.api import create_app
from onefactory.config import Settings
from onefactory.model import Severity
from onefactory.monitor.alarms import Condition
from onefactory.runtime import Runtime
from onefactory.services import alarms

from support import NOW, auth


@pytest.fixture
def api(store) -> Iterator[tuple[TestClient, str]]:
    seed_chain(store)
    c = Condition("SUP-KR1", "M-1", "temp", "temp-high", Severity.MAJOR, 150.0, NOW, "temp > 100")
    alarm_id = alarms.record_changes(store, [c], NOW)[0].alarm.id
    alarms.escalate_due(store, NOW + timedelta(minutes=1))
    runtime = Runtime(Settings(store_url="sqlite://"), store, clock=lambda: NOW + timedelta(minutes=2))
    with TestClient(create_app(runtime)) as client:
        yield client, alarm_id


def test_owner_lists_acknowledges_and_clears(api):
    client, alarm_id = api
    rows = client.get("/api/v1/alarms", headers=auth("SUP-KR1")).json()
    assert [(r["id"], r["status"], r["orders_at_risk"]) for r in rows] == [(alarm_id, "raised", 2)]
    assert [(e["step"], e["member"], e["role"]) for e in rows[0]["escalations"]] == [(0, "SUP-KR1", "operator")]
    resp = client.post(f"/api/v1/alarms/{alarm_id}/acknowledge", headers=auth("SUP-KR1"))
    assert (resp.status_code, resp.json()["status"], resp.json()["acknowledged_by"]) == (
        200,
        "acknowledged",
        "sup-kr1-admin",
    )
    listed = client.get("/api/v1/alarms", headers=auth("SUP-KR1")).json()[0]
    assert (resp.json()["escalations"], resp.json()["orders_at_risk"]) == (listed["escalations"], 2)
    again = client.post(f"/api/v1/alarms/{alarm_id}/acknowledge", headers=auth("SUP-KR1"))
    assert again.status_code == 409 and again.headers["content-type"].startswith("application/problem+json")
    assert client.post(f"/api/v1/alarms/{alarm_id}/clear", headers=auth("SUP-KR1")).json()["status"] == "cleared"
    detail = client.get(f"/api/v1/alarms/{alarm_id}", headers=auth("SUP-KR1")).json()
    assert [e["kind"] for e in detail["events"]] == ["raised", "orders-at-risk", "escalated", "acknowledged", "cleared"]
    assert [(r["order_id"], r["cleared_at"] is not None) for r in detail["risks"]] == [("PO-2", True), ("PO-1", True)]
    assert client.get("/api/v1/alarms?status=raised", headers=auth("SUP-KR1")).json() == []


def test_customer_sees_it_through_its_order_but_may_not_act(api):
    client, alarm_id = api
    assert [r["id"] for r in client.get("/api/v1/alarms", headers=auth("LEAD")).json()] == [alarm_id]
    risk = client.get("/api/v1/orders/PO-1/alarms", headers=auth("LEAD")).json()
    assert [(x["risk"]["order_id"], x["risk"]["depth"], x["alarm"]["id"]) for x in risk] == [("PO-1", 1, alarm_id)]
    assert client.post(f"/api/v1/alarms/{alarm_id}/acknowledge", headers=auth("LEAD")).status_code == 403
    assert client.get(f"/api/v1/alarms/{alarm_id}", headers=auth("SUP-B")).status_code == 404
    assert client.get("/api/v1/alarms", headers=auth("SUP-B")).json() == []
    assert client.get("/api/v1/orders/PO-1/alarms", headers=auth("SUP-B")).status_code == 404
    notes = client.get("/api/v1/notifications", headers=auth("LEAD")).json()
    notice = next(n for n in notes if n["kind"] == "disruption")
    assert (
        client.post(f"/api/v1/notifications/{notice['id']}/acknowledge", headers=auth("LEAD")).json()["status"]
        == "acknowledged"
    )
    assert client.post(f"/api/v1/notifications/{notice['id']}/close", headers=auth("LEAD")).json()["status"] == "closed"


def test_the_orders_alarm_view_and_the_alarm_list_agree(api):
    client, alarm_id = api
    listed = client.get("/api/v1/alarms", headers=auth("LEAD")).json()
    embedded = [x["alarm"] for x in client.get("/api/v1/orders/PO-1/alarms", headers=auth("LEAD")).json()]
    assert embedded == listed
    assert [(a["id"], a["orders_at_risk"]) for a in embedded] == [(alarm_id, 2)]
    assert [(e["step"], e["member"]) for e in embedded[0]["escalations"]] == [(0, "SUP-KR1")]


def test_webhook_crud_is_per_member_and_bad_input_names_the_field(api):
    client, _ = api
    made = client.post(
        "/api/v1/webhooks",
        headers=auth("SUP-A"),
        json={"url": "https://hooks.example/a", "events": ["disruption.notice"]},
    )
    assert made.status_code == 201
    sub = made.json()
    assert [s["id"] for s in client.get("/api/v1/webhooks", headers=auth("SUP-A")).json()] == [sub["id"]]
    assert client.get("/api/v1/webhooks", headers=auth("LEAD")).json() == []
    assert (
        client.patch(f"/api/v1/webhooks/{sub['id']}", headers=auth("LEAD"), json={"active": False}).status_code == 404
    )
    assert (
        client.patch(f"/api/v1/webhooks/{sub['id']}", headers=auth("SUP-A"), json={"active": False}).json()["active"]
        is False
    )
    assert client.delete(f"/api/v1/webhooks/{sub['id']}", headers=auth("SUP-A")).status_code == 204
    bad = client.post("/api/v1/webhooks", headers=auth("SUP-A"), json={"url": "file:///etc/passwd"})
    assert bad.status_code == 422 and "url" in bad.text
    assert client.get("/api/v1/webhook-deliveries", headers=auth("SUP-A")).json() == []
