"""TelemetrySubscriber keeps at most ``max_pending`` messages in memory while its consumer is stuck."""

from __future__ import annotations

import json
import threading

import pytest

from onefactory.ingest import TelemetrySubscriber, publish_many

from .conftest import Collector

pytestmark = pytest.mark.timeout(60)


def _messages(member: str, n: int) -> list[tuple[str, bytes]]:
    topic = f"of/{member}/S1/M-1/temp_c"
    return [(topic, json.dumps({"ts": 1772409600 + i, "value": float(i)}).encode()) for i in range(n)]


def _stuck_subscriber(
    url: str, member: str, collector: Collector, release: threading.Event, **options: int
) -> TelemetrySubscriber:
    def on_batch(batch):
        release.wait(30)  # the store is stuck until the test releases it
        collector.on_batch(batch)

    return TelemetrySubscriber(
        url,
        on_batch,
        collector.on_reject,
        client_id=f"bound-{member}",
        topic_filter=f"of/{member}/#",
        flush_ms=20,
        max_pending=5,
        **options,
    )


def test_qos0_flood_is_shed_and_counted_beyond_max_pending(mosquitto_url, member, collector):
    """Mosquitto only: amqtt forwards a QoS 0 publish at the subscription's QoS 1 (then the
    back-pressure case below applies)."""
    release = threading.Event()
    with _stuck_subscriber(mosquitto_url, member, collector, release) as sub:
        publish_many(mosquitto_url, _messages(member, 60), qos=0)
        assert collector.wait_for(lambda c: sub.stats.messages + sub.stats.shed + sub.pending >= 60)
        assert sub.pending <= 5 and sub.stats.shed > 0
        release.set()
        assert collector.wait_for(lambda c: sub.stats.messages + sub.stats.shed == 60)
        assert collector.wait_for(lambda c: len(c.readings) == sub.stats.messages)
    assert sub.stats.messages + sub.stats.shed == 60


def test_qos1_messages_wait_at_the_broker_and_none_is_lost(broker_url, member, collector):
    release = threading.Event()
    with _stuck_subscriber(broker_url, member, collector, release) as sub:
        publish_many(broker_url, _messages(member, 40), qos=1)
        assert not collector.wait_for(lambda c: sub.pending > 5, timeout_s=1.0)
        release.set()
        assert collector.wait_for(lambda c: len(c.readings) == 40, timeout_s=20)
    assert sub.stats.shed == 0
    assert sorted(r.value for r in collector.readings) == [float(i) for i in range(40)]


def test_a_full_ack_window_flushes_without_waiting_for_flush_ms(broker_url, member, collector):
    """A broker stops sending at its in-flight limit (Mosquitto: 20 unacknowledged QoS 1 messages),
    so waiting for ``batch_size`` readings or ``flush_ms`` would only stall the stream."""
    sub = TelemetrySubscriber(
        broker_url,
        collector.on_batch,
        collector.on_reject,
        client_id=f"window-{member}",
        topic_filter=f"of/{member}/#",
        batch_size=1000,
        flush_ms=5000,
        ack_window=10,
    )
    with sub:
        publish_many(broker_url, _messages(member, 20), qos=1)
        assert collector.wait_for(lambda c: len(c.readings) == 20, timeout_s=4)
    assert [len(b) for b in collector.batches] == [10, 10]


def test_with_the_whole_receive_window_qos1_messages_wait_in_the_link_and_none_is_lost(
    mosquitto_url, member, collector
):
    """MQTT 5 at Receive Maximum 65,535 (``onefactory up`` with an existing broker): the broker
    sends everything at once, so the bounded inbox holds the network thread and TCP holds the rest."""
    release = threading.Event()
    messages = _messages(member, 3000)
    with _stuck_subscriber(mosquitto_url, member, collector, release, receive_maximum=65_535) as sub:
        publish_many(mosquitto_url, messages, qos=1)
        assert not collector.wait_for(lambda c: sub.pending > 5, timeout_s=1.0)
        release.set()
        assert collector.wait_for(lambda c: len(c.readings) == 3000, timeout_s=30)
    assert sub.stats.shed == 0
    assert sorted(r.value for r in collector.readings) == [float(i) for i in range(3000)]
