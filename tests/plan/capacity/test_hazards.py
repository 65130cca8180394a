"""Field hazards of finite-capacity planning (../shared/hazards), asserted exactly."""

from __future__ import annotations

import csv
import os
import time as clock
from collections import defaultdict
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from onefactory.model import (
    Calendar,
    Demand,
    Item,
    ItemKind,
    Member,
    MemberRole,
    OrderLine,
    Resource,
    RoutingStep,
    RoutingWindow,
    SharedOrder,
    Shift,
    Supply,
    WorkStep,
)
from onefactory.onboard import parse
from onefactory.plan.capacity import Snapshot, build, solve
from onefactory.plan.capacity.inputs import day_start, order_demands, reservations_of
from onefactory.services.planning import own_part

from support import shared_path

KST = ZoneInfo("Asia/Seoul")
WEEKDAYS = {"Mon": 0, "Tue": 1, "Wed": 2, "Thu": 3, "Fri": 4, "Sat": 5, "Sun": 6}


@pytest.fixture
def hazards() -> Path:
    return shared_path("hazards")


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


# H028 ---------------------------------------------------------------------------------------------


def h028_snapshot(hazards: Path) -> Snapshot:
    item = rows(hazards / "H028/items.csv")[0]
    members = (
        Member("SUP-A", "Supplier A", MemberRole.TIER1),
        Member("LEAD-P1", "Lead plant 1", MemberRole.LEAD),
        Member("LEAD-P2", "Lead plant 2", MemberRole.LEAD),
    )
    items = (
        Item(
            "SUP-A",
            item["item_code"],
            item["description"],
            kind=ItemKind.BUY,
            lead_time_days=Decimal(item["lead_time_days"]),
        ),
    )
    stock = Supply(f"stock:SUP-A:{item['item_code']}", "SUP-A", item["item_code"], Decimal(item["on_hand"]))
    po = rows(hazards / "H028/open_purchase_orders.csv")[0]
    due = day_start(date.fromisoformat(po["due_date"]), "Asia/Seoul")
    open_po = Supply(f"{po['po_id']}/{po['line']}", "SUP-A", po["item_code"], Decimal(po["qty"]), due, "purchase")
    orders = [
        SharedOrder(
            r["order_id"], r["buyer_member"], r["supplier_member"],
            (OrderLine(int(r["line"]), r["item_code"], Decimal(r["qty"]), date.fromisoformat(r["due_date"]),
                       attributes={"priority": r["priority"]}),),
            datetime(2026, 5, 20, tzinfo=UTC),
        )
        for r in rows(hazards / "H028/orders.csv")
    ]  # fmt: skip
    demands = order_demands(orders, {m.code: m for m in members})
    now = datetime(2026, 6, 1, tzinfo=KST)
    return Snapshot(now, members, items, (), (), (), tuple(demands), (stock, open_po))


def test_h028_second_plan_does_not_reuse_supply_earmarked_by_the_first(hazards: Path) -> None:
    snap = h028_snapshot(hazards)
    first = solve(build(replace(snap, demands=snap.demands[:1]), horizon_days=60))
    assert [(f.demand_id, f.on_time_qty, f.late_qty, f.short_qty) for f in first.fulfilment] == [
        ("SO-28-1/1", 120, 0, 0)
    ]
    assert sorted((a.supply_ref, a.qty) for a in first.allocations) == [("PO-28-1/1", 20), ("stock:SUP-A:P-28", 100)]
    second_snap = replace(snap, demands=snap.demands[1:], reservations=tuple(reservations_of(first)))
    second = solve(build(second_snap, horizon_days=60))
    (met,) = second.fulfilment
    assert (met.demand_id, met.on_time_qty, met.late_qty, met.short_qty) == ("SO-28-2/1", 30, 50, 0)
    assert met.completed_at == datetime(2026, 7, 1, tzinfo=KST)
    assert met.late_days == 21
    (buy,) = [o for o in second.orders if o.kind.value == "buy"]
    assert (buy.member, buy.item, buy.qty) == ("SUP-A", "P-28", 50)
    assert (buy.start, buy.due) == (datetime(2026, 6, 1, tzinfo=KST), datetime(2026, 7, 1, tzinfo=KST))
    assert buy.pegged_to == ("SO-28-2/1",)
    assert [(a.supply_ref, a.qty) for a in second.allocations] == [("PO-28-1/1", 30)]
    earmarked = sum(a.qty for plan in (first, second) for a in plan.allocations)
    assert earmarked == 150
    assert [f.late_qty for f in own_part(second, "LEAD-P2").fulfilment] == [50]
    assert [f.late_qty for f in own_part(second, "SUP-A").fulfilment] == [50]
    assert own_part(second, "LEAD-P1").fulfilment == ()
    assert any(b.kind == "lead_time" and b.code == "P-28" for b in second.binding)


