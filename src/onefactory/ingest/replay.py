"""Replaying a recorded time series as live telemetry (for demos and soak tests).

``load_series_csv`` reads ``timestamp,value`` rows; ``schedule`` (pure) shifts them
so the first row happens at ``start_at`` and the gaps shrink by ``speedup``;
``replay_series`` publishes the schedule from a background thread that stops
cleanly on ``handle.stop()``.

Example:
    >>> from datetime import datetime, timedelta, UTC
    >>> t0 = datetime(2015, 1, 1, tzinfo=UTC)
    >>> rows = [(t0, 1.0), (t0 + timedelta(seconds=10), 2.0)]
    >>> steps = schedule(rows, speedup=10, start_at=t0.replace(year=2026))
    >>> [(s.delay_s, s.ts.isoformat(), s.value) for s in steps]
    [(0.0, '2026-01-01T00:00:00+00:00', 1.0), (1.0, '2026-01-01T00:00:01+00:00', 2.0)]
"""

from __future__ import annotations

import csv
import io
import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from onefactory.model import InvalidData

from ._times import TimeRefused, read_time
from ._values import ValueRefused, read_value
from .codec import encode_value

logger = logging.getLogger(__name__)


class SupportsPublish(Protocol):
    """Anything with ``publish(topic, payload)``, such as ``mqtt.Publisher``."""

    def publish(self, topic: str, payload: bytes) -> None:
        """Publish one message."""


@dataclass(frozen=True, slots=True)
class Step:
    """One replayed sample: wait ``delay_s`` after the start, then publish ``value`` stamped ``ts``."""

    delay_s: float
    ts: datetime
    value: float


def load_series_csv(source: str | Path, site_tz: str = "UTC") -> list[tuple[datetime, float]]:
    """Read ``timestamp,value`` rows (a header row is skipped), oldest first.

    ``source`` is a path or the CSV text itself. Timestamps are ISO 8601 (naive ones
    in ``site_tz``) or epoch numbers; values are plain decimals. A bad row raises
    InvalidData naming its line.
    """
    text = source.read_text(encoding="utf-8-sig") if isinstance(source, Path) else source
    rows: list[tuple[datetime, float]] = []
    for line, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or (line == 1 and not row[0][:1].isdigit()):
            continue
        try:
            if len(row) != 2:
                raise ValueRefused(f"expected 2 columns timestamp,value, got {len(row)}")
            rows.append((read_time(row[0].strip(), site_tz), read_value(row[1].strip())))
        except (TimeRefused, ValueRefused) as exc:
            raise InvalidData(f"series line {line}: {exc}", field="series") from None
    return sorted(rows, key=lambda pair: pair[0])


def schedule(rows: Sequence[tuple[datetime, float]], *, speedup: float, start_at: datetime) -> list[Step]:
    """Shift ``rows`` so the first is at ``start_at``, with gaps divided by ``speedup``."""
    if speedup <= 0:
        raise InvalidData(f"speedup must be > 0, got {speedup}", field="speedup")
    if not rows:
        return []
    first = rows[0][0]
    steps = []
    for ts, value in rows:
        delay_s = (ts - first).total_seconds() / speedup
        steps.append(Step(delay_s, start_at + (ts - first) / speedup, value))
    return steps


class ReplayHandle:
    """A running replay: ``stop()`` ends it, ``join()`` waits; ``published`` counts messages."""

    def __init__(self) -> None:
        self._stop_event = threading.Event()
        self._thread: threading.Thread | None = None
        self.published = 0
        self.error: BaseException | None = None

    @property
    def running(self) -> bool:
        """True until the series is exhausted or stopped."""
        return self._thread is not None and self._thread.is_alive()

    @property
    def stopping(self) -> threading.Event:
        """Set when ``stop()`` was called."""
        return self._stop_event

    def stop(self, timeout_s: float = 5.0) -> None:
        """Ask the replay to stop and wait for its thread."""
        self._stop_event.set()
        self.join(timeout_s)

    def join(self, timeout_s: float | None = None) -> None:
        """Wait until the replay ends by itself."""
        if self._thread is not None:
            self._thread.join(timeout_s)


def replay_series(
    publisher: SupportsPublish,
    topic: str,
    rows: Iterable[tuple[datetime, float]],
    *,
    speedup: float = 1.0,
    start_at: datetime | None = None,
    loop: bool = False,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> ReplayHandle:
    """Publish ``rows`` to ``topic`` as live ``{"ts", "value"}`` samples from a background thread.

    Timestamps are shifted to ``start_at`` (default now); ``loop=True`` starts over
    after the last row, shifted again. A publish error ends the replay and is kept
    in ``handle.error``.
    """
    series = list(rows)
    schedule(series, speedup=speedup, start_at=start_at or clock())  # refuse bad arguments in the caller
    handle = ReplayHandle()

    def run() -> None:
        begin = start_at or clock()
        while not handle.stopping.is_set():
            steps = schedule(series, speedup=speedup, start_at=begin)
            if not _play(publisher, topic, steps, handle) or not loop or not steps:
                return
            begin = steps[-1].ts + (steps[-1].ts - steps[0].ts) / max(len(steps) - 1, 1)

    handle._thread = threading.Thread(target=run, name=f"replay-{topic}", daemon=True)
    handle._thread.start()
    return handle


def _play(publisher: SupportsPublish, topic: str, steps: list[Step], handle: ReplayHandle) -> bool:
    started = time.monotonic()
    for step in steps:
        if handle.stopping.wait(max(0.0, started + step.delay_s - time.monotonic())):
            return False
        try:
            publisher.publish(topic, encode_value(step.ts, step.value))
        except Exception as exc:  # kept for the caller; the replay ends
            handle.error = exc
            logger.exception("replay to %s failed", topic)
            return False
        handle.published += 1
    return True
