"""The demo cluster through the API: tokens, pegging through tiers, sovereignty."""

from datetime import UTC, datetime

import pytest

from support import bearer, demo_api

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def api():
    with demo_api(NOW) as c:
        yield c


def test_lead_sees_its_customer_order_pegged_through_the_tiers_it_was_granted(api):
    tiers = api.get("/api/v1/orders/PO-LEAD-0001/tiers", headers=bearer("demo-LEAD-admin")).json()
    shared = [t for t in tiers if t["shared"]]
    assert shared, tiers
    assert all(o["buyer"] == "SEOHAN" for t in shared for o in t["orders"])
    log = api.get("/api/v1/access-log", headers=bearer("demo-SEOHAN-admin")).json()["items"]
    assert any(e["reader_member"] == "LEAD" and e["resource"] == "orders pegged under PO-LEAD-0001" for e in log)


def test_a_tier2_supplier_cannot_see_the_lead_order_or_another_suppliers_stock(api):
    assert api.get("/api/v1/orders/PO-LEAD-0001", headers=bearer("demo-GAON-admin")).status_code == 404
    assert api.get("/api/v1/members/SAMJIN/stock", headers=bearer("demo-GAON-admin")).status_code == 403
    assert api.get("/api/v1/members/HANEUL/stock", headers=bearer("demo-GAON-admin")).status_code == 200
