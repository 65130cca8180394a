"""The tiers under a lead order show no order of a tier-2 supplier that nothing pegs to it."""

from __future__ import annotations

from datetime import UTC, datetime

from support import bearer, demo_api

NOW = datetime(2026, 12, 3, 0, 30, tzinfo=UTC)


def flat(tiers: list[dict], depth: int = 0) -> list[tuple[int, str, str, list[str], bool]]:
    rows = []
    for t in tiers:
        rows.append((depth, t["supplier"], t["customer"], [o["id"] for o in t["orders"]], t["shared"]))
        rows += flat(t["children"], depth + 1)
    return rows


def test_an_unrelated_order_of_a_tier2_supplier_is_not_shown_under_the_lead_order():
    line = {"line_no": 1, "item": "PT-0001", "qty": "40", "due_date": "2027-01-15"}
    with demo_api(NOW) as api:
        top = {"id": "PO-2001", "seller": "SEOHAN", "lines": [{**line, "item": "MD-0001"}]}
        assert api.post("/api/v1/orders", json=top, headers=bearer("demo-LEAD-admin")).status_code == 201
        unrelated = {"id": "PO-G-1", "seller": "SAEROM", "lines": [line]}
        assert api.post("/api/v1/orders", json=unrelated, headers=bearer("demo-GAON-admin")).status_code == 201
        tiers = api.get("/api/v1/orders/PO-2001/tiers", headers=bearer("demo-LEAD-admin")).json()
    assert flat(tiers) == [
        (0, supplier, "SEOHAN", [], False) for supplier in ("AREUM", "BITNA", "GAON", "HANBIT", "JINWOO", "SAEROM")
    ]
