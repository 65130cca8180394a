"""Alarms through the store: dedup, orders at risk, disruption notices, ack/clear,
escalation with a fake clock, and who may see what (with the access log)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from alarm_cluster import admin, seed_chain
from onefactory.model import AlarmStatus, Forbidden, InvalidTransition, NotFound, Severity
from onefactory.monitor.alarms import Condition
from onefactory.monitor.escalation import DEFAULT_POLICY
from onefactory.monitor.rules import Ended
from onefactory.services import alarm_views, alarms, notices

from support import NOW


def cond(minutes: float = 0, value: float = 150.0, member: str = "SUP-KR1") -> Condition:
    return Condition(
        member, "M-1", "temp", "temp-high", Severity.MAJOR, value, NOW + timedelta(minutes=minutes), "temp > 100"
    )


def test_one_alarm_marks_the_chain_at_risk_and_each_buyer_gets_one_notice(any_store):
    store = seed_chain(any_store)
    first = alarms.record_changes(store, [cond()], NOW)
    again = alarms.record_changes(store, [cond(1, 160), cond(2, 170)], NOW + timedelta(minutes=2))
    assert [c.kind for c in first + again] == ["raised", "repeated", "repeated"]
    alarm_id = first[0].alarm.id
    with store.read() as tx:
        stored = tx.alarms.of("SUP-KR1")
        risks = tx.risks.of_alarm(alarm_id)
        notes = [n for n in tx.notifications.for_member(None) if n.kind == "disruption"]
        kinds = [e.kind for e in tx.alarm_events.of(alarm_id)]
    assert [(a.id, a.count, a.value, a.last_seen) for a in stored] == [(alarm_id, 3, 170.0, NOW + timedelta(minutes=2))]
    assert [(m.order_id, m.buyer, m.depth) for m in risks] == [("PO-2", "SUP-A", 0), ("PO-1", "LEAD", 1)]
    assert sorted((n.sender, n.recipient, n.refs["order"], n.refs["alarm"]) for n in notes) == [
        ("SUP-A", "LEAD", "PO-1", alarm_id),
        ("SUP-KR1", "SUP-A", "PO-2", alarm_id),
    ]
    assert kinds == ["raised", "orders-at-risk", "repeated", "repeated"]


def test_customer_acknowledges_and_closes_its_disruption_notice(store):
    seed_chain(store)
    alarms.record_changes(store, [cond()], NOW)
    note = next(n for n in notices.notifications(store, admin("LEAD")) if n.kind == "disruption")
    assert note.subject == "PO-1 at risk: major alarm at a supplier 1 tier below"
    assert notices.answer(store, admin("LEAD"), note.id, "acknowledge", NOW).status.value == "acknowledged"
    assert notices.answer(store, admin("LEAD"), note.id, "close", NOW).status.value == "closed"
    with pytest.raises(NotFound):
        notices.answer(store, admin("SUP-B"), note.id, "close", NOW)


def test_owner_acknowledges_and_clears_and_the_risk_ends(store):
    seed_chain(store)
    alarm_id = alarms.record_changes(store, [cond()], NOW)[0].alarm.id
    with pytest.raises(Forbidden, match="only SUP-KR1"):
        alarms.acknowledge(store, admin("SUP-A"), alarm_id, NOW)
    acked = alarms.acknowledge(store, admin("SUP-KR1"), alarm_id, NOW + timedelta(minutes=3))
    assert (acked.status, acked.acknowledged_by) == (AlarmStatus.ACKNOWLEDGED, "sup-kr1-admin")
    with pytest.raises(InvalidTransition):
        alarms.acknowledge(store, admin("SUP-KR1"), alarm_id, NOW)
    assert alarm_views.at_risk_orders(store) == {"PO-1": 1, "PO-2": 1}
    alarms.clear(store, admin("SUP-KR1"), alarm_id, NOW + timedelta(minutes=9))
    assert alarm_views.at_risk_orders(store) == {}
    fresh = alarms.record_changes(store, [cond(20)], NOW + timedelta(minutes=20))
    assert fresh[0].kind == "raised" and fresh[0].alarm.id != alarm_id


def test_signal_back_to_normal_leaves_the_alarm_waiting_for_an_ack(store):
    seed_chain(store)
    alarm_id = alarms.record_changes(store, [cond()], NOW)[0].alarm.id
    ended = alarms.record_changes(
        store, [Ended("SUP-KR1", "M-1", "temp", "temp-high", NOW + timedelta(minutes=5))], NOW
    )
    assert [(c.kind, c.alarm.status) for c in ended] == [("condition-ended", AlarmStatus.CLEARED_UNACKNOWLEDGED)]
    done = alarms.acknowledge(store, admin("SUP-KR1"), alarm_id, NOW + timedelta(minutes=6))
    assert done.status is AlarmStatus.CLEARED


def test_escalation_crosses_companies_on_a_fake_clock_and_fires_once(any_store):
    store = seed_chain(any_store)
    alarm_id = alarms.record_changes(store, [cond()], NOW)[0].alarm.id
    at = [NOW, NOW + timedelta(minutes=14), NOW + timedelta(minutes=15), NOW + timedelta(minutes=30)]
    fired = [[(e.step, e.member, e.role) for e in alarms.escalate_due(store, t, DEFAULT_POLICY)] for t in at]
    assert fired == [
        [(0, "SUP-KR1", "operator")],
        [],
        [(1, "SUP-KR1", "manager")],
        [(2, "LEAD", "quality-engineer"), (2, "SUP-A", "quality-engineer")],
    ]
    assert alarms.escalate_due(store, NOW + timedelta(minutes=31), DEFAULT_POLICY) == []
    lead_notes = [n for n in notices.notifications(store, admin("LEAD")) if n.kind == "escalation"]
    assert [(n.sender, n.refs["alarm"], n.refs["role"]) for n in lead_notes] == [
        ("SUP-KR1", alarm_id, "quality-engineer")
    ]
    alarms.acknowledge(store, admin("SUP-KR1"), alarm_id, NOW + timedelta(minutes=32))
    assert alarms.escalate_due(store, NOW + timedelta(minutes=239), DEFAULT_POLICY) == []
    late = alarms.escalate_due(store, NOW + timedelta(minutes=240), DEFAULT_POLICY)
    assert [(e.step, e.member) for e in late] == [(3, "LEAD"), (3, "SUP-A")]


def test_customer_sees_the_alarm_only_through_its_notice_and_the_read_is_logged(store):
    seed_chain(store)
    alarm_id = alarms.record_changes(store, [cond()], NOW)[0].alarm.id
    assert alarm_views.visible_alarms(store, admin("SUP-B"), NOW) == []
    with pytest.raises(NotFound):
        alarm_views.alarm_detail(store, admin("SUP-B"), alarm_id, NOW)
    rows = alarm_views.visible_alarms(store, admin("LEAD"), NOW)
    assert [(r.alarm.id, r.orders_at_risk) for r in rows] == [(alarm_id, 2)]
    detail = alarm_views.alarm_detail(store, admin("LEAD"), alarm_id, NOW)
    assert [m.order_id for m in detail.risks] == ["PO-1"]  # not SUP-A's order with SUP-KR1
    with store.read() as tx:
        log = tx.access_log.of_owner("SUP-KR1")
    assert {(e.reader_member, e.resource, e.basis) for e in log} == {("LEAD", f"alarm {alarm_id}", "disruption-notice")}
    pairs = alarm_views.order_alarms(store, admin("LEAD"), "PO-1", NOW)
    assert [(m.order_id, r.alarm.id, r.orders_at_risk) for m, r in pairs] == [("PO-1", alarm_id, 2)]
    with pytest.raises(NotFound):
        alarm_views.order_alarms(store, admin("SUP-B"), "PO-1", NOW)


def test_condition_of_an_unknown_member_is_skipped_not_fatal(store):
    seed_chain(store)
    out = alarms.record_changes(store, [cond(member="NOBODY"), cond()], NOW)
    assert [(c.alarm.member, c.kind) for c in out] == [("SUP-KR1", "raised")]


def test_an_alarm_on_two_hour_old_data_escalates_from_when_it_was_recorded(any_store):
    """Backfilled samples keep their own time as the alarm's raised_at; nobody could have
    acknowledged the alarm before the platform raised it, so escalation counts from then."""
    store = seed_chain(any_store)
    alarm_id = alarms.record_changes(store, [cond(-120)], NOW)[0].alarm.id
    with store.read() as tx:
        stored = tx.alarms.get(alarm_id)
    assert (stored.raised_at, stored.recorded_at) == (NOW - timedelta(hours=2), NOW)
    at = [NOW, NOW + timedelta(minutes=14), NOW + timedelta(minutes=15)]
    fired = [[(e.step, e.member, e.reason) for e in alarms.escalate_due(store, t, DEFAULT_POLICY)] for t in at]
    assert fired == [
        [(0, "SUP-KR1", "no acknowledgement after 0 min")],
        [],
        [(1, "SUP-KR1", "no acknowledgement after 15 min")],
    ]


def test_an_alarm_on_two_month_old_data_marks_no_current_order_and_sends_no_notice(any_store):
    store = seed_chain(any_store)  # MO-1 runs NOW .. NOW + 3 days
    alarm_id = alarms.record_changes(store, [cond(-60 * 24 * 60)], NOW)[0].alarm.id
    with store.read() as tx:
        risks = tx.risks.of_alarm(alarm_id)
        notes = [n for n in tx.notifications.for_member("LEAD") if n.refs.get("alarm") == alarm_id]
    assert (risks, notes) == ([], [])
    assert alarm_views.at_risk_orders(store) == {}


def test_an_alarm_on_data_inside_the_run_window_marks_its_order_even_when_backfilled(any_store):
    store = seed_chain(any_store)
    alarm_id = alarms.record_changes(store, [cond(60)], NOW + timedelta(days=2))[0].alarm.id
    with store.read() as tx:
        risks = tx.risks.of_alarm(alarm_id)
    assert [(m.order_id, m.via) for m in risks] == [("PO-2", "MO-1"), ("PO-1", "PO-2")]


def test_an_alarm_raised_again_marks_the_orders_but_does_not_notify_twice_until_closed(store):
    seed_chain(store)
    first = alarms.record_changes(store, [cond()], NOW)[0].alarm.id
    alarms.clear(store, admin("SUP-KR1"), first, NOW + timedelta(minutes=5))
    second = alarms.record_changes(store, [cond(10)], NOW + timedelta(minutes=10))[0].alarm.id
    with store.read() as tx:
        notes = [n for n in tx.notifications.for_member(None) if n.kind == "disruption"]
        marked = [(m.order_id, m.buyer) for m in tx.risks.of_alarm(second)]
    assert marked == [("PO-2", "SUP-A"), ("PO-1", "LEAD")]  # the orders are at risk again
    names = {first: "first", second: "second"}
    assert sorted((n.recipient, names[n.refs["alarm"]]) for n in notes) == [("LEAD", "first"), ("SUP-A", "first")]
    told = next(n for n in notices.notifications(store, admin("LEAD")) if n.kind == "disruption")
    notices.answer(store, admin("LEAD"), told.id, "close", NOW + timedelta(minutes=11))
    alarms.clear(store, admin("SUP-KR1"), second, NOW + timedelta(minutes=12))
    third = alarms.record_changes(store, [cond(20)], NOW + timedelta(minutes=20))[0].alarm.id
    with store.read() as tx:
        notes = [n for n in tx.notifications.for_member(None) if n.kind == "disruption"]
    names[third] = "third"
    assert sorted((n.recipient, names[n.refs["alarm"]]) for n in notes) == [  # LEAD closed its notice: told anew
        ("LEAD", "first"),
        ("LEAD", "third"),
        ("SUP-A", "first"),
    ]


def test_an_alarms_last_seen_and_value_follow_its_condition_while_it_is_on(store):
    from onefactory.model import Reading
    from onefactory.monitor.rules import AlarmRules, ThresholdRule
    from onefactory.services.alarm_monitor import AlarmMonitor

    seed_chain(store)
    rules = AlarmRules([ThresholdRule("temp-high", "temp", above=100, clear_below=90, severity="major")])
    monitor = AlarmMonitor(store, rules, None, lambda: NOW)  # no webhooks are registered
    at = [NOW + timedelta(seconds=s) for s in range(5)]
    monitor.detect_many(
        [Reading("SUP-KR1", "M-1", "temp", t, v) for t, v in zip(at, [80, 150, 160, 175, 95], strict=True)]
    )
    (alarm,) = alarm_views_of(store)
    assert (alarm.raised_at, alarm.last_seen, alarm.value, alarm.count) == (at[1], at[3], 175.0, 1)
    monitor.detect_many([Reading("SUP-KR1", "M-1", "temp", NOW + timedelta(seconds=9), 190.0)])
    (alarm,) = alarm_views_of(store)
    assert (alarm.last_seen, alarm.value) == (NOW + timedelta(seconds=9), 190.0)


def alarm_views_of(store):
    with store.read() as tx:
        return tx.alarms.of("SUP-KR1")
