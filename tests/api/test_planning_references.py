"""Parameters that name nothing are refused, not ignored: MRP planning parameters for an unknown
member or item, and a production order serving an order that does not exist or that its member
does not sell (the demo: PO-LEAD-0001 is sold by SEOHAN, PO-SEOHAN-0001 by GAON)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from support import bearer, demo_api

NOW = datetime(2026, 12, 3, 0, 30, tzinfo=UTC)
LEAD, SEOHAN = bearer("demo-LEAD-planner"), bearer("demo-SEOHAN-admin")
PRODUCTION = "/api/v1/members/SEOHAN/production-orders"


@pytest.fixture(scope="module")
def api():
    with demo_api(NOW) as c:
        yield c


@pytest.mark.parametrize(
    ("body", "field", "detail"),
    [
        ({"items": [{"member": "LEAD", "item": "FG-0002"}, {"member": "NOBODY", "item": "FG-0002"}]},
         "items[1].member", "items[1]: no member 'NOBODY' in the cluster"),
        ({"items": [{"member": "LEAD", "item": "NOPE-1", "safety_stock": "5"}]},
         "items[0].item", "items[0]: LEAD has no item 'NOPE-1' in its item master"),
        ({"transfer_days": [{"supplier": "GAON", "customer": "NOBODY", "days": "2"}]},
         "transfer_days[0].customer", "transfer_days[0]: no member 'NOBODY' in the cluster"),
    ],
)  # fmt: skip
def test_mrp_parameters_naming_nothing_are_refused(api, body, field, detail):
    before = api.get("/api/v1/plans/mrp", headers=LEAD).text
    answer = api.post("/api/v1/plans/mrp", json={"buckets": 13, **body}, headers=LEAD)
    assert (answer.status_code, answer.json()["field"], answer.json()["detail"]) == (422, field, detail)
    assert api.get("/api/v1/plans/mrp", headers=LEAD).text == before  # no run stored


def test_mrp_parameters_of_known_items_are_accepted(api):
    body = {"buckets": 13, "items": [{"member": "LEAD", "item": "FG-0002", "safety_stock": "5"}]}
    assert api.post("/api/v1/plans/mrp", json=body, headers=LEAD).status_code == 201


def lot(code: str, order: str, line: int | None = None) -> dict:
    return {"code": code, "item": "MD-0001", "qty": "3", "resource": "MODLINE-1", "start": "2026-12-03T00:00:00Z",
            "end": "2026-12-03T08:00:00Z", "serves_order": order, "serves_line": line}  # fmt: skip


@pytest.mark.parametrize(
    ("order", "line", "field", "reason"),
    [
        ("PO-NOPE", None, "[1].serves_order", "serves_order 'PO-NOPE': no such order"),
        ("PO-SEOHAN-0001", None, "[1].serves_order", "serves_order 'PO-SEOHAN-0001': SEOHAN is not its seller"),
        ("PO-LEAD-0001", 9, "[1].serves_line", "serves_line 9: order PO-LEAD-0001 has no such line"),
    ],
)
def test_a_production_order_serving_an_order_its_member_does_not_sell_is_refused(api, order, line, field, reason):
    body = [lot("MO-T1", "PO-LEAD-0001", 1), lot("MO-T2", order, line)]
    answer = api.put(PRODUCTION, json=body, headers=SEOHAN)
    assert (answer.status_code, answer.json()["field"]) == (422, field)
    assert answer.json()["detail"] == f"order 1 (MO-T2): {reason}"
    with api.store.read() as tx:
        assert [p.code for p in tx.production.of("SEOHAN") if p.code.startswith("MO-T")] == []


def test_a_production_order_serving_a_line_its_member_sells_is_stored(api):
    assert api.put(PRODUCTION, json=[lot("MO-T3", "PO-LEAD-0001", 1)], headers=SEOHAN).json() == {"stored": 1}
