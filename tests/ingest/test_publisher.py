"""Publisher store and forward and its packet-size check, against the embedded broker (no shared data)."""

from __future__ import annotations

import pytest

from onefactory.ingest import EmbeddedBroker, Publisher, TelemetrySubscriber, packet_bytes
from onefactory.model import BrokerUnavailable, InvalidData

from .conftest import Collector, free_port
from .gate import TcpGate

pytestmark = [pytest.mark.mqtt, pytest.mark.timeout(60)]


def test_buffered_publisher_delivers_what_it_published_before_the_broker_came_up(member, collector):
    broker = EmbeddedBroker("127.0.0.1", free_port())
    broker.start()
    gate = TcpGate(broker.port)  # the publisher's way to the broker: closed until the subscriber listens
    topic = f"of/{member}/S1/M-1/seq"
    publisher = Publisher(gate.url, f"buf-{member}", buffered=True, max_reconnect_s=1).connect()
    try:
        for seq in range(1, 6):
            publisher.publish(topic, f'{{"ts": {1772409600 + seq}, "value": {seq}}}')
        assert publisher.pending == 5
        with _subscriber(broker.url, member, collector) as subscriber:
            assert subscriber.subscribed  # start() returned: the subscription exists
            gate.open()  # the broker "comes up" for the publisher
            assert publisher.flush(10)
            assert collector.wait_for(lambda c: len(c.readings) == 5)
    finally:
        publisher.close()
        gate.close()
        broker.stop()
    assert [r.value for r in collector.readings] == [1.0, 2.0, 3.0, 4.0, 5.0]
    assert publisher.failed_sends == 0


def _subscriber(url: str, member: str, collector: Collector) -> TelemetrySubscriber:
    return TelemetrySubscriber(url, collector.on_batch, collector.on_reject, f"sub-{member}", f"of/{member}/#")


def test_a_full_buffer_raises_instead_of_dropping(member):
    url = f"mqtt://127.0.0.1:{free_port()}"  # nothing listens there
    publisher = Publisher(url, timeout_s=0.5, buffered=True, buffer_limit=2).connect()
    try:
        publisher.publish_many([(f"of/{member}/S1/M-1/t", b"1"), (f"of/{member}/S1/M-1/t", b"2")])
        with pytest.raises(BrokerUnavailable, match="outbound buffer full: 2 message"):
            publisher.publish(f"of/{member}/S1/M-1/t", b"3")
    finally:
        publisher.close()
    assert publisher.failed_sends == 1


def test_a_message_above_the_packet_limit_is_refused_before_sending(embedded, member):
    topic, payload = f"of/{member}/S1/M-1/t", b"x" * 5000
    size = packet_bytes(topic, payload, qos=1)
    with Publisher(embedded.url, max_packet_bytes=4096) as publisher:
        with pytest.raises(InvalidData, match=f"is {size:,} bytes .* limit of 4,096 bytes"):
            publisher.publish(topic, payload)
        publisher.publish(topic, b"21.5")  # the link is untouched
    assert publisher.failed_sends == 1


def test_qos0_publishes_do_not_fake_the_ack_of_a_later_qos1_message(embedded, member):
    with Publisher(embedded.url) as publisher:
        publisher.publish_many([(f"of/{member}/S1/M-1/t", b"1")] * 50, qos=0)
        assert publisher.flush(5)
        assert (publisher.pending, publisher._acks.early) == (0, set())  # noqa: SLF001 - no stray early ack left
        publisher.publish(f"of/{member}/S1/M-1/t", b"2")
        assert publisher.pending == 0
