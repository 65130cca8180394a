"""Which lower-tier orders sit under an order: only those shown to serve it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from onefactory.exchange import sub_tiers
from onefactory.model import OrderLine, SharedOrder


def order(order_id: str, buyer: str, seller: str, item: str, pegged: str | None = None) -> SharedOrder:
    attributes = {"pegged_to_order": pegged} if pegged else {}
    line = OrderLine(1, item, Decimal(5), date(2027, 1, 15), attributes=attributes)
    return SharedOrder(order_id, buyer, seller, (line,), datetime(2026, 12, 1, tzinfo=UTC))


def flat(tiers, depth=0):
    return [
        row
        for t in tiers
        for row in [(depth, t.supplier, t.customer, [o.id for o in t.orders], t.shared), *flat(t.children, depth + 1)]
    ]


def test_an_unshared_suppliers_own_suppliers_are_not_shown_under_the_order():
    top = order("PO-2001", "LEAD", "SEOHAN", "MD-0001")
    links = [("GAON", "SEOHAN"), ("SAEROM", "GAON")]
    assert flat(sub_tiers(top, [top], links)) == [(0, "GAON", "SEOHAN", [], False)]


def test_a_line_pegged_to_another_order_does_not_serve_by_its_item():
    top = order("PO-2001", "LEAD", "SEOHAN", "PT-0001")
    elsewhere = order("PO-S-1", "SEOHAN", "GAON", "PT-0001", pegged="PO-LEAD-0001")
    unpegged = order("PO-S-2", "SEOHAN", "GAON", "PT-0001")
    pegged = order("PO-S-3", "SEOHAN", "GAON", "RM-9", pegged="PO-2001")
    tiers = sub_tiers(top, [top, elsewhere, unpegged, pegged], [("GAON", "SEOHAN")])
    assert flat(tiers) == [(0, "GAON", "SEOHAN", ["PO-S-2", "PO-S-3"], True)]