def test_h028_one_run_honours_priority_and_counts_supply_once(hazards: Path) -> None:
    plan = solve(build(h028_snapshot(hazards), horizon_days=60))
    met = {f.demand_id: (f.on_time_qty, f.late_qty, f.short_qty) for f in plan.fulfilment}
    assert met == {"SO-28-1/1": (120, 0, 0), "SO-28-2/1": (30, 50, 0)}
    assert sum(a.qty for a in plan.allocations) == 150
    assert sum(o.qty for o in plan.orders if o.kind.value == "buy") == 50


# H029 ---------------------------------------------------------------------------------------------


def test_h029_null_looking_codes_are_planned_as_codes_and_capacity_holds(hazards: Path) -> None:
    def records(kind: str, name: str) -> list:
        return list(parse(kind, (hazards / "H029" / name).read_bytes(), name, member="SUP-A").records)

    items, resources, routing = (
        records("items", "items.csv"),
        records("resources", "resources.csv"),
        records("routing", "routing.csv"),
    )
    week = Calendar("MON-FRI", "Asia/Seoul", (Shift(time(8), time(16)),))
    (demand,) = rows(hazards / "H029/demand.csv")
    due = day_start(date.fromisoformat(demand["due_date"]), "Asia/Seoul")
    members = (Member("SUP-A", "Supplier A", MemberRole.TIER1), Member("LEAD", "Lead", MemberRole.LEAD))
    snap = Snapshot(
        datetime(2026, 6, 8, tzinfo=KST), members, tuple(items), (), tuple(routing), tuple(resources),
        (Demand(f"{demand['order_id']}/1", "SUP-A", demand["item_code"], Decimal(demand["qty"]), due, customer="LEAD"),),
        calendars=(("SUP-A", week),),
    )  # fmt: skip
    problem = build(snap, horizon_days=14)
    assert {(r.code, r.unit) for r in problem.resources.rows} == {("WC-10", "min"), ("WC-20", "min"), ("NA", "min")}
    plan = solve(problem)
    per_day: dict[str, dict[date, float]] = defaultdict(lambda: defaultdict(float))
    for x in plan.loads:
        per_day[x.resource][x.start.astimezone(KST).date()] += x.load_min
        assert x.load_min <= x.available_min + 1e-6
    wc10 = {d: m for d, m in per_day["WC-10"].items() if m > 0}
    assert sum(wc10.values()) == 16 * 60
    assert len(wc10) >= 2 and max(wc10.values()) <= 8 * 60
    assert sum(per_day["WC-20"].values()) + sum(per_day["NA"].values()) == 8 * 60
    assert all(d.weekday() < 5 for d in wc10)
    (met,) = plan.fulfilment
    assert (met.on_time_qty, met.late_qty, met.short_qty) == (16, 0, 0)


# H031 ---------------------------------------------------------------------------------------------


def h031_plan(hazards: Path, operation: str) -> tuple:
    centres = {r["work_centre"]: r for r in rows(hazards / "H031/work_centres.csv")}
    shifts: dict[str, list[Shift]] = defaultdict(list)
    for r in rows(hazards / "H031/calendars.csv"):
        end = time(0) if r["end_local"] == "24:00" else time.fromisoformat(r["end_local"])
        shifts[r["calendar"]].append(Shift(time.fromisoformat(r["start_local"]), end, (WEEKDAYS[r["weekday"]],)))
    holidays: dict[str, list[str]] = defaultdict(list)
    for r in rows(hazards / "H031/holidays.csv"):
        holidays[r["calendar"]].append(r["date"])
    op = next(r for r in rows(hazards / "H031/operations.csv") if r["operation"] == operation)
    centre = centres[op["work_centre"]]
    zone = centre["time_zone"]
    calendar = Calendar(
        centre["calendar"], zone, tuple(shifts[centre["calendar"]]), tuple(holidays[centre["calendar"]])
    )
    release = datetime.fromisoformat(op["release_local"]).replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)
    member = Member(centre["member"], centre["member"], MemberRole.TIER2, zone)
    snap = Snapshot(
        release, (member,),
        (Item(member.code, operation, kind=ItemKind.MAKE, uom="h", whole_units=False),), (),
        (RoutingStep(member.code, operation, 10, centre["work_centre"], Decimal(60)),),
        (Resource(member.code, centre["work_centre"], centre["work_centre"], parallel_units=int(centre["parallel_capacity"]), calendar=calendar.code),),
        (Demand(f"{operation}/1", member.code, operation, Decimal(op["hours"]), release),),
        calendars=((member.code, calendar),),
    )  # fmt: skip
    plan = solve(build(snap, horizon_days=14, bucket_hours=1))
    made = [o for o in plan.orders if o.kind.value == "make"]
    return min(o.start for o in made), max(o.due for o in made), plan, ZoneInfo(zone)


