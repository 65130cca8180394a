"""Real sensor series mapped to supplier machines that serve customer orders."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest

from onefactory.demo import build_activity, build_cluster, demo_series
from onefactory.ingest.topics import split_topic
from onefactory.model import ProductionStatus

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def series():
    return demo_series()


def test_series_come_from_both_recordings(series):
    assert [s.licence for s in series].count("MIT") == 1
    assert [s.licence for s in series].count("GPL-3.0") == 8
    assert len({s.topic for s in series}) == len(series)


def test_rows_are_ordered_finite_and_a_few_thousand_at_most(series):
    for s in series:
        times = [t for t, _ in s.rows]
        assert times == sorted(times) and times[0].tzinfo is not None
        assert all(math.isfinite(v) for _, v in s.rows)
        assert 1000 <= len(s.rows) <= 5000


def test_labelled_anomalies_fall_inside_the_recording(series):
    for s in series:
        assert s.anomaly_windows
        for start, end in s.anomaly_windows:
            assert s.rows[0][0] <= start < end <= s.rows[-1][0]


def test_topics_follow_the_documented_scheme(series):
    for s in series:
        assert split_topic(s.topic) == ["of", s.member, s.site, s.resource, s.signal]


def test_each_signal_is_on_a_machine_serving_a_pegged_customer_order(series):
    """A machine alarm can be traced to the lead's order it endangers."""
    cluster = build_cluster()
    activity = build_activity(cluster, NOW)
    orders = {o.id: o for o in activity.orders}
    for s in series:
        assert cluster.site_of(s.member, s.resource) == s.site
        running = [p for p in activity.production_orders if (p.member, p.resource) == (s.member, s.resource)]
        assert [p.status for p in running] == [ProductionStatus.STARTED]
        order = orders[running[0].serves_order]
        lead_order = orders.get(order.line(1).attributes.get("pegged_to_order", order.id))
        assert lead_order is not None and lead_order.buyer == cluster.lead.code
