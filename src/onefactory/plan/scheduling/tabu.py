"""Tabu search on the machine sequences of a schedule whose machine assignment is fixed
(Nowicki-Smutnicki moves: swap the first or last two operations of a critical block,
judged by the head/tail estimate of Taillard, then exact recomputation)."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

WIDE_SHARE = 0.2  # share of moves drawn from every critical adjacent pair, to leave N5's traps


@dataclass(slots=True)
class Sequences:
    """The disjunctive graph of a fixed assignment: job arcs are fixed, machine arcs change."""

    duration: list[int]
    release: list[int]
    job_pred: list[int]
    job_succ: list[int]
    mach_pred: list[int]
    mach_succ: list[int]
    last: int = -1  # the operation that ends last, set by ``heads``

    def copy_arcs(self) -> tuple[list[int], list[int]]:
        """The machine arcs, to keep the best found."""
        return self.mach_pred[:], self.mach_succ[:]


def from_start_times(
    duration: list[int], release: list[int], job_pred: list[int], job_succ: list[int], unit: list[int], start: list[int]
) -> Sequences:
    """Machine arcs ordered by the start times of a feasible schedule."""
    n = len(duration)
    mp, ms = [-1] * n, [-1] * n
    by_unit: dict[int, list[int]] = {}
    for o in sorted(range(n), key=lambda k: (start[k], duration[k])):
        by_unit.setdefault(unit[o], []).append(o)
    for ops in by_unit.values():
        for a, b in zip(ops, ops[1:], strict=False):
            ms[a], mp[b] = b, a
    return Sequences(duration, release, job_pred, job_succ, mp, ms)


def heads(g: Sequences) -> tuple[list[int], list[int]]:
    """Earliest starts and a topological order (Kahn's algorithm)."""
    p, jp, js, mp, ms = g.duration, g.job_pred, g.job_succ, g.mach_pred, g.mach_succ
    n = len(p)
    indeg = [(jp[o] >= 0) + (mp[o] >= 0) for o in range(n)]
    r = g.release[:]
    stack = [o for o in range(n) if not indeg[o]]
    order = []
    end, last = -1, -1
    while stack:
        o = stack.pop()
        order.append(o)
        e = r[o] + p[o]
        if e > end:
            end, last = e, o
        s = js[o]
        if s >= 0:
            if r[s] < e:
                r[s] = e
            indeg[s] -= 1
            if not indeg[s]:
                stack.append(s)
        s = ms[o]
        if s >= 0:
            if r[s] < e:
                r[s] = e
            indeg[s] -= 1
            if not indeg[s]:
                stack.append(s)
    if len(order) < n:
        raise ValueError("machine sequences contain a cycle")
    g.last = last
    return r, order


def tails(g: Sequences, order: list[int]) -> list[int]:
    """Longest path from the end of each operation to the end of the schedule."""
    p, js, ms = g.duration, g.job_succ, g.mach_succ
    q = [0] * len(p)
    for o in reversed(order):
        a, b = js[o], ms[o]
        best = p[a] + q[a] if a >= 0 else 0
        if b >= 0 and p[b] + q[b] > best:
            best = p[b] + q[b]
        q[o] = best
    return q


def critical_blocks(g: Sequences, r: list[int]) -> list[list[int]]:
    """Blocks of the critical path that ends last: runs of operations back to back on one machine."""
    p, jp, mp = g.duration, g.job_pred, g.mach_pred
    cur = g.last
    blocks = [[cur]]
    while True:
        m, j = mp[cur], jp[cur]
        if m >= 0 and r[m] + p[m] == r[cur]:
            blocks[-1].append(m)
            cur = m
        elif j >= 0 and r[j] + p[j] == r[cur]:
            blocks.append([j])
            cur = j
        else:
            break
    return [b[::-1] for b in reversed(blocks)]


def _moves(g: Sequences, blocks: list[list[int]], wide: bool = False) -> list[tuple[int, int]]:
    """Critical swaps at block ends (or, when ``wide``, of every adjacent pair in a block);
    two steps of one job that follow each other on a machine stay in order."""
    last = len(blocks) - 1
    moves = []
    for k, b in enumerate(blocks):
        if wide:
            moves += zip(b, b[1:], strict=False)
            continue
        if len(b) < 2:
            continue
        if k > 0 or last == 0:
            moves.append((b[0], b[1]))
        if k < last or last == 0:
            moves.append((b[-2], b[-1]))
    return [m for m in dict.fromkeys(moves) if g.job_succ[m[0]] != m[1]]


def _estimate(g: Sequences, r: list[int], q: list[int], u: int, v: int) -> int:
    """Longest path through u or v after swapping u (before) and v (after)."""
    p, jp, js, rel = g.duration, g.job_pred, g.job_succ, g.release
    a, b = g.mach_pred[u], g.mach_succ[v]
    rv = max(rel[v], r[jp[v]] + p[jp[v]] if jp[v] >= 0 else 0, r[a] + p[a] if a >= 0 else 0)
    ru = max(rel[u], r[jp[u]] + p[jp[u]] if jp[u] >= 0 else 0, rv + p[v])
    qu = max(p[js[u]] + q[js[u]] if js[u] >= 0 else 0, p[b] + q[b] if b >= 0 else 0)
    qv = max(p[js[v]] + q[js[v]] if js[v] >= 0 else 0, p[u] + qu)
    return max(rv + p[v] + qv, ru + p[u] + qu)


def _swap(g: Sequences, u: int, v: int) -> None:
    mp, ms = g.mach_pred, g.mach_succ
    a, b = mp[u], ms[v]
    mp[v], ms[v], mp[u], ms[u] = a, u, v, b
    if a >= 0:
        ms[a] = v
    if b >= 0:
        mp[b] = u


def search(
    g: Sequences, deadline: float, lower_bound: int, seed: int = 0, stall: int = 400, patience: int | None = None
) -> int:
    """Improve ``g`` in place until ``deadline`` (perf_counter), ``lower_bound``, or ``patience``
    moves without a better makespan; ``g`` ends holding the best sequences found, whose
    makespan is returned."""
    rng = random.Random(seed)
    r, order = heads(g)
    q = tails(g, order)
    p = g.duration
    best = current = r[g.last] + p[g.last]
    best_arcs, tabu, it, since, best_at = g.copy_arcs(), {}, 0, 0, 0
    while best > lower_bound and time.perf_counter() < deadline and (patience is None or it - best_at < patience):
        it += 1
        moves = _moves(g, critical_blocks(g, r), wide=rng.random() < WIDE_SHARE)
        if not moves:
            break
        u, v = _choose(g, r, q, moves, tabu, it, best, rng)
        _swap(g, u, v)
        tabu[(v, u)] = it + rng.randint(8, 14)
        try:
            r, order = heads(g)
        except ValueError:  # only possible with zero durations: undo and forbid
            _swap(g, v, u)
            tabu[(u, v)] = it + 1000
            r, order = heads(g)
        q = tails(g, order)
        current = r[g.last] + p[g.last]
        since += 1
        if current < best:
            best, best_arcs, since, best_at = current, g.copy_arcs(), 0, it
        elif since > stall:
            g.mach_pred, g.mach_succ = best_arcs[0][:], best_arcs[1][:]
            r = _perturb(g, rng)
            q = tails(g, heads(g)[1])
            tabu, since = {}, 0
    g.mach_pred, g.mach_succ = best_arcs
    return best


def _choose(
    g: Sequences,
    r: list[int],
    q: list[int],
    moves: list[tuple[int, int]],
    tabu: dict,
    it: int,
    best: int,
    rng: random.Random,
) -> tuple[int, int]:
    scored = [(_estimate(g, r, q, u, v), rng.random(), (u, v)) for u, v in moves]
    allowed = [s for s in scored if tabu.get(s[2], 0) <= it or s[0] < best]
    return min(allowed or scored)[2]


def _perturb(g: Sequences, rng: random.Random, steps: int = 3) -> list[int]:
    """A few random critical swaps to leave a basin; returns the new heads."""
    r, _ = heads(g)
    for _ in range(steps):
        moves = _moves(g, critical_blocks(g, r))
        if not moves:
            break
        _swap(g, *rng.choice(moves))
        r, _ = heads(g)
    return r
