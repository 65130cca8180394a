"""Explicit allocation and pegging, node by node from the top of the bills down.

Each node's requirements (customer order lines, component needs of production orders
and of the planned orders above) are served in order of bucket, priority and ref by
its supplies in order of availability: on-hand stock, open orders, planned orders. A
supply earmarked for one requirement serves it first. Every unit of supply is
allocated at most once, so a later requirement can never reuse what an earlier one
took; a planned order carries the customer orders of the requirements it serves.
Phantoms are transparent: their components serve the requirements above them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from onefactory.model import Allocation, MrpOrder, MrpSupply, SupplyKind

from .calendars import bucket_of
from .compile import MrpArrays
from .engine import MrpPlan
from .exact import scaled, unscaled
from .problem import Edge, MrpProblem


@dataclass
class Need:
    """One requirement of a node, in scaled units."""

    bucket: int
    priority: int
    ref: str
    qty: int
    customers: frozenset[str]


@dataclass
class Source:
    """One supply of a node, in scaled units; ``left`` is what is not yet allocated."""

    bucket: int
    rank: int
    ref: str
    kind: SupplyKind
    left: int
    serves: str | None = None
    customers: set[str] = field(default_factory=set)


@dataclass
class _Run:
    """What one pegging pass shares: arrays, plan, lookups built once."""

    a: MrpArrays
    plan: MrpPlan
    refs: dict[tuple[int, int], str]
    stamps: list[float]
    supplies: dict[int, list[MrpSupply]]
    lines: dict[int, list[Edge]]
    edges: dict[int, list[int]]
    needs: dict[int, list[Need]] = field(default_factory=dict)
    customers: dict[str, frozenset[str]] = field(default_factory=dict)


def peg(problem: MrpProblem, a: MrpArrays, plan: MrpPlan, orders: dict[tuple[int, int], MrpOrder]) -> list[Allocation]:
    """Allocate every node's supplies to its requirements; fills ``pegged_to`` of the planned orders."""
    run = _prepare(problem, a, plan, orders)
    allocations: list[Allocation] = []
    for i in range(len(a.keys)):  # nodes come ordered by low-level code
        sources = _sources(run, i)
        granted = _allocate(a, i, run.needs.get(i, []), sources)
        allocations += [] if a.phantom[i] else granted
        _pass_down(run, i, sources)
    for ib, order in orders.items():
        orders[ib] = replace(order, pegged_to=tuple(sorted(run.customers.get(order.id, frozenset()))))
    return allocations


def _prepare(problem: MrpProblem, a: MrpArrays, plan: MrpPlan, orders: dict[tuple[int, int], MrpOrder]) -> _Run:
    run = _Run(a, plan, {ib: o.id for ib, o in orders.items()}, [t.timestamp() for t in a.starts], {}, {}, {})
    for s in problem.supplies:
        run.supplies.setdefault(a.index[(s.member, s.item)], []).append(s)
    for e in problem.edges:
        run.lines.setdefault(a.index[e.parent], []).append(e)
    for n, p in enumerate(a.parent.tolist()):
        run.edges.setdefault(p, []).append(n)
    for d in problem.demands:
        i, b = a.index[(d.member, d.item)], bucket_of(run.stamps, d.due)
        if b < len(a.starts) - 1:
            need = Need(max(b, 0), d.priority, d.ref, scaled(d.qty, int(a.scale[i])), frozenset({d.ref}))
            run.needs.setdefault(i, []).append(need)
    return run


def _sources(run: _Run, i: int) -> list[Source]:
    a, sc = run.a, int(run.a.scale[i])
    out = [Source(-1, 0, "on-hand", SupplyKind.ON_HAND, int(a.on_hand[i]))] if a.on_hand[i] > 0 else []
    for s in run.supplies.get(i, []):
        if s.kind != SupplyKind.ON_HAND:
            b = 0 if s.due is None else bucket_of(run.stamps, s.due)
            if b < len(a.starts) - 1:
                out.append(Source(max(b, 0), 1, s.ref, s.kind, scaled(s.qty, sc), s.serves))
    for b in np.flatnonzero(run.plan.planned[i]).tolist():
        out.append(Source(b, 2, _ref(run, i, b), SupplyKind.PLANNED, int(run.plan.planned[i, b])))
    return sorted(out, key=lambda s: (s.bucket, s.rank, s.ref))


