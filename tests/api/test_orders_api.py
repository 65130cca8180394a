"""The order API: one shared document, lifecycle over HTTP, concurrency and idempotency."""

from support import auth

PO = {
    "id": "PO-7",
    "seller": "SUP-A",
    "lines": [
        {"line_no": 1, "item": "P-1", "qty": "100", "due_date": "2026-07-01"},
        {"line_no": 2, "item": "P-1", "qty": "40", "due_date": "2026-07-01", "lot": "000123"},
    ],
}


def issue(client, body=PO, key=None):
    headers = {**auth("LEAD"), **({"Idempotency-Key": key} if key else {})}
    return client.post("/api/v1/orders", json=body, headers=headers)


def act(client, member, line, action, body=None, version=None):
    headers = {**auth(member), **({"If-Match": f'"{version}"'} if version else {})}
    return client.post(f"/api/v1/orders/PO-7/lines/{line}/{action}", json=body or {}, headers=headers)


def test_the_buyers_po_is_the_sellers_so(client):
    assert issue(client).status_code == 201
    as_buyer = client.get("/api/v1/orders/PO-7", headers=auth("LEAD")).json()
    as_seller = client.get("/api/v1/orders/PO-7", headers=auth("SUP-A")).json()
    assert as_buyer == as_seller
    assert as_buyer["lines"][1]["attributes"] == {"lot": "000123"}
    assert [o["id"] for o in client.get("/api/v1/orders", headers=auth("SUP-A")).json()["items"]] == ["PO-7"]


def test_full_lifecycle_over_http_with_history(client):
    issue(client)
    assert act(client, "SUP-A", 1, "confirm", {"qty": "80"}).json()["lines"][0]["status"] == "partially_confirmed"
    assert act(client, "LEAD", 1, "request_change", {"qty": "90", "reason": "more"}).status_code == 200
    assert act(client, "SUP-A", 1, "accept_change").json()["lines"][0]["qty"] == "90"
    assert act(client, "SUP-A", 1, "start_production").status_code == 200
    asn = {"number": "ASN-7", "buyer": "LEAD", "lines": [{"order_id": "PO-7", "line_no": 1, "qty": "50"}]}
    assert client.post("/api/v1/shipments", json=asn, headers=auth("SUP-A")).status_code == 201
    gr = {"number": "GR-7", "lines": [{"order_id": "PO-7", "line_no": 1, "qty": "50", "shipment": "ASN-7"}]}
    assert client.post("/api/v1/receipts", json=gr, headers=auth("LEAD")).json()["flags"] == []
    assert act(client, "LEAD", 1, "close", {"reason": "short delivery accepted"}).status_code == 200
    detail = client.get("/api/v1/orders/PO-7", headers=auth("SUP-A")).json()
    kinds = [(e["kind"], e["actor_member"]) for e in detail["events"]]
    assert kinds == [
        ("issued", "LEAD"),
        ("partially_confirmed", "SUP-A"),
        ("change_requested", "LEAD"),
        ("accepted", "SUP-A"),
        ("in_production", "SUP-A"),
        ("shipped", "SUP-A"),
        ("received", "LEAD"),
        ("closed", "LEAD"),
    ]
    assert detail["events"][-1]["data"] == {"shortfall": "40"}
    assert detail["lines"][0]["status"] == "closed"


def test_invalid_transition_is_a_409_problem_naming_the_state(client):
    issue(client)
    resp = act(client, "LEAD", 1, "start_production")
    assert resp.status_code == 409
    assert resp.headers["content-type"] == "application/problem+json"
    assert "only the seller may start production" in resp.json()["detail"]


def test_stale_if_match_is_refused_and_changes_nothing(client):
    issue(client)
    assert act(client, "SUP-A", 1, "confirm", version=1).status_code == 200
    resp = act(client, "SUP-A", 2, "confirm", version=1)
    assert resp.status_code == 412
    assert resp.json()["type"].endswith("/precondition-failed")
    assert resp.json()["detail"] == "order PO-7 is at version 2, not 1; reload and retry"
    assert client.get("/api/v1/orders/PO-7", headers=auth("LEAD")).json()["lines"][1]["status"] == "proposed"


