"""Telemetry retention: raw readings and their one-minute rollups each kept for their own number of days.

``apply_retention`` is one step (one transaction); ``RetentionLoop`` runs it at
start and then every ``interval_s`` from a daemon thread, until ``stop``. The
platform builds the loop from the settings; the service takes plain values.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from onefactory.model import InvalidData
from onefactory.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RetentionResult:
    """What one retention step deleted."""

    readings_deleted: int
    rollups_deleted: int


def apply_retention(store: Store, now: datetime, *, readings_days: int, rollups_days: int) -> RetentionResult:
    """Delete readings older than ``readings_days`` and rollup minutes older than
    ``rollups_days`` before ``now``; 0 keeps that kind forever.

    Rollups of deleted readings stay, so long-range charts outlive the raw samples.
    """
    for name, days in (("readings_days", readings_days), ("rollups_days", rollups_days)):
        if days < 0:
            raise InvalidData(f"{name} must be >= 0 (0 keeps forever), got {days}", field=name)
    with store.write() as tx:
        readings = tx.readings.delete_before(now - timedelta(days=readings_days)) if readings_days else 0
        rollups = tx.rollups.delete_before(now - timedelta(days=rollups_days)) if rollups_days else 0
    return RetentionResult(readings, rollups)


@dataclass
class RetentionLoop:
    """Runs :func:`apply_retention` at start and every ``interval_s``; an error is logged and the loop goes on."""

    store: Store
    clock: Callable[[], datetime]
    readings_days: int
    rollups_days: int
    interval_s: float = 3600.0
    runs: int = 0
    _stop: threading.Event = field(default_factory=threading.Event, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)

    def run_once(self) -> RetentionResult:
        """One retention step now."""
        result = apply_retention(
            self.store, self.clock(), readings_days=self.readings_days, rollups_days=self.rollups_days
        )
        self.runs += 1
        if result.readings_deleted or result.rollups_deleted:
            log.info(
                "retention deleted %d readings and %d rollup minutes",
                *(result.readings_deleted, result.rollups_deleted),
            )
        return result

    def start(self) -> None:
        """Start the background thread."""
        self._thread = threading.Thread(target=self._loop, name="telemetry-retention", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        """Stop the thread (idempotent)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None

    def _loop(self) -> None:
        while True:
            try:
                self.run_once()
            except Exception:  # the shell's loop: log and try again next round
                log.exception("telemetry retention step failed")
            if self._stop.wait(self.interval_s):
                return
