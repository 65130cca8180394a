"""From an :class:`MrpProblem` to the arrays the vectorised engine runs on.

Nodes are ordered; low-level codes come from the edges (a cycle is refused by name);
each node gets its exact integer scale; demands, receipts and the component needs of
unstarted production orders are placed in buckets; lead times become, per (calendar,
lead time) pair, a table of release buckets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from onefactory.model import Calendar, ItemKind, ItemPlanning, LotSizePolicy, MrpSupply

from .calendars import WorkClock, bucket_of, bucket_starts
from .exact import MAX_DECIMALS, decimals, ratio, scaled
from .levels import BomCycle, low_level_codes
from .problem import Edge, Key, MrpProblem

Ints = NDArray[np.int64]


@dataclass
class MrpArrays:
    """The problem as integer arrays: n nodes x B buckets, edges as parallel arrays."""

    keys: list[Key]
    index: dict[Key, int]
    starts: list[datetime]
    level: Ints
    phantom: NDArray[np.bool_]
    scale: Ints
    parent: Ints
    child: Ints
    mul: Ints
    div: Ints
    gross: Ints
    receipts: Ints
    on_hand: Ints
    safety: Ints
    fixed: Ints
    minimum: Ints
    multiple: Ints
    yield_num: Ints
    yield_den: Ints
    combo: Ints
    release: Ints
    release_at: list[list[datetime]]
    combos: list[tuple[str, Decimal]]
    clocks: dict[str, WorkClock]


def compile_problem(problem: MrpProblem) -> MrpArrays:
    """Arrays of ``problem``, nodes ordered by low-level code; raises BomCycle naming the cycle."""
    s = problem.settings
    keys, edges, level = _ordered(problem)
    index = {k: i for i, k in enumerate(keys)}
    parent = np.array([index[e.parent] for e in edges], dtype=np.int64)
    child = np.array([index[e.child] for e in edges], dtype=np.int64)
    starts = bucket_starts(s.start, s.buckets, s.bucket_days, s.timezone)
    scale = _scales(problem, keys, index, level, parent, child, edges)
    mul, div = _edge_ratios(edges, scale, parent, child)
    arrays = MrpArrays(
        keys, index, starts, level, np.array([problem.nodes[k].kind is ItemKind.PHANTOM for k in keys]),
        scale, parent, child, mul, div, *_quantities(problem, keys, index, scale, starts),
        *_policies(problem, keys, scale), *_release_tables(problem, keys, starts),
    )  # fmt: skip
    return arrays


def _ordered(problem: MrpProblem) -> tuple[list[Key], list[Edge], Ints]:
    """Nodes sorted by (low-level code, key) and edges by parent, so each level is one slice."""
    keys = sorted(problem.nodes)
    index = {k: i for i, k in enumerate(keys)}
    parent = np.array([index[e.parent] for e in problem.edges], dtype=np.int64)
    child = np.array([index[e.child] for e in problem.edges], dtype=np.int64)
    try:
        level = low_level_codes(len(keys), parent, child)
    except BomCycle as exc:
        raise BomCycle(exc.nodes, cycle_names(keys, exc.nodes)) from None
    order = np.argsort(level, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    edge_order = np.argsort(rank[parent], kind="stable").tolist()
    return [keys[i] for i in order.tolist()], [problem.edges[e] for e in edge_order], level[order]


def cycle_names(keys: list[Key], cycle: list[int]) -> list[str]:
    """'ITEM (MEMBER)' along a cycle; a buyer's link to its supplier shows as the supplier's item."""
    ring = cycle[:-1]
    turn = next((j for j in range(len(ring)) if keys[ring[j]][1] != keys[ring[j - 1]][1]), 0)
    ring = ring[turn:] + ring[:turn]
    names: list[str] = []
    for j, node in enumerate(ring):
        member, code = keys[node]
        if j and keys[ring[j - 1]][1] == code:
            names[-1] = f"{code} ({member})"
        else:
            names.append(f"{code} ({member})")
    return [*names, names[0]]


def _scales(
    problem: MrpProblem,
    keys: list[Key],
    index: dict[Key, int],
    level: Ints,
    parent: Ints,
    child: Ints,
    edges: list[Edge],
) -> Ints:
    """10^k per node: enough decimals for its own quantities and for what its parents pass down."""
    whole = np.array([problem.nodes[k].whole_units for k in keys])
    own = np.zeros(len(keys), dtype=np.int64)
    for ref in [*problem.demands, *problem.supplies]:
        digits = decimals(ref.qty)
        if digits:
            i = index[(ref.member, ref.item)]
            own[i] = max(own[i], digits)
    for key, plan in problem.planning.items():
        if key in index and not whole[index[key]]:
            own[index[key]] = max(own[index[key]], *(decimals(q) for q in _plan_quantities(plan)))
    edge_digits = np.array([decimals(e.qty_per) for e in edges], dtype=np.int64)
    digits = np.where(whole, 0, np.minimum(own, MAX_DECIMALS))
    for depth in range(int(level.max(initial=-1)) + 1):
        sel = level[parent] == depth
        cand = np.minimum(digits[parent[sel]] + edge_digits[sel], MAX_DECIMALS)
        np.maximum.at(digits, child[sel], np.where(whole[child[sel]], 0, cand))
    return (10**digits).astype(np.int64)


def _plan_quantities(plan: ItemPlanning) -> list[Decimal]:
    lot = plan.lot
    return [plan.safety_stock, lot.min_qty, lot.fixed_qty or Decimal(0), lot.multiple or Decimal(0)]


def _edge_ratios(edges: list[Edge], scale: Ints, parent: Ints, child: Ints) -> tuple[Ints, Ints]:
    pairs = [
        ratio(p, c, e.qty_per) for p, c, e in zip(scale[parent].tolist(), scale[child].tolist(), edges, strict=True)
    ]
    mul = np.array([m for m, _ in pairs], dtype=np.int64)
    return mul, np.array([d for _, d in pairs], dtype=np.int64)


def _quantities(
    problem: MrpProblem, keys: list[Key], index: dict[Key, int], scale: Ints, starts: list[datetime]
) -> tuple[Ints, Ints, Ints]:
    n, nb = len(keys), problem.settings.buckets
    stamps = np.array([t.timestamp() for t in starts])
    gross, receipts, on_hand = np.zeros((n, nb), np.int64), np.zeros((n, nb), np.int64), np.zeros(n, np.int64)
    rows = [index[(d.member, d.item)] for d in problem.demands]
    cols = np.searchsorted(stamps, [d.due.timestamp() for d in problem.demands], side="right") - 1
    qty = [scaled(d.qty, int(scale[i])) for d, i in zip(problem.demands, rows, strict=True)]
    keep = cols < nb
    np.add.at(gross, (np.array(rows, np.int64)[keep], np.maximum(cols[keep], 0)), np.array(qty, np.int64)[keep])
    served = {s.serves for s in problem.supplies if s.serves}
    earmarks = {
        d.ref: [i, max(int(b), 0), q]
        for d, i, b, q in zip(problem.demands, rows, cols.tolist(), qty, strict=True)
        if d.ref in served and b < nb
    }
    _supplies(problem, index, scale, stamps.tolist(), earmarks, gross, receipts, on_hand)
    return gross, receipts, on_hand


def _supplies(
    problem: MrpProblem,
    index: dict[Key, int],
    scale: Ints,
    stamps: list[float],
    earmarks: dict[str, list[int]],
    gross: Ints,
    receipts: Ints,
    on_hand: Ints,
) -> None:
    """On-hand stock, scheduled receipts (earmarks held back), and unstarted orders' component needs."""
    nb = gross.shape[1]
    lines: dict[Key, list[Edge]] = {}
    for e in problem.edges if any(s.needs_components for s in problem.supplies) else []:
        lines.setdefault(e.parent, []).append(e)
    sc = scale.tolist()
    stock = [0] * len(sc)
    for sup in problem.supplies:
        i = index[(sup.member, sup.item)]
        if sup.kind == "on_hand":
            stock[i] += scaled(sup.qty, sc[i])
        elif (b := -1 if sup.due is None else bucket_of(stamps, sup.due)) < nb:
            _receive(receipts, i, max(b, 0), scaled(sup.qty, sc[i]), earmarks.get(sup.serves or ""))
        if sup.needs_components:
            _component_needs(lines.get((sup.member, sup.item), []), index, scale, gross, stamps, sup)
    on_hand += np.array(stock, dtype=np.int64).reshape(on_hand.shape)


