"""From an alarm on a machine to the orders above it, tier by tier."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from onefactory.exchange.risk import orders_at_risk
from onefactory.model import Alarm, LineStatus, OrderLine, ProductionOrder, SharedOrder

T = datetime(2026, 6, 1, 9, tzinfo=UTC)


def order(i: str, buyer: str, seller: str, item: str, status: str = "confirmed", peg: str = "") -> SharedOrder:
    attrs = {"pegged_to_order": peg} if peg else {}
    line = OrderLine(1, item, Decimal(10), date(2026, 6, 20), status=LineStatus(status), attributes=attrs)
    return SharedOrder(i, buyer, seller, (line,), T)


def mo(code: str, resource: str, serves: str, status: str = "started") -> ProductionOrder:
    return ProductionOrder("T2", code, "X", Decimal(1), resource, T, T + timedelta(days=1), status, serves)


ALARM = Alarm("al-1", "T2", "PRESS-1", "temp-high", "major", "raised", T)


def test_three_tiers_up_to_the_lead_with_reasons():
    orders = [
        order("PO-T1", "LEAD", "T1", "MOD-1"),
        order("PO-T2", "T1", "T2", "PART-7", peg="PO-T1"),  # different item, linked by the peg attribute
        order("PO-T1-B", "LEAD", "T1", "OTHER"),  # T1's other customer order: not served by PO-T2
    ]
    marks = orders_at_risk(ALARM, [mo("MO-1", "PRESS-1", "PO-T2")], orders, T)
    assert [(m.order_id, m.buyer, m.seller, m.depth, m.via) for m in marks] == [
        ("PO-T2", "T1", "T2", 0, "MO-1"),
        ("PO-T1", "LEAD", "T1", 1, "PO-T2"),
    ]
    assert marks[0].reason == "alarm al-1 (temp-high) on T2/PRESS-1; MO-1 makes X for it"
    assert marks[1].reason == "served by PO-T2, which is at risk from supplier alarm al-1"


def test_finished_production_other_machines_and_closed_orders_are_not_at_risk():
    orders = [
        order("PO-A", "T1", "T2", "X"),
        order("PO-B", "T1", "T2", "X", status="closed"),
        order("PO-C", "T1", "T2", "X"),
    ]
    production = [
        mo("MO-1", "PRESS-1", "PO-A", status="done"),
        mo("MO-2", "PRESS-1", "PO-B"),
        mo("MO-3", "PRESS-2", "PO-C"),
    ]
    assert orders_at_risk(ALARM, production, orders, T) == []


def test_each_order_is_marked_once_even_through_two_paths_and_a_cycle():
    orders = [
        order("PO-1", "T1", "T2", "X"),
        order("PO-2", "T1", "T2", "X"),
        order("PO-TOP", "LEAD", "T1", "X"),
        order("PO-BACK", "T2", "LEAD", "X"),  # LEAD also supplies T2: a cycle in the links
    ]
    production = [mo("MO-1", "PRESS-1", "PO-1"), mo("MO-2", "PRESS-1", "PO-2"), mo("MO-3", "PRESS-1", "PO-1")]
    ids = [m.order_id for m in orders_at_risk(ALARM, production, orders, T)]
    assert sorted(ids) == ["PO-1", "PO-2", "PO-BACK", "PO-TOP"]
    assert len(ids) == len(set(ids))


def window(code: str, start: datetime, days: int, serves: str, status: str = "released") -> ProductionOrder:
    return ProductionOrder("T2", code, "X", Decimal(1), "PRESS-1", start, start + timedelta(days=days), status, serves)


RECORDED = datetime(2026, 12, 4, 7, tzinfo=UTC)
SCHEDULE = [
    window("MO-SEPT", datetime(2026, 9, 30, tzinfo=UTC), 3, "PO-SEPT", "started"),  # still open, late
    window("MO-NOW", datetime(2026, 11, 23, tzinfo=UTC), 13, "PO-NOW", "started"),
    window("MO-NEXT", datetime(2026, 12, 10, tzinfo=UTC), 2, "PO-NEXT"),
    window("MO-OLD-DONE", datetime(2026, 9, 30, tzinfo=UTC), 3, "PO-DONE", "done"),
]
OPEN = [order(i, "T1", "T2", "X") for i in ("PO-SEPT", "PO-NOW", "PO-NEXT", "PO-DONE")]


def alarm_at(raised: datetime, recorded: datetime = RECORDED) -> Alarm:
    return Alarm("al-9", "T2", "PRESS-1", "robust-z", "major", "raised", raised, recorded_at=recorded)


def test_an_alarm_on_two_month_old_data_marks_only_the_open_order_that_ran_then():
    marks = orders_at_risk(alarm_at(datetime(2026, 10, 1, 16, 15, tzinfo=UTC)), SCHEDULE, OPEN, RECORDED)
    assert [(m.order_id, m.via) for m in marks] == [("PO-SEPT", "MO-SEPT")]


def test_an_alarm_on_old_data_no_open_window_contains_marks_nothing():
    old = alarm_at(datetime(2026, 10, 20, tzinfo=UTC))
    assert orders_at_risk(old, SCHEDULE, OPEN, RECORDED) == []


def test_an_alarm_on_current_data_marks_every_open_order_still_to_run_on_the_resource():
    current = alarm_at(RECORDED - timedelta(hours=1))  # exactly CURRENT_DATA old: still current
    marks = orders_at_risk(current, SCHEDULE, OPEN, RECORDED)
    assert [(m.order_id, m.via) for m in marks] == [
        ("PO-SEPT", "MO-SEPT"),
        ("PO-NOW", "MO-NOW"),
        ("PO-NEXT", "MO-NEXT"),
    ]


def test_data_just_over_the_staleness_bound_is_old():
    stale = alarm_at(RECORDED - timedelta(hours=1, seconds=1))
    assert [m.order_id for m in orders_at_risk(stale, SCHEDULE, OPEN, RECORDED)] == ["PO-NOW"]
