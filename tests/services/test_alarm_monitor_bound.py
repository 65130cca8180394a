"""The live alarm monitor's queue: bounded in readings, whatever the ingest's batch size."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from onefactory.model import Reading
from onefactory.monitor.rules import default_rules
from onefactory.notify.http import SendResult
from onefactory.services.alarm_monitor import AlarmMonitor

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class _NoWebhooks:
    def send(self, url: str, body: bytes, headers: dict[str, str]) -> SendResult:
        return SendResult(0, "no webhooks in this test", 0.0)


def test_readings_past_the_bound_are_dropped_and_counted_not_queued(store):
    """Batches grew with the ingest's in-flight window (2,000 readings); a bound in batches
    would have let 2 million readings wait, so the bound is in readings."""
    monitor = AlarmMonitor(store, default_rules(), _NoWebhooks(), lambda: T0, max_pending_readings=10)
    batch = [Reading("SUP-A", "M-1", "temp_c", T0 + timedelta(seconds=i), 20.0) for i in range(6)]
    monitor.feed_many(batch)  # not started yet: these wait
    monitor.feed_many(batch)  # 12 would pass 10
    assert monitor.stats.dropped == 6
    monitor.start()
    monitor.stop()
    assert (monitor.stats.readings, monitor.stats.dropped) == (6, 6)
