"""Publishing to an MQTT broker with paho-mqtt: ``Publisher`` and ``publish_many``.

Topics are checked before sending (``topics.split_topic``): a topic with a
wildcard, NUL or control character is refused locally with InvalidData and never
reaches the broker (Mosquitto would disconnect the client, and a QoS 1 client
would replay the bad packet after every reconnect). For the same reason a message
whose packet would exceed ``max_packet_bytes`` (the broker's limit, e.g.
Mosquitto's ``max_packet_size``) is refused locally with an InvalidData naming
both sizes, and counted in ``failed_sends``.

Two modes:

- default: ``connect()`` raises BrokerUnavailable when the broker cannot be
  reached, and ``publish`` returns once the broker acknowledged (QoS 1).
- ``buffered=True`` (store and forward, for edge publishers): ``connect()``
  returns at once and keeps trying in the background; ``publish`` queues the
  message (in order, at most ``buffer_limit`` waiting; paho ids allow 65,535) and returns. Queued
  messages go out after every (re)connect, so readings produced while the broker
  is unreachable, at start-up or during a flap, are delivered late but not lost.
  A full buffer raises BrokerUnavailable (loud, never a silent drop);
  ``flush()`` waits for delivery and ``close()`` flushes first.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from typing import Any

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion

from onefactory.model import BrokerUnavailable, InvalidData

from ._paho_fast import AVAILABLE as CHUNKED_READS
from ._paho_fast import FastClient
from .topics import split_topic
from .urls import BrokerUrl

logger = logging.getLogger(__name__)


def paho_client(
    url: BrokerUrl,
    client_id: str,
    *,
    persistent: bool,
    manual_ack: bool = False,
    mqtt5: bool = False,
    chunked_reads: bool = False,
) -> paho.Client:
    """A paho MQTT 3.1.1 (or 5, ``mqtt5``) client for ``url`` (login and TLS set); persistent needs a
    client id. An MQTT 5 client states its session in its connect call (``clean_start``, expiry).
    ``chunked_reads``: read the stream in large chunks (``_paho_fast``), for a busy subscriber."""
    # paho refuses clean_session for MQTT 5, where the connect call carries it
    session = {} if mqtt5 else {"clean_session": not persistent if client_id else True}
    client = (FastClient if chunked_reads and CHUNKED_READS else paho.Client)(
        CallbackAPIVersion.VERSION2,
        client_id=client_id,
        protocol=paho.MQTTv5 if mqtt5 else paho.MQTTv311,
        manual_ack=manual_ack,
        **session,
    )
    if url.username is not None:
        client.username_pw_set(url.username, url.password)
    if url.tls:
        client.tls_set()
    return client


def packet_bytes(topic: str, payload: bytes, qos: int) -> int:
    """Size of the MQTT 3.1.1 PUBLISH packet carrying ``payload`` on ``topic``.

    Example:
        >>> packet_bytes("a/b", b"12", qos=1)
        11
    """
    remaining = 2 + len(topic.encode("utf-8")) + (2 if qos else 0) + len(payload)
    length_bytes = 1 if remaining < 128 else 2 if remaining < 16_384 else 3 if remaining < 2_097_152 else 4
    return 1 + length_bytes + remaining


class _Acks:
    """Message ids sent and not yet acknowledged; safe against an ack that beats its own ``publish``.

    QoS 0 ids are noted too (``unawaited``, never pending), so their ``on_publish``
    cannot be taken later for the ack of a QoS 1 message that reuses the id.
    """

    def __init__(self) -> None:
        self.waiting: set[int] = set()
        self.unawaited: set[int] = set()
        self.early: set[int] = set()
        self.changed = threading.Condition()

    def sent(self, mid: int, qos: int) -> None:
        with self.changed:
            if mid in self.early:
                self.early.discard(mid)
            else:
                (self.waiting if qos else self.unawaited).add(mid)

    def acked(self, mid: int) -> None:
        with self.changed:
            if mid in self.waiting:
                self.waiting.discard(mid)
            elif mid in self.unawaited:
                self.unawaited.discard(mid)
            else:
                self.early.add(mid)
            self.changed.notify_all()

    def wait(self, mids: set[int] | None, timeout_s: float) -> bool:
        """Wait until ``mids`` (or every message) are acknowledged."""
        with self.changed:
            return self.changed.wait_for(
                lambda: not (self.waiting & mids if mids is not None else self.waiting), timeout_s
            )


class Publisher:
    """An MQTT publisher (see module doc for the default and the buffered mode)."""

    def __init__(
        self,
        url: str,
        client_id: str = "",
        qos: int = 1,
        timeout_s: float = 10.0,
        *,
        buffered: bool = False,
        buffer_limit: int = 50_000,
        max_packet_bytes: int | None = None,
        max_reconnect_s: int = 5,
    ) -> None:
        self.url = url
        self.client_id = client_id
        self.qos = qos
        self.timeout_s = timeout_s
        self.buffered = buffered
        self.buffer_limit = buffer_limit
        self.max_packet_bytes = max_packet_bytes
        self.max_reconnect_s = max_reconnect_s
        self.failed_sends = 0
        self._acks = _Acks()
        self._client: paho.Client | None = None

    @property
    def pending(self) -> int:
        """Messages handed to ``publish`` and not yet acknowledged by the broker (QoS > 0)."""
        return len(self._acks.waiting)

    def connect(self) -> Publisher:
        """Connect and start the network loop; unless buffered, raise BrokerUnavailable if unreachable."""
        url = BrokerUrl.parse(self.url)
        client = paho_client(url, self.client_id, persistent=False)
        client.max_queued_messages_set(self.buffer_limit)
        client.reconnect_delay_set(1, self.max_reconnect_s)
        client.on_publish = lambda c, u, mid, rc, p: self._acks.acked(mid)
        client.on_disconnect = self._on_disconnect
        if self.buffered:
            client.on_connect = lambda c, u, f, rc, p: logger.info("MQTT publisher connected to %s: %s", url, rc)
            client.connect_async(url.host, url.port)
            client.loop_start()  # keeps retrying the first connection too
        else:
            self._connect_now(client, url)
        self._client = client
        return self

    def _connect_now(self, client: paho.Client, url: BrokerUrl) -> None:
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

    def _on_disconnect(self, client: paho.Client, userdata: Any, flags: Any, reason: Any, properties: Any) -> None:
        if self._client is not None:
            logger.warning("MQTT publisher lost %s (%s); %d message(s) buffered", self.url, reason, self.pending)

    def publish(self, topic: str, payload: bytes | str, qos: int | None = None, retain: bool = False) -> None:
        """Publish one message; unless buffered, wait for its acknowledgement."""
        self.publish_many([(topic, payload)], qos=qos, retain=retain)

    def publish_many(
        self, messages: Iterable[tuple[str, bytes | str]], qos: int | None = None, retain: bool = False
    ) -> int:
        """Publish messages in order; unless buffered, wait until all are acknowledged. Return how many."""
        if self._client is None:
            self.connect()
        client = self._client
        if client is None:  # pragma: no cover - connect() either sets it or raises
            raise BrokerUnavailable(f"not connected to {self.url}")
        level = self.qos if qos is None else qos
        checked = [self._checked(topic, payload, level) for topic, payload in messages]
        mids = {self._send(client, topic, data, level, retain) for topic, data in checked}
        if level and not self.buffered and not self._acks.wait(mids, self.timeout_s):
            raise BrokerUnavailable(
                f"{len(mids & self._acks.waiting)} message(s) not acknowledged within {self.timeout_s} s"
            )
        return len(checked)

    def _checked(self, topic: str, payload: bytes | str, qos: int) -> tuple[str, bytes]:
        split_topic(topic)  # a bad topic is refused here, never sent (the broker would disconnect us)
        data = payload.encode("utf-8") if isinstance(payload, str) else bytes(payload)
        size = packet_bytes(topic, data, qos)
        if self.max_packet_bytes is not None and size > self.max_packet_bytes:
            self.failed_sends += 1
            raise InvalidData(
                f"message to {topic} is {size:,} bytes as an MQTT packet, above the broker limit of "
                f"{self.max_packet_bytes:,} bytes; not sent (split the batch)",
                field="payload",
            )
        return topic, data

    def _send(self, client: paho.Client, topic: str, data: bytes, qos: int, retain: bool) -> int:
        info = client.publish(topic, data, qos=qos, retain=retain)
        if info.rc == paho.MQTT_ERR_QUEUE_SIZE:
            self.failed_sends += 1
            raise BrokerUnavailable(
                f"outbound buffer full: {self.buffer_limit} message(s) wait for {self.url}; message to {topic} not sent"
            )
        self._acks.sent(info.mid, qos)
        return info.mid

    def flush(self, timeout_s: float | None = None) -> bool:
        """Wait until every published message is acknowledged; return whether all were."""
        return self._acks.wait(None, self.timeout_s if timeout_s is None else timeout_s)

    def close(self) -> None:
        """Flush (buffered mode), disconnect and stop the network loop. Idempotent."""
        client, self._client = self._client, None
        if client is None:
            return
        if self.buffered and not self.flush():
            logger.error("MQTT publisher closed with %d message(s) not delivered to %s", self.pending, self.url)
        client.disconnect()
        client.loop_stop()

    def __enter__(self) -> Publisher:
        return self.connect()

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def publish_many(url: str, messages: Iterable[tuple[str, bytes | str]], qos: int = 1, timeout_s: float = 10.0) -> int:
    """Connect, publish ``(topic, payload)`` messages in order with ``qos``, wait for acks, disconnect."""
    with Publisher(url, qos=qos, timeout_s=timeout_s) as publisher:
        return publisher.publish_many(messages)
