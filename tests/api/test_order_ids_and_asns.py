"""Order, ASN and receipt ids are URL path segments; a receipt cites only an ASN of its own order."""

from datetime import UTC, datetime

import pytest

from support import bearer, demo_api

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
LEAD, SEOHAN = bearer("demo-LEAD-admin"), bearer("demo-SEOHAN-admin")


@pytest.fixture(scope="module")
def api():
    with demo_api(NOW) as c:
        yield c


def _order(oid: str) -> dict:
    return {"id": oid, "seller": "SEOHAN", "lines": [{"line_no": 1, "item": "MD-0001", "qty": 4, "due_date": "2026-07-01"}]}


@pytest.mark.parametrize(
    ("oid", "why"),
    [("PO/SLASH", "it contains '/'"), ("..", "it is '..' alone"), (".", "it is '.' alone"),
     ("PO\\\\1", "it contains '\\\\\\\\'"), ("PO\\t1", "it contains '\\\\t'")],
)  # fmt: skip
def test_an_order_id_that_cannot_be_a_path_segment_is_a_422_naming_it(api, oid, why):
    oid = oid.encode().decode("unicode_escape")
    resp = api.post("/api/v1/orders", json=_order(oid), headers=LEAD)
    assert resp.status_code == 422, resp.text
    assert resp.json()["detail"] == f"order id {oid!r} cannot be part of a web address: {why.encode().decode('unicode_escape')}"
    assert api.get("/api/v1/orders", headers=LEAD).json()["total"] == 9


def test_an_asn_or_receipt_number_with_a_slash_is_a_422_naming_it(api):
    asn = {"number": "ASN/1", "buyer": "LEAD", "lines": [{"order_id": "PO-LEAD-0001", "line_no": 1, "qty": 1}]}
    resp = api.post("/api/v1/shipments", json=asn, headers=SEOHAN)
    assert (resp.status_code, resp.json()["detail"]) == (
        422, "shipment number 'ASN/1' cannot be part of a web address: it contains '/'")  # fmt: skip
    receipt = {"number": "GR/1", "lines": [{"order_id": "PO-LEAD-0003", "line_no": 1, "qty": 1}]}
    resp = api.post("/api/v1/receipts", json=receipt, headers=LEAD)
    assert (resp.status_code, resp.json()["detail"]) == (
        422, "receipt number 'GR/1' cannot be part of a web address: it contains '/'")  # fmt: skip


def test_an_order_file_with_a_slash_in_an_order_id_is_rejected_at_its_row(api):
    data = b"order_id,line,item_code,quantity,due_date,seller\nPO-OK,1,MD-0001,4,2026-07-01,SEOHAN\nPO/2,1,MD-0001,4,2026-07-01,SEOHAN\n"
    resp = api.post("/api/v1/imports/orders", files={"file": ("po.csv", data)}, headers=LEAD)
    assert resp.status_code == 422, resp.text
    assert [(e["row"], e["column"], e["value"]) for e in resp.json()["errors"]] == [(2, "order_id", "PO/2")]
    assert resp.json()["errors"][0]["reason"] == "order id 'PO/2' cannot be part of a web address: it contains '/'"
    assert api.get("/api/v1/orders", headers=LEAD).json()["total"] == 9


def test_asn_and_receipt_files_with_a_slash_in_a_number_are_rejected_at_its_row(api):
    asn = b"asn_id,order_id,line_no,qty,buyer\nASN-OK,PO-LEAD-0001,1,1,LEAD\nASN/2,PO-LEAD-0001,1,1,LEAD\n"
    resp = api.post("/api/v1/imports/shipments", files={"file": ("asn.csv", asn)}, headers=SEOHAN)
    assert resp.status_code == 422, resp.text
    assert [(e["row"], e["column"], e["value"]) for e in resp.json()["errors"]] == [(2, "asn_id", "ASN/2")]
    gr = b"receipt_id,order_id,line_no,qty\nGR/9,PO-LEAD-0003,1,1\n"
    resp = api.post("/api/v1/imports/receipts", files={"file": ("gr.csv", gr)}, headers=LEAD)
    assert resp.status_code == 422, resp.text
    assert [(e["row"], e["column"], e["value"]) for e in resp.json()["errors"]] == [(1, "receipt_id", "GR/9")]


def test_a_receipt_citing_the_asn_of_another_order_is_a_422_naming_both(api):
    asn = {"number": "ASN-5001", "buyer": "LEAD", "lines": [{"order_id": "PO-LEAD-0001", "line_no": 1, "qty": 1}]}
    assert api.post("/api/v1/shipments", json=asn, headers=SEOHAN).status_code == 201
    before = api.get("/api/v1/orders/PO-LEAD-0003", headers=LEAD).json()
    receipt = {"number": "GR-X1", "lines": [{"order_id": "PO-LEAD-0003", "line_no": 1, "qty": 1, "shipment": "ASN-5001"}]}
    resp = api.post("/api/v1/receipts", json=receipt, headers=LEAD)
    assert resp.status_code == 422, resp.text
    assert resp.json()["field"] == "shipment"
    assert resp.json()["detail"] == (
        "receipt GR-X1 cites ASN ASN-5001 for order PO-LEAD-0003, but that ASN ships order PO-LEAD-0001")
    assert api.get("/api/v1/orders/PO-LEAD-0003", headers=LEAD).json() == before
