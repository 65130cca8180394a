"""The store contract, run over in-memory SQLite, a SQLite file and PostgreSQL."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal as D

import pytest

from onefactory import exchange as ex
from onefactory.model import (
    Conflict,
    InvalidData,
    Item,
    KeyUse,
    Member,
    MemberRole,
    MovementKind,
    OrderLine,
    Reading,
    SharedOrder,
    StockMovement,
)

AT = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def _members(store):
    with store.write() as tx:
        tx.members.add(Member("LEAD", "Lead", MemberRole.LEAD))
        tx.members.add(Member("SUP-A", "A", MemberRole.TIER1))


def _order(qty="100", **attrs):
    line = OrderLine(1, "00420", D(qty), date(2026, 7, 1), attributes=attrs)
    return SharedOrder("PO-1", "LEAD", "SUP-A", (line,), AT)


def test_order_round_trip_keeps_exact_text_and_decimals(any_store):
    _members(any_store)
    with any_store.write() as tx:
        tx.orders.add(_order("0.000001", serial="9007199254740993", lot="0000000001"))
    with any_store.read() as tx:
        line = tx.orders.get("PO-1").lines[0]
    assert line.item == "00420" and line.qty == D("0.000001")
    assert line.attributes == {"serial": "9007199254740993", "lot": "0000000001"}


def test_stale_version_is_a_conflict_and_changes_nothing(any_store):
    _members(any_store)
    with any_store.write() as tx:
        tx.orders.add(_order())
    seller = ex.Actor("SUP-A", "kim", ex.lifecycle.Side.SELLER)
    step = ex.confirm(_order(), 1, seller, AT)
    with any_store.write() as tx:
        tx.orders.save(step.order, 1)
    with pytest.raises(Conflict, match="version 2, expected 1"), any_store.write() as tx:
        tx.orders.save(step.order, 1)
    with any_store.read() as tx:
        assert tx.orders.get("PO-1").version == 2


def test_failed_transaction_leaves_no_trace(any_store):
    _members(any_store)
    with pytest.raises(RuntimeError), any_store.write() as tx:
        tx.orders.add(_order())
        tx.events.append([ex.confirm(_order(), 1, ex.Actor("SUP-A", "k", ex.lifecycle.Side.SELLER), AT).events[0]])
        raise RuntimeError("boom")
    with any_store.read() as tx:
        assert tx.orders.find("PO-1") is None and tx.events.count() == 0


def test_idempotency_key_is_remembered_per_member(any_store):
    _members(any_store)
    event = ex.confirm(_order(), 1, ex.Actor("SUP-A", "k", ex.lifecycle.Side.SELLER), AT).events[0]
    with any_store.write() as tx:
        tx.events.append([event], "key-1", "f" * 64)
    with any_store.read() as tx:
        assert tx.events.seen("SUP-A", "key-1") == KeyUse("PO-1", "f" * 64)
        assert tx.events.seen("LEAD", "key-1") is None


def test_idempotency_key_goes_on_the_first_event_only(any_store):
    """A keyed batch keeps one key use; a key without a fingerprint reads back as None."""
    _members(any_store)
    seller = ex.Actor("SUP-A", "k", ex.lifecycle.Side.SELLER)
    events = [ex.confirm(_order(), 1, seller, AT).events[0], ex.reject(_order(), 1, seller, AT, "no").events[0]]
    with any_store.write() as tx:
        tx.events.append(events, "key-2")
        tx.events.append(events)
    with any_store.read() as tx:
        assert tx.events.seen("SUP-A", "key-2") == KeyUse("PO-1", None)
        assert tx.events.count() == 4


def test_stock_never_goes_negative(any_store):
    _members(any_store)
    move = StockMovement("SUP-A", "P-1", D("5"), MovementKind.OPENING, AT, "WH", "L1")
    with any_store.write() as tx:
        tx.stock.apply([move])
    with pytest.raises(InvalidData, match="would go negative: 5 \\+ -6 = -1"), any_store.write() as tx:
        tx.stock.apply([StockMovement("SUP-A", "P-1", D("-6"), MovementKind.ISSUE, AT, "WH", "L1")])
    with any_store.read() as tx:
        assert [p.qty for p in tx.stock.of("SUP-A")] == [D("5")]
        assert len(tx.stock.movements("SUP-A")) == 1


def test_readings_batch_keeps_same_ms_samples_and_skips_redelivery(any_store):
    _members(any_store)
    t = AT + timedelta(milliseconds=1)
    batch = [
        Reading("SUP-A", "M-1", "temp", t, 20.0),
        Reading("SUP-A", "M-1", "temp", t, 21.0),
        Reading("SUP-A", "M-1", "temp", AT, 19.0),
    ]
    with any_store.write() as tx:
        assert tx.readings.append_many(batch) == 3
        assert tx.readings.append_many(batch[:1]) == 0  # a QoS 1 redelivery is not counted as stored
    with any_store.read() as tx:
        got = tx.readings.range("SUP-A", "M-1", "temp")
    assert [(r.ts, r.value) for r in got] == [(AT, 19.0), (t, 20.0), (t, 21.0)]


def test_items_replace_by_code_keeps_codes_exact(any_store):
    _members(any_store)
    rows = [
        Item("SUP-A", code, description=desc)
        for code, desc in (("00060", "N/A"), ("1E3", None), ("NA", "None"), ("12345678901234567890", "#N/A"))
    ]
    with any_store.write() as tx:
        tx.items.put_many(rows)
        tx.items.put_many(rows[:1])
    with any_store.read() as tx:
        got = {i.code: i.description for i in tx.items.of("SUP-A")}
    assert got == {"00060": "N/A", "1E3": None, "NA": "None", "12345678901234567890": "#N/A"}


def test_a_notification_answer_keeps_who_and_when(any_store):
    from onefactory.model import NotFound, Notification

    _members(any_store)
    with any_store.write() as tx:
        tx.notifications.add(Notification("nt-1", "SUP-A", "LEAD", "quality", "SPC signal", AT))
    acked = Notification("nt-1", "SUP-A", "LEAD", "quality", "SPC signal", AT).answered("acknowledge", "lead-qa", AT)
    closed = acked.answered("close", "lead-boss", AT + timedelta(hours=1))
    with any_store.write() as tx:
        tx.notifications.answer(closed)
    with any_store.read() as tx:
        got = tx.notifications.get("nt-1", "LEAD")
        with pytest.raises(NotFound):
            tx.notifications.get("nt-1", "SUP-A")
    assert (got.status.value, got.acknowledged_by, got.acknowledged_at) == ("closed", "lead-qa", AT)
    assert (got.closed_by, got.closed_at) == ("lead-boss", AT + timedelta(hours=1))


def test_inspections_between_include_both_ends_and_keep_exact_values(any_store):
    from onefactory.model import InspectionResult

    _members(any_store)
    rows = [InspectionResult("SUP-A", "P-1", f"L{h}", "bore", D(f"10.{h}0"), AT + timedelta(hours=h)) for h in range(4)]
    with any_store.write() as tx:
        tx.inspections.append_many([*rows, InspectionResult("SUP-A", "P-1", "L1", "width", D(5), AT)])
    with any_store.read() as tx:
        got = tx.inspections.between("SUP-A", "P-1", "bore", AT + timedelta(hours=1), AT + timedelta(hours=2))
    assert [(r.lot, str(r.value), r.at) for r in got] == [
        ("L1", "10.10", AT + timedelta(hours=1)),
        ("L2", "10.20", AT + timedelta(hours=2)),
    ]


def test_grants_to_a_grantee_are_its_own_and_the_clusters_only(any_store):
    from onefactory.model import CLUSTER, Grant, Member

    _members(any_store)
    with any_store.write() as tx:
        tx.members.add(Member("SUP-B", "B", MemberRole.TIER1))
        tx.grants.add(Grant("g-1", "SUP-A", "LEAD", "inventory", AT))
        tx.grants.add(Grant("g-2", "SUP-A", CLUSTER, "capacity", AT + timedelta(hours=1)))
        tx.grants.add(Grant("g-3", "SUP-A", "SUP-B", "quality", AT + timedelta(hours=2)))
        tx.grants.add(Grant("g-4", "LEAD", CLUSTER, "items", AT + timedelta(hours=3)))
        tx.grants.revoke("g-1", "SUP-A", AT + timedelta(days=1))
    with any_store.read() as tx:
        assert [(g.id, g.revoked_at is None) for g in tx.grants.to_grantee("LEAD")] == [("g-2", True), ("g-1", False)]
        assert [g.id for g in tx.grants.to_grantee("SUP-B")] == ["g-4", "g-3", "g-2"]
        assert [g.id for g in tx.grants.to_grantee("SUP-A")] == ["g-4"]


def test_the_database_refuses_a_second_identical_active_grant_but_not_one_after_a_revoke(any_store):
    """The service refuses an identical active grant; two simultaneous requests could both pass
    its check, so the database holds the rule too (a partial unique index, migration 0012)."""
    from onefactory.model import Conflict, Grant

    _members(any_store)
    with any_store.write() as tx:
        tx.grants.add(Grant("g-1", "SUP-A", "LEAD", "inventory", AT))
    with pytest.raises(Conflict, match="clashes with data already stored"), any_store.write() as tx:
        tx.grants.add(Grant("g-2", "SUP-A", "LEAD", "inventory", AT + timedelta(seconds=1)))
    with any_store.write() as tx:
        tx.grants.add(Grant("g-3", "SUP-A", "LEAD", "capacity", AT))  # another scope
        tx.grants.revoke("g-1", "SUP-A", AT + timedelta(hours=1))
        tx.grants.add(Grant("g-4", "SUP-A", "LEAD", "inventory", AT + timedelta(hours=2)))  # after the revoke
    with any_store.read() as tx:
        assert sorted((g.id, g.revoked_at is None) for g in tx.grants.to_grantee("LEAD")) == [
            ("g-1", False),
            ("g-3", True),
            ("g-4", True),
        ]
