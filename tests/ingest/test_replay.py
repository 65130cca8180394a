"""Replaying a recorded series as live telemetry."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from onefactory.ingest import Publisher, TelemetrySubscriber, load_series_csv, replay_series, schedule
from onefactory.model import InvalidData

from .conftest import Collector

pytestmark = pytest.mark.timeout(60)
T0 = datetime(2014, 1, 24, tzinfo=UTC)
START = datetime(2026, 3, 2, 12, tzinfo=UTC)


class MemoryPublisher:
    def __init__(self) -> None:
        self.sent: list[tuple[str, bytes]] = []
        self.lock = threading.Lock()

    def publish(self, topic: str, payload: bytes) -> None:
        with self.lock:
            self.sent.append((topic, payload))


def test_load_series_csv_reads_header_and_rows_oldest_first():
    text = "timestamp,value\n2014-01-24 00:05:00,91.04\n2014-01-24 00:00:00,89.20\n"
    assert load_series_csv(text) == [(T0, 89.20), (T0 + timedelta(minutes=5), 91.04)]


def test_load_series_csv_names_the_bad_line():
    with pytest.raises(InvalidData, match="series line 3"):
        load_series_csv("timestamp,value\n2014-01-24 00:00:00,1\n2014-01-24 00:05:00,1,5\n")


def test_schedule_shifts_to_start_and_divides_gaps():
    rows = [(T0, 1.0), (T0 + timedelta(minutes=5), 2.0)]
    steps = schedule(rows, speedup=300, start_at=START)
    assert [(s.delay_s, s.ts, s.value) for s in steps] == [(0.0, START, 1.0), (1.0, START + timedelta(seconds=1), 2.0)]
    with pytest.raises(InvalidData, match="speedup"):
        schedule(rows, speedup=0, start_at=START)


def test_replay_publishes_in_order_and_ends():
    rows = [(T0 + timedelta(seconds=i), float(i)) for i in range(5)]
    publisher = MemoryPublisher()
    handle = replay_series(publisher, "of/A/S/M/t", rows, speedup=100, start_at=START)
    handle.join(5)
    assert not handle.running and handle.published == 5 and handle.error is None
    assert [p for _, p in publisher.sent][0] == b'{"ts":"2026-03-02T12:00:00.000000+00:00","value":0.0}'


def test_replay_stops_cleanly_mid_series():
    rows = [(T0 + timedelta(minutes=i), float(i)) for i in range(100)]
    publisher = MemoryPublisher()
    handle = replay_series(publisher, "of/A/S/M/t", rows, speedup=600, loop=True)
    handle.stopping.wait(0.35)
    handle.stop()
    assert not handle.running and 1 <= handle.published < 100


def test_replay_real_machine_temperature_through_a_broker(embedded, member, shared):
    path = shared / "data/nab/data/realKnownCause/machine_temperature_system_failure.csv"
    if not path.is_file():
        pytest.skip(f"NAB series not found at {path}")
    rows = load_series_csv(path)[:30]
    collector = Collector()
    topic = f"of/{member}/S1/press-7/temp_c"
    sub = TelemetrySubscriber(embedded.url, collector.on_batch, collector.on_reject, "replay", f"of/{member}/#")
    with sub, Publisher(embedded.url) as publisher:
        handle = replay_series(publisher, topic, rows, speedup=30_000)  # 5 min -> 10 ms
        handle.join(20)
        assert collector.wait_for(lambda c: len(c.readings) == 30)
    assert [r.value for r in collector.readings] == [v for _, v in rows]
    assert collector.rejections == []
    now = datetime.now(UTC)
    assert all(abs(r.ts - now) < timedelta(minutes=1) for r in collector.readings)  # shifted to "now"