def _receive(receipts: Ints, i: int, b: int, qty: int, earmark: list[int] | None) -> None:
    """A receipt earmarked for a later requirement of the same node is not free before it:
    netting sees the earmarked part in the requirement's bucket (what pegging will do)."""
    if earmark is None or earmark[0] != i or earmark[1] <= b:
        receipts[i, b] += qty
        return
    held = min(qty, earmark[2])
    earmark[2] -= held
    receipts[i, b] += qty - held
    receipts[i, earmark[1]] += held


def _component_needs(
    lines: list[Edge], index: dict[Key, int], scale: Ints, gross: Ints, stamps: list[float], sup: MrpSupply
) -> None:
    """An unstarted production order still needs its components at its start (rounded up per order)."""
    b = 0 if sup.start is None else bucket_of(stamps, sup.start)
    if b >= gross.shape[1]:
        return
    for edge in lines:
        c = index[edge.child]
        gross[c, max(b, 0)] += scaled(sup.qty * edge.qty_per, int(scale[c]))


def _policies(problem: MrpProblem, keys: list[Key], scale: Ints) -> tuple[Ints, ...]:
    """Safety stock, fixed lot, minimum, multiple (scaled; 0 = none) and yield as a fraction."""
    plans = problem.planning
    rows = [
        _policy_row(plan.lot, plan.safety_stock, plan.yield_pct, sc) if (plan := plans.get(k)) else _NO_POLICY
        for k, sc in zip(keys, scale.tolist(), strict=True)
    ]
    cols = np.array(rows, dtype=np.int64).reshape(len(keys), 6)
    return tuple(cols[:, j].copy() for j in range(6))