def in_zone(zone_name: str):
    """Run the planner as a server in another time zone."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = zone_name
    clock.tzset()
    return old


def restore(old: str | None) -> None:
    if old is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old
    clock.tzset()


def test_h031_calendars_in_their_own_zones_whatever_the_server_zone(hazards: Path) -> None:
    results = {}
    for server in ("UTC", "America/Los_Angeles"):
        old = in_zone(server)
        try:
            results[server] = {op: h031_plan(hazards, op) for op in ("OP-31-1", "OP-31-2", "OP-31-3")}
        finally:
            restore(old)
    spans = {server: {op: r[:2] for op, r in found.items()} for server, found in results.items()}
    assert spans["UTC"] == spans["America/Los_Angeles"]
    got = spans["UTC"]
    assert got["OP-31-1"] == (utc("2026-09-18T06:00:00Z"), utc("2026-09-29T01:00:00Z"))
    assert got["OP-31-2"] == (utc("2026-06-30T22:00:00Z"), utc("2026-07-01T03:00:00Z"))
    assert got["OP-31-2"][1].astimezone(ZoneInfo("Europe/Berlin")).hour == 5
    assert got["OP-31-3"] == (utc("2026-09-13T23:00:00Z"), utc("2026-09-14T00:30:00Z"))
    _, _, plan1, kst = results["UTC"]["OP-31-1"]
    hours: dict[date, float] = defaultdict(float)
    for x in plan1.loads:
        hours[x.start.astimezone(kst).date()] += x.load_min / 60
    worked = {d.isoformat(): h for d, h in hours.items() if h > 0}
    assert worked == {
        "2026-09-18": 2, "2026-09-21": 9, "2026-09-22": 9, "2026-09-23": 9, "2026-09-28": 9, "2026-09-29": 2,
    }  # fmt: skip
    _, _, plan3, _ = results["UTC"]["OP-31-3"]
    windows = sorted((x.start.astimezone(KST).strftime("%H:%M"), x.load_min) for x in plan3.loads if x.load_min > 0)
    assert windows == [("08:00", 30), ("09:00", 30)]


# H032 ---------------------------------------------------------------------------------------------


def h032_snapshot(hazards: Path) -> Snapshot:
    stations = rows(hazards / "H032/resources.csv")
    jobs = rows(hazards / "H032/jobs.csv")
    member = Member("SUP-A", "Supplier A", MemberRole.TIER1, "UTC")
    return Snapshot(
        utc(jobs[0]["earliest_start"]), (member,),
        tuple(Item("SUP-A", j["job"], kind=ItemKind.MAKE) for j in jobs), (),
        tuple(RoutingStep("SUP-A", j["job"], 10, j["resource"], Decimal(j["hours"]) * 60) for j in jobs),
        tuple(Resource("SUP-A", s["resource_code"], s["resource_code"], parallel_units=int(s["parallel_capacity"])) for s in stations),
        tuple(Demand(f"{j['job']}/1", "SUP-A", j["job"], Decimal(1), utc(j["due"])) for j in jobs),
    )  # fmt: skip


def test_h032_three_parallel_machines_take_three_jobs_at_once(hazards: Path) -> None:
    problem = build(h032_snapshot(hazards), horizon_days=1, bucket_hours=2)
    assert {r.code: r.available[0] for r in problem.resources.rows} == {"WC-32A": 360, "WC-32B": 240}
    plan = solve(problem)
    hhmm = {o.item: (o.start.strftime("%H:%M"), o.due.strftime("%H:%M")) for o in plan.orders}
    assert hhmm == {
        "J-32-1": ("08:00", "10:00"), "J-32-2": ("08:00", "10:00"), "J-32-3": ("08:00", "10:00"),
        "J-32-4": ("10:00", "12:00"), "J-32-5": ("08:00", "10:00"), "J-32-6": ("08:00", "10:00"),
    }  # fmt: skip
    for x in plan.loads:
        assert x.load_min <= x.available_min + 1e-6
    running = [sum(1 for o in plan.orders if o.resource == "WC-32A" and o.start <= t < o.due) for t in _minutes(plan)]
    assert max(running) == 3
    assert all(f.late_qty == 0 and f.short_qty == 0 for f in plan.fulfilment)


def _minutes(plan) -> list[datetime]:
    start = min(o.start for o in plan.orders)
    return [start + timedelta(minutes=m) for m in range(0, 6 * 60, 10)]


def test_h032_infinite_capacity_load_view_shows_133_percent(hazards: Path) -> None:
    plan = solve(build(h032_snapshot(hazards), horizon_days=1, bucket_hours=2), finite=False)
    first = {x.resource: x for x in plan.loads if x.start == utc("2026-06-01T08:00:00Z")}
    assert (first["WC-32A"].load_min, first["WC-32A"].available_min) == (480, 360)
    assert round(first["WC-32A"].utilisation * 100) == 133
    assert first["WC-32A"].utilisation > 1  # overload
    assert first["WC-32B"].utilisation == 1


# H033 ---------------------------------------------------------------------------------------------


def h033_snapshot(hazards: Path) -> Snapshot:
    member = Member("SUP-A", "Supplier A", MemberRole.TIER1, "UTC")  # the case gives every time in UTC
    routes = rows(hazards / "H033/routings.csv")
    steps = tuple(
        RoutingStep(
            "SUP-A", r["item_code"], int(r["op"]), r["resource"], Decimal(0), Decimal(r["hours_per_order"]) * 60
        )
        for r in routes
    )
    windows = tuple(
        RoutingWindow("SUP-A", r["item_code"], date.fromisoformat(r["effective_from"]) if r["effective_from"] else None)
        for r in routes
    )
    work = tuple(
        WorkStep(w["op_record_id"], w["work_order"], "SUP-A", w["item_code"], int(w["op"]), "WC-33",
                 Decimal(next(r["hours_per_order"] for r in routes if r["item_code"] == w["item_code"] and r["op"] == w["op"])) * 60,
                 w["status"], utc(w["start"]) if w["start"] else None, utc(w["end"]) if w["end"] else None)
        for w in rows(hazards / "H033/work_orders.csv")
    )  # fmt: skip
    (d,) = rows(hazards / "H033/demand.csv")
    return Snapshot(
        utc("2026-12-03T00:00:00Z"), (member,),
        tuple(Item("SUP-A", code, kind=ItemKind.MAKE) for code in ("FG-33A", "FG-33B")), (), steps,
        (Resource("SUP-A", "WC-33", "Work centre 33"),),
        (Demand(f"{d['order_id']}/1", "SUP-A", d["item_code"], Decimal(d["qty"]), utc(d["due"]), customer=d["customer_member"]),),
        work_steps=work, routing_windows=windows,
    )  # fmt: skip


def test_h033_future_routing_plans_late_not_short_and_keeps_confirmed_work(hazards: Path) -> None:
    snap = h033_snapshot(hazards)
    plan = solve(build(snap, horizon_days=60))
    (made,) = [o for o in plan.orders if o.item == "FG-33A"]
    assert (made.qty, made.start, made.due) == (10, utc("2027-01-01T00:00:00Z"), utc("2027-01-01T08:00:00Z"))
    (met,) = plan.fulfilment
    assert (met.on_time_qty, met.late_qty, met.short_qty) == (0, 10, 0)
    assert met.completed_at - met.due == timedelta(days=17, hours=8)
    ops = [o for o in plan.orders if o.pegged_to == ("WO-33B",)]
    assert [(o.id, o.status) for o in ops] == [("OP-33B-10", "confirmed"), ("OP-33B-20", "planned")]
    assert (ops[0].start, ops[0].due) == (utc("2026-12-02T08:00:00Z"), utc("2026-12-02T12:00:00Z"))
    assert ops[1].start >= utc("2026-12-03T00:00:00Z")
    assert any(b.kind == "routing" and b.code == "FG-33A" for b in plan.binding)
    again = solve(build(snap, horizon_days=60))
    assert again.orders == plan.orders and again.fulfilment == plan.fulfilment