def test_current_if_match_passes_and_the_openapi_names_412_and_409(client):
    issue(client)
    assert act(client, "SUP-A", 1, "confirm", version=1).headers["ETag"] == '"2"'
    assert act(client, "SUP-A", 2, "confirm", version=2).status_code == 200
    responses = client.get("/openapi.json").json()["paths"]["/api/v1/orders/{order_id}/lines/{line_no}/{action}"]
    assert {"409", "412"} <= set(responses["post"]["responses"])


def test_same_idempotency_key_changes_nothing(client):
    assert issue(client, key="k-1").status_code == 201
    assert issue(client, key="k-1").status_code == 201
    headers = {**auth("SUP-A"), "Idempotency-Key": "c-1"}
    for _ in range(2):
        client.post("/api/v1/orders/PO-7/lines/1/confirm", json={}, headers=headers)
    detail = client.get("/api/v1/orders/PO-7", headers=auth("LEAD")).json()
    assert detail["version"] == 2
    assert [e["kind"] for e in detail["events"]] == ["issued", "confirmed"]


def test_same_key_and_same_body_returns_the_first_order_once(client):
    first = issue(client, key="po-7")
    again = issue(client, key="po-7")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert client.get("/api/v1/orders", headers=auth("LEAD")).json()["total"] == 1
    assert len(client.get("/api/v1/orders/PO-7", headers=auth("LEAD")).json()["events"]) == 1


def test_same_key_with_a_different_body_is_a_422_naming_the_key(client):
    """The user trial: PO-2099 under PO-2001's key used to answer 201 with PO-2001."""
    assert issue(client, {**PO, "id": "PO-2001"}, key="po-2001").status_code == 201
    resp = issue(client, {**PO, "id": "PO-2099"}, key="po-2001")
    assert resp.status_code == 422
    assert resp.headers["content-type"] == "application/problem+json"
    problem = resp.json()
    assert problem["type"].endswith("/idempotency-key-reused")
    assert problem["idempotency_key"] == "po-2001" and problem["field"] == "Idempotency-Key"
    assert "'po-2001' was already used for a different request" in problem["detail"]
    assert client.get("/api/v1/orders/PO-2099", headers=auth("LEAD")).status_code == 404
    listed = client.get("/api/v1/orders", headers=auth("LEAD")).json()
    assert [o["id"] for o in listed["items"]] == ["PO-2001"]


def test_different_keys_create_two_orders(client):
    assert issue(client, {**PO, "id": "PO-2001"}, key="po-2001").status_code == 201
    assert issue(client, {**PO, "id": "PO-2099"}, key="po-2099").status_code == 201
    listed = client.get("/api/v1/orders", headers=auth("LEAD")).json()
    assert sorted(o["id"] for o in listed["items"]) == ["PO-2001", "PO-2099"]


def test_reused_key_on_line_actions_and_shipments_is_refused(client):
    issue(client)
    headers = {**auth("SUP-A"), "Idempotency-Key": "sup-1"}
    assert client.post("/api/v1/orders/PO-7/lines/1/confirm", json={"qty": "80"}, headers=headers).status_code == 200
    assert client.post("/api/v1/orders/PO-7/lines/1/confirm", json={"qty": "80"}, headers=headers).status_code == 200
    assert client.post("/api/v1/orders/PO-7/lines/2/confirm", json={}, headers=headers).status_code == 422
    asn = {"number": "ASN-7", "buyer": "LEAD", "lines": [{"order_id": "PO-7", "line_no": 1, "qty": "50"}]}
    resp = client.post("/api/v1/shipments", json=asn, headers=headers)
    assert resp.status_code == 422 and resp.json()["idempotency_key"] == "sup-1"
    detail = client.get("/api/v1/orders/PO-7", headers=auth("LEAD")).json()
    assert [e["kind"] for e in detail["events"]] == ["issued", "partially_confirmed"]
    assert detail["shipments"] == [] and detail["lines"][1]["status"] == "proposed"


def test_duplicate_order_id_without_key_is_a_conflict(client):
    issue(client)
    assert issue(client).status_code == 409


