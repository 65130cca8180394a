"""Telemetry hazards through storage: H010 (one impossible timestamp among 1,000) through the
codec and the MQTT ingest into the store, with its dead letter; H012 (200,000 distinct series)
through the store and its rollups, with bounded memory."""

from __future__ import annotations

import gc
import json
import math
import re
import time
import tracemalloc
from datetime import UTC, datetime

import pytest

from onefactory.ingest import EmbeddedBroker, TelemetrySubscriber, decode_lenient, publish_many
from onefactory.model import Member, MemberRole, Reading
from onefactory.services import telemetry
from onefactory.store import Store, open_store

from support import free_port, fresh_postgres_store, shared_path

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
BAD_TS = "2024-02-30 25:61:00"


def h010_messages() -> list[tuple[str, bytes]]:
    """H010 in onefactory's form: ``of/SUP-KR1/S1/M-101/_`` and ``{"ts", "values": {"temp"}}``,
    keeping every value token as written."""
    lines = shared_path("hazards", "H010", "messages.jsonl").read_text(encoding="utf-8").splitlines()
    out = []
    for line in lines:
        message = json.loads(line)
        _, member, device, _ = message["topic"].split("/")
        payload = re.sub(r',"temp":(.*)}$', r',"values":{"temp":\1}}', message["payload"])
        out.append((f"of/{member}/S1/{device}/_", payload.encode()))
    return out


def _assert_h010_stored(store: Store, extra: int = 0) -> None:
    with store.read() as tx:
        got = tx.readings.range("SUP-KR1", "M-101", "temp", limit=10_000)
        rollups = tx.rollups.range("SUP-KR1", "M-101", "temp", limit=10_000)
        letters = tx.dead_letters.of("SUP-KR1")
    assert len(got) == 999 + extra
    assert math.fsum(r.value for r in got[:999]) == pytest.approx(22430.0, abs=1e-9)
    assert sum(r.samples for r in rollups) == 999 + extra
    assert math.fsum(r.sum_value for r in rollups) == pytest.approx(math.fsum(r.value for r in got), abs=1e-9)
    assert len(letters) == 1
    assert letters[0]["payload"] == h010_messages()[499][1]
    assert "ts" in letters[0]["reason"] and BAD_TS in letters[0]["reason"]


def test_h010_codec_path_stores_999_and_dead_letters_reading_500_by_field_and_value(store):
    batch: list[Reading] = []
    for topic, payload in h010_messages():
        result = decode_lenient(topic, payload, received_at=NOW)
        batch += result.readings
        for rejection in result.rejections:
            telemetry.dead_letter(store, rejection.topic, rejection.payload, rejection.reason, NOW)
        if len(batch) >= 100:
            telemetry.store_batch(store, batch)
            batch = []
    telemetry.store_batch(store, batch)
    _assert_h010_stored(store)


@pytest.mark.timeout(60)
def test_h010_mqtt_ingest_stores_999_dead_letters_one_and_keeps_running(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'h010.db'}")  # a file: the ingest thread has its own connection
    broker = EmbeddedBroker("127.0.0.1", free_port())
    broker.start()
    sub = TelemetrySubscriber(
        broker.url,
        lambda batch: telemetry.store_batch(store, batch),
        lambda topic, payload, reason: telemetry.dead_letter(store, topic, payload, reason, NOW),
        topic_filter="of/SUP-KR1/#",
        client_id="test-h010",
        flush_ms=20,
    )
    try:
        with sub:
            publish_many(broker.url, h010_messages())
            assert _wait(store, 999)
            publish_many(
                broker.url, [("of/SUP-KR1/S1/M-101/_", b'{"ts":"2026-03-02 00:20:00","values":{"temp":21.0}}')]
            )
            sent = time.monotonic()
            assert _wait(store, 1000, timeout_s=5.0), "the reading after the file was not stored within 5 s"
            assert time.monotonic() - sent < 5.0
        _assert_h010_stored(store, extra=1)
    finally:
        broker.stop()
        store.dispose()


