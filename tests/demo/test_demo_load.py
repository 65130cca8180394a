"""Loading the demo into a store: counts, tokens, pegging, idempotence, PostgreSQL."""

from __future__ import annotations

import os
import time
import uuid
from collections import Counter
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, text

from onefactory.demo import build_activity, build_cluster, demo_accounts, is_loaded, load_demo
from onefactory.demo.quality_risk import risk_demo
from onefactory.exchange import reading_basis
from onefactory.model import DataScope
from onefactory.services import access
from onefactory.store import Store, open_store

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
STATUSES = Counter(
    {
        "proposed": 2,
        "confirmed": 2,
        "partially_confirmed": 1,
        "change_requested": 1,
        "in_production": 3,
        "partially_shipped": 2,
        "received": 2,
        "closed": 1,
        "cancelled": 1,
    }
)


@pytest.fixture(scope="module")
def store():
    store = open_store("sqlite://")
    load_demo(store, NOW)
    yield store
    store.dispose()


def _stored_counts(store: Store) -> dict[str, object]:
    with store.read() as tx:
        members = tx.members.all()
        orders = tx.orders.of_member(None, limit=1000)
        return {
            "members": len(members),
            "items": sum(len(tx.items.of(m.code)) for m in members),
            "bom_lines": len(tx.boms.of()),
            "resources": sum(len(tx.resources.of(m.code)) for m in members),
            "sites": sum(len(tx.sites.of(m.code)) for m in members),
            "statuses": Counter(o.status for o in orders),
            "production_orders": len(tx.production.of()),
            "users": sum(len(tx.users.of(m.code)) for m in members),
            "grants": len(tx.grants.active()),
        }


def _expected_counts() -> dict[str, object]:
    cluster = build_cluster()
    activity = build_activity(cluster, NOW)
    return {
        "members": len(cluster.members),
        "items": len(cluster.items),
        "bom_lines": len(cluster.bom_lines),
        "resources": len(cluster.resources) + 1,  # SMT-2 of demo.quality_risk
        "sites": len(cluster.sites),
        "statuses": STATUSES,
        "production_orders": len(activity.production_orders) + len(risk_demo(NOW).lots),
        "users": len(demo_accounts(cluster).accounts),
        "grants": 11,
    }


def test_stored_cluster_matches_the_built_one(store):
    assert _stored_counts(store) == _expected_counts()


def test_every_stored_order_is_between_two_parties_and_has_its_history(store):
    with store.read() as tx:
        for order in tx.orders.of_member(None, limit=1000):
            assert order.buyer != order.seller
            events = tx.events.of(order.id)
            assert events[0].kind == "issued"
            assert len(events) == order.version


def test_lead_customer_order_is_pegged_to_tier2_production(store):
    """PO-LEAD-0001 (lead -> tier 1) is served by a tier-1 MO; tier-1 orders pegged to it are served by tier-2 MOs."""
    with store.read() as tx:
        assert {p.member for p in tx.production.of(serves_order="PO-LEAD-0001")} == {"SEOHAN"}
        pegged = [
            o
            for o in tx.orders.of_member("SEOHAN", limit=1000)
            if o.line(1).attributes.get("pegged_to_order") == "PO-LEAD-0001"
        ]
        tier2_mos = [p for o in pegged for p in tx.production.of(serves_order=o.id)]
    assert pegged and tier2_mos
    assert all(mo.member == o.seller for o in pegged for mo in tier2_mos if mo.serves_order == o.id)


def test_every_demo_token_authenticates(store):
    for account in demo_accounts(build_cluster()).accounts:
        assert access.authenticate(store, account.token) == account.user
    assert access.authenticate(store, "demo-operator").role.value == "cluster-operator"
    assert access.authenticate(store, "demo-LEAD-admin").member == "LEAD"


def test_grants_let_the_lead_see_a_tier2_machine(store):
    lead_planner = access.authenticate(store, "demo-LEAD-planner")
    mirae_admin = access.authenticate(store, "demo-MIRAE-admin")
    with store.read() as tx:
        grants = tx.grants.active()
    assert reading_basis(lead_planner, "GAON", DataScope.TELEMETRY, grants) is not None
    assert reading_basis(mirae_admin, "GAON", DataScope.TELEMETRY, grants) is None
    assert reading_basis(mirae_admin, "HANEUL", DataScope.INVENTORY, grants) is not None  # shared with '*'