_NO_POLICY = (0, 0, 0, 0, 1, 1)


@lru_cache(maxsize=65536)
def _policy_row(lot: LotSizePolicy, safety: Decimal, yield_pct: Decimal, sc: int) -> tuple[int, ...]:
    num, den = (yield_pct / 100).as_integer_ratio()
    fixed = scaled(lot.fixed_qty, sc) if lot.fixed_qty else 0
    multiple = scaled(lot.multiple, sc) if lot.multiple else 0
    return scaled(safety, sc), fixed, scaled(lot.min_qty, sc), multiple, num, den


def _release_tables(problem: MrpProblem, keys: list[Key], starts: list[datetime]) -> tuple:  # type: ignore[type-arg]
    """Release bucket per (member calendar, lead time) and due bucket; -1 when it falls before the start."""
    s = problem.settings
    lead = [_lead_days(problem, k) for k in keys]
    combos = sorted(set(zip([k[0] for k in keys], lead, strict=True)))
    combo_of = {c: i for i, c in enumerate(combos)}
    span = math.ceil(max((float(d) for _, d in combos), default=0) * 7) + s.buckets * s.bucket_days + 60
    clocks = {m: WorkClock(_calendar(problem, m), s.start, span) for m in sorted({m for m, _ in combos})}
    stamps = [t.timestamp() for t in starts]
    release_at = [[clocks[m].back(t, d) for t in starts[:-1]] for m, d in combos]
    release = np.array([[bucket_of(stamps, r) for r in row] for row in release_at], dtype=np.int64)
    combo = np.array([combo_of[(k[0], d)] for k, d in zip(keys, lead, strict=True)], dtype=np.int64)
    return combo, release.reshape(len(combos), s.buckets), release_at, combos, clocks


def _lead_days(problem: MrpProblem, key: Key) -> Decimal:
    node = problem.nodes[key]
    return Decimal(0) if node.kind is ItemKind.PHANTOM else node.lead_time_days


def _calendar(problem: MrpProblem, member: str) -> Calendar:
    return problem.calendars.get(member) or Calendar(f"{member} all days", problem.settings.timezone)