def test_bad_order_bodies_name_the_field(client):
    bad_qty = {**PO, "lines": [{**PO["lines"][0], "qty": "-5"}]}
    resp = issue(client, bad_qty)
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["field"] == "body.lines.0.qty"
    to_self = {**PO, "seller": "LEAD"}
    assert "buyer and seller must differ" in issue(client, to_self).json()["detail"]
    unknown = {**PO, "seller": "NOBODY"}
    assert issue(client, unknown).status_code == 404
    number_serial = {**PO, "lines": [{**PO["lines"][0], "serial": 840380235174088834}]}
    errors = issue(client, number_serial).json()["errors"]
    assert [(e["field"], e["value"]) for e in errors] == [("body.lines.0.serial", "840380235174088834")]


def test_over_delivery_is_refused_over_http(client):
    issue(client)
    act(client, "SUP-A", 2, "confirm")
    asn = {"number": "ASN-X", "buyer": "LEAD", "lines": [{"order_id": "PO-7", "line_no": 2, "qty": "41"}]}
    resp = client.post("/api/v1/shipments", json=asn, headers=auth("SUP-A"))
    assert resp.status_code == 422
    assert "over-delivery on order PO-7 line 2" in resp.json()["detail"]
    assert client.get("/api/v1/orders/PO-7", headers=auth("LEAD")).json()["lines"][1]["shipped_qty"] == "0"


def test_health_and_openapi(client):
    assert client.get("/api/health").json()["status"] == "ok"
    spec = client.get("/openapi.json").json()
    assert "/api/v1/orders/{order_id}/lines/{line_no}/{action}" in spec["paths"]


def test_health_says_degraded_and_names_a_part_that_stopped(client):
    runtime = client.app.state.runtime
    runtime.parts.update({"mqtt-ingest": lambda: False, "opcua": lambda: True})
    body = client.get("/api/health").json()
    assert (body["status"], body["stopped"]) == ("degraded", ["mqtt-ingest"])


def test_a_fractional_quantity_of_a_whole_unit_item_is_refused_naming_the_line(client):
    from onefactory.model import Item

    with client.app.state.runtime.store.write() as tx:
        tx.items.put_many([Item(m, "P-EA", "Bracket", "EA", whole_units=True) for m in ("LEAD", "SUP-A")])
    order = {"id": "PO-W1", "seller": "SUP-A", "lines": [
        {"line_no": 1, "item": "P-EA", "qty": "3", "due_date": "2026-07-01"},
        {"line_no": 2, "item": "P-EA", "qty": "0.1", "due_date": "2026-07-01"},
    ]}  # fmt: skip
    resp = client.post("/api/v1/orders", json=order, headers=auth("LEAD"))
    assert resp.status_code == 422
    assert "line 2: P-EA is counted in whole EA; qty 0.1 is not a whole number" in resp.json()["detail"]
    assert client.get("/api/v1/orders/PO-W1", headers=auth("LEAD")).status_code == 404
    order["lines"][1]["qty"] = "2.000"
    assert client.post("/api/v1/orders", json=order, headers=auth("LEAD")).status_code == 201


def test_an_order_line_of_an_item_the_buyer_does_not_have_is_a_422_naming_it(client):
    body = {**PO, "id": "PO-U", "lines": [PO["lines"][0], {**PO["lines"][1], "item": "P-404"}]}
    resp = issue(client, body)
    assert resp.status_code == 422
    assert resp.json()["detail"] == (
        "order PO-U: LEAD has no such item in its item master (add the item first): line 2: 'P-404'"
    )
    assert resp.json()["field"] == "lines[1].item"
    assert client.get("/api/v1/orders", headers=auth("LEAD")).json()["total"] == 0


