"""Telemetry retention: raw readings and rollups each kept for their own days; a loop runs the step."""

import time
from datetime import UTC, datetime, timedelta

import pytest

from onefactory.model import InvalidData, Reading
from onefactory.services.retention import RetentionLoop, RetentionResult, apply_retention

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def _fill(store, days=range(0, 12)):
    with store.write() as tx:
        tx.readings.append_many([Reading("SUP-A", "M-1", "temp", NOW - timedelta(days=d, hours=1), 1.0) for d in days])


def _counts(store):
    with store.read() as tx:
        return tx.readings.count(), tx.rollups.count()


def test_readings_and_rollups_are_trimmed_each_by_its_own_age(store):
    _fill(store)
    assert apply_retention(store, NOW, readings_days=3, rollups_days=10) == RetentionResult(9, 2)
    assert _counts(store) == (3, 10)
    assert apply_retention(store, NOW, readings_days=3, rollups_days=10) == RetentionResult(0, 0)


def test_zero_days_keeps_that_kind_forever(store):
    _fill(store)
    assert apply_retention(store, NOW, readings_days=0, rollups_days=1) == RetentionResult(0, 11)
    assert _counts(store) == (12, 1)


def test_negative_days_are_refused_naming_the_setting(store):
    with pytest.raises(InvalidData, match="rollups_days must be >= 0") as info:
        apply_retention(store, NOW, readings_days=1, rollups_days=-1)
    assert info.value.field == "rollups_days"


def test_the_loop_runs_at_start_and_again_each_interval_until_stopped(store):
    _fill(store)
    loop = RetentionLoop(store, lambda: NOW, readings_days=5, rollups_days=0, interval_s=0.05)
    loop.start()
    deadline = time.monotonic() + 5
    while loop.runs < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    loop.stop()
    runs = loop.runs
    assert runs >= 3
    assert _counts(store) == (5, 12)
    time.sleep(0.15)
    assert loop.runs == runs


def test_the_platform_runs_retention_from_its_settings(tmp_path):
    from onefactory.config import Settings
    from onefactory.model import Member, MemberRole
    from onefactory.platform import Platform
    from onefactory.store import open_store

    settings = Settings(data_dir=tmp_path, telemetry=False, readings_retention_days=2, retention_interval_s=60)
    seed = open_store(settings.database_url)
    with seed.write() as tx:
        tx.members.add(Member("SUP-A", "A", MemberRole.TIER1))
    _fill(seed)
    seed.dispose()
    platform = Platform(settings, clock=lambda: NOW)
    platform.start()
    try:
        deadline = time.monotonic() + 10
        while platform.retention.runs < 1 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert _counts(platform.runtime.store) == (2, 12)
    finally:
        platform.stop()
