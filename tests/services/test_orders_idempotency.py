"""An Idempotency-Key is bound to its request: a repeat replays, a different request is refused.

Runs over every store (SQLite memory and file, PostgreSQL when configured), since the
key and the request's fingerprint are kept in the event log.
"""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from onefactory.model import (
    IdempotencyKeyReused,
    NotFound,
    OrderLine,
    Receipt,
    ReceiptLine,
    SharedOrder,
    Shipment,
    ShipmentLine,
    User,
    UserRole,
)
from onefactory.services import orders

from support import NOW, seed_members

LEAD = User("lead-admin", "LEAD", "Admin LEAD", UserRole.MEMBER_ADMIN)
SUP_A = User("sup-a-admin", "SUP-A", "Admin SUP-A", UserRole.MEMBER_ADMIN)
LATER = NOW + timedelta(minutes=5)  # a retry arrives later; server-set times are not part of the request


def _po(order_id="PO-2001", qty="100"):
    return SharedOrder(order_id, "LEAD", "SUP-A", (OrderLine(1, "P-1", D(qty), date(2026, 7, 1)),), NOW)


def _state(store):
    with store.read() as tx:
        return tx.orders.count_of_member(None), tx.events.count(), tx.orders.find("PO-2001")


@pytest.fixture
def cluster(any_store):
    seed_members(any_store)
    return any_store


@pytest.fixture
def issued(cluster):
    orders.create(cluster, LEAD, _po(), NOW, "po-2001")
    return cluster


def test_same_key_and_same_order_replays_the_first_result(issued):
    again = orders.create(issued, LEAD, _po(), LATER, "po-2001")
    assert again.id == "PO-2001" and again.created_at == NOW
    count, events, _ = _state(issued)
    assert (count, events) == (1, 1)


def test_same_key_with_a_different_order_is_refused_and_changes_nothing(issued):
    before = _state(issued)
    with pytest.raises(IdempotencyKeyReused, match="'po-2001' was already used for a different request") as err:
        orders.create(issued, LEAD, _po("PO-2099"), NOW, "po-2001")
    assert err.value.key == "po-2001" and err.value.field == "Idempotency-Key"
    assert _state(issued) == before
    with issued.read() as tx:
        assert tx.orders.find("PO-2099") is None


def test_same_key_with_a_changed_quantity_is_refused(issued):
    with pytest.raises(IdempotencyKeyReused):
        orders.create(issued, LEAD, _po(qty="101"), NOW, "po-2001")


def test_equal_decimals_are_the_same_request(issued):
    """100 and 100.00 are the same quantity, so the same request."""
    assert orders.create(issued, LEAD, _po(qty="100.00"), LATER, "po-2001").id == "PO-2001"


def test_different_keys_create_two_orders(issued):
    orders.create(issued, LEAD, _po("PO-2099"), NOW, "po-2099")
    with issued.read() as tx:
        assert {o.id for o in tx.orders.of_member("LEAD")} == {"PO-2001", "PO-2099"}
        assert tx.events.count() == 2


def test_keys_are_per_member(issued):
    """Another member's key with the same text is not a reuse."""
    step = orders.act(issued, SUP_A, "PO-2001", 1, "confirm", orders.Params(), NOW, idempotency_key="po-2001")
    assert step.version == 2


def test_line_action_repeat_replays_and_a_different_action_is_refused(issued):
    confirm = orders.Params(qty=D("80"))
    orders.act(issued, SUP_A, "PO-2001", 1, "confirm", confirm, NOW, idempotency_key="c-1")
    again = orders.act(issued, SUP_A, "PO-2001", 1, "confirm", orders.Params(qty=D("80")), LATER, idempotency_key="c-1")
    assert again.version == 2
    for action, params in [("confirm", orders.Params(qty=D("90"))), ("reject", orders.Params(reason="no"))]:
        with pytest.raises(IdempotencyKeyReused, match="c-1"):
            orders.act(issued, SUP_A, "PO-2001", 1, action, params, NOW, idempotency_key="c-1")
    count, events, order = _state(issued)
    assert (events, order.version, order.lines[0].confirmed_qty) == (2, 2, D("80"))


def test_a_key_reused_for_another_operation_is_refused(issued):
    with pytest.raises(IdempotencyKeyReused):
        orders.act(issued, LEAD, "PO-2001", 1, "cancel", orders.Params(), NOW, idempotency_key="po-2001")
    assert _state(issued)[2].version == 1


def _asn(number="ASN-1", qty="30"):
    return Shipment(number, "SUP-A", "LEAD", NOW, (ShipmentLine("PO-2001", 1, D(qty)),))


def test_shipment_repeat_replays_and_a_different_shipment_is_refused(issued):
    orders.act(issued, SUP_A, "PO-2001", 1, "confirm", orders.Params(), NOW)
    orders.ship(issued, SUP_A, _asn(), NOW, "asn-1")
    assert orders.ship(issued, SUP_A, _asn(), LATER, "asn-1").shipped_at == NOW
    with pytest.raises(IdempotencyKeyReused, match="asn-1"):
        orders.ship(issued, SUP_A, _asn("ASN-2", "40"), NOW, "asn-1")
    with issued.read() as tx:
        assert [s.number for s in tx.shipments.of_order("PO-2001")] == ["ASN-1"]
        assert tx.orders.get("PO-2001").lines[0].shipped_qty == D("30")


def _gr(number="GR-1", qty="30"):
    return Receipt(number, "LEAD", NOW, (ReceiptLine("PO-2001", 1, D(qty)),))


def test_receipt_repeat_returns_the_stored_receipt_and_a_different_one_is_refused(issued):
    orders.act(issued, SUP_A, "PO-2001", 1, "confirm", orders.Params(), NOW)
    first = orders.receive(issued, LEAD, _gr(), NOW, "gr-1")
    assert orders.receive(issued, LEAD, _gr(), LATER, "gr-1") == first
    with pytest.raises(IdempotencyKeyReused, match="gr-1"):
        orders.receive(issued, LEAD, _gr("GR-2", "5"), NOW, "gr-1")
    with issued.read() as tx:
        assert [r.number for r in tx.receipts.of_order("PO-2001")] == ["GR-1"]
        assert [m.delta for m in tx.stock.movements("LEAD", "P-1")] == [D("30")]


def test_a_key_stored_before_fingerprints_still_replays(cluster):
    """Keys written before migration 0009 have no fingerprint; their repeats keep the old answer."""
    orders.create(cluster, LEAD, _po(), NOW)
    with cluster.write() as tx:
        event = tx.events.of("PO-2001")[0]
        tx.events.append([event], "old-key")
    assert orders.create(cluster, LEAD, _po("PO-2099"), NOW, "old-key").id == "PO-2001"
    with cluster.read() as tx, pytest.raises(NotFound):
        tx.orders.get("PO-2099")