def test_the_field_of_a_refused_line_is_its_place_in_the_body_and_the_detail_names_its_number(client):
    """``lines[i]`` is the i-th element (0-based) of the posted array, whatever number the line gives."""
    from onefactory.model import Item

    with client.app.state.runtime.store.write() as tx:
        tx.items.put_many([Item(m, "P-EA", "Bracket", "EA", whole_units=True) for m in ("LEAD", "SUP-A")])
    lines = [
        {"line": 10, "item": "P-EA", "qty": "3", "due_date": "2026-07-01"},
        {"line": 7, "item": "P-EA", "qty": "0.5", "due_date": "2026-07-01"},
    ]
    resp = issue(client, {"id": "PO-N", "seller": "SUP-A", "lines": lines})
    assert (resp.status_code, resp.json()["field"]) == (422, "lines[1].qty")
    assert resp.json()["detail"] == "line 7: P-EA is counted in whole EA; qty 0.5 is not a whole number"
    lines[1] = {**lines[1], "qty": "1", "item": "P-404"}
    resp = issue(client, {"id": "PO-N", "seller": "SUP-A", "lines": lines})
    assert (resp.status_code, resp.json()["field"]) == (422, "lines[1].item")
    assert resp.json()["detail"] == (
        "order PO-N: LEAD has no such item in its item master (add the item first): line 7: 'P-404'"
    )


def _shipped_50(client):
    issue(client)
    act(client, "SUP-A", 1, "confirm")
    asn = {"number": "ASN-7", "buyer": "LEAD", "lines": [{"order_id": "PO-7", "line_no": 1, "qty": "50"}]}
    assert client.post("/api/v1/shipments", json=asn, headers=auth("SUP-A")).status_code == 201


def _receive(client, number, qty, asn=None):
    line = {"order_id": "PO-7", "line_no": 1, "qty": qty, **({"shipment": asn} if asn else {})}
    return client.post("/api/v1/receipts", json={"number": number, "lines": [line]}, headers=auth("LEAD"))


BEYOND_50 = "received 45 more than shipped on PO-7 line 1 (no ASN cited)"
"""The flag of receiving 95 without an ASN after ``_shipped_50``."""


def test_an_over_receipt_is_a_422_naming_ordered_received_and_attempted_and_changes_nothing(client):
    _shipped_50(client)
    assert _receive(client, "GR-1", "95").json()["flags"] == [BEYOND_50]  # accepted, and 45 came without an ASN
    resp = _receive(client, "GR-2", "6")
    assert resp.status_code == 422 and resp.json()["field"] == "qty"
    assert resp.json()["detail"] == (
        "receipt GR-2: over-receipt of 1 on order PO-7 line 1: ordered 100, already received 95, "
        "receiving 6 exceeds the over-receipt tolerance of 0%"
    )
    assert _receive(client, "GR-3", "5", asn="ASN-7").json()["flags"] == []
    detail = client.get("/api/v1/orders/PO-7", headers=auth("LEAD")).json()
    assert (detail["lines"][0]["received_qty"], [r["number"] for r in detail["receipts"]]) == ("100", ["GR-1", "GR-3"])


def test_a_receipt_against_an_asn_may_not_exceed_what_it_shipped(client):
    _shipped_50(client)
    resp = _receive(client, "GR-1", "51", asn="ASN-7")
    assert resp.status_code == 422
    assert resp.json()["detail"] == (
        "receipt GR-1: over-receipt of 1 against ASN ASN-7: shipped 50, already received 0, "
        "receiving 51 exceeds the over-receipt tolerance of 0%"
    )


def test_the_tolerance_setting_admits_an_over_receipt_flagged(seeded):
    from fastapi.testclient import TestClient

    from onefactory.api import create_app
    from onefactory.config import Settings
    from onefactory.runtime import Runtime

    from support import NOW

    settings = Settings(store_url="sqlite://", receipt_over_tolerance_pct="10")
    with TestClient(create_app(Runtime(settings, seeded, clock=lambda: NOW))) as client:
        _shipped_50(client)
        assert _receive(client, "GR-1", "95").json()["flags"] == [BEYOND_50]
        beyond = _receive(client, "GR-2", "16")
        assert "already received 95, receiving 16 exceeds the over-receipt tolerance of 10%" in beyond.json()["detail"]
        assert _receive(client, "GR-2", "15").json()["flags"] == [
            "over-receipt +10 on PO-7 line 1",
            "received 15 more than shipped on PO-7 line 1 (no ASN cited)",
        ]
        line = client.get("/api/v1/orders/PO-7", headers=auth("LEAD")).json()["lines"][0]
    assert (line["received_qty"], line["status"]) == ("110", "received")
