"""The lead's own customer orders (``POST /api/v1/customer-orders``): a line for an item the
member does not have is refused, naming it, and nothing of the batch is stored."""

from __future__ import annotations

from datetime import UTC, datetime

from support import demo_api

NOW = datetime(2026, 12, 3, 0, 30, tzinfo=UTC)
PLANNER = {"Authorization": "Bearer demo-LEAD-planner"}


def line(order: str, item: str) -> dict:
    return {"id": order, "item": item, "qty": "120", "due": "2027-01-20T00:00:00+09:00"}


def test_a_customer_order_for_an_unknown_item_is_refused_and_nothing_is_stored():
    with demo_api(NOW) as api:
        store = api.store
        with store.read() as tx:
            before = len(tx.customer_orders.of("LEAD"))
        bad = api.post(
            "/api/v1/customer-orders", json=[line("CO-1/1", "FG-0002"), line("CO-2/1", "NOPE")], headers=PLANNER
        )
        assert bad.status_code == 422 and bad.json()["field"] == "[1].item"
        assert bad.json()["detail"] == "[1] (CO-2/1): LEAD has no item 'NOPE' in its item master"
        good = api.post("/api/v1/customer-orders", json=[line("CO-1/1", "FG-0002")], headers=PLANNER)
        assert good.json() == {"stored": 1}
        with store.read() as tx:
            assert len(tx.customer_orders.of("LEAD")) == before + 1