def _ref(run: _Run, i: int, b: int) -> str:
    """The planned order's id; phantoms get a pass-through ref of their own."""
    key = run.a.keys[i]
    return run.refs.get((i, b)) or f"{key[0]}/{key[1]}/phantom/{run.a.starts[b].date().isoformat()}"


def _allocate(a: MrpArrays, i: int, needs: list[Need], sources: list[Source]) -> list[Allocation]:
    """Earmarked supply serves its own requirement first; then every requirement in turn
    takes what is left, earliest supply first (an earmark's rest is free for others)."""
    out: list[Allocation] = []
    ordered = _merged(sorted(needs, key=lambda n: (n.bucket, n.priority, n.ref)))
    left = [n.qty for n in ordered]
    earmarked: dict[str, list[Source]] = {}
    for source in sources:
        if source.serves is not None:
            earmarked.setdefault(source.serves, []).append(source)
    for j, need in enumerate(ordered):
        left[j] = _take(a, i, need, left[j], earmarked.get(need.ref, []), out)
    k = 0
    for j, need in enumerate(ordered):
        while left[j] and k < len(sources):
            left[j] = _take(a, i, need, left[j], sources[k : k + 1], out)
            k += 0 if sources[k].left else 1
    return out


def _take(a: MrpArrays, i: int, need: Need, left: int, sources: list[Source], out: list[Allocation]) -> int:
    """Serve ``left`` of ``need`` from ``sources`` in turn; returns what is still open."""
    for source in sources:
        take = min(left, source.left)
        if take > 0:
            source.left -= take
            left -= take
            source.customers |= need.customers
            out.append(_allocation(a, i, source, need, take))
    return left


def _merged(needs: list[Need]) -> list[Need]:
    """Needs of one requirement in one bucket (a component on two lines, or through a phantom) as one."""
    out: list[Need] = []
    for n in needs:
        if out and (out[-1].bucket, out[-1].priority, out[-1].ref) == (n.bucket, n.priority, n.ref):
            out[-1] = Need(n.bucket, n.priority, n.ref, out[-1].qty + n.qty, out[-1].customers | n.customers)
        else:
            out.append(n)
    return out


def _allocation(a: MrpArrays, i: int, source: Source, need: Need, qty: int) -> Allocation:
    key = a.keys[i]
    return Allocation(
        key[0], key[1], source.ref, source.kind, need.ref, unscaled(qty, int(a.scale[i])), tuple(sorted(need.customers))
    )


def _pass_down(run: _Run, i: int, sources: list[Source]) -> None:
    """Component needs of this node's planned and unstarted production orders go to its children."""
    a, plan = run.a, run.plan
    for s in sources:
        run.customers[s.ref] = frozenset(s.customers)
    edges = run.edges.get(i, [])
    for b in np.flatnonzero(plan.started[i]).tolist() if edges else []:
        started, ref = int(plan.started[i, b]), _ref(run, i, b)
        above = [n for n in run.needs.get(i, []) if n.bucket == b] if a.phantom[i] else []
        for e in edges:
            q = -(-started * int(a.mul[e]) // int(a.div[e]))
            parts = _through_phantom(above, q) if above else [(Need(b, 100, ref, q, run.customers[ref]), q)]
            for part, qty in parts:
                if qty:
                    need = Need(int(plan.release[i, b]), 100, part.ref, qty, part.customers)
                    run.needs.setdefault(int(a.child[e]), []).append(need)
    _production_needs(run, i)


def _through_phantom(above: list[Need], qty: int) -> list[tuple[Need, int]]:
    """Split a phantom's component need over the requirements it passes through, in
    proportion (rounded up, the last one gets the rest)."""
    total, left, out = sum(n.qty for n in above), qty, []
    for n in above[:-1]:
        share = min(left, -(-qty * n.qty // total)) if total else 0
        out.append((n, share))
        left -= share
    return [*out, (above[-1], left)]


def _production_needs(run: _Run, i: int) -> None:
    """An unstarted production order needs its components at its start, for its customers."""
    for s in run.supplies.get(i, []):
        if not s.needs_components:
            continue
        b = max(0, 0 if s.start is None else bucket_of(run.stamps, s.start))
        if b >= len(run.a.starts) - 1:
            continue
        for edge in run.lines.get(i, []):
            c = run.a.index[edge.child]
            qty = scaled(s.qty * edge.qty_per, int(run.a.scale[c]))
            run.needs.setdefault(c, []).append(Need(b, 100, s.ref, qty, run.customers.get(s.ref, frozenset())))
