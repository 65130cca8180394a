"""Fixtures for service tests that run the live threads: a SQLite file store and real brokers."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from onefactory.ingest import EmbeddedBroker

from support import free_port, reachable

MOSQUITTO_URL = os.environ.get("ONEFACTORY_TEST_MQTT_URL", "mqtt://127.0.0.1:1883")


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
        if not reachable(MOSQUITTO_URL):
            pytest.skip(f"no MQTT broker reachable at {MOSQUITTO_URL} (set ONEFACTORY_TEST_MQTT_URL)")
        yield MOSQUITTO_URL
        return
    broker = EmbeddedBroker("127.0.0.1", free_port())
    broker.start()
    yield broker.url
    broker.stop()
