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


def test_quantities_in_refusals_are_written_plainly_not_in_exponent_form():
    with pytest.raises(InvalidData) as err:
        ex.confirm(order("5.000"), 1, SELLER, AT, qty=D("1E+3"))
    assert str(err.value) == "confirmed qty must be > 0 and <= ordered 5, got 1000"
    confirmed = ex.confirm(order("2.50"), 1, SELLER, AT).order
    with pytest.raises(InvalidData) as err:
        ex.request_change(confirmed, 1, BUYER, AT, qty=D("-1E-7"))
    assert str(err.value) == "new qty must be > 0 and >= shipped 0, got -0.0000001"
    with pytest.raises(InvalidData) as err:
        ex.ship(confirmed, Shipment("ASN-1", "SUP-A", "LEAD", AT, (ShipmentLine("PO-1", 1, D("1E+3")),)), SELLER, AT)
    assert str(err.value) == "over-delivery on order PO-1 line 1: shipping 1000 on top of 0 exceeds the agreed 2.5"


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


def test_a_receipt_citing_no_asn_beyond_what_shipped_is_accepted_and_counted():
    o = ex.confirm(order("30"), 1, SELLER, AT).order
    o = ex.ship(o, Shipment("ASN-1", "SUP-A", "LEAD", AT, (ShipmentLine("PO-1", 1, D("20")),)), SELLER, AT).order
    step, checks = ex.receive(o, Receipt("GR-1", "LEAD", AT, (ReceiptLine("PO-1", 1, D("25")),)), BUYER, AT)
    assert [(c.over_qty, c.beyond_shipped) for c in checks] == [(D(0), D(5))]
    _, again = ex.receive(step.order, Receipt("GR-2", "LEAD", AT, (ReceiptLine("PO-1", 1, D("1")),)), BUYER, AT)
    assert [c.beyond_shipped for c in again] == [D(1)]  # only what this receipt adds beyond the shipped 20
    cited = Receipt("GR-3", "LEAD", AT, (ReceiptLine("PO-1", 1, D("25"), shipment="ASN-1"),))
    assert [c.beyond_shipped for c in ex.receive(o, cited, BUYER, AT)[1]] == [D(0)]  # the ASN check covers it


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


def _received(o, *qtys, tolerance_pct=D(0)):
    for n, q in enumerate(qtys, 1):
        receipt = Receipt(f"GR-{n}", "LEAD", AT, (ReceiptLine("PO-1", 1, D(q)),))
        step, checks = ex.receive(o, receipt, BUYER, AT, tolerance_pct=tolerance_pct)
        o = step.order
    return o, checks


def test_by_default_nothing_beyond_the_agreed_quantity_is_received_and_less_is_fine():
    o = ex.confirm(order("100"), 1, SELLER, AT).order
    partial, _ = _received(o, "60", "39")
    assert (partial.lines[0].received_qty, partial.lines[0].status) == (D(99), LineStatus.PARTIALLY_RECEIVED)
    with pytest.raises(InvalidData) as err:
        _received(partial, "2")
    assert str(err.value) == (
        "receipt GR-1: over-receipt of 1 on order PO-1 line 1: ordered 100, already received 99, "
        "receiving 2 exceeds the over-receipt tolerance of 0%"
    )


def test_a_default_tolerance_admits_up_to_its_percent_flagged_and_a_lines_own_tolerance_wins():
    o = ex.confirm(order("100"), 1, SELLER, AT).order
    full, checks = _received(o, "60", "50", tolerance_pct=D(10))
    assert (full.lines[0].received_qty, checks[-1].over_qty) == (D(110), D(10))
    with pytest.raises(InvalidData, match=r"of 10.5 .* already received 60, receiving 50.5 exceeds .* of 10%"):
        _received(o, "60", "50.5", tolerance_pct=D(10))
    own = ex.confirm(order("100", tolerance="1"), 1, SELLER, AT).order
    with pytest.raises(InvalidData, match="tolerance of 1%"):
        _received(own, "102", tolerance_pct=D(10))


def test_a_partly_confirmed_line_names_agreed_and_ordered():
    o = ex.confirm(order("100"), 1, SELLER, AT, qty=D("80")).order
    with pytest.raises(InvalidData) as err:
        _received(o, "81")
    assert "on order PO-1 line 1: agreed 80 (ordered 100), already received 0, receiving 81" in str(err.value)


def test_receipts_against_an_asn_may_not_exceed_what_it_shipped_beyond_the_tolerance():
    asn = Shipment("ASN-1", "SUP-A", "LEAD", AT, (ShipmentLine("PO-1", 1, D("40")),))
    assert ex.asn_excess(asn, D("30"), D("10"), D(0)) == 0
    assert ex.asn_excess(asn, D("30"), D("12"), D(5)) == D(2)
    with pytest.raises(InvalidData) as err:
        ex.asn_excess(asn, D("30"), D("11"), D(0))
    assert str(err.value) == (
        "over-receipt of 1 against ASN ASN-1: shipped 40, already received 30, receiving 11 "
        "exceeds the over-receipt tolerance of 0%"
    )
