"""Fixtures for service tests that run the live threads: a SQLite file store and real brokers."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from onefactory.ingest import EmbeddedBroker

from support import free_port

MOSQUITTO_URL = os.environ.get("ONEFACTORY_TEST_MQTT_URL", "mqtt://127.0.0.1:1883")


def _reachable(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 1883), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def file_store(tmp_path):
    """A SQLite file, as ``onefactory up`` uses: the ingest and alarm threads each get a connection
    (the in-memory test store shares one connection and cannot take two threads writing)."""
    from onefactory.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'of.db'}")
    yield store
    store.dispose()


@pytest.fixture(params=["embedded", "mosquitto"])
def broker_url(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "mosquitto":
        if not _reachable(MOSQUITTO_URL):
            pytest.skip(f"no MQTT broker reachable at {MOSQUITTO_URL} (set ONEFACTORY_TEST_MQTT_URL)")
        yield MOSQUITTO_URL
        return
    broker = EmbeddedBroker("127.0.0.1", free_port())
    broker.start()
    yield broker.url
    broker.stop()
