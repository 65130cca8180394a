"""The telemetry store contract (readings and their one-minute rollups, retention),
run over in-memory SQLite, a SQLite file and PostgreSQL (bulk COPY)."""

import math
import random
from datetime import UTC, datetime, timedelta

import pytest

from onefactory.model import VALUE_LIMIT, Reading

AT = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def _r(signal, seconds, value, resource="M-1", member="SUP-A"):
    return Reading(member, resource, signal, AT + timedelta(seconds=seconds), value, "S1")


def _append(store, *batches):
    for batch in batches:
        with store.write() as tx:
            tx.readings.append_many(batch)


def _rollups(store, signal=None, **kw):
    with store.read() as tx:
        return [
            (r.signal, r.minute, r.samples, r.min_value, r.max_value, r.sum_value, r.first_ts, r.last_ts)
            for r in tx.rollups.range("SUP-A", "M-1", signal, **kw)
        ]


def test_rollups_hold_count_min_max_sum_and_first_last_time_per_minute(any_store):
    _append(any_store, [_r("temp", 1, 20.0), _r("temp", 59.5, 24.0), _r("temp", 30, 19.0), _r("temp", 61, 30.0)])
    _append(any_store, [_r("rpm", 5, 1200.0)])
    got = _rollups(any_store)
    minute = AT + timedelta(minutes=1)
    assert got == [
        ("rpm", AT, 1, 1200.0, 1200.0, 1200.0, AT + timedelta(seconds=5), AT + timedelta(seconds=5)),
        ("temp", AT, 3, 19.0, 24.0, 63.0, AT + timedelta(seconds=1), AT + timedelta(seconds=59.5)),
        ("temp", minute, 1, 30.0, 30.0, 30.0, minute + timedelta(seconds=1), minute + timedelta(seconds=1)),
    ]
    with any_store.read() as tx:
        assert tx.rollups.range("SUP-A", "M-1", "temp")[0].mean == 21.0


def test_redelivered_samples_count_once_and_same_millisecond_samples_all_count(any_store):
    t = 0.001
    batch = [_r("temp", t, 20.0), _r("temp", t, 21.0), _r("temp", t, 20.0), _r("temp", 0, 19.0)]
    _append(any_store, batch, batch[:2], batch)  # in-batch duplicate, then two QoS 1 redeliveries
    with any_store.read() as tx:
        assert [r.value for r in tx.readings.range("SUP-A", "M-1", "temp")] == [19.0, 20.0, 21.0]
    assert [g[2:6] for g in _rollups(any_store)] == [(3, 19.0, 21.0, 60.0)]


def test_out_of_order_late_and_split_batches_give_the_in_order_rollups(any_store, tmp_path):
    """Values are multiples of 0.25 so float sums are exact in any order."""
    readings = [_r(s, i * 7.3, (i % 40) * 0.25, resource=f"M-{i % 2 + 1}") for i in range(400) for s in ("a", "b")]
    shuffled = random.Random(7).sample(readings, len(readings))
    late, early = shuffled[:50], shuffled[50:]
    _append(any_store, *[early[k : k + 97] for k in range(0, len(early), 97)], late)
    with any_store.read() as tx:
        got = tx.rollups.range("SUP-A", "M-1", limit=10_000)
    expected: dict[tuple[str, datetime], list[float]] = {}
    for r in readings:
        if r.resource == "M-1":
            expected.setdefault((r.signal, r.ts.replace(second=0, microsecond=0)), []).append(r.value)
    assert {(g.signal, g.minute): (g.samples, g.min_value, g.max_value, g.sum_value) for g in got} == {
        k: (len(v), min(v), max(v), sum(v)) for k, v in expected.items()
    }


def test_rollup_range_selects_minutes_by_start_and_signal_in_time_order(any_store):
    _append(any_store, [_r("temp", m * 60 + 10, float(m)) for m in range(5)] + [_r("rpm", 70, 9.0)])
    got = _rollups(any_store, "temp", since=AT + timedelta(minutes=1, seconds=30), until=AT + timedelta(minutes=3))
    assert [(g[1], g[2]) for g in got] == [(AT + timedelta(minutes=1), 1), (AT + timedelta(minutes=2), 1)]
    assert [g[1] for g in _rollups(any_store, "temp", limit=2)] == [AT + timedelta(minutes=m) for m in (3, 4)]


def test_retention_trims_readings_and_rollups_each_by_its_own_cutoff(any_store):
    _append(any_store, [_r("temp", d * 86400, 1.0) for d in range(10)])
    with any_store.write() as tx:
        assert tx.readings.delete_before(AT + timedelta(days=7)) == 7
        assert tx.rollups.delete_before(AT + timedelta(days=2)) == 2
    with any_store.read() as tx:
        assert tx.readings.count("SUP-A") == 3
        assert tx.rollups.count("SUP-A") == 8


