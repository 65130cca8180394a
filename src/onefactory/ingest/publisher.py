"""Publishing to an MQTT broker with paho-mqtt: ``Publisher`` and ``publish_many``.

Topics are checked before sending (``topics.split_topic``): a topic with a
wildcard, NUL or control character is refused locally with InvalidData and never
reaches the broker (Mosquitto would disconnect the client, and a QoS 1 client
would replay the bad packet after every reconnect).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion

from onefactory.model import BrokerUnavailable

from .topics import split_topic
from .urls import BrokerUrl


def paho_client(url: BrokerUrl, client_id: str, *, persistent: bool, manual_ack: bool = False) -> paho.Client:
    """A paho MQTT 3.1.1 client for ``url`` (login and TLS set); persistent needs a client id."""
    client = paho.Client(
        CallbackAPIVersion.VERSION2,
        client_id=client_id,
        clean_session=not persistent if client_id else True,
        protocol=paho.MQTTv311,
        manual_ack=manual_ack,
    )
    if url.username is not None:
        client.username_pw_set(url.username, url.password)
    if url.tls:
        client.tls_set()
    return client


class Publisher:
    """A connected MQTT publisher; ``publish`` returns once the broker acknowledged (QoS 1)."""

    def __init__(self, url: str, client_id: str = "", qos: int = 1, timeout_s: float = 10.0) -> None:
        self.url = url
        self.client_id = client_id
        self.qos = qos
        self.timeout_s = timeout_s
        self._client: paho.Client | None = None

    def connect(self) -> Publisher:
        """Connect and start the network loop; raise BrokerUnavailable if the broker cannot be reached."""
        url = BrokerUrl.parse(self.url)
        client = paho_client(url, self.client_id, persistent=False)
        connected = threading.Event()
        client.on_connect = lambda c, u, f, rc, p: connected.set() if not rc.is_failure else None
        try:
            client.connect(url.host, url.port)
        except OSError as exc:
            raise BrokerUnavailable(f"cannot connect to MQTT broker {url}: {exc}") from exc
        client.loop_start()
        if not connected.wait(self.timeout_s):
            client.loop_stop()
            raise BrokerUnavailable(f"MQTT broker {url} did not accept the connection within {self.timeout_s} s")
        self._client = client
        return self

    def publish(self, topic: str, payload: bytes | str, qos: int | None = None, retain: bool = False) -> None:
        """Publish one message and wait for its acknowledgement."""
        self.publish_many([(topic, payload)], qos=qos, retain=retain)

    def publish_many(
        self, messages: Iterable[tuple[str, bytes | str]], qos: int | None = None, retain: bool = False
    ) -> int:
        """Publish messages in order, then wait until all are acknowledged; return how many."""
        if self._client is None:
            self.connect()
        client = self._client
        if client is None:  # pragma: no cover - connect() either sets it or raises
            raise BrokerUnavailable(f"not connected to {self.url}")
        infos = []
        for topic, payload in messages:
            split_topic(topic)  # a bad topic is refused here, never sent (the broker would disconnect us)
            infos.append(client.publish(topic, payload, qos=self.qos if qos is None else qos, retain=retain))
        deadline = time.monotonic() + self.timeout_s
        for info in infos:
            info.wait_for_publish(max(0.0, deadline - time.monotonic()))
            if not info.is_published():
                raise BrokerUnavailable(f"message {info.mid} not acknowledged within {self.timeout_s} s")
        return len(infos)

    def close(self) -> None:
        """Disconnect and stop the network loop. Idempotent."""
        if self._client is not None:
            self._client.disconnect()
            self._client.loop_stop()
            self._client = None

    def __enter__(self) -> Publisher:
        return self.connect()

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def publish_many(url: str, messages: Iterable[tuple[str, bytes | str]], qos: int = 1, timeout_s: float = 10.0) -> int:
    """Connect, publish ``(topic, payload)`` messages in order with ``qos``, wait for acks, disconnect."""
    with Publisher(url, qos=qos, timeout_s=timeout_s) as publisher:
        return publisher.publish_many(messages)
