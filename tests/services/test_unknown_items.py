"""Orders and stock rows name items of the member's item master; others are refused naming
each item and its line or row, and nothing is stored. Runs over every store."""

from datetime import date
from decimal import Decimal as D

import pytest

from onefactory.model import ImportRejected, InvalidData, OrderLine, SharedOrder
from onefactory.onboard import ImportOptions
from onefactory.services import imports, orders

from support import NOW, seed_items, seed_members

LEAD, SUP_A = imports.cli_user("LEAD"), imports.cli_user("SUP-A")
DUE = date(2026, 7, 1)


@pytest.fixture
def cluster(any_store):
    seed_members(any_store)  # LEAD has P-1
    seed_items(any_store, "SUP-A", "P-1", "P-2")  # the seller's items do not make a code the buyer's
    return any_store


def _counts(store):
    with store.read() as tx:
        return tx.orders.count_of_member(None), tx.events.count(), len(tx.stock.of("SUP-A", None))


def _import(store, user, kind, text, **opts):
    options = ImportOptions(due_date=DUE, **opts)
    return imports.import_file(store, user, kind, text.encode(), f"{kind}.csv", options, NOW)


def test_an_order_naming_items_the_buyer_does_not_have_is_refused_naming_each_line(cluster):
    lines = tuple(OrderLine(n, code, D(5), DUE) for n, code in ((1, "P-1"), (2, "P-2"), (3, "00420")))
    with pytest.raises(InvalidData) as err:
        orders.create(cluster, LEAD, SharedOrder("PO-U", "LEAD", "SUP-A", lines, NOW), NOW)
    assert str(err.value) == (
        "order PO-U: LEAD has no such item in its item master (add the item first): line 2: 'P-2'; line 3: '00420'"
    )
    assert err.value.field == "lines[1].item"  # the first refused line's place in the order, 0-based
    assert _counts(cluster) == (0, 0, 0)
    orders.create(cluster, LEAD, SharedOrder("PO-U", "LEAD", "SUP-A", lines[:1], NOW), NOW)
    assert _counts(cluster)[:2] == (1, 1)


def test_an_order_file_lists_every_row_of_an_unknown_item_and_stores_nothing(cluster):
    text = "order_id,line,item_code,quantity\nPO-F,1,P-1,10\nPO-F,2,P-2,4\nPO-G,1,P-1,3\nPO-G,2,0042,1\n"
    with pytest.raises(ImportRejected) as err:
        _import(cluster, LEAD, "orders", text, seller="SUP-A")
    assert [(e.row, e.line, e.column, e.value, e.reason) for e in err.value.errors] == [
        (2, 3, "item_code", "P-2", "LEAD has no item 'P-2' in its item master (add the item first)"),
        (4, 5, "item_code", "0042", "LEAD has no item '0042' in its item master (add the item first)"),
    ]
    assert _counts(cluster) == (0, 0, 0)
    seed_items(cluster, "LEAD", "P-2", "0042")
    assert _import(cluster, LEAD, "orders", text, seller="SUP-A").notes == ["issued: 2"]


def test_a_stock_file_lists_every_row_of_an_unknown_item_and_stores_nothing(cluster):
    text = "location,bin,item_code,on_hand\nWH-A,B-01,P-1,8\nWH-A,B-02,P-9,5\nWH-A,B-03,P-2,2\nWH-B,,p-1,1\n"
    with pytest.raises(ImportRejected) as err:
        _import(cluster, SUP_A, "inventory", text)
    assert [(e.row, e.column, e.value) for e in err.value.errors] == [(2, "item_code", "P-9"), (4, "item_code", "p-1")]
    assert err.value.errors[0].reason == "SUP-A has no item 'P-9' in its item master (add the item first)"
    assert _counts(cluster) == (0, 0, 0)
    good = "location,bin,item_code,on_hand\nWH-A,B-01,P-1,8\nWH-A,B-03,P-2,2\n"
    assert _import(cluster, SUP_A, "inventory", good).stored == 2
    with cluster.read() as tx:
        assert sorted((p.item, p.qty) for p in tx.stock.of("SUP-A", None)) == [("P-1", D(8)), ("P-2", D(2))]
