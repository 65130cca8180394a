"""The alarm monitor's warm-up reads every series' recent history in a constant number of queries
(it made one query per series: 10,000 series meant 10,000 round trips before detection began)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event

from onefactory.model import Reading
from onefactory.monitor.rules import AlarmRules, default_rules
from onefactory.notify.http import SendResult
from onefactory.services import telemetry
from onefactory.services.alarm_monitor import AlarmMonitor

from support import seed_members

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WINDOW = timedelta(hours=1)
LIMIT = 150  # the robust rule needs 100 to judge


class _NoWebhooks:
    def send(self, url: str, body: bytes, headers: dict[str, str]) -> SendResult:
        return SendResult(0, "no webhooks in this test", 0.0)


class _RecordingRules(AlarmRules):
    """The default rules, keeping each batch they were given."""

    def __init__(self) -> None:
        super().__init__(**{f: getattr(default_rules(), f) for f in ("rules", "raise_after", "clear_after")})
        self.batches: list[list[Reading]] = []

    def evaluate_many(self, readings):
        batch = list(readings)
        self.batches.append(batch)
        return super().evaluate_many(batch)


def _history(member: str, resource: str, signal: str, n: int) -> list[Reading]:
    """``n`` readings 10 s apart ending just before T0 (those before T0 - 1 h are outside the window)."""
    start = T0 - timedelta(seconds=10 * n)
    return [
        Reading(member, resource, signal, start + timedelta(seconds=10 * i), 60 + (i * 7 % 5) * 0.3) for i in range(n)
    ]


def _seed(store, resources: int) -> None:
    seed_members(store)
    batch = []
    for member in ("SUP-A", "SUP-KR1"):
        for k in range(resources):
            batch += _history(member, f"M-{k}", "temp", 400)  # 360 in the window, 150 kept
            batch += _history(member, f"M-{k}", "rpm", 20)
    batch += _history("GHOST", "M-0", "temp", 30)  # not a member: not learned from
    telemetry.store_batch(store, batch)


def _reference(store) -> list[list[Reading]]:
    """What the warm-up read before: one range query per series."""
    with store.read() as tx:
        return [tx.readings.range(m, r, s, since=T0 - WINDOW, limit=LIMIT) for m, r, s in telemetry.stored_series(tx)]


def _warm_up_counting(store, rules: AlarmRules) -> tuple[int, int]:
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        seen = AlarmMonitor(store, rules, _NoWebhooks(), lambda: T0).warm_up(WINDOW, LIMIT)
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    return seen, len([s for s in statements if s.lstrip().upper().startswith("SELECT")])


@pytest.mark.parametrize("resources", [1, 6])
def test_warm_up_reads_the_same_histories_in_two_queries_whatever_the_series(any_store, resources):
    _seed(any_store, resources)
    rules = _RecordingRules()
    seen, selects = _warm_up_counting(any_store, rules)
    expected = _reference(any_store)
    assert len(expected) == 4 * resources  # 2 members x resources x 2 signals; GHOST left out
    assert rules.batches == expected
    assert seen == resources * 2 * (150 + 20)
    assert selects == 2  # the members, then every series' newest readings


def test_rules_warmed_up_in_one_query_raise_what_per_series_warm_up_raised(store):
    """Same learned state: a spike after the warm-up raises the same alarms as after the old warm-up."""
    _seed(store, 2)
    warmed = default_rules()
    AlarmMonitor(store, warmed, _NoWebhooks(), lambda: T0).warm_up(WINDOW, LIMIT)
    reference = default_rules()
    for history in _reference(store):
        reference.evaluate_many(history)
    reference.forget_edges()
    spike = [Reading("SUP-A", "M-1", "temp", T0 + timedelta(seconds=i), 150.0 + i) for i in range(4)]
    raised = warmed.evaluate_many(spike)
    assert raised == reference.evaluate_many(spike)
    assert [(c.resource, c.signal, c.rule, c.value) for c in raised] == [("M-1", "temp", "robust-z", 152.0)]
