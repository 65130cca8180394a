"""Every quantity the hub accepts is bounded (model.MAX_QTY, model.QTY_PLACES) and echoed plainly."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from onefactory.api.schemas_plans import ctp_out
from onefactory.model import CtpAnswer

from support import auth

LEAD = auth("LEAD")


def order(qty: str, order_id: str = "PO-T3") -> dict:
    line = {"line_no": 1, "item": "P-1", "qty": qty, "due_date": "2026-07-01"}
    return {"id": order_id, "seller": "SUP-A", "lines": [line]}


@pytest.mark.parametrize(
    ("qty", "reason"),
    [
        ("1e400", "Value error, qty must be at most 1000000000000, got 1E+400"),  # too far out to write out
        ("1e20", "Value error, qty must be at most 1000000000000, got 100000000000000000000"),
        ("0.0000001", "Value error, qty must have at most 6 decimal places, got 0.0000001"),
        ("1.00000010", "Value error, qty must have at most 6 decimal places, got 1.0000001"),
    ],
)
def test_an_absurd_order_quantity_is_a_422_naming_the_field(client, qty, reason):
    resp = client.post("/api/v1/orders", json=order(qty), headers=LEAD)
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["field"] == "body.lines.0.qty"
    assert resp.json()["errors"][0]["reason"] == reason
    assert resp.json()["errors"][0]["value"] == qty  # as sent, not a Python repr


def test_the_bound_itself_is_accepted_and_echoed_without_an_exponent(client):
    assert client.post("/api/v1/orders", json=order("1e12"), headers=LEAD).status_code == 201
    line = client.get("/api/v1/orders/PO-T3", headers=LEAD).json()["lines"][0]
    assert (line["qty"], line["open_qty"], line["shipped_qty"]) == ("1000000000000", "1000000000000", "0")


def test_a_trailing_zero_quantity_is_echoed_as_its_value(client):
    assert client.post("/api/v1/orders", json=order("2.500000"), headers=LEAD).status_code == 201
    assert client.get("/api/v1/orders/PO-T3", headers=LEAD).json()["lines"][0]["qty"] == "2.5"


def test_a_csv_order_row_over_the_bound_is_refused_naming_the_row(client):
    head = b"order_id,line,item_code,quantity,seller,due_date\n"
    body = head + b"PO-F1,1,P-1,10,SUP-A,2026-07-01\nPO-F1,2,P-1,100000000000000000000,SUP-A,2026-07-01\n"
    files = {"file": ("po.csv", body)}
    resp = client.post("/api/v1/imports/orders", files=files, headers=LEAD)
    assert resp.status_code == 422
    assert resp.json()["detail"].endswith(
        "row 2 (file line 3), column 'quantity', value '100000000000000000000': "
        "qty must be at most 1000000000000, got 100000000000000000000"
    )
    assert client.get("/api/v1/orders/PO-F1", headers=LEAD).status_code == 404


def test_a_customer_order_over_the_bound_is_refused_naming_the_row(client):
    good = {"id": "SO-1/1", "item": "P-1", "qty": "5", "due": "2026-07-01T00:00:00Z"}
    resp = client.post("/api/v1/customer-orders", json=[good, {**good, "id": "SO-1/2", "qty": "1e20"}], headers=LEAD)
    assert resp.status_code == 422
    assert resp.json()["detail"] == (
        "body.1.qty: Value error, qty must be at most 1000000000000, got 100000000000000000000"
    )


def test_planning_runs_after_a_refused_order(client):
    assert client.post("/api/v1/orders", json=order("1e400", "PO-T3-PAST"), headers=LEAD).status_code == 422
    assert client.post("/api/v1/orders", json=order("10"), headers=LEAD).status_code == 201
    mrp = client.post("/api/v1/plans/mrp", json={"start": "2026-06-01", "buckets": 8}, headers=LEAD)
    assert mrp.status_code == 201, mrp.text
    plan = client.post("/api/v1/plans", json={"horizon_days": 60}, headers=LEAD)
    assert plan.status_code == 201, plan.text


def test_a_ctp_question_over_the_bound_is_refused(client):
    body = {"member": "LEAD", "item": "P-1", "qty": "1e15", "by": "2026-07-01"}
    resp = client.post("/api/v1/ctp", json=body, headers=LEAD)
    assert resp.status_code == 422
    assert resp.json()["detail"] == "body.qty: Value error, qty must be at most 1000000000000, got 1000000000000000"


def test_a_ctp_answer_writes_its_quantity_without_an_exponent():
    at = datetime(2026, 7, 1, tzinfo=UTC)
    answer = CtpAnswer("LEAD", "P-1", Decimal("1E+6"), at, True, at, (), 0.5)
    assert ctp_out(answer)["qty"] == "1000000"
