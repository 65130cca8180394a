"""OPC UA ingest on asyncua: ``OpcUaCollector`` subscribes to the nodes of one member's server.

The collector runs two threads: an asyncio event loop holding the asyncua session,
and a worker (``_handover``) that hands readings to ``on_batch`` in batches (at
``batch_size`` readings, or ``flush_ms`` after the first pending one) and every
rejection to ``on_reject(topic, payload, reason)``, the same callbacks as the MQTT
``TelemetrySubscriber``. The topic is the node's ``of/{member}/{site}/{resource}/{signal}``,
the payload the raw sample as JSON, and the reason names the node id and signal.

Values and times follow the policy in ``_opcua_values``: a value of the wrong type
(text that is not a plain decimal, NaN/Infinity, a Boolean into a numeric channel,
an Int32 into a boolean one) or with a status that is not Good is rejected, and
collection goes on. A reading's time is the value's SourceTimestamp in UTC; without
one the ServerTimestamp, without that the time it was received.

Node ids that are not valid syntax or that the server refuses (``BadNodeIdUnknown``)
are logged as errors naming the node and listed in ``stats.refused_nodes``; the
other nodes are subscribed all the same.

Loss and reconnect: the session is watched by asyncua's watchdog, which reads the
server state every ``watchdog_s`` (default 1 s) and gives up after ``watchdog_s``
more, so a silent link is noticed within ``2 * watchdog_s`` and a closed one at once;
a subscription the server ends (status change) counts as a loss too. The collector
then logs the loss, drops the session, and connects again after a pause that
doubles from ``min_backoff_s`` (0.5 s) up to ``max_backoff_s`` (5 s, so data flows again within
about 5 s of the server's return); each new session creates
exactly one subscription with one monitored item per node. The time between a
resource's last reading before the loss and its first after it is recorded in
``stats.gaps``. A value the new session repeats (same node, time and value) is
skipped.

Example (not run: it needs a server)::

    collector = OpcUaCollector(load_config("opcua.json"), store.readings.append_many,
                               lambda topic, payload, reason: log.warning(reason))
    collector.start(wait_s=10)   # raises OpcUaUnavailable if no session within 10 s
    ...
    collector.stop()             # hands over what was received, closes the session
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from onefactory.model import OpcUaUnavailable, Reading

from . import _opcua_session as session
from ._handover import Handover, OnBatch, OnReject
from ._opcua_values import Sample, to_reading
from .opcua_config import OpcUaConfig, OpcUaNode, load_config, parse_config

logger = logging.getLogger(__name__)
LOST_CLOSE_S = 0.5  # how long a lost session may take to close politely (a frozen link would hang)
__all__ = ["CollectorStats", "DataGap", "OpcUaCollector", "OpcUaConfig", "OpcUaNode", "load_config", "parse_config"]


@dataclass(frozen=True, slots=True)
class DataGap:
    """A resource had no readings from ``start`` (last before a lost session) to ``end`` (first after)."""

    member: str
    resource: str
    start: datetime
    end: datetime

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()


@dataclass(slots=True)
class CollectorStats:
    """Counters since ``start()``, the nodes the last session refused, and the recorded data gaps."""

    connects: int = 0
    losses: int = 0
    readings: int = 0
    rejections: int = 0
    batches: int = 0
    duplicates: int = 0
    refused_nodes: dict[str, str] = field(default_factory=dict)
    gaps: list[DataGap] = field(default_factory=list)
    last_error: str = ""
    connected_at: datetime | None = None
    lost_at: datetime | None = None


class OpcUaCollector:
    """Collects readings from one OPC UA server and survives its restarts (see module doc)."""

    def __init__(
        self,
        config: OpcUaConfig,
        on_batch: OnBatch,
        on_reject: OnReject,
        *,
        batch_size: int = 500,
        flush_ms: int = 200,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        timeout_s: float = 4.0,
        watchdog_s: float = 1.0,
        min_backoff_s: float = 0.5,
        max_backoff_s: float = 5.0,
    ) -> None:
        self.config = config
        self.clock = clock
        self.timeout_s = timeout_s
        self.watchdog_s = watchdog_s
        self.min_backoff_s = min_backoff_s
        self.max_backoff_s = max_backoff_s
        self.stats = CollectorStats()
        self._handover = Handover(on_batch, on_reject, self.stats, batch_size, flush_ms)
        self._connected = threading.Event()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._session_no = 0
        self._last_value: dict[str, tuple[datetime, float]] = {}  # node id -> last reading's (ts, value)
        self._last_seen: dict[tuple[str, str], tuple[datetime, int]] = {}  # resource -> (ts, session)

    @property
    def connected(self) -> bool:
        """True while a session is open and subscribed."""
        return self._connected.is_set()

    def wait_connected(self, timeout_s: float) -> bool:
        """Block until a session is subscribed, at most ``timeout_s``; return whether it is."""
        return self._connected.wait(timeout_s)

    def start(self, wait_s: float = 0.0) -> None:
        """Start both threads. With ``wait_s``, wait for the first session or raise OpcUaUnavailable."""
        if self._thread is not None:
            return
        self._handover.start("opcua-handover")
        ready = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(ready,), name="opcua-collector", daemon=True)
        self._thread.start()
        ready.wait(5.0)
        if wait_s and not self._connected.wait(wait_s):
            why = self.stats.last_error or f"no session within {wait_s} s"
            self.stop()
            raise OpcUaUnavailable(f"could not subscribe on OPC UA server {self.config.safe_endpoint}: {why}")

    def stop(self) -> None:
        """Close the session, hand over everything received, end both threads. Idempotent."""
        loop, stopping, thread = self._loop, self._stopping, self._thread
        if loop is not None and stopping is not None:
            with contextlib.suppress(RuntimeError):  # the loop already ended
                loop.call_soon_threadsafe(stopping.set)
        if thread is not None:
            thread.join(2 * self.timeout_s + 5)
        self._thread = self._loop = self._stopping = None
        self._handover.stop()
        self._connected.clear()

    def __enter__(self) -> OpcUaCollector:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # event loop thread

    def _run(self, ready: threading.Event) -> None:
        asyncio.run(self._supervise(ready))

    async def _supervise(self, ready: threading.Event) -> None:
        stopping = asyncio.Event()
        self._loop, self._stopping = asyncio.get_running_loop(), stopping
        ready.set()
        delay = self.min_backoff_s
        while not stopping.is_set():
            if await self._session(stopping):
                delay = self.min_backoff_s
            if stopping.is_set():
                break
            logger.info("next OPC UA session to %s in %.1f s", self.config.safe_endpoint, delay)
            await session.first_of(asyncio.sleep(delay), stopping.wait())
            delay = min(delay * 2, self.max_backoff_s)

    async def _session(self, stopping: asyncio.Event) -> bool:
        """One session from connect to loss or stop; False if it never got subscribed."""
        lost = asyncio.Event()

        def on_lost(reason: str) -> None:
            if self.connected and not stopping.is_set():
                self._note_lost(reason)
            lost.set()

        try:
            client = await session.connect(self.config.endpoint, self.timeout_s, self.watchdog_s, on_lost)
        except Exception as exc:  # any failure to connect is retried after the backoff
            self._note_failure(exc)
            return False
        try:
            self._note_connected(await session.subscribe(client, self.config, self._take, on_lost))
            await session.first_of(lost.wait(), stopping.wait())
        except Exception as exc:  # a session that fails while subscribing is dropped and retried
            self._note_failure(exc)
            return False
        finally:
            self._connected.clear()
            await session.close(client, LOST_CLOSE_S if lost.is_set() else self.timeout_s)
        return True

    def _note_connected(self, subscribed: session.Subscribed) -> None:
        self._session_no += 1
        self.stats.connects += 1
        self.stats.connected_at = self.clock()
        self.stats.refused_nodes = dict(subscribed.refused)
        for node_id, reason in subscribed.refused.items():
            logger.error("OPC UA node %s not subscribed on %s: %s", node_id, self.config.safe_endpoint, reason)
        logger.info(
            "OPC UA session %d to %s: %d node(s) subscribed",
            self.stats.connects,
            self.config.safe_endpoint,
            len(subscribed.nodes),
        )
        self._connected.set()

    def _note_lost(self, reason: str) -> None:
        self._connected.clear()
        self.stats.losses += 1
        self.stats.lost_at = self.clock()
        self.stats.last_error = reason
        logger.warning("OPC UA session to %s lost (%s); reconnecting", self.config.safe_endpoint, reason)

    def _note_failure(self, exc: Exception) -> None:
        self.stats.last_error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        logger.warning("OPC UA server %s: %s", self.config.safe_endpoint, self.stats.last_error)

    def _take(self, node: OpcUaNode, sample: Sample) -> None:
        try:
            reading = to_reading(node, sample, self.clock())
        except ValueError as exc:
            self._handover.reject(
                node.topic, sample.payload(node.node_id), f"node {node.node_id} ({node.signal}): {exc}"
            )
            return
        if self._last_value.get(node.node_id) == (reading.ts, reading.value):
            self.stats.duplicates += 1
            return
        self._last_value[node.node_id] = (reading.ts, reading.value)
        self._track_gap(reading)
        self._handover.put(reading)

    def _track_gap(self, reading: Reading) -> None:
        key = (reading.member, reading.resource)
        last = self._last_seen.get(key)
        self._last_seen[key] = (reading.ts, self._session_no)
        if last is not None and last[1] != self._session_no:
            gap = DataGap(reading.member, reading.resource, last[0], reading.ts)
            self.stats.gaps.append(gap)
            logger.warning(
                "OPC UA data gap for %s/%s: %.1f s from %s to %s",
                gap.member,
                gap.resource,
                gap.seconds,
                gap.start.isoformat(),
                gap.end.isoformat(),
            )
