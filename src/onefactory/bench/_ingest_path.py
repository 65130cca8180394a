"""The product's ingest path, assembled as ``onefactory up`` assembles it (``platform.py``),
on a SQLite file: ``TelemetrySubscriber`` -> codec -> ``services.telemetry.store_batch``
(``readings.append_many``) -> ``AlarmMonitor.feed_many`` (the live rules, alarms stored),
with the subscriber settings of ``onefactory up`` on an existing broker."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from onefactory.config import Settings
from onefactory.ingest import DecodeOptions, TelemetrySubscriber
from onefactory.ingest.cardinality import DEFAULT_SERIES_LIMIT
from onefactory.model import Member, MemberRole
from onefactory.monitor.rules import default_rules
from onefactory.notify.http import SendResult
from onefactory.services import telemetry
from onefactory.services.alarm_monitor import AlarmMonitor
from onefactory.store import Store, open_store

from ._ingest_stream import MEMBER, forget_session

# as ``onefactory up`` with an existing broker (``mqtt_url`` set) and default settings
RECEIVE_MAXIMUM = Settings.model_fields["mqtt_receive_maximum"].default


class _NoWebhooks:
    """The webhook sender; the benchmark registers no webhooks, so it is never called."""

    def send(self, url: str, body: bytes, headers: dict[str, str]) -> SendResult:
        return SendResult(0, "benchmark: no webhooks", 0.0)


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class IngestPath:
    """One run of the product path on a fresh SQLite file under ``folder``."""

    url: str
    prefix: str
    folder: Path
    subscriber_options: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.store: Store = open_store(f"sqlite:///{self.folder / 'ingest.db'}")
        with self.store.write() as tx:
            tx.members.add(Member(MEMBER, "SKAB pump testbed", MemberRole.TIER2, "UTC"))
        self.counters = telemetry.IngestCounters()
        self.guard = telemetry.open_guard(self.store, DEFAULT_SERIES_LIMIT)
        self.monitor = AlarmMonitor(self.store, default_rules(), _NoWebhooks(), _utc_now)
        self.client_id = f"{self.prefix}-ingest"
        self.subscriber = TelemetrySubscriber(
            self.url,
            self._on_batch,
            self._on_reject,
            client_id=self.client_id,
            topic_filter=f"{self.prefix}/#",
            options=DecodeOptions(prefix=self.prefix),
            **{"receive_maximum": RECEIVE_MAXIMUM, **self.subscriber_options},
        )

    def _on_batch(self, batch: list[Any]) -> None:
        """As ``Platform._store_batch``: the series guard, the store, then the alarm monitor."""
        admitted = telemetry.store_guarded(self.store, self.guard, batch, _utc_now(), self.counters)
        self.monitor.feed_many(admitted)

    def _on_reject(self, topic: str, payload: bytes, reason: str) -> None:
        telemetry.dead_letter(self.store, topic, payload, reason, _utc_now(), self.counters)

    def start(self) -> None:
        """Start detection, then subscribe."""
        self.monitor.start()
        self.subscriber.start()

    def detected(self) -> int:
        """Readings the alarm monitor has run its rules on, or dropped (counted) when behind."""
        return self.monitor.stats.readings + self.monitor.stats.dropped

    def checked(self) -> int:
        """Readings the alarm monitor has run its rules on (without the ones it dropped)."""
        return self.monitor.stats.readings

    def wait_detected(self, readings: int, quiet_s: float) -> float:
        """The monotonic time at which the last reading went through detection: when ``readings``
        did, or the last progress before ``quiet_s`` without any (the broker dropped the rest)."""
        seen, last = -1, time.monotonic()
        while (now := time.monotonic()) - last < quiet_s:
            detected = self.detected()
            if detected != seen:
                seen, last = detected, now
            if detected >= readings:
                return now
            time.sleep(0.002)
        return last

    def stop(self) -> dict[str, int]:
        """Stop everything; return the counters of this run."""
        self.subscriber.stop()
        self.monitor.stop()
        forget_session(self.url, self.client_id)
        with self.store.read() as tx:
            stored = tx.readings.count(MEMBER)
            alarms = len(tx.alarms.of(MEMBER))
        self.store.dispose()
        s, m = self.subscriber.stats, self.monitor.stats
        return {
            "messages": s.messages,
            "readings": s.readings,
            "rejections": s.rejections,
            "batches": s.batches,
            "shed": getattr(s, "shed", 0),
            "stored": stored,
            "detected": m.readings,
            "detect_dropped": m.dropped,
            "alarms": alarms,
        }
