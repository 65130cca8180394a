"""Fixtures for ingest tests: real brokers (embedded amqtt on a free port, Mosquitto when reachable)."""

from __future__ import annotations

import os
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from onefactory.ingest import EmbeddedBroker
from onefactory.model import Reading

from support import free_port, reachable  # re-exported: the ingest tests import them from here

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
MOSQUITTO_URL = os.environ.get("ONEFACTORY_TEST_MQTT_URL", "mqtt://127.0.0.1:1883")


class Collector:
    """Thread-safe sink for ``on_batch`` / ``on_reject``."""

    def __init__(self) -> None:
        self.readings: list[Reading] = []
        self.batches: list[list[Reading]] = []
        self.rejections: list[tuple[str, bytes, str]] = []
        self._lock = threading.Lock()

    def on_batch(self, batch: list[Reading]) -> None:
        with self._lock:
            self.batches.append(batch)
            self.readings.extend(batch)

    def on_reject(self, topic: str, payload: bytes, reason: str) -> None:
        with self._lock:
            self.rejections.append((topic, payload, reason))

    def wait_for(self, predicate: Callable[[Collector], bool], timeout_s: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with self._lock:
                if predicate(self):
                    return True
            time.sleep(0.02)
        return False


@pytest.fixture
def collector() -> Collector:
    return Collector()


@pytest.fixture
def member() -> str:
    """A member code unique to this test, so parallel or leftover traffic cannot interfere."""
    return "T" + uuid.uuid4().hex[:10]


@pytest.fixture
def embedded() -> Iterator[EmbeddedBroker]:
    broker = EmbeddedBroker("127.0.0.1", free_port())
    broker.start()
    yield broker
    broker.stop()


@pytest.fixture
def mosquitto_url() -> str:
    if not reachable(MOSQUITTO_URL):
        pytest.skip(f"no MQTT broker reachable at {MOSQUITTO_URL} (set ONEFACTORY_TEST_MQTT_URL)")
    return MOSQUITTO_URL


@pytest.fixture(params=["embedded", "mosquitto"])
def broker_url(request: pytest.FixtureRequest) -> str:
    """Each test using this runs against the embedded broker and against Mosquitto."""
    if request.param == "mosquitto":
        return str(request.getfixturevalue("mosquitto_url"))
    return request.getfixturevalue("embedded").url


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "hazards").is_dir():
        pytest.skip(f"shared hazard fixtures not found at {SHARED}")
    return SHARED


@pytest.fixture
def mosquitto(tmp_path: Path) -> Iterator[Callable[..., object]]:
    """Factory of private Mosquitto brokers (``transport.Mosquitto``), all killed at the end of the test."""
    from .transport import Mosquitto

    if not (shutil.which("mosquitto") or Path("/usr/sbin/mosquitto").exists()):
        pytest.skip("the mosquitto binary is not installed; transport hazards run private brokers with it")
    started: list[Mosquitto] = []

    def make(config: str = "", port: int | None = None) -> Mosquitto:
        broker = Mosquitto(tmp_path, config, port).start()
        started.append(broker)
        return broker

    yield make
    for broker in started:
        broker.kill()
