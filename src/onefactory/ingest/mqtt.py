"""MQTT adapters on paho-mqtt: the telemetry subscriber (publishers live in ``publisher``).

``TelemetrySubscriber`` runs two threads: paho's network loop and a worker that
decodes each message (``codec.decode_lenient``), hands readings to ``on_batch``
in batches (at ``batch_size`` readings, at ``ack_window`` unacknowledged QoS 1
messages, or ``flush_ms`` after the first pending one) and every rejection to
``on_reject(topic, payload, reason)``. Callbacks run on the worker thread; an
exception in a callback is logged and never stops the loop.

Memory is bounded: at most ``max_pending`` received messages wait for the worker, which
takes up to 1,000 of them at a time (``_inbox``; the network thread queues each read of the
socket's messages together). When that many wait, a QoS 0 message is shed and counted
(``stats.shed``); a QoS 1 message, or a machine state, makes the network thread wait for
room, so it stays unacknowledged at the broker, whose in-flight window (for states: TCP)
then holds back the rest (back-pressure, nothing lost).

Delivery is at least once: QoS 1 (or 2, ``qos=2``), a persistent session (fixed
client id, ``clean_session=False``) and manual acknowledgement: a message is
acknowledged only after its readings were handed to ``on_batch`` (or it was
rejected). After a link cut, a QoS 1 message received on the old connection is
not acknowledged (the broker sends it again, flagged DUP, and that copy is); a
QoS 2 message is completed (PUBCOMP) on the new connection if it resumed the
session (``session_present``), since the broker then only repeats its PUBREL. No
id is acknowledged in a new session, where it may name another message. A
PUBCOMP that could not be sent while offline is sent again after reconnecting.
After a reconnect the broker may deliver
a message again; a reading's natural key ``(member, resource, signal, ts)`` with
the same value identifies the duplicate downstream (the store skips it). paho
reconnects by itself (1 to ``max_reconnect_s`` seconds apart) and the subscriber
subscribes again on every connect, so a broker that restarted empty is picked up;
each connect is logged with its ``session_present`` flag.

With ``states=MachineStates(...)`` it also subscribes to the state topics (at
QoS 0: retained states are last values, and a broker queues only about 1,000
QoS 1 messages per client, so a QoS 1 wildcard over 20,000 retained states
loses most of them) and marks every state unknown when the link is lost, in
order with the messages received before.

The broker sends at most its in-flight limit of unacknowledged messages (Mosquitto: 20)
and only then the next, so batches are at most that big and the link waits for every
flush. With ``receive_maximum=N`` the subscriber speaks MQTT 5 and asks for ``N`` in
flight (CONNECT Receive Maximum; the session never expires, as a 3.1.1 persistent
session), so batches of hundreds of messages are stored in one transaction while the
broker keeps sending. At 65,535 (the MQTT maximum) the broker queues nothing for a
connected subscriber, so its queue limit drops nothing; the bounded inbox then holds
the link back (TCP) when the worker falls behind. The default 0 keeps MQTT 3.1.1 (the embedded broker speaks only
that). ``ack_window`` defaults to half of the in-flight limit.

Example (not run: it needs a broker)::

    sub = TelemetrySubscriber("mqtt://127.0.0.1:1883", store.readings.append_many,
                              lambda topic, payload, reason: log.warning(reason),
                              client_id="onefactory-ingest")
    sub.start()    # returns once subscribed, or raises BrokerUnavailable
    ...
    sub.stop()     # flushes what was received, then disconnects
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple

import paho.mqtt.client as paho
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from onefactory.model import BrokerUnavailable, InvalidData, Reading

from ._handover import call_logged
from ._inbox import Inbox
from ._paho_fast import FastClient
from .codec import DecodeOptions, DecodeResult, Rejection, decode_lenient
from .publisher import Publisher, paho_client, publish_many
from .states import MachineStates
from .urls import BrokerUrl

logger = logging.getLogger(__name__)
MQTT3_IN_FLIGHT = 20  # what Mosquitto sends unacknowledged to an MQTT 3.1.1 client
SESSION_NEVER_EXPIRES = 0xFFFFFFFF  # MQTT 5 session expiry: kept like a 3.1.1 persistent session

OnBatch = Callable[[list[Reading]], None]
OnReject = Callable[[str, bytes, str], None]
__all__ = ["OnBatch", "OnReject", "Publisher", "SubscriberStats", "TelemetrySubscriber", "publish_many"]


class _Incoming(NamedTuple):  # a tuple: built for every message on the network thread, 5x cheaper than a dataclass
    topic: str | bytes
    payload: bytes
    mid: int
    qos: int
    session: int
    connection: int
    received_at: datetime


@dataclass(slots=True)
class SubscriberStats:
    """Counters since ``start()``: messages, readings handed over, rejections, batches, (re)connects.

    ``sessions`` counts connects that started a new broker session (``session_present``
    false: the broker had no state for us); ``disconnects`` counts lost links; ``shed``
    counts QoS 0 messages dropped because ``max_pending`` messages were waiting.
    """

    messages: int = 0
    readings: int = 0
    rejections: int = 0
    batches: int = 0
    connects: int = 0
    sessions: int = 0
    disconnects: int = 0
    shed: int = 0


class TelemetrySubscriber:
    """Subscribes to telemetry topics and hands decoded readings over in batches (see module doc)."""

    def __init__(
        self,
        url: str,
        on_batch: OnBatch,
        on_reject: OnReject,
        client_id: str = "onefactory-ingest",
        topic_filter: str = "of/#",
        *,
        batch_size: int = 2000,
        flush_ms: int = 200,
        options: DecodeOptions | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        timeout_s: float = 10.0,
        max_reconnect_s: int = 5,
        qos: int = 1,
        states: MachineStates | None = None,
        max_pending: int = 10_000,
        ack_window: int | None = None,
        receive_maximum: int = 0,
    ) -> None:
        self.url = url
        self.on_batch = on_batch
        self.on_reject = on_reject
        self.client_id = client_id
        self.topic_filter = topic_filter
        self.batch_size = batch_size
        self.flush_ms = flush_ms
        self.options = options or DecodeOptions()
        self.clock = clock
        self.timeout_s = timeout_s
        self.max_reconnect_s = max_reconnect_s
        self.qos = qos
        self.states = states
        self.max_pending = max_pending
        self.receive_maximum = receive_maximum
        # A broker sends no more past its in-flight limit (Mosquitto: 20 unacknowledged QoS 1
        # messages, else our Receive Maximum); flushing at half of it lets the broker send the
        # other half meanwhile.
        self.ack_window = ack_window or max((receive_maximum or MQTT3_IN_FLIGHT) // 2, 1)
        self.stats = SubscriberStats()
        # None marks a lost link; at most max_pending messages wait for the worker
        self._inbox: Inbox[_Incoming] = Inbox(max_pending, self._sheddable)
        self._arrived: list[_Incoming] = []  # the current read's messages (network thread), see _on_packet
        self._gathering = False
        self._subscribed = threading.Event()
        self._answered = threading.Event()
        self._refusal = ""
        self._stopping = threading.Event()
        self._session = 0
        self._connection = 0
        self._unsent_pubcomps: list[_Incoming] = []
        self._client: paho.Client | None = None
        self._worker: threading.Thread | None = None

    @property
    def subscribed(self) -> bool:
        """True while connected and subscribed."""
        return self._subscribed.is_set()

    @property
    def pending(self) -> int:
        """Messages received and waiting for the worker (at most ``max_pending``)."""
        return len(self._inbox)

    def wait_subscribed(self, timeout_s: float) -> bool:
        """Block until (re)subscribed, at most ``timeout_s``; return whether it is."""
        return self._subscribed.wait(timeout_s)

    def start(self) -> None:
        """Connect, subscribe and start both threads; raise BrokerUnavailable if not subscribed in time."""
        if self.qos not in (1, 2):
            raise InvalidData(f"subscriber qos must be 1 or 2 (at least once), got {self.qos}", field="qos")
        if not 0 <= self.receive_maximum <= 65_535:
            raise InvalidData(
                f"receive_maximum must be 0 to 65535, got {self.receive_maximum}", field="receive_maximum"
            )
        url = BrokerUrl.parse(self.url)
        mqtt5 = self.receive_maximum > 0
        client = paho_client(url, self.client_id, persistent=True, manual_ack=True, mqtt5=mqtt5, chunked_reads=True)
        client.reconnect_delay_set(1, self.max_reconnect_s)
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        client.on_subscribe = self._on_subscribe
        client.on_message = self._on_message
        self._gathering = isinstance(client, FastClient)
        if isinstance(client, FastClient):
            client.on_publish_packet = self._on_packet
            client.on_read_end = self._hand_on
        self._client, self._worker = (
            client,
            threading.Thread(target=self._work, name="ingest-worker", daemon=True),
        )
        self._stopping.clear()
        self._answered.clear()
        self._refusal = ""
        self._worker.start()
        self._connect(client, url)
        client.loop_start()
        if not self._answered.wait(self.timeout_s) or not self._subscribed.is_set():
            self.stop()
            why = self._refusal or f"no answer within {self.timeout_s} s"
            raise BrokerUnavailable(f"could not subscribe to {self.topic_filter} on {url}: {why}")

    def _connect(self, client: paho.Client, url: BrokerUrl) -> None:
        if not self.receive_maximum:
            client.connect_async(url.host, url.port)
            return
        properties = Properties(PacketTypes.CONNECT)
        properties.ReceiveMaximum = self.receive_maximum
        properties.SessionExpiryInterval = SESSION_NEVER_EXPIRES
        client.connect_async(url.host, url.port, clean_start=False, properties=properties)

    def stop(self) -> None:
        """Hand over everything received, acknowledge it, disconnect. Idempotent."""
        self._stopping.set()
        if self._worker is not None:
            self._worker.join(self.timeout_s)
            self._worker = None
        if self._client is not None:
            self._client.disconnect()
            self._client.loop_stop()
            self._client = None
        self._subscribed.clear()

    def __enter__(self) -> TelemetrySubscriber:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # paho callbacks (network thread)

    def _on_connect(self, client: paho.Client, userdata: Any, flags: Any, reason: Any, properties: Any) -> None:
        if reason.is_failure:
            logger.warning("MQTT connection refused: %s", reason)
            self._refusal = f"connection refused: {reason}"
            self._answered.set()
            return
        self.stats.connects += 1
        self._connection += 1
        if not flags.session_present:
            self._session += 1
            self.stats.sessions += 1
        logger.info(
            "MQTT connected (session_present=%d); subscribing to %s at QoS %d",
            int(flags.session_present),
            self.topic_filter,
            self.qos,
        )
        filters = [(self.topic_filter, self.qos)]
        if self.states is not None:  # QoS 0: a broker queues at most ~1,000 QoS 1 retained states per client
            filters.append((self.states.topic_filter, 0))
        client.subscribe(filters)

    def _on_subscribe(self, client: paho.Client, userdata: Any, mid: int, reasons: Any, properties: Any) -> None:
        if all(not r.is_failure for r in reasons):
            self._subscribed.set()
        else:
            logger.error("subscription to %s refused: %s", self.topic_filter, reasons)
            self._refusal = f"subscription refused: {', '.join(str(r) for r in reasons)}"
        self._answered.set()

    def _on_disconnect(self, client: paho.Client, userdata: Any, flags: Any, reason: Any, properties: Any) -> None:
        self._subscribed.clear()
        if not self._stopping.is_set():
            self.stats.disconnects += 1
            logger.warning("MQTT connection lost (%s); reconnecting", reason)
            self._hand_on()
            self._inbox.put_marker()  # in order after what was received: states become unknown

    def _on_message(self, client: paho.Client, userdata: Any, message: paho.MQTTMessage) -> None:
        self._on_packet(getattr(message, "_topic", b""), bytes(message.payload), message.mid, message.qos)

    def _on_packet(self, topic: bytes, payload: bytes, mid: int, qos: int) -> None:
        """A received message (``FastClient.on_publish_packet``, or via ``_on_message``): gathered
        until the end of the current read (``_hand_on``) with a ``FastClient``, else queued now."""
        try:
            name: str | bytes = topic.decode("utf-8")
        except UnicodeDecodeError:
            name = topic  # the codec rejects it as not UTF-8
        self._arrived.append(_Incoming(name, payload, mid, qos, self._session, self._connection, self.clock()))
        if not self._gathering:
            self._hand_on()

    def _sheddable(self, item: _Incoming) -> bool:
        """A QoS 0 telemetry message may be shed when the inbox is full; a machine state (a retained
        last value the broker will not send again) waits for room like a QoS 1 message."""
        states = self.states
        return item.qos == 0 and not (states is not None and isinstance(item.topic, str) and states.handles(item.topic))

    def _hand_on(self) -> None:
        """Queue the messages gathered for the worker: a QoS 0 one is shed (counted) when the inbox
        is full, a QoS 1 or 2 one waits there for room; when stopping, it stays unacknowledged
        and the broker sends it again later."""
        if self._arrived:
            arrived, self._arrived = self._arrived, []
            self.stats.shed += self._inbox.put_many(arrived, self._stopping)

    def working(self) -> bool:
        """Whether the worker that decodes, stores and acknowledges is running (or was stopped on
        purpose); False when it died, which a health check reports."""
        worker = self._worker
        return worker is None or worker.is_alive() or self._stopping.is_set()

    # worker thread

    def _work(self) -> None:
        batch = _Batch()
        while True:
            items = self._inbox.take(batch.seconds_left(self.flush_ms))
            for item in items:
                self._take(item, batch)
                if batch.due(self.batch_size, self.flush_ms, self.ack_window):
                    self._flush(batch)
            if not items:
                if self._stopping.is_set() and not self._inbox.waiting():
                    self._flush(batch)
                    return
                if self._unsent_pubcomps and self.subscribed:
                    self._ack(self._unsent_pubcomps)
            if batch.due(self.batch_size, self.flush_ms, self.ack_window) or (
                self._stopping.is_set() and not self._inbox.waiting()
            ):
                self._flush(batch)

    def _take(self, item: _Incoming | None, batch: _Batch) -> None:
        if item is None:
            if self.states is not None:
                logger.warning("machine states unknown until the broker sends them again: %d", self.states.mark_stale())
            return
        self.stats.messages += 1
        if self.states is not None and isinstance(item.topic, str) and self.states.handles(item.topic):
            self._take_state(self.states, item.topic, item)
            batch.add([], item)
            return
        result = self._decode(item)
        for rejection in result.rejections:
            self.stats.rejections += 1
            where = f"sample {rejection.sample}: " if rejection.sample is not None else ""
            self._call(self.on_reject, rejection.topic, rejection.payload, where + rejection.reason)
        batch.add(result.readings, item)

    def _decode(self, item: _Incoming) -> DecodeResult:
        """The message's readings and rejections; a message the codec fails on is itself a
        rejection (logged with its trace), so one payload can never stop the worker."""
        try:
            return decode_lenient(item.topic, item.payload, received_at=item.received_at, options=self.options)
        except Exception as exc:
            logger.exception("telemetry message on %r could not be decoded", item.topic)
            topic = item.topic if isinstance(item.topic, str) else item.topic.decode("utf-8", "backslashreplace")
            reason = f"payload could not be decoded ({type(exc).__name__})"
            return DecodeResult([], [Rejection(topic, item.payload, reason, "payload")])

    def _take_state(self, states: MachineStates, topic: str, item: _Incoming) -> None:
        try:
            states.update_one(topic, item.payload, item.received_at)
        except InvalidData as exc:
            self.stats.rejections += 1
            self._call(self.on_reject, topic, item.payload, str(exc))
        except Exception as exc:  # like _decode: one payload never stops the worker
            logger.exception("machine state on %r could not be read", topic)
            self.stats.rejections += 1
            self._call(self.on_reject, topic, item.payload, f"payload could not be decoded ({type(exc).__name__})")

    def _flush(self, batch: _Batch) -> None:
        readings, acks = batch.take()
        if readings:
            self.stats.batches += 1
            self.stats.readings += len(readings)
            self._call(self.on_batch, readings)
        self._ack(acks + self._unsent_pubcomps)

    def _ack(self, items: list[_Incoming]) -> None:
        client, unsent, pubacks = self._client, [], []
        for item in items:
            if client is None or item.qos == 0 or item.session != self._session:
                continue
            if item.qos == 1 and item.connection == self._connection:
                pubacks.append(item.mid)
            elif item.qos == 2 and not client.is_connected():
                unsent.append(item)  # paho drops packets queued offline; the broker repeats PUBREL and waits
            elif item.qos == 2:
                client.ack(item.mid, 2)
        if pubacks and client is not None:
            _puback(client, pubacks)
        self._unsent_pubcomps = unsent

    @staticmethod
    def _call(callback: Callable[..., None], *args: Any) -> None:
        call_logged(callback, *args, log=logger)


def _puback(client: paho.Client, mids: list[int]) -> None:
    """Acknowledge QoS 1 messages: in one write where the client can (``_paho_fast``)."""
    if isinstance(client, FastClient):
        client.ack_many(mids)
        return
    for mid in mids:
        client.ack(mid, 1)


class _Batch:
    """Readings waiting for ``on_batch`` and the messages to acknowledge after it, in arrival order."""

    def __init__(self) -> None:
        self.readings: list[Reading] = []
        self.acks: list[_Incoming] = []
        self.unacked = 0  # QoS 1 messages among acks
        self.since: float | None = None

    def add(self, readings: list[Reading], item: _Incoming) -> None:
        self.readings.extend(readings)
        self.acks.append(item)
        self.unacked += item.qos > 0
        if self.since is None:
            self.since = time.monotonic()

    def seconds_left(self, flush_ms: int) -> float:
        if self.since is None:
            return 0.1
        return max(0.0, self.since + flush_ms / 1000 - time.monotonic())

    def due(self, batch_size: int, flush_ms: int, ack_window: int) -> bool:
        if not self.acks:
            return False
        full = len(self.readings) >= batch_size or self.unacked >= ack_window
        return full or not self.readings or self.seconds_left(flush_ms) <= 0

    def take(self) -> tuple[list[Reading], list[_Incoming]]:
        taken = self.readings, self.acks
        self.readings, self.acks, self.since, self.unacked = [], [], None, 0
        return taken
