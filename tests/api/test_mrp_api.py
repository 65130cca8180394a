"""MRP through the API: who may run it, who sees what, pegging trees, refusals."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal as D

import pytest

from onefactory.model import BomLine, Item, ItemKind, OrderLine, SharedOrder

from support import auth

RUN = "/api/v1/plans/mrp"
BODY = {"start": "2026-06-01", "buckets": 8, "items": [{"member": "SUP-A", "item": "A-25", "min_qty": "50"}]}


@pytest.fixture
def cluster(seeded):
    """A lead with a pump, a phantom kit and an empty kit; parts from SUP-A and SUP-B; one customer order."""
    with seeded.write() as tx:
        tx.items.put_many(
            [
                Item("LEAD", "P-25", kind=ItemKind.MAKE),
                Item("LEAD", "K-25", kind=ItemKind.PHANTOM),
                Item("LEAD", "E-25", kind=ItemKind.PHANTOM),
                Item("SUP-A", "A-25"),
                Item("SUP-B", "C-25", lead_time_days=D(3)),
            ]
        )
        lines = [("P-25", "A-25", 1, "SUP-A"), ("P-25", "K-25", 1, None), ("K-25", "A-25", 2, "SUP-A"),
                 ("P-25", "E-25", 1, None), ("P-25", "C-25", "0.5", "SUP-B")]  # fmt: skip
        tx.boms.replace_parents("LEAD", [BomLine("LEAD", p, c, D(q), supplier=s) for p, c, q, s in lines])
        line = OrderLine(1, "P-25", D(10), date(2026, 6, 15))
        tx.orders.add(SharedOrder("SO-9", "SUP-KR1", "LEAD", (line,), datetime(2026, 5, 1, tzinfo=UTC)))
    return seeded


def test_a_supplier_cannot_run_mrp(client, cluster):
    res = client.post(RUN, json=BODY, headers=auth("SUP-A"))
    assert res.status_code == 403
    assert res.headers["content-type"].startswith("application/problem+json")


def test_the_lead_runs_and_each_member_sees_its_own_planned_orders(client, cluster):
    res = client.post(RUN, json=BODY, headers=auth("LEAD"))
    assert res.status_code == 201, res.text
    lead = res.json()["orders_by_member"]
    assert list(lead) == ["LEAD"]
    assert {(o["item"], o["qty"], o["kind"], o["supplier"]) for o in lead["LEAD"]} == {
        ("P-25", "10", "make", None),
        ("A-25", "30", "buy", "SUP-A"),
        ("C-25", "5", "buy", "SUP-B"),
    }
    assert all(o["pegged_to"] == ["SO-9/1"] for o in lead["LEAD"])
    mine = client.get(RUN, headers=auth("SUP-A")).json()
    assert [(o["item"], o["qty"], o["pegged_to"]) for o in mine["orders_by_member"]["SUP-A"]] == [
        ("A-25", "50", ["another member's order"])
    ]  # SO-9 is between SUP-KR1 and LEAD: SUP-A is no party to it
    assert list(mine["orders_by_member"]) == ["SUP-A"]
    assert "SUP-A" not in client.get(RUN, headers=auth("SUP-B")).text
    supplier_b = client.get(RUN, headers=auth("SUP-B")).json()["orders_by_member"]["SUP-B"]
    assert [(o["item"], o["start"], o["due"], o["late_days"]) for o in supplier_b] == [
        ("C-25", "2026-06-11T15:00:00Z", "2026-06-14T15:00:00Z", "0")
    ]


def test_pegging_tree_per_customer_order_goes_down_the_tiers(client, cluster):
    client.post(RUN, json=BODY, headers=auth("LEAD"))
    trees = client.get(f"{RUN}/latest/pegging", params={"order": "SO-9/1"}, headers=auth("operator")).json()
    (top,) = trees["SO-9/1"]
    assert (top["member"], top["item"], top["qty"]) == ("LEAD", "P-25", "10")
    below = {(c["member"], c["item"], c["qty"]) for c in top["children"]}
    assert below == {("LEAD", "A-25", "30"), ("LEAD", "C-25", "5")}
    a25 = next(c for c in top["children"] if c["item"] == "A-25")
    assert [(c["member"], c["item"], c["qty"]) for c in a25["children"]] == [("SUP-A", "A-25", "30")]


def test_bad_run_parameters_are_refused_naming_the_field(client, cluster):
    res = client.post(RUN, json={"buckets": 0}, headers=auth("LEAD"))
    assert res.status_code == 422
    assert res.json()["errors"][0]["field"] == "body.buckets"


def test_a_cycle_loaded_past_the_import_check_is_refused_and_nothing_stored(client, cluster):
    with cluster.write() as tx:
        tx.items.put_many([Item("SUP-A", "A-25", kind=ItemKind.MAKE)])
        tx.boms.replace_parents("SUP-A", [BomLine("SUP-A", "A-25", "P-25", D(1), supplier="LEAD")])
    res = client.post(RUN, json=BODY, headers=auth("LEAD"))
    assert res.status_code == 422
    assert "BOM cycle refused: " in res.json()["detail"]
    assert "A-25 (SUP-A)" in res.json()["detail"]
    assert client.get(RUN, headers=auth("LEAD")).status_code == 404
