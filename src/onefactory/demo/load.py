"""Writing the demo cluster into a store, in one transaction.

``load_demo`` writes the members, master data, opening stock, users (with
their fixed demo tokens), sharing grants, the orders with their events,
shipments and receipts, the production orders, example alarms and
notifications, then sets the meta key
``demo_loaded`` to ``now``. Because it is a single transaction, a failed load
leaves nothing behind; a second call on a loaded store writes nothing. Once the
data stand, the lead firm's planner runs a first finite-capacity plan and a
multi-tier MRP, so a planner opening the dashboard finds a plan with pegging.

Example:
    >>> from datetime import UTC, datetime
    >>> from onefactory.store import open_store
    >>> store = open_store("sqlite://")
    >>> accounts = load_demo(store, datetime(2026, 3, 2, 9, tzinfo=UTC))
    >>> is_loaded(store), accounts.user_for("demo-operator").role.value
    (True, 'cluster-operator')
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from onefactory.model import BomLine, InvalidData, MovementKind, StockMovement
from onefactory.services import alarms, mrp, planning, quality, quality_lots, quality_risk
from onefactory.store import Store, Unit

from .accounts import DemoAccounts, demo_accounts, demo_grants
from .build import DemoCluster, build_cluster
from .notices import demo_alarms, demo_notifications
from .planning import demo_planning
from .quality import demo_characteristic, demo_inspections
from .quality_risk import RiskDemo, line_test_characteristic, risk_demo
from .scenario import DemoActivity, build_activity

LOADED_KEY = "demo_loaded"
OPENING_DAYS_BEFORE = 60


def is_loaded(store: Store) -> bool:
    """Whether the demo cluster was loaded into ``store``."""
    with store.read() as tx:
        return tx.meta.get(LOADED_KEY) is not None


def load_demo(store: Store, now: datetime) -> DemoAccounts:
    """Load the demo cluster with dates relative to ``now`` (aware); returns the demo accounts.

    Raises:
        Conflict: a member, user or order of the demo exists already (the store holds other data).
    """
    if now.tzinfo is None:
        raise InvalidData(f"now must be timezone-aware, got {now}", field="now")
    cluster = build_cluster()
    accounts = demo_accounts(cluster)
    activity = build_activity(cluster, now)
    with store.write() as tx:
        if tx.meta.get(LOADED_KEY) is not None:
            return accounts
        _write_master_data(tx, cluster, now)
        _write_access(tx, accounts, now)
        _write_activity(tx, activity)
        _write_notices(tx, now)
        risk = risk_demo(now)
        _write_quality(tx, risk, now)
        _write_planning(tx, cluster, now)
        tx.meta.set(LOADED_KEY, now.isoformat())
    _first_plans(store, accounts, now)
    _first_risk_model(store, risk, now)
    return accounts


def _first_plans(store: Store, accounts: DemoAccounts, now: datetime) -> None:
    planner = accounts.user_for("demo-LEAD-planner")
    planning.run(store, planner, now, planning.PlanRequest(note="demo: first plan"))
    mrp.run(store, planner, now)


def _write_master_data(tx: Unit, cluster: DemoCluster, now: datetime) -> None:
    for member in cluster.members:
        tx.members.add(member)
    tx.sites.put_many(list(cluster.sites))
    tx.resources.put_many(list(cluster.resources))
    tx.items.put_many(list(cluster.items))
    by_member: dict[str, list[BomLine]] = defaultdict(list)
    for line in cluster.bom_lines:
        by_member[line.member].append(line)
    for member, lines in by_member.items():
        tx.boms.replace_parents(member, lines)
    opened = now - timedelta(days=OPENING_DAYS_BEFORE)
    tx.stock.apply(
        [
            StockMovement(
                p.member, p.item, p.qty, MovementKind.OPENING, opened, p.location, p.lot, "demo opening stock"
            )
            for p in cluster.opening_stock
        ]
    )


def _write_access(tx: Unit, accounts: DemoAccounts, now: datetime) -> None:
    for account in accounts.accounts:
        tx.users.add(account.user, account.token)
    for grant in demo_grants(now):
        tx.grants.add(grant)


def _write_notices(tx: Unit, now: datetime) -> None:
    seeded, notes = demo_alarms(now), demo_notifications(now)
    for alarm in seeded:
        tx.alarms.add(alarm)
    alarms.backfill_escalations(tx, seeded, now)
    for note in notes:
        tx.notifications.add(note)
    named = {note.refs.get("alarm") for note in notes}
    for alarm in seeded:  # the risk marks the notices speak of; they already told the buyers
        if alarm.id in named:
            alarms.mark_at_risk(tx, alarm, alarm.raised_at)


def _write_quality(tx: Unit, risk: RiskDemo, now: datetime) -> None:
    """SAMJIN's inspection results go through the SPC evaluation like any recorded results;
    its SMT lots get their telemetry and line tests, and the open lots are left untested."""
    tx.characteristics.put_many([demo_characteristic(), line_test_characteristic()])
    tx.resources.put_many([risk.line])
    tx.production.put_many(list(risk.lots))
    tx.readings.append_many(list(risk.readings))
    quality.record_in(tx, demo_inspections(now) + list(risk.line_tests), now)


def _first_risk_model(store: Store, risk: RiskDemo, now: datetime) -> None:
    """SAMJIN's first defect-risk model, trained on its tested lots, so open lots show a risk."""
    with store.read() as tx:
        records = quality_lots.lot_records(tx, risk.lots[0].member, risk.lots[0].item)
    quality_risk.train_records(store, risk.lots[0].member, records, now, item=risk.lots[0].item, controls=risk.controls)


def _write_activity(tx: Unit, activity: DemoActivity) -> None:
    for order in activity.orders:
        tx.orders.add(order)
    tx.events.append(sorted(activity.events, key=lambda e: e.at))
    for shipment in activity.shipments:
        tx.shipments.add(shipment)
    for receipt in activity.receipts:
        tx.receipts.add(receipt)
    tx.stock.apply(list(activity.receipt_movements))
    tx.production.put_many(list(activity.production_orders))


def _write_planning(tx: Unit, cluster: DemoCluster, now: datetime) -> None:
    """Calendars, routings and the lead firm's customer orders that capacity planning reads."""
    data = demo_planning(cluster, now)
    for member, calendar in data.calendars:
        tx.calendars.put_many(member, [calendar])
    tx.resources.put_many(list(data.resources))
    tx.routings.put_many(list(data.routing))
    tx.customer_orders.put_many(list(data.customer_orders))
