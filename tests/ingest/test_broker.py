"""The embedded broker: start/stop from sync code, port taken, per-member ACL."""

from __future__ import annotations

import socket
import threading
import time

import paho.mqtt.client as paho
import pytest
from paho.mqtt.enums import CallbackAPIVersion

from onefactory.ingest import EmbeddedBroker, Publisher, TelemetrySubscriber, publish_many
from onefactory.model import BrokerUnavailable

from .conftest import Collector, free_port, reachable

pytestmark = pytest.mark.timeout(60)


def test_start_serves_and_stop_frees_the_port():
    broker = EmbeddedBroker("127.0.0.1", free_port())
    broker.start()
    assert broker.running
    assert publish_many(broker.url, [("of/A/S/M/t", b"1")]) == 1
    broker.stop()
    # probe only when stopped: amqtt 0.12 leaks the socket of a TCP probe that sends no CONNECT
    assert not broker.running and not reachable(broker.url)
    broker.stop()  # idempotent
    broker.start()  # the same port again
    assert publish_many(broker.url, [("of/A/S/M/t", b"2")]) == 1
    broker.stop()


def test_port_taken_names_the_port_and_the_settings(caplog):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        broker = EmbeddedBroker("127.0.0.1", port)
        with pytest.raises(BrokerUnavailable) as info:
            broker.start()
    message = str(info.value)
    assert str(port) in message and "--mqtt-port" in message and "ONEFACTORY_MQTT_PORT" in message
    assert "--mqtt-url" in message and not broker.running
    assert [r.getMessage() for r in caplog.records if r.exc_info] == []  # the message alone, no traceback


def _connect_rc(url_port: int, username: str | None, password: str | None) -> bool:
    client = paho.Client(CallbackAPIVersion.VERSION2, client_id="")
    if username:
        client.username_pw_set(username, password)
    result: list[bool] = []
    answered = threading.Event()

    def on_connect(c, u, f, rc, p):
        result.append(not rc.is_failure)
        answered.set()

    client.on_connect = on_connect
    client.connect("127.0.0.1", url_port)
    client.loop_start()
    try:
        return answered.wait(5) and result[0]
    finally:
        client.disconnect()
        client.loop_stop()


@pytest.fixture
def secured():
    broker = EmbeddedBroker(
        "127.0.0.1", free_port(), users={"SUP-A": "a-pw", "platform": "p-pw"}, service_users=("platform",)
    )
    broker.start()
    yield broker
    broker.stop()


def test_users_must_log_in(secured):
    assert _connect_rc(secured.port, "SUP-A", "a-pw")
    assert not _connect_rc(secured.port, "SUP-A", "wrong")
    assert not _connect_rc(secured.port, None, None)


def test_member_may_publish_only_under_its_own_prefix(secured, collector: Collector):
    url = f"mqtt://platform:p-pw@127.0.0.1:{secured.port}"
    with TelemetrySubscriber(url, collector.on_batch, collector.on_reject, client_id="platform-ingest", flush_ms=20):
        with Publisher(f"mqtt://SUP-A:a-pw@127.0.0.1:{secured.port}") as supplier:
            supplier.publish("of/SUP-B/S/M/t", b'{"ts": 1772409600, "value": 666}')  # dropped by the ACL
            supplier.publish("of/SUP-A/S/M/t", b'{"ts": 1772409600, "value": 1}')
        assert collector.wait_for(lambda c: len(c.readings) >= 1)
    assert [(r.member, r.value) for r in collector.readings] == [("SUP-A", 1.0)]


def test_member_may_not_subscribe_to_other_members(secured, collector: Collector):
    url = f"mqtt://SUP-A:a-pw@127.0.0.1:{secured.port}"
    nosy = TelemetrySubscriber(url, collector.on_batch, collector.on_reject, client_id="nosy", timeout_s=2)
    with pytest.raises(BrokerUnavailable, match="could not subscribe to of/#"):
        nosy.start()
    own = TelemetrySubscriber(url, collector.on_batch, collector.on_reject, "own", "of/SUP-A/#", timeout_s=5)
    own.start()
    own.stop()


def test_a_refused_publish_is_counted_per_user_and_prefix_and_logged_once(secured, caplog):
    """MQTT 3.1.1 acknowledges a refused publish; the count and one log line are the trace."""
    client = paho.Client(CallbackAPIVersion.VERSION2, client_id="spoofer")
    client.username_pw_set("SUP-A", "a-pw")
    client.connect("127.0.0.1", secured.port)
    client.loop_start()
    try:
        with caplog.at_level("WARNING", logger="onefactory.ingest.broker"):
            for topic in ("of/SUP-B/S/TST-4/spoof", "of/SUP-B/S/TST-5/spoof", "of/SUP-B/S/TST-4/spoof", "x/y/z"):
                client.publish(topic, b'{"ts": 1772409600, "value": 1}', qos=1).wait_for_publish(5)
            deadline = time.monotonic() + 5  # amqtt checks the ACL after its PUBACK
            while secured.denied.total < 4 and time.monotonic() < deadline:
                time.sleep(0.02)
    finally:
        client.disconnect()
        client.loop_stop()
    assert secured.denied.rows() == [
        {"user": "SUP-A", "topic_prefix": "of/SUP-B", "count": 3},
        {"user": "SUP-A", "topic_prefix": "x/y", "count": 1},
    ]
    warned = [r.getMessage() for r in caplog.records if r.name == "onefactory.ingest.broker"]
    assert [m.split(":")[0] for m in warned] == [
        "MQTT user SUP-A may not publish under of/SUP-B (topic of/SUP-B/S/TST-4/spoof)",
        "MQTT user SUP-A may not publish under x/y (topic x/y/z)",
    ]


def test_a_broker_whose_shutdown_fails_still_frees_its_port(caplog):
    """amqtt closes its listening sockets last in ``shutdown``; when its broadcast loop ends with an
    exception before that, the port stayed taken and a restart on it failed (seen as a flaky
    broker-restart test)."""
    port = free_port()
    broker = EmbeddedBroker("127.0.0.1", port)
    broker.start()
    inner = broker._broker

    async def failing_shutdown() -> None:
        raise RuntimeError("broadcast loop stopped by exception")

    inner.shutdown = failing_shutdown  # type: ignore[method-assign]
    broker.stop()
    assert "embedded MQTT broker shutdown failed" in caplog.text
    again = EmbeddedBroker("127.0.0.1", port)
    again.start()  # raised BrokerUnavailable "port ... already in use" before
    again.stop()
