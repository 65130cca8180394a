"""A generated cluster for the ``mrp`` benchmark: members in three time zones with
working calendars and holidays, items over six BOM levels (some phantoms, some bought
from other members, some in kg with fractional quantities), lot-size policies,
safety stock, on-hand stock, open purchase orders and weekly customer demand.

Everything is drawn from one seeded generator, so a seed gives the same cluster.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import numpy as np

from onefactory.model import (
    BomLine,
    Calendar,
    Item,
    ItemKind,
    ItemPlanning,
    LotSizePolicy,
    Member,
    MemberRole,
    MrpDemand,
    MrpSettings,
    MrpSupply,
    Shift,
    SupplyKind,
)
from onefactory.plan.mrp import MrpProblem, build_problem

ZONES = ("Asia/Seoul", "Asia/Seoul", "Asia/Seoul", "Europe/Berlin", "America/Chicago")
LEAD_DAYS = tuple(Decimal(x) for x in ("0", "0.5", "1", "2", "3", "5", "7", "10"))
WHOLE_QTY = tuple(Decimal(x) for x in ("1", "1", "2", "3", "4", "0.5", "0.25", "0.07"))
KG_QTY = tuple(Decimal(x) for x in ("0.125", "1.5", "0.35", "2", "0.07"))
DEPTH_SHARE = (0.08, 0.15, 0.2, 0.22, 0.2, 0.15)
START = datetime(2027, 1, 4, tzinfo=UTC)


def generate(n_items: int, n_buckets: int = 52, seed: int = 0, n_members: int = 30) -> MrpProblem:
    """A cluster of ``n_items`` items over ``n_buckets`` weekly buckets, as an MRP problem."""
    rng = np.random.default_rng(seed)
    members = [Member(f"M{j:02d}", f"Member {j}", MemberRole.TIER1, ZONES[j % len(ZONES)]) for j in range(n_members)]
    depth = np.sort(rng.choice(len(DEPTH_SHARE), size=n_items, p=DEPTH_SHARE))
    owner = rng.integers(0, n_members, size=n_items)
    items = [_item(rng, j, int(depth[j]), members[owner[j]].code) for j in range(n_items)]
    lines = _bom(rng, items, depth, owner)
    settings = MrpSettings(
        START, buckets=n_buckets, bucket_days=7, timezone="Asia/Seoul",
        calendars={m.code: _calendar(m, j) for j, m in enumerate(members)},
        items=tuple(_planning(rng, i) for i in items), peg=False,
    )  # fmt: skip
    demands = _demands(rng, items, depth, n_buckets)
    return build_problem(settings, members, items, lines, {}, demands, _supplies(rng, items))


def _item(rng: np.random.Generator, j: int, depth: int, member: str) -> Item:
    kind = (
        ItemKind.BUY if depth == 5 else ItemKind.PHANTOM if 1 <= depth <= 3 and rng.random() < 0.01 else ItemKind.MAKE
    )
    whole = rng.random() < 0.85
    lead = LEAD_DAYS[int(rng.integers(len(LEAD_DAYS)))]
    return Item(member, f"I{j:06d}", uom="EA" if whole else "kg", kind=kind, lead_time_days=lead, whole_units=whole)


def _bom(rng: np.random.Generator, items: list[Item], depth: np.ndarray, owner: np.ndarray) -> list[BomLine]:
    lines = []
    first_of = np.searchsorted(depth, np.arange(len(DEPTH_SHARE) + 1))
    mine = {m: np.flatnonzero(owner == m) for m in np.unique(owner).tolist()}
    for j, item in enumerate(items):
        if item.kind is ItemKind.BUY:
            continue
        lo = first_of[depth[j] + 1]
        for n in range(int(rng.integers(1, 5))):
            comp = items[_component(rng, mine[int(owner[j])], lo, len(items))]
            qty = (WHOLE_QTY if comp.whole_units else KG_QTY)[int(rng.integers(5))]
            supplier = comp.member if comp.member != item.member else None
            lines.append(BomLine(item.member, item.code, comp.code, qty, comp.uom, supplier, line_no=n + 1))
    return _unique(lines)


def _component(rng: np.random.Generator, own: np.ndarray, lo: int, hi: int) -> int:
    """Nine components in ten come from the parent's own member when it has deeper items."""
    deeper = own[np.searchsorted(own, lo) :]
    if deeper.size and rng.random() < 0.9:
        return int(deeper[int(rng.integers(deeper.size))])
    return int(rng.integers(lo, hi))


def _unique(lines: list[BomLine]) -> list[BomLine]:
    seen, out = set(), []
    for line in lines:
        if (line.member, line.parent, line.component) not in seen:
            seen.add((line.member, line.parent, line.component))
            out.append(line)
    return out


def _calendar(member: Member, j: int) -> Calendar:
    if j % 4 == 0:
        return Calendar(f"{member.code} 24/7", member.timezone)
    days = (0, 1, 2, 3, 4, 5) if j % 4 == 1 else (0, 1, 2, 3, 4)
    holidays = ("2027-02-08", "2027-02-09", "2027-09-14", "2027-09-15", "2027-09-16", "2027-12-24")
    return Calendar(f"{member.code} day shift", member.timezone, (Shift(time(8), time(17), days),), holidays)


def _planning(rng: np.random.Generator, item: Item) -> ItemPlanning:
    draw = rng.random()
    step = Decimal(1) if item.whole_units else Decimal("0.5")
    lot = (
        LotSizePolicy()
        if draw < 0.6
        else LotSizePolicy(fixed_qty=step * int(rng.integers(20, 200)))
        if draw < 0.75
        else LotSizePolicy(min_qty=step * int(rng.integers(10, 100)))
        if draw < 0.9
        else LotSizePolicy(multiple=step * int(rng.integers(5, 25)))
    )
    safety = step * int(rng.integers(5, 50)) if rng.random() < 0.2 else Decimal(0)
    yield_pct = Decimal(98) if rng.random() < 0.05 else Decimal(100)
    return ItemPlanning(item.member, item.code, lot, safety, yield_pct)


def _demands(rng: np.random.Generator, items: list[Item], depth: np.ndarray, n_buckets: int) -> list[MrpDemand]:
    out = []
    for j in np.flatnonzero(depth == 0).tolist():
        item = items[j]
        for b in np.flatnonzero(rng.random(n_buckets) < 0.35).tolist():
            due = START + timedelta(days=7 * b + int(rng.integers(0, 5)))
            qty = Decimal(int(rng.integers(1, 120)))
            out.append(MrpDemand(f"SO-{j}-{b}", item.member, item.code, qty, due, "CUSTOMER", int(rng.integers(1, 4))))
    return out


def _supplies(rng: np.random.Generator, items: list[Item]) -> list[MrpSupply]:
    out = []
    for item in items:
        if item.kind is ItemKind.PHANTOM:
            continue
        if rng.random() < 0.3:
            out.append(MrpSupply("on-hand", item.member, item.code, Decimal(int(rng.integers(1, 500))), "on_hand"))
        if rng.random() < 0.05:
            due = START + timedelta(days=int(rng.integers(0, 60)))
            qty = Decimal(int(rng.integers(10, 300)))
            out.append(MrpSupply(f"PO-{item.code}", item.member, item.code, qty, SupplyKind.PURCHASE, due=due))
    return out
