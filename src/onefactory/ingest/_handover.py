"""A worker thread that hands readings to ``on_batch`` in batches and rejections to ``on_reject``.

Used by the OPC UA collector, whose event loop must never wait for a store write:
the loop only queues, the worker calls back. A batch goes out at ``batch_size``
readings, or ``flush_ms`` after its first reading, and at ``stop()``. An exception
in a callback is logged and never stops the worker.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

from onefactory.model import Reading

logger = logging.getLogger(__name__)
_STOP = object()

OnBatch = Callable[[list[Reading]], None]
OnReject = Callable[[str, bytes, str], None]


class Counters(Protocol):
    """The counters the worker keeps up to date."""

    readings: int
    rejections: int
    batches: int


class Handover:
    """Queue from any thread; callbacks run on the worker thread, in arrival order."""

    def __init__(self, on_batch: OnBatch, on_reject: OnReject, counters: Counters, batch_size: int, flush_ms: int):
        self.on_batch = on_batch
        self.on_reject = on_reject
        self.counters = counters
        self.batch_size = batch_size
        self.flush_ms = flush_ms
        self._inbox: queue.Queue[Any] = queue.Queue()
        self._thread: threading.Thread | None = None

    def start(self, name: str) -> None:
        self._thread = threading.Thread(target=self._work, name=name, daemon=True)
        self._thread.start()

    def put(self, reading: Reading) -> None:
        self._inbox.put(reading)

    def reject(self, topic: str, payload: bytes, reason: str) -> None:
        self._inbox.put((topic, payload, reason))

    def stop(self, timeout_s: float = 10.0) -> None:
        """Hand over everything queued so far, then end the worker. Idempotent."""
        if self._thread is not None:
            self._inbox.put(_STOP)
            self._thread.join(timeout_s)
            self._thread = None

    def _work(self) -> None:
        pending: list[Reading] = []
        since = 0.0
        while True:
            wait = max(0.0, since + self.flush_ms / 1000 - time.monotonic()) if pending else None
            try:
                item = self._inbox.get(timeout=wait)
            except queue.Empty:
                item = None
            if item is _STOP:
                self._flush(pending)
                return
            if isinstance(item, Reading):
                since = since if pending else time.monotonic()
                pending.append(item)
            elif item is not None:
                self.counters.rejections += 1
                self._call(self.on_reject, *item)
            if pending and (len(pending) >= self.batch_size or time.monotonic() - since >= self.flush_ms / 1000):
                pending = self._flush(pending)

    def _flush(self, pending: list[Reading]) -> list[Reading]:
        if pending:
            self.counters.batches += 1
            self.counters.readings += len(pending)
            self._call(self.on_batch, pending)
        return []

    @staticmethod
    def _call(callback: Callable[..., None], *args: Any) -> None:
        call_logged(callback, *args, log=logger)


def call_logged(callback: Callable[..., None], *args: Any, log: logging.Logger) -> None:
    """Run an ingest callback; a failure is logged on ``log`` and never stops ingestion
    (the shell decides what to do with it)."""
    try:
        callback(*args)
    except Exception:
        log.exception("telemetry callback %r failed", callback)
