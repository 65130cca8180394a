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


def test_a_naive_due_names_the_element_and_nothing_is_stored():
    with demo_api(NOW) as api:
        with api.store.read() as tx:
            before = len(tx.customer_orders.of("LEAD"))
        naive = {**line("CO-3/1", "FG-0002"), "due": "2027-01-20T00:00:00"}
        bad = api.post("/api/v1/customer-orders", json=[line("CO-1/1", "FG-0002"), naive], headers=PLANNER)
        assert bad.status_code == 422 and bad.json()["detail"] == "body.1.due: Input should have timezone info"
        assert [e["field"] for e in bad.json()["errors"]] == ["body.1.due"]
        with api.store.read() as tx:
            assert len(tx.customer_orders.of("LEAD")) == before


def test_a_supplier_is_told_it_may_not_record_customer_orders():
    with demo_api(NOW) as api:
        refused = api.post(
            "/api/v1/customer-orders",
            json=[line("CO-1/1", "FG-0002")],
            headers={"Authorization": "Bearer demo-GAON-admin"},
        )
        assert refused.status_code == 403
        assert refused.json()["detail"] == (
            "only the cluster operator or a planner of the lead firm may record customer orders; gaon.admin may not"
        )


def test_an_id_with_surrounding_spaces_names_the_element():
    with demo_api(NOW) as api:
        spaced = line(" CO-4/1", "FG-0002")
        bad = api.post("/api/v1/customer-orders", json=[line("CO-1/1", "FG-0002"), spaced], headers=PLANNER)
        assert bad.status_code == 422 and bad.json()["field"] == "[1].demand id"
        assert bad.json()["detail"] == "[1]: demand id has leading/trailing spaces: ' CO-4/1'"
