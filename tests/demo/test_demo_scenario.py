"""The demo's order history (pure): statuses, pegging and dates relative to ``now``."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from onefactory.demo import build_activity, build_cluster
from onefactory.model import InvalidData

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

STATUSES = Counter(
    {
        "proposed": 2,
        "confirmed": 2,
        "partially_confirmed": 1,
        "change_requested": 1,
        "in_production": 3,
        "partially_shipped": 2,
        "received": 2,
        "closed": 1,
        "cancelled": 1,
    }
)


@pytest.fixture(scope="module")
def activity():
    return build_activity(build_cluster(), NOW)


def test_orders_cover_the_designed_status_multiset(activity):
    assert activity.status_counts() == STATUSES


def test_every_order_is_between_two_members(activity):
    codes = {m.code for m in build_cluster().members}
    for order in activity.orders:
        assert order.buyer != order.seller
        assert {order.buyer, order.seller} <= codes


def test_partially_shipped_orders_have_an_asn(activity):
    shipped = {sl.order_id for s in activity.shipments for sl in s.lines}
    for order in activity.orders:
        if order.status == "partially_shipped":
            assert order.id in shipped


def test_lead_order_is_pegged_through_both_tiers(activity):
    orders = {o.id: o for o in activity.orders}
    served = {(p.serves_order, p.serves_line): p for p in activity.production_orders}
    lead_order = orders["PO-LEAD-0001"]
    assert (lead_order.buyer, lead_order.seller) == ("LEAD", "SEOHAN")
    assert served[("PO-LEAD-0001", 1)].member == "SEOHAN"
    under = [o for o in orders.values() if o.line(1).attributes.get("pegged_to_order") == "PO-LEAD-0001"]
    assert {o.buyer for o in under} == {"SEOHAN"} and len(under) == 6
    assert sum((o.id, 1) in served for o in under) >= 3


def test_production_orders_run_on_the_sellers_resources(activity):
    cluster = build_cluster()
    resources = {(r.member, r.code) for r in cluster.resources}
    orders = {o.id: o for o in activity.orders}
    for mo in activity.production_orders:
        assert (mo.member, mo.resource) in resources
        assert orders[mo.serves_order].seller == mo.member
        assert mo.item == orders[mo.serves_order].line(mo.serves_line).item


def test_history_ends_before_now_and_moves_with_it(activity):
    assert max(e.at for e in activity.events) < NOW
    later = build_activity(build_cluster(), NOW + timedelta(days=1))
    assert [o.created_at + timedelta(days=1) for o in activity.orders] == [o.created_at for o in later.orders]


def test_naive_now_is_refused():
    with pytest.raises(InvalidData, match="timezone-aware"):
        build_activity(build_cluster(), datetime(2026, 3, 2))
