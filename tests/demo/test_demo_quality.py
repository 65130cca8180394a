"""The demo's SECOM-based process at SAMJIN breaks run rules and LEAD receives the quality notice."""

from __future__ import annotations

from datetime import UTC, datetime

from onefactory.demo import load_demo
from onefactory.demo.quality import demo_inspections
from onefactory.services import quality
from onefactory.store import open_store

from support import bearer, demo_api

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)


def test_packaged_secom_subset_is_250_values_of_50_lots_in_time_order():
    results = demo_inspections(NOW)
    assert len(results) == 250 and len({r.lot for r in results}) == 50
    assert [r.at for r in results] == sorted(r.at for r in results)
    assert results[-1].at < NOW


def test_demo_has_a_real_signal_an_alarm_and_a_notice_to_lead():
    store = open_store("sqlite://")
    accounts = load_demo(store, NOW)
    samjin, lead = accounts.user_for("demo-SAMJIN-admin"), accounts.user_for("demo-LEAD-admin")
    view = quality.chart(store, samjin, "SAMJIN", "PT-0008", "secom_f21", NOW)
    assert view.results == 250 and view.chart.params.points == 20
    assert view.signals and min(s.index for s in view.signals) >= 20  # after the baseline: a real drift
    with store.read() as tx:
        alarms = [a for a in tx.alarms.of("SAMJIN") if a.kind == "spc" and a.signal == "secom_f21"]
        notes = [n for n in tx.notifications.for_member("LEAD") if n.refs.get("characteristic") == "secom_f21"]
    assert len(alarms) == 1 and len(notes) == 1
    assert (notes[0].sender, notes[0].refs["alarm"]) == ("SAMJIN", alarms[0].id)
    evidence = quality.evidence(store, lead, notes[0].id, NOW)
    assert evidence.flagged and evidence.chart.value == "xbar_r"
    assert quality.chart(store, lead, "SAMJIN", "PT-0008", "secom_f21", NOW).results == 250  # demo quality grant


def test_the_line_test_np_chart_of_the_same_lots_signals_on_real_fails():
    """SECOM's line test, 5 boards a lot: SJ-0801 .. SJ-0850 hold 39 failed boards; the early
    high fail rate breaks a Western Electric rule and LEAD gets a second quality notice."""
    store = open_store("sqlite://")
    accounts = load_demo(store, NOW)
    view = quality.chart(store, accounts.user_for("demo-SAMJIN-admin"), "SAMJIN", "PT-0008", "line_test", NOW)
    assert view.results == 50 and sum(g.count for g in view.chart.subgroups) == 39
    with store.read() as tx:
        notes = [n for n in tx.notifications.for_member("LEAD") if n.refs.get("characteristic") == "line_test"]
    assert [n.kind for n in notes] == ["quality"]


def test_the_quality_page_of_the_demo_shows_the_risk_of_the_ten_open_lots():
    samjin = bearer("demo-SAMJIN-admin")
    with demo_api(NOW) as client:
        risks = client.get("/api/v1/quality/risk", headers=samjin).json()
        client.cookies.set("onefactory_token", "demo-SAMJIN-admin")
        page = client.get("/quality?lang=en").text
    assert sorted(r["lot"] for r in risks) == [f"SJ-{n:04d}" for n in range(851, 861)]
    block = page[page.index("Predicted defect risk of open lots") :]
    assert all(f"SJ-{n:04d}" in block for n in range(851, 861)) and "No open lot." not in block
