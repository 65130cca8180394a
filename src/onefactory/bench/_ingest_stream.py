"""The ``ingest`` benchmark's traffic: SKAB rows as MQTT messages, the broker it runs on,
the device-side publisher (a separate process, like real machines) and the bare counting
subscriber that gives the transport baseline.

Each SKAB file is one pump of member ``SKAB``; each row becomes one multi-signal message
``{prefix}/SKAB/testbed/{pump}/_`` with ``{"ts": <ISO UTC>, "values": {8 signals}}``. The
topic prefix is unique per run, so other users of a shared Mosquitto never see the traffic
and none of theirs is counted."""

from __future__ import annotations

import json
import multiprocessing
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import paho.mqtt.client as paho

from onefactory.ingest import BrokerUrl
from onefactory.ingest.publisher import paho_client

from ._skab_data import SkabFile

MEMBER = "SKAB"
SITE = "testbed"
MOSQUITTO = ("127.0.0.1", 1883)
SIGNAL_NAMES = {
    "Accelerometer1RMS": "accel1_rms_g",
    "Accelerometer2RMS": "accel2_rms_g",
    "Current": "current_a",
    "Pressure": "pressure_bar",
    "Temperature": "motor_temp_c",
    "Thermocouple": "fluid_temp_c",
    "Voltage": "voltage_v",
    "Volume Flow RateRMS": "flow_l_min",
}

Message = tuple[str, bytes]


def pump_code(f: SkabFile) -> str:
    """``valve1/3.csv`` -> ``valve1-3``: the resource code of one SKAB experiment."""
    return f.name.removesuffix(".csv").replace("/", "-")


def messages(files: list[SkabFile], prefix: str) -> list[Message]:
    """One multi-signal message per SKAB row, file after file."""
    out: list[Message] = []
    for f in files:
        topic = f"{prefix}/{MEMBER}/{SITE}/{pump_code(f)}/_"
        columns = [(SIGNAL_NAMES[k], v.tolist()) for k, v in f.signals.items()]
        for i, stamp in enumerate(f.times):
            ts = datetime.fromisoformat(stamp).replace(tzinfo=UTC).isoformat()
            values = {name: col[i] for name, col in columns}
            out.append((topic, json.dumps({"ts": ts, "values": values}, separators=(",", ":")).encode()))
    return out


def new_prefix() -> str:
    """A topic prefix of its own for one run."""
    return f"ofbench-{uuid.uuid4().hex[:10]}"


def _answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@contextmanager
def broker() -> Iterator[tuple[str, str]]:
    """``(url, name)`` of Mosquitto at 127.0.0.1:1883 when it answers, else of an embedded broker."""
    if _answers(*MOSQUITTO):
        yield f"mqtt://{MOSQUITTO[0]}:{MOSQUITTO[1]}", "mosquitto"
        return
    from onefactory.ingest import EmbeddedBroker

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    embedded = EmbeddedBroker("127.0.0.1", port)
    embedded.start()
    try:
        yield embedded.url, "embedded (amqtt)"
    finally:
        embedded.stop()


def _host_port(url: str) -> tuple[str, int]:
    parsed = BrokerUrl.parse(url)
    return parsed.host, parsed.port


def _client(url: str, client_id: str = "") -> paho.Client:
    """A plain paho client (clean session) for ``url``: the product's own client factory."""
    return paho_client(BrokerUrl.parse(url), client_id, persistent=False)


def forget_session(url: str, client_id: str) -> None:
    """Drop a persistent session the benchmark left at the broker (connect once with a clean session)."""
    client = _client(url, client_id)
    try:
        client.connect(*_host_port(url))
        client.loop(timeout=0.5)
        client.disconnect()
    except OSError:
        pass


def _publish(url: str, batch: list[Message], qos: int, rate: float, seconds: float, go: Any, out: Any) -> None:
    """Child process: connect, wait for ``go``, publish ``batch`` (paced to ``rate`` msg/s and cycled for
    ``seconds`` when ``rate`` > 0), wait for the acknowledgements, report ``(sent, started, ended)``."""
    client = _client(url)
    client.max_inflight_messages_set(1000)
    client.max_queued_messages_set(0)
    client.connect(*_host_port(url))
    client.loop_start()
    go.wait()
    started = time.monotonic()
    infos, sent = [], 0
    if rate <= 0:
        infos = [client.publish(t, p, qos=qos) for t, p in batch]
        sent = len(batch)
    else:
        while (now := time.monotonic()) < started + seconds:
            due = min(int((now - started) * rate), int(seconds * rate))
            while sent < due:
                topic, payload = batch[sent % len(batch)]
                info = client.publish(topic, payload, qos=qos)
                if qos:
                    infos.append(info)
                sent += 1
            time.sleep(0.002)
    for info in infos:
        info.wait_for_publish(30)
    ended = time.monotonic()
    client.disconnect()
    client.loop_stop()
    out.put((sent, started, ended))


@dataclass
class Device:
    """The publishing machines: a child process that starts publishing on ``go()``."""

    url: str
    batch: list[Message]
    qos: int = 1
    rate: float = 0.0
    seconds: float = 0.0

    def __post_init__(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._go, self._out = ctx.Event(), ctx.Queue()
        args = (self.url, self.batch, self.qos, self.rate, self.seconds, self._go, self._out)
        self._process = ctx.Process(target=_publish, args=args, daemon=True)
        self._process.start()
        time.sleep(0.5)  # let it connect before the clock starts

    def go(self) -> None:
        """Start publishing."""
        self._go.set()

    def result(self, timeout_s: float = 120.0) -> tuple[int, float, float]:
        """``(messages sent, started, ended)`` on the monotonic clock (system-wide on Linux)."""
        result = self._out.get(timeout=timeout_s)
        self._process.join(timeout_s)
        return result


class CountingSubscriber:
    """A bare paho subscriber (QoS 1, automatic acknowledgement) that only counts messages."""

    def __init__(self, url: str, topic_filter: str, expected: int) -> None:
        self.count = 0
        self.last = 0.0
        self._done = threading.Event()
        self._expected = expected
        self._client = _client(url)
        self._client.on_message = self._on_message
        subscribed = threading.Event()
        self._client.on_subscribe = lambda *a: subscribed.set()
        self._client.connect(*_host_port(url))
        self._client.loop_start()
        self._client.subscribe(topic_filter, qos=1)
        subscribed.wait(10)

    def _on_message(self, client: paho.Client, userdata: Any, message: paho.MQTTMessage) -> None:
        self.count += 1
        self.last = time.monotonic()
        if self.count >= self._expected:
            self._done.set()

    def wait(self, quiet_s: float) -> None:
        """Block until the expected number of messages came, or none came for ``quiet_s``
        (a saturated broker drops what overflows its queue)."""
        seen = -1
        while not self._done.wait(quiet_s) and self.count != seen:
            seen = self.count

    def close(self) -> None:
        """Disconnect."""
        self._client.disconnect()
        self._client.loop_stop()
