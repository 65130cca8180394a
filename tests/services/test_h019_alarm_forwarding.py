"""H019: alarms forwarded to MQTT on a topic built from member and machine name, where the
names hold a tab, NUL, '#', '+', a newline or 70 KB.

The product builds the topic from safe levels (``ingest.safe_level``: percent-encoding,
a hashed cut for long text), so all 8 alarms arrive, each exactly once, the two plain
names unchanged, and the forwarding client never gets disconnected by the broker.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta

import paho.mqtt.client as paho
import pytest
from paho.mqtt.enums import CallbackAPIVersion

from onefactory.ingest import Publisher, TelemetrySubscriber, encode_value, resource_topic, safe_level
from onefactory.ingest.urls import BrokerUrl
from onefactory.model import Resource
from onefactory.monitor.rules import AlarmRules, ThresholdRule
from onefactory.notify import HttpSender
from onefactory.services import telemetry
from onefactory.services.alarm_forwarding import ForwardRule
from onefactory.services.alarm_monitor import AlarmMonitor

from support import seed_members, shared_path


class Listener:
    """A plain MQTT client subscribed to the alarm topics, keeping what arrives."""

    def __init__(self, url: str, pattern: str) -> None:
        self.got: list[tuple[str, dict]] = []
        self._lock = threading.Lock()
        self._ready = threading.Event()
        parts = BrokerUrl.parse(url)
        self.client = paho.Client(CallbackAPIVersion.VERSION2, client_id=f"t-listen-{uuid.uuid4().hex[:8]}")
        self.client.on_connect = lambda c, u, f, rc, p: c.subscribe(pattern, qos=1)
        self.client.on_subscribe = lambda *a: self._ready.set()
        self.client.on_message = self._on_message
        self.client.connect(parts.host, parts.port)
        self.client.loop_start()
        assert self._ready.wait(10), "listener not subscribed"

    def _on_message(self, client, userdata, msg) -> None:
        with self._lock:
            self.got.append((msg.topic, json.loads(msg.payload)))

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


def test_h019_every_alarm_arrives_once_on_a_safe_topic_and_the_client_stays_connected(file_store, broker_url):
    store = file_store
    case = json.loads(shared_path("hazards", "H019", "machines.json").read_text(encoding="utf-8"))
    rule = json.loads(shared_path("hazards", "H019", "alarm_rule.json").read_text(encoding="utf-8"))
    member, machines = case["member"], case["machines"]
    seed_members(store)
    with store.write() as tx:
        tx.resources.put_many([Resource(member, m["machine_id"], m["name"]) for m in machines])
    forward = ForwardRule(rule["action"]["publish_topic_template"], rule["action"]["qos"])
    rules = AlarmRules([ThresholdRule("forward over-temperature", "temp", above=100)])
    monitor = AlarmMonitor(store, rules, HttpSender(), lambda: datetime.now(UTC), tick_s=3600, forward_rule=forward)
    publisher = Publisher(broker_url, client_id=f"t-fwd-{uuid.uuid4().hex[:8]}").connect()
    drops: list[object] = []
    publisher._client.on_disconnect = lambda *a: drops.append(a)  # the broker must never drop the forwarder
    monitor.publisher = publisher
    listener = Listener(broker_url, f"alarms/{member}/#")
    site = "S" + uuid.uuid4().hex[:8]
    sub = TelemetrySubscriber(
        broker_url,
        lambda batch: (telemetry.store_batch(store, batch), monitor.feed_many(batch)),
        lambda *_: None,
        client_id=f"t-ingest-{site}",
        topic_filter=f"of/{member}/{site}/#",
        flush_ms=50,
    )
    sub.start()
    monitor.start()
    try:
        now = datetime.now(UTC)
        msgs = [
            (
                resource_topic(member, site, m["machine_id"], "temp"),
                encode_value(now + timedelta(milliseconds=i), 150.0),
            )
            for i, m in enumerate(machines)
        ]
        with Publisher(broker_url, client_id=f"t-pub-{site}") as pub:
            pub.publish_many(msgs)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and len(listener.got) < len(machines):
            time.sleep(0.05)
        time.sleep(1.0)  # anything arriving twice would come now
    finally:
        sub.stop()
        monitor.stop()
        listener.close()
    expected = {f"alarms/{member}/{safe_level(m['name'])}": m["machine_id"] for m in machines}
    counts = Counter(topic for topic, _ in listener.got)
    assert counts == Counter(dict.fromkeys(expected, 1))  # all 8, each exactly once
    assert {topic: body["resource"] for topic, body in listener.got} == expected
    assert counts[f"alarms/{member}/Press-2"] == 1 and counts[f"alarms/{member}/프레스-5"] == 1
    assert f"alarms/{member}/Press%231" in counts and f"alarms/{member}/Press%091" in counts
    long_topic = next(t for t, r in expected.items() if r == "M-196")
    assert len(long_topic.encode()) == len(f"alarms/{member}/".encode()) + 120  # safe_level cuts at 120 bytes
    assert drops == [] and publisher._client is not None and publisher._client.is_connected()
    assert monitor.stats.errors == 0
    publisher.close()


def test_a_forward_template_with_unknown_fields_or_wildcards_is_refused_before_the_broker():
    from onefactory.model import Alarm, InvalidData
    from onefactory.services.alarm_forwarding import forward_topic

    alarm = Alarm("al-1", "SUP-KR1", "M-193", "temp-high", "major", "raised", datetime(2026, 6, 1, tzinfo=UTC))
    with pytest.raises(InvalidData, match="topic template field 'machine'"):
        ForwardRule("alarms/{machine}")
    with pytest.raises(InvalidData, match="contains '#'"):
        forward_topic(ForwardRule("alarms/#/{member}"), alarm, "Press-2")
    assert forward_topic(ForwardRule("plant/{member}/{severity}/{machine_name}"), alarm, "Press+1") == (
        "plant/SUP-KR1/major/Press%2B1"
    )
