"""Flexible shops: move a critical operation to another eligible machine (at the place its
start time suggests), keep the move that shortens the makespan most, and let tabu search
re-sequence after every change; a random move when none helps."""

from __future__ import annotations

import random
import time

from . import tabu
from ._flat import FlatShop

ROUND_PATIENCE = 300  # tabu moves without improvement before trying machine changes


def search(flat: FlatShop, g: tabu.Sequences, unit: list[int], deadline: float, bound: int, seed: int) -> int:
    """Improve machines (``unit``) and sequences (``g``) in place; returns the best makespan."""
    rng = random.Random(seed)
    best = tabu.search(g, deadline, bound, seed, patience=ROUND_PATIENCE)
    kept = _snapshot(g, unit)
    while best > bound and time.perf_counter() < deadline:
        r, _ = tabu.heads(g)
        span = r[g.last] + g.duration[g.last]
        move = _best_change(flat, g, unit, r, span)
        if move is None:
            move = _random_change(flat, g, rng, r)
            if move is None:
                break
        _change(flat, g, unit, r, *move)
        span = tabu.search(g, deadline, bound, rng.randrange(1 << 30), patience=ROUND_PATIENCE)
        if span < best:
            best, kept = span, _snapshot(g, unit)
        elif rng.random() < 0.5:
            _restore(g, unit, kept)
    _restore(g, unit, kept)
    return best


def _snapshot(g: tabu.Sequences, unit: list[int]) -> tuple[list[int], ...]:
    return g.mach_pred[:], g.mach_succ[:], g.duration[:], g.release[:], unit[:]


def _restore(g: tabu.Sequences, unit: list[int], kept: tuple[list[int], ...]) -> None:
    g.mach_pred, g.mach_succ, g.duration, g.release = kept[0][:], kept[1][:], kept[2][:], kept[3][:]
    unit[:] = kept[4]


def _critical(g: tabu.Sequences, r: list[int]) -> list[int]:
    return [o for block in tabu.critical_blocks(g, r) for o in block]


def _best_change(
    flat: FlatShop, g: tabu.Sequences, unit: list[int], r: list[int], span: int
) -> tuple[int, int, int] | None:
    """(operation, new unit, duration) with the shortest makespan below ``span``, if any."""
    best, move = span, None
    for o in _critical(g, r):
        for u2, d2 in flat.choices[o]:
            if u2 == unit[o]:
                continue
            kept = _snapshot(g, unit)
            _change(flat, g, unit, r, o, u2, d2)
            try:
                r2, _ = tabu.heads(g)
                value = r2[g.last] + g.duration[g.last]
            except ValueError:
                value = best
            _restore(g, unit, kept)
            if value < best:
                best, move = value, (o, u2, d2)
    return move


def _random_change(flat: FlatShop, g: tabu.Sequences, rng: random.Random, r: list[int]) -> tuple[int, int, int] | None:
    options = [(o, u2, d2) for o in _critical(g, r) for u2, d2 in flat.choices[o] if len(flat.choices[o]) > 1]
    return rng.choice(options) if options else None


def _change(flat: FlatShop, g: tabu.Sequences, unit: list[int], r: list[int], o: int, u2: int, d2: int) -> None:
    """Take ``o`` off its machine and put it on ``u2`` before the first operation starting after it."""
    mp, ms = g.mach_pred, g.mach_succ
    a, b = mp[o], ms[o]
    if a >= 0:
        ms[a] = b
    if b >= 0:
        mp[b] = a
    head = next((x for x in range(len(unit)) if unit[x] == u2 and mp[x] < 0 and x != o), -1)
    before, after = -1, head
    while after >= 0 and r[after] <= r[o]:
        before, after = after, ms[after]
    mp[o], ms[o] = before, after
    if before >= 0:
        ms[before] = o
    if after >= 0:
        mp[after] = o
    unit[o], g.duration[o], g.release[o] = u2, d2, flat.earliest(o, u2)