def _wait(store: Store, count: int, timeout_s: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with store.read() as tx:
            if tx.readings.count("SUP-KR1") >= count:
                return True
        time.sleep(0.02)
    return False


H012_SERIES = 200_000
BATCH = 5_000


def h012_batch(start: int) -> list[Reading]:
    """Topic mode of H012/gen.py: each serial is its own resource; one reading each."""
    return [
        Reading("SUP-KR3", f"SN-{n:06d}-{(n * 2654435761) % 65536:04X}", "temp", NOW, 20.0 + n % 10, "GW-012")
        for n in range(start, min(start + BATCH, H012_SERIES))
    ]


@pytest.fixture(params=["sqlite-file", "postgres"])
def bulk_store(request: pytest.FixtureRequest, tmp_path):
    """H012 over the SQLite file a plant runs on and over PostgreSQL (COPY)."""
    if request.param == "postgres":
        yield from fresh_postgres_store()
        return
    store = open_store(f"sqlite:///{tmp_path / 'h012.db'}")
    yield store
    store.dispose()


@pytest.mark.timeout(120)
def test_h012_200k_distinct_series_are_stored_and_rolled_up_with_bounded_memory(bulk_store):
    store = bulk_store
    """Memory must not grow with the number of series: after the first batch, Python-side
    allocations stay flat (the staging table is emptied per batch; nothing is cached per key)."""
    telemetry.store_batch(store, h012_batch(0))
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        peak = 0
        for start in range(BATCH, H012_SERIES, BATCH):
            telemetry.store_batch(store, h012_batch(start))
            peak = max(peak, tracemalloc.get_traced_memory()[1] - base)
        retained = tracemalloc.get_traced_memory()[0] - base
    finally:
        tracemalloc.stop()
    with store.read() as tx:
        assert tx.readings.count("SUP-KR3") == H012_SERIES
        assert tx.rollups.count("SUP-KR3") == H012_SERIES
        assert len(tx.readings.signals("SUP-KR3")) == H012_SERIES
    assert retained < 2 * 1024 * 1024, f"{retained} bytes kept after 195,000 series"
    assert peak < 16 * 1024 * 1024, f"peak {peak} bytes for one batch of {BATCH}"


H012_LIMIT = 50_000


@pytest.mark.timeout(120)
def test_h012_series_guard_admits_the_limit_refuses_and_counts_the_rest_and_alarms_once(tmp_path):
    """H012's guard: accepted + refused = 200,000, series created = L, one alarm naming the
    member and the first refused series; a restart re-reads the known series and alarms no more."""
    from onefactory.ingest.cardinality import SeriesGuard

    store = open_store(f"sqlite:///{tmp_path / 'h012.db'}")
    try:
        with store.write() as tx:
            tx.members.add(Member("SUP-KR3", "SUP-KR3 Co.", MemberRole.TIER2, "Asia/Seoul"))
        counters = telemetry.IngestCounters()
        guard = SeriesGuard(H012_LIMIT)
        admitted = sum(
            len(telemetry.store_guarded(store, guard, h012_batch(start), NOW, counters))
            for start in range(0, H012_SERIES, BATCH)
        )
        assert (admitted, counters.refused_series, admitted + counters.refused_series) == (50_000, 150_000, 200_000)
        assert (counters.stored, guard.series_of("SUP-KR3")) == (50_000, H012_LIMIT)
        with store.read() as tx:
            assert len(tx.readings.signals("SUP-KR3")) == H012_LIMIT
            alarms = [(a.member, a.resource, a.signal, a.rule) for a in tx.alarms.of("SUP-KR3")]
        assert alarms == [("SUP-KR3", "SN-050000-" + f"{(50_000 * 2654435761) % 65536:04X}", "temp", "series-limit")]

        restarted = telemetry.open_guard(store, H012_LIMIT)
        assert restarted.series_of("SUP-KR3") == H012_LIMIT
        again = [len(telemetry.store_guarded(store, restarted, h012_batch(s), NOW)) for s in range(0, 60_000, BATCH)]
        assert sum(again) == 50_000 and restarted.refused == 10_000
        with store.read() as tx:
            assert len(tx.alarms.of("SUP-KR3")) == 1  # the open alarm of the same series is not raised twice
    finally:
        store.dispose()
