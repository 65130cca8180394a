"""A result that arrives after the baseline is complete but is older than it (a late lab
result, a back-filled file) takes its place in time on the chart without moving the limits
the live evaluation froze: the chart a reader sees has the limits its alarms were raised on."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from onefactory.model import InspectionResult
from onefactory.services import quality

from support import NOW

from .test_quality_service import BASE, CENTER, MR_BAR, admin, bore, cluster  # noqa: F401 - fixture

D2 = 1.128  # d2 of moving ranges of 2


def _limits(store):
    view = quality.chart(store, admin("SUP-A"), "SUP-A", "P-1", "bore", NOW)
    x = view.chart.series[0]
    return view, (x.center, x.lcl[0], x.ucl[0])


def test_a_late_older_result_does_not_move_the_frozen_limits(cluster):
    quality.record(cluster, admin("SUP-A"), bore(BASE[:20]), NOW)
    before, limits = _limits(cluster)
    sigma = MR_BAR / D2
    assert limits == pytest.approx((CENTER, CENTER - 3 * sigma, CENTER + 3 * sigma))
    late = InspectionResult("SUP-A", "P-1", "L-LATE", "bore", Decimal("10.3"), NOW - timedelta(hours=5))
    report = quality.record(cluster, admin("SUP-A"), [late], NOW)
    assert report.stored == 1
    after, moved = _limits(cluster)
    assert moved == pytest.approx(limits)  # refitted on the first 20 by time, the center would be 9.9981
    assert after.results == 21 and after.chart.subgroups[0].lot == "L-LATE"  # in its place in time
    assert after.chart.series[0].values[0] == pytest.approx(10.3)
    assert after.capability.cp == pytest.approx(before.capability.cp)


def test_before_the_baseline_is_complete_the_chart_fits_trial_limits_in_time_order(cluster):
    quality.record(cluster, admin("SUP-A"), bore(BASE[:10]), NOW)
    late = InspectionResult("SUP-A", "P-1", "L-LATE", "bore", Decimal("10.3"), NOW - timedelta(hours=5))
    quality.record(cluster, admin("SUP-A"), [late], NOW)
    view, (center, _, _) = _limits(cluster)
    assert center == pytest.approx((sum(BASE[:10]) + 10.3) / 11)  # trial limits still move with the data
    assert view.chart.note.startswith("trial limits from 11 points")