def test_a_failed_transaction_leaves_neither_readings_nor_rollups(any_store):
    with pytest.raises(RuntimeError), any_store.write() as tx:
        tx.readings.append_many([_r("temp", 1, 20.0)])
        raise RuntimeError("boom")
    _append(any_store, [_r("temp", 2, 22.0)])
    with any_store.read() as tx:
        assert tx.readings.count() == 1
    assert [g[2:6] for g in _rollups(any_store)] == [(1, 22.0, 22.0, 22.0)]


def test_two_batches_in_one_transaction_both_land(any_store):
    with any_store.write() as tx:
        tx.readings.append_many([_r("temp", 1, 1.0)])
        tx.readings.append_many([_r("temp", 2, 2.0)])
    assert [g[2:6] for g in _rollups(any_store)] == [(2, 1.0, 2.0, 3.0)]


def test_concurrent_writers_of_overlapping_batches_count_each_stored_row_once(any_store):
    """Redeliveries racing each other (two ingest workers, PostgreSQL's concurrent transactions),
    half of them in reverse order: rows are written in key order, so they cannot deadlock."""
    import threading

    if any_store.url == "sqlite://":
        pytest.skip("one shared in-memory connection has no concurrent writers")
    batches = [[_r("temp", i * 0.5, float(i % 5)) for i in range(k, k + 300)] for k in range(0, 600, 100)]
    backwards = [b[::-1] for b in batches]
    plans = (batches[0::2], batches[1::2], backwards[0::2], backwards[1::2])
    errors: list[Exception] = []

    def write(plan):
        try:
            _append(any_store, *plan)
        except Exception as exc:  # a deadlock or any other failure of a worker fails the test
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(plan,)) for plan in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with any_store.read() as tx:
        stored = tx.readings.count()
        rolled = sum(r.samples for r in tx.rollups.range("SUP-A", "M-1", limit=10_000))
    assert errors == []
    assert stored == rolled == 800


def test_a_batch_larger_than_one_insert_statement_counts_each_new_row_once(any_store):
    """1,300 rows take several insert statements (512, 512, then smaller); a repeat of a row
    from the first statement in the last one, and a redelivery of the whole batch, are skipped."""
    rows = [_r("temp", i * 0.5, float(i)) for i in range(1300)]
    with any_store.write() as tx:
        assert tx.readings.append_many([*rows[:1299], rows[3], rows[1299]]) == 1300
    with any_store.write() as tx:
        assert tx.readings.append_many(rows) == 0
    with any_store.read() as tx:
        assert [r.value for r in tx.readings.range("SUP-A", "M-1", "temp", limit=2000)] == [
            float(i) for i in range(1300)
        ]
    got = _rollups(any_store)
    assert sum(g[2] for g in got) == 1300 and sum(g[5] for g in got) == sum(range(1300))


def test_rollup_mean_of_equal_samples_is_their_value_not_sum_over_count(any_store):
    """Ten samples of 0.1 sum to 0.9999999999999999 in float; the mean stays within [min, max]."""
    _append(
        any_store, [_r("temp", i, 0.1) for i in range(10)] + [_r("rpm", i, v) for i, v in enumerate([0.1] * 9 + [0.2])]
    )
    with any_store.read() as tx:
        temp, rpm = tx.rollups.range("SUP-A", "M-1", "temp")[0], tx.rollups.range("SUP-A", "M-1", "rpm")[0]
    assert (temp.samples, temp.min_value, temp.max_value, temp.mean) == (10, 0.1, 0.1, 0.1)
    assert rpm.min_value <= rpm.mean <= rpm.max_value and rpm.mean == pytest.approx(0.11)


def test_readings_at_the_value_limit_sum_to_a_finite_rollup_on_every_database(any_store):
    """PostgreSQL refuses a float sum that overflows, and with it the whole batch; readings are
    bounded to ±1e300 (``VALUE_LIMIT``) so a minute of up to 10^8 samples sums finitely."""
    values = [VALUE_LIMIT] * 50 + [-VALUE_LIMIT] * 10
    _append(any_store, [_r("temp", i * 0.5, v) for i, v in enumerate(values)], [_r("temp", 59, VALUE_LIMIT)])
    with any_store.read() as tx:
        [rollup] = tx.rollups.range("SUP-A", "M-1", "temp")
        assert tx.readings.count("SUP-A") == 61
    assert (rollup.samples, rollup.min_value, rollup.max_value) == (61, -VALUE_LIMIT, VALUE_LIMIT)
    assert rollup.sum_value == pytest.approx(41 * VALUE_LIMIT) and math.isfinite(rollup.sum_value)
    assert rollup.mean == pytest.approx(41 * VALUE_LIMIT / 61)
