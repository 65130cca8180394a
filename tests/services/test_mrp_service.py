"""MRP over the stored cluster: orders read once, confirmed work kept, runs stored and read
back under the sharing rules (H039 netting part)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest

from onefactory.model import (
    BomLine,
    Forbidden,
    Item,
    ItemKind,
    MovementKind,
    ProductionOrder,
    StockMovement,
    SupplyKind,
    User,
    UserRole,
)
from onefactory.onboard import ImportOptions
from onefactory.plan.mrp import demands_and_supplies
from onefactory.services import access, imports, mrp

from support import NOW, shared_path

KST = ZoneInfo("Asia/Seoul")
OPERATOR = User("operator", "LEAD", "Operator", UserRole.CLUSTER_OPERATOR)


def load(store, member, kind, case_file):
    path = shared_path("hazards", case_file)
    options = ImportOptions(due_date=date(2026, 7, 1))
    imports.import_file(store, imports.cli_user(member), kind, path.read_bytes(), path.name, options, NOW)


def h039(store):
    with store.write() as tx:
        tx.items.put_many([Item("LEAD", "P-39")])
    for name in ["po_line.csv", "po_line_cancel.csv"] * 3 + ["po_line.csv"]:
        load(store, "LEAD", "orders", f"H039/{name}")
    with store.write() as tx:
        tx.items.put_many([Item("LEAD", "FG-39", kind=ItemKind.MAKE), Item("LEAD", "P-39C")])
        tx.boms.replace_parents("LEAD", [BomLine("LEAD", "FG-39", "P-39C", D(1))])
        tx.stock.apply([StockMovement("LEAD", "P-39C", D(200), MovementKind.OPENING, NOW, "WH-A")])
        for qty in (100, 90):
            start, end = datetime(2026, 6, 3, tzinfo=UTC), datetime(2026, 6, 5, tzinfo=UTC)
            tx.production.put_many([ProductionOrder("LEAD", "WO-39", "FG-39", D(qty), None, start, end)])


def test_h039_mrp_sees_one_scheduled_receipt_of_50_after_three_cancel_cycles(seeded):
    h039(seeded)
    with seeded.read() as tx:
        demands, supplies, _ = demands_and_supplies(mrp.cluster_state(tx))
    receipts = [(s.member, s.ref, s.qty, s.due) for s in supplies if s.item == "P-39"]
    assert receipts == [("LEAD", "PO-39/10", D(50), datetime(2026, 6, 20, tzinfo=KST))]
    assert [(d.member, d.ref, d.qty) for d in demands] == [("SUP-A", "PO-39/10", D(50))]
    run = mrp.run(seeded, OPERATOR, NOW, mrp.MrpRequest(start=date(2026, 6, 1), buckets=8))
    assert [(o.member, o.item, o.qty, o.pegged_to) for o in run.orders if o.item == "P-39"] == [
        ("SUP-A", "P-39", D(50), ("PO-39/10",))
    ]


def test_h039_work_order_cut_to_90_reserves_90_and_leaves_110(seeded):
    h039(seeded)
    run = mrp.run(seeded, OPERATOR, NOW, mrp.MrpRequest(start=date(2026, 6, 1), buckets=8))
    held = [(a.supply, a.supply_kind, a.demand, a.qty) for a in run.allocations if a.item == "P-39C"]
    assert held == [("on-hand", SupplyKind.ON_HAND, "WO-39", D(90))]
    assert not [o for o in run.orders if o.item in ("FG-39", "P-39C")]


def test_only_the_operator_or_the_lead_planner_runs_mrp(seeded):
    with pytest.raises(Forbidden, match="cluster operator or a planner of the lead firm"):
        mrp.run(seeded, imports.cli_user("SUP-A"), NOW)
    viewer = User("lead-viewer", "LEAD", "Viewer", UserRole.VIEWER)
    with pytest.raises(Forbidden):
        mrp.run(seeded, viewer, NOW)
    assert mrp.run(seeded, imports.cli_user("LEAD"), NOW).orders == ()


def test_a_supplier_reads_only_its_own_part_and_others_need_a_production_grant(seeded):
    h039(seeded)
    lead = imports.cli_user("LEAD")
    run = mrp.run(seeded, lead, NOW, mrp.MrpRequest(start=date(2026, 6, 1), buckets=8))
    assert run.orders == ()
    supplier = mrp.get(seeded, imports.cli_user("SUP-A"), NOW, run.id)
    assert {o.member for o in supplier.orders} == {"SUP-A"}
    assert {a.member for a in supplier.allocations} == {"SUP-A"}
    assert {o.member for o in mrp.get(seeded, OPERATOR, NOW).orders} == {"SUP-A"}
    access.grant(seeded, imports.cli_user("SUP-A"), "LEAD", "production", NOW)
    assert {o.member for o in mrp.get(seeded, lead, NOW).orders} == {"SUP-A"}
    with seeded.read() as tx:
        log = tx.access_log.of_owner("SUP-A", limit=50)
    bases = {(e.reader_user, e.basis.split(":")[0]) for e in log if e.resource.startswith("mrp run")}
    assert bases == {("cli@LEAD", "cluster-mrp"), ("cli@LEAD", "grant"), ("operator", "cluster-operator")}


def test_a_second_run_on_unchanged_data_plans_the_same(seeded):
    h039(seeded)
    request = mrp.MrpRequest(start=date(2026, 6, 1), buckets=8)
    first = mrp.run(seeded, OPERATOR, NOW, request)
    second = mrp.run(seeded, OPERATOR, NOW, request)
    assert first.id != second.id
    assert (first.orders, first.allocations) == (second.orders, second.allocations)
    with seeded.read() as tx:
        assert [p.qty for p in tx.production.of("LEAD")] == [D(90)]
