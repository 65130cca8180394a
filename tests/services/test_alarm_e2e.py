"""End to end over a real MQTT broker (embedded amqtt, and Mosquitto when it answers):
telemetry in -> one alarm from an anomalous burst -> the production order's customer
orders at risk -> disruption notice acknowledged and closed -> escalation on a fake clock."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta

from alarm_cluster import admin, seed_chain
from onefactory.ingest import Publisher, TelemetrySubscriber, encode_value, resource_topic
from onefactory.model import AlarmStatus, Reading
from onefactory.monitor.rules import default_rules
from onefactory.notify import HttpSender
from onefactory.services import alarm_views, notices, telemetry
from onefactory.services.alarm_monitor import AlarmMonitor


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def wait_until(predicate, timeout_s: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_burst_over_mqtt_raises_one_alarm_that_reaches_the_customer(file_store, broker_url):
    store = file_store
    seed_chain(store)
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=10)
    history = [Reading("SUP-KR1", "M-1", "temp", start + timedelta(seconds=i), 60 + (i % 7) * 0.3) for i in range(200)]
    telemetry.store_batch(store, history)
    clock = Clock(start + timedelta(seconds=300))
    monitor = AlarmMonitor(store, default_rules(), HttpSender(), clock, tick_s=3600)
    assert monitor.warm_up(timedelta(hours=1)) == 200
    site = "S" + uuid.uuid4().hex[:8]
    sub = TelemetrySubscriber(
        broker_url,
        lambda batch: (telemetry.store_batch(store, batch), monitor.feed_many(batch)),
        lambda *_: None,
        client_id=f"t-ingest-{site}",
        topic_filter=f"of/SUP-KR1/{site}/#",
        flush_ms=50,
    )
    sub.start()
    monitor.start()
    try:
        values = [60.5] * 20 + [150.0, 60.4, 151.0, 152.0, 150.5, 149.0, 155.0, 150.0, 153.0, 151.0] + [60.2] * 30
        topic = resource_topic("SUP-KR1", site, "M-1", "temp")
        messages = [(topic, encode_value(start + timedelta(seconds=200 + i), v)) for i, v in enumerate(values)]
        with Publisher(broker_url, client_id=f"t-pub-{site}") as pub:
            pub.publish_many(messages)
        assert wait_until(lambda: monitor.stats.readings >= len(values), 60), monitor.stats
    finally:
        sub.stop()
        monitor.stop()
    with store.read() as tx:
        raised = tx.alarms.of("SUP-KR1")
    assert len(raised) == 1, [(a.id, a.status, a.count) for a in raised]  # one alarm, not a storm
    alarm = raised[0]
    # the third abnormal reading in a row raises it (150.0 at +20 s is cut off by the normal 60.4)
    assert (alarm.resource, alarm.signal, alarm.rule) == ("M-1", "temp", "robust-z")
    assert alarm.raised_at == start + timedelta(seconds=224)  # at 150.5
    # it was last seen at the burst's last abnormal reading (151.0 at +29 s), not where it was raised
    assert (alarm.last_seen, alarm.value) == (start + timedelta(seconds=229), 151.0)
    assert alarm.recorded_at == clock.now  # escalation counts from here, not from the sample's time
    assert alarm.status is AlarmStatus.CLEARED_UNACKNOWLEDGED  # the signal came back; nobody acknowledged yet
    assert alarm_views.at_risk_orders(store) == {"PO-1": 1, "PO-2": 1}
    notes = [n for n in notices.notifications(store, admin("LEAD")) if n.kind == "disruption"]
    assert [(n.sender, n.refs["order"], n.refs["alarm"]) for n in notes] == [("SUP-A", "PO-1", alarm.id)]
    notices.answer(store, admin("LEAD"), notes[0].id, "acknowledge", clock.now)
    assert notices.answer(store, admin("LEAD"), notes[0].id, "close", clock.now).status.value == "closed"

    clock.now = alarm.recorded_at + timedelta(minutes=1)
    monitor.tick()
    clock.now = alarm.recorded_at + timedelta(minutes=15)
    monitor.tick()
    clock.now = alarm.recorded_at + timedelta(minutes=30)
    monitor.tick()
    with store.read() as tx:
        fired = [(e.step, e.member, e.role) for e in tx.escalations.of([alarm.id])]
    assert fired == [
        (0, "SUP-KR1", "operator"),
        (1, "SUP-KR1", "manager"),
        (2, "LEAD", "quality-engineer"),
        (2, "SUP-A", "quality-engineer"),
    ]