def test_received_goods_are_in_the_buyers_stock(store):
    with store.read() as tx:
        moves = tx.stock.movements("SEOHAN", "PT-0003")
    assert [str(m.kind) for m in moves] == ["opening", "receipt"]


def test_second_load_writes_nothing(store):
    assert is_loaded(store)
    before = _stored_counts(store)
    load_demo(store, NOW)
    assert _stored_counts(store) == before
    with store.read() as tx:
        assert tx.meta.get("demo_loaded") == NOW.isoformat()


def test_fresh_store_is_not_loaded_and_loads_quickly():
    store = open_store("sqlite://")
    assert not is_loaded(store)
    started = time.perf_counter()
    load_demo(store, NOW)
    assert time.perf_counter() - started < 3
    assert is_loaded(store)
    store.dispose()


@pytest.fixture
def postgres_url():
    url = os.environ.get("ONEFACTORY_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("ONEFACTORY_TEST_POSTGRES_URL is not set")
    url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    schema = f"demo_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in url else "?"
    yield f"{url}{separator}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.mark.postgres
def test_load_on_postgresql(postgres_url):
    store = open_store(postgres_url)
    try:
        load_demo(store, NOW)
        assert is_loaded(store)
        assert _stored_counts(store) == _expected_counts()
        assert access.authenticate(store, "demo-GAON-operator").member == "GAON"
    finally:
        store.dispose()


def test_demo_alarms_and_notices_reach_the_tiers_above() -> None:
    from datetime import UTC, datetime

    from onefactory.demo import load_demo
    from onefactory.store import open_store

    store = open_store("sqlite://")
    load_demo(store, datetime(2026, 3, 2, 9, tzinfo=UTC))
    with store.read() as tx:
        assert sorted((a.member, a.resource, a.signal, a.status.value) for a in tx.alarms.of(None)) == [
            ("GAON", "PRESS-1", "machine_temp", "acknowledged"),
            ("SAMJIN", "PT-0008", "line_test", "raised"),  # the SPC alarms of demo.quality_risk ...
            ("SAMJIN", "PT-0008", "secom_f21", "raised"),  # ... and of demo.quality
            ("SEOHAN", "MODLINE-1", "pump_vibration_1_g", "raised"),
        ]
        to_lead = [(n.kind, n.refs.get("order") or n.refs.get("lot")) for n in tx.notifications.for_member("LEAD")]
        answered = tx.notifications.get("nt-demo-01", "SEOHAN")
    assert to_lead == [("quality", "SJ-0824"), ("quality", "SJ-0849"), ("disruption", "PO-LEAD-0001")]
    assert (answered.status.value, answered.acknowledged_by, answered.acknowledged_at) == (
        "acknowledged", "seohan.admin", datetime(2026, 3, 2, 6, 50, tzinfo=UTC),
    )  # fmt: skip


def test_demo_shows_predicted_risk_of_samjins_open_lots() -> None:
    """SAMJIN's SMT lots on SECOM data: a model in service, trained on the 50 tested lots
    (23 with a failed board), and a risk for each of the 10 open lots, highest first."""
    from datetime import UTC, datetime

    from onefactory.demo import load_demo
    from onefactory.services import quality_risk
    from onefactory.store import open_store

    now = datetime(2026, 3, 2, 9, tzinfo=UTC)
    store = open_store("sqlite://")
    accounts = load_demo(store, now)
    with store.read() as tx:
        model = tx.quality_models.active("SAMJIN", "PT-0008")
    assert (model.status, model.n_lots, model.positives) == ("active", 50, 23)
    assert [c.parameter for c in model.controls] == ["secom_f15.mean", "secom_f18.mean"]
    samjin = accounts.user_for("demo-SAMJIN-admin")
    risks = quality_risk.open_lot_risks(store, samjin, "SAMJIN", now)  # no item: each lot's item's model
    assert sorted(p.lot for p in risks) == [f"SJ-{n:04d}" for n in range(851, 861)]  # MO-SAMJIN-0001: no data
    assert all(0.0 <= p.risk <= 1.0 and len(p.drivers) == 3 and p.model_id == model.id for p in risks)
    assert [p.risk for p in risks] == sorted((p.risk for p in risks), reverse=True)
    assert [p.lot for p in quality_risk.open_lot_risks(store, samjin, "SAMJIN", now, "PT-0008")] == [
        p.lot for p in risks
    ]


def test_demo_comes_with_a_capacity_feasible_plan_and_an_mrp_run() -> None:
    """A planner opening the dashboard after the first start finds a plan with pegging."""
    from datetime import UTC, datetime

    from onefactory.demo import load_demo
    from onefactory.services import mrp, planning
    from onefactory.store import open_store

    store = open_store("sqlite://")
    now = datetime(2026, 3, 2, 9, tzinfo=UTC)
    accounts = load_demo(store, now)
    planner = accounts.user_for("demo-LEAD-planner")
    listed = planning.plans(store, planner)
    assert len(listed) == 1
    plan = planning.get(store, planner, listed[0][0], now)
    assert plan.status == "optimal" and plan.orders
    assert all(order.pegged_to for order in plan.orders)
    assert plan.loads and all(load.load_min <= load.available_min + 1e-6 for load in plan.loads)
    assert mrp.get(store, planner, now).orders


def test_the_demo_alarms_past_escalations_are_history_not_a_burst_at_first_start():
    from datetime import timedelta

    from onefactory.services import alarms

    fresh = open_store("sqlite://")
    load_demo(fresh, NOW)
    with fresh.read() as tx:
        fired = [(e.alarm_id, e.step, e.member, e.role, e.fired_at) for e in tx.escalations.of(["al-demo-02"])]
        told = [n.subject for n in tx.notifications.for_member("SEOHAN") if n.kind == "escalation"]
    assert fired == [  # raised 50 min before the load, never acknowledged, nothing of it at risk yet
        ("al-demo-02", 0, "SEOHAN", "operator", NOW - timedelta(minutes=50)),
        ("al-demo-02", 1, "SEOHAN", "manager", NOW - timedelta(minutes=35)),
    ]
    assert len(told) == 2
    first_tick = alarms.escalate_due(fresh, NOW + timedelta(seconds=1))
    assert {(e.step, e.role) for e in first_tick} == {(0, "operator")}  # only alarms the load itself raised
    assert "al-demo-02" not in {e.alarm_id for e in first_tick}


def test_demo_alarm_is_acknowledged_by_someone_and_marks_the_orders_its_notices_name() -> None:
    """al-demo-01 was 'acknowledged' with no time or user and put no order at risk, while
    nt-demo-01 told SEOHAN that PO-SEOHAN-0001 was at risk from it."""
    store = open_store("sqlite://")
    load_demo(store, NOW)
    with store.read() as tx:
        alarm = tx.alarms.get("al-demo-01")
        marks = [(m.order_id, m.buyer, m.seller, m.depth) for m in tx.risks.of_alarm("al-demo-01")]
        from_alarm = sorted(
            {
                (n.id, n.refs["order"])
                for m in ("SEOHAN", "LEAD")
                for n in tx.notifications.for_member(m)
                if n.refs.get("alarm") == "al-demo-01"
            }
        )
        user = next(u for u in demo_accounts(build_cluster()).accounts if u.user.id == alarm.acknowledged_by).user
    assert (alarm.status.value, alarm.acknowledged_by, alarm.acknowledged_at) == (
        "acknowledged", "gaon.operator", datetime(2026, 3, 2, 6, 10, tzinfo=UTC),
    )  # fmt: skip
    assert user.member == "GAON"
    assert marks == [("PO-SEOHAN-0001", "SEOHAN", "GAON", 0), ("PO-LEAD-0001", "LEAD", "SEOHAN", 1)]
    assert from_alarm == [("nt-demo-01", "PO-SEOHAN-0001"), ("nt-demo-02", "PO-LEAD-0001")]
