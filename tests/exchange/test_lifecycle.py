"""The shared order's line lifecycle: allowed steps, refused steps, quantities."""

from datetime import UTC, date, datetime
from decimal import Decimal as D

import pytest

from onefactory import exchange as ex
from onefactory.model import (
    InvalidData,
    InvalidTransition,
    LineStatus,
    OrderLine,
    Receipt,
    ReceiptLine,
    SharedOrder,
    Shipment,
    ShipmentLine,
)

AT = datetime(2026, 6, 1, tzinfo=UTC)
DUE = date(2026, 7, 1)


def order(*qtys: str, tolerance: str | None = None) -> SharedOrder:
    lines = tuple(
        OrderLine(i + 1, "P-1", D(q), DUE, over_tolerance_pct=None if tolerance is None else D(tolerance))
        for i, q in enumerate(qtys)
    )
    return SharedOrder("PO-1", "LEAD", "SUP-A", lines, AT)


BUYER = ex.Actor("LEAD", "lee", ex.lifecycle.Side.BUYER)
SELLER = ex.Actor("SUP-A", "kim", ex.lifecycle.Side.SELLER)


def test_full_confirmation_is_confirmed_and_bumps_version():
    step = ex.confirm(order("100"), 1, SELLER, AT)
    assert step.order.lines[0].status is LineStatus.CONFIRMED
    assert step.order.version == 2
    assert [e.kind for e in step.events] == ["confirmed"]


def test_less_quantity_or_other_date_is_partial_confirmation():
    by_qty = ex.confirm(order("100"), 1, SELLER, AT, qty=D("60")).order.lines[0]
    by_date = ex.confirm(order("100"), 1, SELLER, AT, on_date=date(2026, 7, 8)).order.lines[0]
    assert by_qty.status is by_date.status is LineStatus.PARTIALLY_CONFIRMED
    assert by_qty.open_qty == D("60")


def test_only_the_seller_confirms_and_only_once():
    with pytest.raises(InvalidTransition, match="only the seller"):
        ex.confirm(order("100"), 1, BUYER, AT)
    confirmed = ex.confirm(order("100"), 1, SELLER, AT).order
    with pytest.raises(InvalidTransition, match="it is confirmed"):
        ex.confirm(confirmed, 1, SELLER, AT)


def test_confirming_more_than_ordered_is_refused():
    with pytest.raises(InvalidData, match="<= ordered 100"):
        ex.confirm(order("100"), 1, SELLER, AT, qty=D("101"))


def test_change_request_must_be_answered_by_the_other_side():
    confirmed = ex.confirm(order("100"), 1, SELLER, AT).order
    asked = ex.request_change(confirmed, 1, BUYER, AT, qty=D("80"), reason="forecast cut").order
    assert asked.lines[0].status is LineStatus.CHANGE_REQUESTED
    with pytest.raises(InvalidTransition, match="other side"):
        ex.accept_change(asked, 1, BUYER, AT)
    accepted = ex.accept_change(asked, 1, SELLER, AT).order.lines[0]
    assert (accepted.status, accepted.qty, accepted.agreed_qty) == (LineStatus.ACCEPTED, D("80"), D("80"))


def test_declined_change_returns_to_previous_state():
    started = ex.start_production(ex.confirm(order("100"), 1, SELLER, AT).order, 1, SELLER, AT).order
    asked = ex.request_change(started, 1, SELLER, AT, on_date=date(2026, 7, 9)).order
    back = ex.decline_change(asked, 1, BUYER, AT).order.lines[0]
    assert back.status is LineStatus.IN_PRODUCTION and back.change is None


def test_partial_and_repeated_shipments_then_receipts_then_close_with_shortfall():
    o = ex.confirm(order("100"), 1, SELLER, AT).order
    for n, q in (("ASN-1", "30"), ("ASN-2", "50")):
        o = ex.ship(o, Shipment(n, "SUP-A", "LEAD", AT, (ShipmentLine("PO-1", 1, D(q)),)), SELLER, AT).order
    assert (o.lines[0].status, o.lines[0].shipped_qty) == (LineStatus.PARTIALLY_SHIPPED, D("80"))
    step, checks = ex.receive(o, Receipt("GR-1", "LEAD", AT, (ReceiptLine("PO-1", 1, D("80")),)), BUYER, AT)
    assert step.order.lines[0].status is LineStatus.PARTIALLY_RECEIVED and checks[0].over_qty == 0
    closed = ex.close(step.order, 1, BUYER, AT)
    assert closed.order.lines[0].status is LineStatus.CLOSED
    assert closed.events[0].data["shortfall"] == "20"


def test_over_shipment_is_refused_naming_the_line():
    o = ex.confirm(order("10"), 1, SELLER, AT).order
    with pytest.raises(InvalidData, match="over-delivery on order PO-1 line 1"):
        ex.ship(o, Shipment("ASN-1", "SUP-A", "LEAD", AT, (ShipmentLine("PO-1", 1, D("11")),)), SELLER, AT)


def test_over_receipt_beyond_a_set_tolerance_is_refused():
    o = ex.confirm(order("100", tolerance="1"), 1, SELLER, AT).order
    receipt = Receipt("GR-9", "LEAD", AT, (ReceiptLine("PO-1", 1, D("102")),))
    with pytest.raises(InvalidData, match="over-receipt of 2"):
        ex.receive(o, receipt, BUYER, AT)


def test_cancel_from_open_states_but_not_after_shipping():
    o = ex.cancel(order("5"), 1, BUYER, AT, "no longer needed").order
    assert o.lines[0].status is LineStatus.CANCELLED and o.lines[0].open_qty == 0
    shipped = ex.ship(
        ex.confirm(order("5"), 1, SELLER, AT).order,
        Shipment("A", "SUP-A", "LEAD", AT, (ShipmentLine("PO-1", 1, D("1")),)),
        SELLER,
        AT,
    ).order
    with pytest.raises(InvalidTransition):
        ex.cancel(shipped, 1, SELLER, AT, "x")
    with pytest.raises(InvalidData, match="reason"):
        ex.cancel(order("5"), 1, BUYER, AT, " ")


def test_reissue_after_cancel_restores_one_line_not_a_second():
    o = order("50")
    for _ in range(3):
        o = ex.reissue(o, order("50"), BUYER, AT).order
        o = ex.cancel(o, 1, BUYER, AT, "upload withdrawn").order
    o = ex.reissue(o, order("50"), BUYER, AT).order
    assert len(o.lines) == 1 and o.lines[0].status is LineStatus.PROPOSED and o.lines[0].open_qty == D("50")


def test_reissue_refuses_to_overwrite_a_committed_line():
    confirmed = ex.confirm(order("50"), 1, SELLER, AT).order
    with pytest.raises(InvalidData, match="change request"):
        ex.reissue(confirmed, order("60"), BUYER, AT)


def test_non_party_cannot_act():
    with pytest.raises(InvalidTransition, match="not a party"):
        ex.actor_for(order("1"), "SUP-B", "x")
