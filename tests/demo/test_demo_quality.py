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
    """SECOM's line test, 5 boards a lot: SJ-0801 .. SJ-0850 hold 39 failed boards; SJ-0849's 4
    failed boards are beyond the upper limit (and the second of two beyond 2 sigma), and LEAD gets a
    second quality notice. Runs of lots with no failed board (the lower limit is 0) are no signal."""
    store = open_store("sqlite://")
    accounts = load_demo(store, NOW)
    view = quality.chart(store, accounts.user_for("demo-SAMJIN-admin"), "SAMJIN", "PT-0008", "line_test", NOW)
    assert view.results == 50 and sum(g.count for g in view.chart.subgroups) == 39
    assert [(s.rule, s.lot, s.value) for s in view.signals] == [("we-1", "SJ-0849", 4.0), ("we-2", "SJ-0849", 4.0)]
    with store.read() as tx:
        notes = [n for n in tx.notifications.for_member("LEAD") if n.refs.get("characteristic") == "line_test"]
    assert [(n.kind, n.refs["lot"]) for n in notes] == [("quality", "SJ-0849")]


def test_the_quality_page_of_the_demo_shows_the_risk_of_the_ten_open_lots():
    samjin = bearer("demo-SAMJIN-admin")
    with demo_api(NOW) as client:
        risks = client.get("/api/v1/quality/risk", headers=samjin).json()
        client.cookies.set("onefactory_token", "demo-SAMJIN-admin")
        page = client.get("/quality?lang=en").text
    assert sorted(r["lot"] for r in risks) == [f"SJ-{n:04d}" for n in range(851, 861)]
    block = page[page.index("Predicted defect risk of open lots") :]
    assert all(f"SJ-{n:04d}" in block for n in range(851, 861)) and "No open lot." not in block


def test_drift_without_an_item_reports_every_model_in_service_as_risk_picks_them():
    samjin = bearer("demo-SAMJIN-admin")
    with demo_api(NOW) as client:
        active = [m for m in client.get("/api/v1/quality/models", headers=samjin).json() if m["status"] == "active"]
        plain = client.get("/api/v1/quality/drift", headers=samjin)
        by_item = client.get("/api/v1/quality/drift", params={"item": "PT-0008"}, headers=samjin).json()
    assert plain.status_code == 200, plain.text
    body = plain.json()
    assert [(m["model"], m["item"], m["lots"]) for m in body["models"]] == [(active[0]["id"], "PT-0008", 50)]
    assert len(active) == 1 and body == by_item
