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


def _storm(minutes: int) -> list[list[Reading]]:
    """One batch a minute of a pump's temperature, with a five-minute level shift (raised, then ended)."""
    out = []
    for m in range(minutes):
        base = T0 + timedelta(minutes=m)
        level = 80.0 if 20 <= m < 25 else 20.0
        out.append(
            [
                Reading(
                    "SUP-A",
                    "M-1",
                    "temp_c",
                    base + timedelta(seconds=s),
                    level + (s % 7) * 0.1,
                )
                for s in range(60)
            ]
        )
    return out


def _alarms(store):
    with store.read() as tx:
        return sorted((a.rule, a.raised_at, a.status.value, a.last_seen, a.value) for a in tx.alarms.of("SUP-A"))


def test_batches_queued_behind_a_busy_monitor_are_detected_together_with_the_same_alarms(tmp_path):
    from onefactory.model import Member, MemberRole
    from onefactory.store import open_store

    stores = []
    for name in ("one-by-one", "joined"):
        store = open_store(f"sqlite:///{tmp_path / name}.db")
        with store.write() as tx:
            tx.members.add(Member("SUP-A", "Supplier A", MemberRole.TIER2, "UTC"))
        stores.append(store)
    one_by_one = AlarmMonitor(stores[0], default_rules(), _NoWebhooks(), lambda: T0 + timedelta(hours=2))
    for batch in _storm(70):
        one_by_one.detect_many(batch)
    joined = AlarmMonitor(stores[1], default_rules(), _NoWebhooks(), lambda: T0 + timedelta(hours=2))
    for batch in _storm(70):
        joined.feed_many(batch)  # not started yet: all 70 wait, as behind a busy worker
    joined.start()
    joined.stop()
    assert (joined.stats.readings, joined.stats.batches) == (4200, 1)  # 4,200 readings, under JOIN_READINGS
    assert _alarms(stores[1]) == _alarms(stores[0])
    assert [a[:3] for a in _alarms(stores[0])] == [
        ("robust-z", T0 + timedelta(minutes=20, seconds=2), "cleared-unacknowledged")
    ]
