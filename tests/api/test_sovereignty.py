"""Data sovereignty over every API route: a supplier never reads another supplier's data."""

import re

import pytest
from fastapi.routing import APIRoute

from support import auth, seed_items

ORDER = {
    "id": "PO-A1",
    "seller": "SUP-A",
    "lines": [{"line_no": 1, "item": "P-1", "qty": 10, "due_date": "2026-07-01"}],
}


@pytest.fixture
def with_order(client):
    assert client.post("/api/v1/orders", json=ORDER, headers=auth("LEAD")).status_code == 201
    return client


def _fill(path: str) -> str:
    values = {
        "member": "SUP-A",
        "order_id": "PO-A1",
        "resource": "M-1",
        "line_no": "1",
        "action": "confirm",
        "grant_id": "g-unknown",
        "kind": "items",
    }
    return re.sub(r"{(\w+)}", lambda m: values.get(m.group(1), "x"), path)


def _routes(app):
    return [r for r in app.routes if isinstance(r, APIRoute) and r.path.startswith("/api/v1")]


def test_every_route_refuses_a_stranger_supplier(with_order):
    """SUP-B is no party to PO-A1 and has no grant from SUP-A: nothing of SUP-A may come back."""
    leaks = []
    for route in _routes(with_order.app):
        for method in route.methods - {"HEAD", "OPTIONS"}:
            path = _fill(route.path)
            resp = with_order.request(method, path, headers=auth("SUP-B"), json={})
            if resp.status_code < 400 and ("SUP-A" in resp.text or "PO-A1" in resp.text):
                if path not in ("/api/v1/members", "/api/v1/cluster"):  # the directory is cluster-public
                    leaks.append((method, path, resp.status_code, resp.text[:120]))
    assert leaks == []


def test_every_route_needs_a_token(with_order):
    for route in _routes(with_order.app):
        for method in route.methods - {"HEAD", "OPTIONS"}:
            resp = with_order.request(method, _fill(route.path), json={})
            assert resp.status_code in (401, 422), (method, route.path, resp.status_code)
            if resp.status_code == 401:
                assert resp.headers["content-type"] == "application/problem+json"


def test_grant_opens_one_scope_to_one_partner_and_reads_are_logged(client):
    assert client.get("/api/v1/members/SUP-A/stock", headers=auth("SUP-B")).status_code == 403
    g = client.post("/api/v1/grants", json={"grantee": "SUP-B", "scope": "inventory"}, headers=auth("SUP-A")).json()
    assert client.get("/api/v1/members/SUP-A/stock", headers=auth("SUP-B")).status_code == 200
    assert client.get("/api/v1/members/SUP-A/stock", headers=auth("SUP-KR1")).status_code == 403
    assert client.get("/api/v1/members/SUP-A/signals", headers=auth("SUP-B")).status_code == 403
    log = client.get("/api/v1/access-log", headers=auth("SUP-A")).json()
    assert log["total"] == 1
    assert log["items"][0] | {"at": None} == {
        "reader_member": "SUP-B",
        "reader_user": "sup-b-admin",
        "resource": "stock",
        "basis": f"grant:{g['id']}",
        "at": None,
    }
    assert client.delete(f"/api/v1/grants/{g['id']}", headers=auth("SUP-A")).status_code == 200
    assert client.get("/api/v1/members/SUP-A/stock", headers=auth("SUP-B")).status_code == 403


def _grants(client, member):
    return [
        (g["id"], g["owner"], g["grantee"], g["direction"])
        for g in client.get("/api/v1/grants", headers=auth(member)).json()
    ]


def test_a_grantee_sees_the_grants_it_received_read_only_and_a_third_member_sees_none(client):
    to_b = client.post("/api/v1/grants", json={"grantee": "SUP-B", "scope": "inventory"}, headers=auth("SUP-A")).json()
    to_a = client.post("/api/v1/grants", json={"grantee": "SUP-A", "scope": "capacity"}, headers=auth("SUP-B")).json()
    assert _grants(client, "SUP-B") == [
        (to_a["id"], "SUP-B", "SUP-A", "given"),
        (to_b["id"], "SUP-A", "SUP-B", "received"),
    ]
    assert _grants(client, "SUP-A") == [
        (to_b["id"], "SUP-A", "SUP-B", "given"),
        (to_a["id"], "SUP-B", "SUP-A", "received"),
    ]
    assert _grants(client, "SUP-KR1") == []
    refused = client.delete(f"/api/v1/grants/{to_b['id']}", headers=auth("SUP-B"))
    assert (refused.status_code, refused.json()["detail"]) == (404, f"no active grant {to_b['id']!r} of SUP-B")
    assert client.delete(f"/api/v1/grants/{to_b['id']}", headers=auth("SUP-A")).status_code == 200
    received = client.get("/api/v1/grants", headers=auth("SUP-B")).json()[1]
    assert (received["direction"], received["revoked_at"]) == ("received", "2026-06-01T09:00:00Z")


def test_a_cluster_wide_grant_is_received_by_every_other_member(client):
    g = client.post("/api/v1/grants", json={"grantee": "*", "scope": "inventory"}, headers=auth("SUP-A")).json()
    for member in ("LEAD", "SUP-B", "SUP-KR1", "SUP-EU1"):
        assert _grants(client, member) == [(g["id"], "SUP-A", "*", "received")]
    assert _grants(client, "SUP-A") == [(g["id"], "SUP-A", "*", "given")]


def test_cluster_wide_grant_and_own_reads_are_not_logged(client):
    client.post("/api/v1/grants", json={"grantee": "*", "scope": "inventory"}, headers=auth("SUP-A"))
    assert client.get("/api/v1/members/SUP-A/stock", headers=auth("SUP-KR1")).status_code == 200
    assert client.get("/api/v1/members/SUP-A/stock", headers=auth("SUP-A")).status_code == 200
    assert client.get("/api/v1/access-log", headers=auth("SUP-A")).json()["total"] == 1


def test_only_member_admins_grant_and_viewers_cannot_write(client):
    viewer = {"Authorization": "Bearer tok-LEAD-viewer"}
    assert (
        client.post("/api/v1/grants", json={"grantee": "SUP-A", "scope": "inventory"}, headers=viewer).status_code
        == 403
    )
    assert client.post("/api/v1/orders", json=ORDER, headers=viewer).status_code == 403


def test_cluster_operator_reads_are_logged_for_both_parties(client):
    """The operator (a user of LEAD) reads an order between two suppliers: both owners see it."""
    order = {**ORDER, "id": "PO-AB", "seller": "SUP-B"}
    seed_items(client.app.state.runtime.store, "SUP-A", "P-1")
    assert client.post("/api/v1/orders", json=order, headers=auth("SUP-A")).status_code == 201
    op = {"Authorization": "Bearer tok-operator"}
    assert client.get("/api/v1/orders/PO-AB", headers=op).status_code == 200
    assert client.get("/api/v1/orders/PO-AB", headers=auth("LEAD")).status_code == 404
    for member in ("SUP-A", "SUP-B"):
        entries = client.get("/api/v1/access-log", headers=auth(member)).json()["items"]
        assert [(e["reader_user"], e["basis"]) for e in entries] == [("operator", "cluster-operator")]


def test_dashboard_cookie_reads_but_never_writes_through_the_api(client):
    client.cookies.set("onefactory_token", "tok-LEAD")
    assert client.get("/api/v1/me").json()["member"] == "LEAD"
    assert client.post("/api/v1/orders", json=ORDER).status_code == 401
    client.cookies.clear()
