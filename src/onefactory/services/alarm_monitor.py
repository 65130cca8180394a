"""The live alarm loop: detection on the telemetry stream and the escalation / webhook tick.

``AlarmMonitor`` is handed the store, the rules, the HTTP sender, an optional
MQTT publisher with its forwarding rule, and the clock; it builds none of them.
``feed_many`` takes each batch the ingest stored (from its thread) and never
blocks it; a worker thread runs the rules and records alarms. At most
``max_pending_readings`` wait for it (whatever the batch size, so memory stays
bounded); a batch that would pass that is dropped and counted (``stats.dropped``). A second thread
ticks every ``tick_s``: escalations due, then webhook deliveries due. An error
in one batch or tick is logged and the loop goes on. ``stop`` ends both threads.

When the worker fell behind, it takes the batches queued behind the next one with it, up to
``JOIN_READINGS`` readings: fewer, larger batches, with the same alarms.

The worker first runs ``warm_up``: the rules learn from stored history (no
alarms are raised from it), so a restart does not start blind; live batches
wait in the queue meanwhile.
"""

from __future__ import annotations

import logging
import queue
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from onefactory.model import Reading
from onefactory.monitor.escalation import DEFAULT_POLICY, EscalationPolicy
from onefactory.monitor.rules import AlarmRules
from onefactory.notify import RetryPolicy
from onefactory.store import Store

from . import alarm_forwarding, alarms, telemetry, webhooks

log = logging.getLogger(__name__)
HISTORY_LIMIT = 2000
MAX_PENDING_READINGS = 100_000  # ~1000 batches of 10 messages, the bound when batches were that small
JOIN_READINGS = 10_000  # queued batches are detected together up to this many readings


@dataclass
class MonitorStats:
    """Counters since start."""

    batches: int = 0
    readings: int = 0
    changes: int = 0
    dropped: int = 0
    escalations: int = 0
    attempts: int = 0
    errors: int = 0


@dataclass
class AlarmMonitor:
    """Runs the rules on live readings and ticks escalations and webhooks (see module doc)."""

    store: Store
    rules: AlarmRules
    sender: webhooks.Sender
    clock: Callable[[], datetime]
    tick_s: float = 5.0
    policy: EscalationPolicy = DEFAULT_POLICY
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    publisher: alarm_forwarding.Publisher | None = None
    forward_rule: alarm_forwarding.ForwardRule | None = None
    stats: MonitorStats = field(default_factory=MonitorStats)
    max_pending_readings: int = MAX_PENDING_READINGS
    _queue: queue.Queue[list[Reading] | None] = field(default_factory=queue.Queue)
    _pending: int = 0
    _pending_lock: threading.Lock = field(default_factory=threading.Lock)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)
    _rng: random.Random = field(default_factory=random.Random)

    def warm_up(self, window: timedelta = timedelta(days=2), limit: int = HISTORY_LIMIT) -> int:
        """Let the rules learn from each stored signal's newest ``limit`` readings in ``window``
        (read in two queries, whatever the number of series); returns readings seen."""
        seen = 0
        with self.store.read() as tx:
            for history in telemetry.recent_histories(tx, self.clock() - window, limit):
                self.rules.evaluate_many(history)
                seen += len(history)
        self.rules.forget_edges()
        return seen

    def start(self) -> None:
        """Start the detection worker (it warms up first) and the ticker."""
        for name, target in (("alarm-detect", self._detect_loop), ("alarm-tick", self._tick_loop)):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def feed_many(self, batch: list[Reading]) -> None:
        """Queue a stored batch for detection; drops (and counts) it when the worker is far behind."""
        with self._pending_lock:
            if self._pending and self._pending + len(batch) > self.max_pending_readings:
                self.stats.dropped += len(batch)
                return
            self._pending += len(batch)
        self._queue.put_nowait(batch)

    def stop(self, timeout_s: float = 10.0) -> None:
        """Finish the queued batches, then stop both threads. Idempotent."""
        self._stop.set()
        self._queue.put_nowait(None)
        for thread in self._threads:
            thread.join(timeout_s)
        self._threads.clear()

    def detect_many(self, batch: list[Reading]) -> list[alarms.Change]:
        """Run the rules on one batch and record what changed (also used directly in tests)."""
        found = self.rules.evaluate_many(batch)
        changes = alarms.record_changes(self.store, found, self.clock()) if found else []
        if seen := self.rules.take_seen():
            alarms.record_seen(self.store, seen)
        self.stats.batches += 1
        self.stats.readings += len(batch)
        self.stats.changes += len(changes)
        if changes and self.publisher is not None and self.forward_rule is not None:
            for out in alarm_forwarding.forward(self.store, self.publisher, self.forward_rule, changes):
                if out.error:
                    log.error("alarm %s not forwarded: %s", out.alarm_id, out.error)
        return changes

    def tick(self) -> None:
        """Escalate what is due, then post the webhook deliveries that are due."""
        now = self.clock()
        self.stats.escalations += len(alarms.escalate_due(self.store, now, self.policy))
        self.stats.attempts += len(webhooks.deliver_due(self.store, self.sender, now, self.retry, self._rng))

    def _detect_loop(self) -> None:
        self._guard(self.warm_up)
        while True:
            try:
                batch = self._queue.get(timeout=0.5)
            except queue.Empty:
                if self._stop.is_set():
                    return
                continue
            if batch is None:
                return
            batch, stopping = self._with_queued(batch)
            self._guard(self.detect_many, batch)
            with self._pending_lock:
                self._pending -= len(batch)
            if stopping:
                return

    def _with_queued(self, batch: list[Reading]) -> tuple[list[Reading], bool]:
        """``batch`` joined by the batches queued behind it, up to ``JOIN_READINGS`` readings,
        and whether the stop mark came among them: a monitor that fell behind catches up in
        fewer, larger batches (one transaction each, the same alarms)."""
        joined = list(batch)
        while len(joined) < JOIN_READINGS:
            try:
                more = self._queue.get_nowait()
            except queue.Empty:
                break
            if more is None:
                return joined, True
            joined.extend(more)
        return joined, False

    def _tick_loop(self) -> None:
        while not self._stop.wait(self.tick_s):
            self._guard(self.tick)

    def _guard(self, fn: Callable[..., object], *args: object) -> None:
        try:
            fn(*args)
        except Exception:  # one bad batch or tick must not stop the loop
            self.stats.errors += 1
            log.exception("alarm monitor: %s failed", getattr(fn, "__name__", fn))
