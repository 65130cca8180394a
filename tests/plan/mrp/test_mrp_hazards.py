"""MRP parts of the field hazards in ../shared/hazards, asserted exactly."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest

from onefactory.model import Item, ItemKind, MrpDemand, MrpSettings, MrpSupply, SupplyKind
from onefactory.onboard import parse
from onefactory.plan.mrp import BomCycle, build_problem, run_mrp

from support import shared_path

KST = ZoneInfo("Asia/Seoul")


def owned(result, member=None):
    """{item: qty} of the planned orders (of one member)."""
    return {o.item: o.qty for o in result.orders if member is None or o.member == member}


def at_owner(result, hz, case):
    """{item: qty} of the planned orders at the member that keeps each item in its master."""
    owner = {r["item_code"]: r["owner_member"] for r in hz.rows(case, "items.csv")}
    return {o.item: o.qty for o in result.orders if owner.get(o.item) == o.member}


# H024 ----------------------------------------------------------------------------------------------


def h024(hz, weekly, *extra):
    lines = hz.bom("H024", "bom_lead.csv", "LEAD") + hz.bom("H024", "bom_sup_a.csv", "SUP-A")
    for name, member in extra:
        lines += hz.bom("H024", name, member)
    members = hz.members("LEAD", "SUP-A", "SUP-B")
    return build_problem(weekly(), members, hz.items("H024"), lines, {}, hz.demands("H024"), [])


def test_h024_accepted_boms_plan_every_tier_in_the_week_of_june_15(hz, weekly):
    result = run_mrp(h024(hz, weekly))
    assert at_owner(result, hz, "H024") == {"ASSY-A": 10, "ASSY-B": 10, "ASSY-C": 10, "RM-1": 20}
    assert {o.due.date().isoformat() for o in result.orders} == {"2026-06-15"}
    assert all(o.pegged_to == ("SO-24-1/1",) for o in result.orders)
    cross = {(o.member, o.item, o.supplier): o.qty for o in result.orders if o.supplier}
    assert cross == {("LEAD", "ASSY-B", "SUP-A"): 10, ("SUP-A", "ASSY-C", "SUP-B"): 10, ("LEAD", "RM-1", "SUP-B"): 20}


def test_h024_forced_cycle_across_three_members_is_refused_naming_it(hz, weekly):
    began = time.monotonic()
    with pytest.raises(BomCycle) as err:
        run_mrp(h024(hz, weekly, ("bom_sup_b.csv", "SUP-B")))
    assert time.monotonic() - began < 10
    path = str(err.value).removeprefix("BOM cycle refused: ").split(" -> ")
    codes = [p.split(" ")[0] for p in path]
    assert codes[0] == codes[-1]
    ring = codes[:-1]
    turn = ring.index("ASSY-A")
    assert ring[turn:] + ring[:turn] == ["ASSY-A", "ASSY-B", "ASSY-C"]


def test_h024_self_reference_is_refused_naming_it(hz, weekly):
    with pytest.raises(BomCycle, match=r"refused: ASSY-S \(SUP-B\) -> ASSY-S \(SUP-B\)$"):
        run_mrp(h024(hz, weekly, ("bom_self.csv", "SUP-B")))


# H025 ----------------------------------------------------------------------------------------------


def test_h025_phantom_kits_explode_and_are_never_ordered(hz, weekly):
    problem = build_problem(
        weekly(),
        hz.members("LEAD", "SUP-A", "SUP-B"),
        hz.items("H025"),
        hz.bom("H025", "bom.csv", "LEAD"),
        {},
        hz.demands("H025"),
        [],
    )
    result = run_mrp(problem)
    assert at_owner(result, hz, "H025") == {"P-25": 10, "P2-25": 5, "A-25": 30, "B-25": 10, "C-25": 5}
    assert {o.due.date().isoformat() for o in result.orders} == {"2026-06-15"}
    assert not [o for o in result.orders if o.item in ("K-25", "E-25")]
    assert not [a for a in result.allocations if a.item in ("K-25", "E-25")]
    a25 = sorted((a.demand, a.qty) for a in result.allocations if (a.member, a.item) == ("LEAD", "A-25"))
    assert a25 == [("LEAD/P-25/2026-06-15", 30)]
    assert "LEAD: phantom E-25 has no components" in result.warnings


# H026 ----------------------------------------------------------------------------------------------


def test_h026_zero_half_and_three_day_lead_times_on_a_24_7_calendar(hz):
    settings = MrpSettings(datetime(2026, 6, 1, tzinfo=UTC), buckets=20, bucket_days=1, timezone="UTC")
    problem = build_problem(
        settings,
        hz.members("LEAD", "SUP-A", "SUP-B"),
        hz.items("H026"),
        hz.bom("H026", "bom.csv", "LEAD"),
        {},
        hz.demands("H026"),
        hz.on_hand("H026"),
    )
    result = run_mrp(problem)
    made = {o.item: (o.qty, o.start.isoformat(), o.due.isoformat()) for o in result.orders if o.supplier is None}
    assert made == {
        "FG-26": (10, "2026-06-09T00:00:00+00:00", "2026-06-10T00:00:00+00:00"),
        "RM-LT0": (10, "2026-06-09T00:00:00+00:00", "2026-06-09T00:00:00+00:00"),
        "RM-LT05": (10, "2026-06-08T12:00:00+00:00", "2026-06-09T00:00:00+00:00"),
        "RM-LT3": (10, "2026-06-06T00:00:00+00:00", "2026-06-09T00:00:00+00:00"),
    }
    assert not [o for o in result.orders if o.member == "SUP-B" and o.item == "RM-ZERO"]
    projected = result.projected[("SUP-B", "RM-ZERO")]
    assert projected[:8] == (50,) * 8
    assert projected[8:] == (40,) * 12
    assert all(o.late_days == 0 for o in result.orders)


def test_h026_daily_buckets_round_a_half_day_release_into_its_day_never_to_zero(hz):
    settings = MrpSettings(datetime(2026, 6, 1, tzinfo=UTC), buckets=20, bucket_days=1, timezone="UTC")
    problem = build_problem(
        settings, hz.members("LEAD", "SUP-A", "SUP-B"), hz.items("H026"),
        hz.bom("H026", "bom.csv", "LEAD"), {}, hz.demands("H026"), hz.on_hand("H026"),
    )  # fmt: skip
    result = run_mrp(problem)
    half = next(o for o in result.orders if (o.member, o.item) == ("SUP-A", "RM-LT05"))
    assert half.start.date().isoformat() == "2026-06-08"
    assert half.start != half.due


# H028 ----------------------------------------------------------------------------------------------


def h028_problem(hz):
    po = hz.rows("H028", "open_purchase_orders.csv")[0]
    supplies = [
        MrpSupply("on-hand", "SUP-A", "P-28", D(100), SupplyKind.ON_HAND),
        MrpSupply(
            f"{po['po_id']}/{po['line']}",
            po["buyer_member"],
            po["item_code"],
            D(po["qty"]),
            SupplyKind.PURCHASE,
            due=datetime.fromisoformat(po["due_date"]).replace(tzinfo=KST),
        ),
    ]
    demands = [
        MrpDemand(
            f"{r['order_id']}/{r['line']}",
            r["supplier_member"],
            r["item_code"],
            D(r["qty"]),
            datetime.fromisoformat(r["due_date"]).replace(tzinfo=KST),
            r["buyer_member"],
            int(r["priority"]),
        )
        for r in hz.rows("H028", "orders.csv")
    ]
    items = [Item("SUP-A", "P-28", "Bracket", "pcs", ItemKind.BUY, D(30))]
    settings = MrpSettings(datetime(2026, 6, 1, tzinfo=KST), buckets=60, bucket_days=1, timezone="Asia/Seoul")
    members = hz.members("LEAD-P1", "LEAD-P2", "SUP-A", zone="Asia/Seoul")
    return build_problem(settings, members, items, [], {}, demands, supplies)


def test_h028_supply_earmarked_for_the_first_order_is_never_reused(hz):
    result = run_mrp(h028_problem(hz))
    given = sorted((a.demand, a.supply, a.qty) for a in result.allocations)
    assert given == [
        ("SO-28-1/1", "PO-28-1/1", 20),
        ("SO-28-1/1", "on-hand", 100),
        ("SO-28-2/1", "PO-28-1/1", 30),
        ("SO-28-2/1", "SUP-A/P-28/2026-06-10", 50),
    ]
    existing = sum(a.qty for a in result.allocations if a.supply in ("on-hand", "PO-28-1/1"))
    assert existing == 150
    (short,) = result.orders
    assert (short.member, short.qty, short.pegged_to) == ("SUP-A", 50, ("SO-28-2/1",))
    assert short.start.astimezone(KST).date().isoformat() == "2026-06-01"
    assert short.due.astimezone(KST).date().isoformat() == "2026-07-01"
    assert short.late_days == 21
    assert result.shortages() == [short]


# H035 / H036: exact component needs of released manufacturing orders -----------------------------


def parsed(kind, case, name, member="SUP-A"):
    path = shared_path("hazards", case, name)
    return list(parse(kind, path.read_bytes(), name, member=member).records)


def mo_needs(case, orders, stock, uoms=()):
    """Run MRP with manufacturing orders released tomorrow; {(mo, component): qty} and the result."""
    start = datetime(2026, 6, 1, tzinfo=UTC)
    supplies = [
        MrpSupply(mo, "SUP-A", item, qty, SupplyKind.PRODUCTION, start + timedelta(days=2), start + timedelta(days=1),
                  needs_components=True)
        for mo, item, qty in orders
    ] + [MrpSupply("on-hand", "SUP-A", item, qty, SupplyKind.ON_HAND) for item, qty in stock]  # fmt: skip
    settings = MrpSettings(start, buckets=4, bucket_days=7, timezone="UTC")
    problem = build_problem(
        settings, [], parsed("items", case, "items.csv"), parsed("bom", case, "bom.csv"),
        {"SUP-A": list(uoms)}, [], supplies,
    )  # fmt: skip
    result = run_mrp(problem)
    return {(a.demand, a.item): a.qty for a in result.allocations}, result


def test_h035_component_needs_convert_units_exactly():
    orders = [(r["mo_id"], r["item_code"], D(r["qty"])) for r in _csv("H035", "manufacturing_orders.csv")]
    stock = [(r["item_code"], D(r["on_hand"])) for r in _csv("H035", "items.csv") if D(r["on_hand"])]
    needs, result = mo_needs("H035", orders, stock, parsed("uom", "H035", "uom_conversions.csv"))
    assert needs == {
        ("MO-35B", "RM-35B"): D("2.8"),
        ("MO-35C-1", "RM-35C"): D("0.2"),
        ("MO-35C-7", "RM-35C"): D("1.4"),
        ("MO-35D-1", "RM-35D"): D("0.000005"),
        ("MO-35D-1000", "RM-35D"): D("0.005"),
    }
    assert str(needs[("MO-35D-1", "RM-35D")]) == "0.000005"
    assert result.projected[("SUP-A", "RM-35B")][-1] == D("7.2")
    assert result.orders == ()


def test_h036_fractional_quantities_of_whole_pieces_round_up_per_order():
    orders = [("MO-36-100", "FG-36", D(100)), ("MO-36-1", "FG-36", D(1))]
    stock = [(f"RM-36{x}", D(500)) for x in "ABDE"]
    needs, result = mo_needs("H036", orders, stock)
    assert needs == {
        **{("MO-36-100", f"RM-36{x}"): q for x, q in zip("ABDE", (24, 30, 7, 29), strict=True)},
        **{("MO-36-1", f"RM-36{x}"): 1 for x in "ABDE"},
    }
    assert result.orders == ()


def test_h036_back_order_of_a_part_produced_order_reserves_the_rest_exactly():
    report = _csv("H036", "production_report.csv")[0]
    ordered = D(_csv("H036", "manufacturing_orders.csv")[2]["qty"])
    produced, consumed = D(report["produced_qty"]), D(report["consumed_qty"])
    rest = ordered - produced
    needs, result = mo_needs("H036", [("MO-36-C-BO", "FG-36C", rest)], [("RM-36C", D(10) - consumed)])
    assert needs == {("MO-36-C-BO", "RM-36C"): D("0.01")}
    assert consumed + needs[("MO-36-C-BO", "RM-36C")] == D("3.10")
    assert result.projected[("SUP-A", "RM-36C")][0] == D("6.90")


def _csv(case, name):
    import csv

    with shared_path("hazards", case, name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# H033 ----------------------------------------------------------------------------------------------


def test_h033_confirmed_work_is_kept_and_the_demand_planned_in_full_twice_alike(hz):
    wo = _csv("H033", "work_orders.csv")[0]
    kept = MrpSupply(
        wo["work_order"], "LEAD", wo["item_code"], D(wo["qty"]), SupplyKind.PRODUCTION,
        due=datetime.fromisoformat(wo["end"]), start=datetime.fromisoformat(wo["start"]),
    )  # fmt: skip
    (row,) = _csv("H033", "demand.csv")
    due = datetime.fromisoformat(row["due"])
    demand = MrpDemand(f"{row['order_id']}/1", row["customer_member"], row["item_code"], D(row["qty"]), due)
    settings = MrpSettings(datetime(2026, 12, 3, tzinfo=UTC), buckets=8, bucket_days=7, timezone="UTC")
    runs = [run_mrp(build_problem(settings, hz.members("LEAD"), [], [], {}, [demand], [kept])) for _ in range(2)]
    assert runs[0] == runs[1]
    (order,) = runs[0].orders
    assert (order.item, order.qty, order.pegged_to, order.late_days) == ("FG-33A", 10, ("SO-33-1/1",), 0)
    assert runs[0].projected[("LEAD", "FG-33B")] == (5,) * 8
    assert not [o for o in runs[0].orders if o.item == "FG-33B"]


# H048 ----------------------------------------------------------------------------------------------


def test_h048_merged_parent_bom_explodes_only_over_its_own_rows():
    lines = parsed("bom", "H048", "bom_merged.xlsx", "SUP-KR1")
    start = datetime(2026, 6, 1, tzinfo=UTC)
    demands = [
        MrpDemand(f"SO-{p}/1", "SUP-KR1", p, D(q), start + timedelta(days=7)) for p, q in (("FG-48", 10), ("FG-49", 5))
    ]
    settings = MrpSettings(start, buckets=4, timezone="UTC")
    result = run_mrp(build_problem(settings, [], [], lines, {}, demands, []))
    assert owned(result) == {
        "FG-48": 10, "FG-49": 5, "RM-48A": 25, "RM-48B": 10, "RM-48C": 40, "RM-48D": D(5), "RM-48E": 10, "RM-49X": 15,
    }  # fmt: skip
    d = next(o for o in result.orders if o.item == "RM-48D")
    assert (d.uom, d.pegged_to) == ("kg", ("SO-FG-48/1",))
    assert next(o for o in result.orders if o.item == "RM-48A").pegged_to == ("SO-FG-48/1", "SO-FG-49/1")
