"""The vectorised MRP pass: level by level, all nodes of a level at once.

For each low-level code: net gross requirements against on-hand stock and scheduled
receipts while keeping safety stock, size lots (vectors over the level's nodes, one
short loop over buckets), apply yield, offset by lead time through the release table,
and push exact component needs to the next levels with one sparse scatter per level.
Phantoms pass their requirement straight through, with no stock and no order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from .compile import MrpArrays
from .exact import ceil_div, ceil_mul_div

Ints = NDArray[np.int64]


@dataclass
class MrpPlan:
    """What the pass computes, in scaled units: n nodes x B buckets."""

    gross: Ints
    planned: Ints
    started: Ints
    projected: Ints
    release: Ints


def run_arrays(a: MrpArrays) -> MrpPlan:
    """Plan every node; ``a.gross`` is copied, never changed. Nodes come ordered by level."""
    gross = a.gross.copy()
    n, nb = gross.shape
    planned, projected = np.zeros((n, nb), np.int64), np.zeros((n, nb), np.int64)
    release, started = np.zeros((n, nb), np.int64), np.zeros((n, nb), np.int64)
    levels = np.arange(int(a.level.max(initial=-1)) + 2)
    bounds = np.searchsorted(a.level, levels)
    edge_bounds = np.searchsorted(a.level[a.parent], levels)
    for lv in range(len(levels) - 1):
        rows = slice(int(bounds[lv]), int(bounds[lv + 1]))
        _plan_level(a, rows, gross, planned, projected, release)
        started[rows] = planned[rows]
        if (a.yield_num[rows] != a.yield_den[rows]).any():
            started[rows] = ceil_div(planned[rows] * a.yield_den[rows, None], a.yield_num[rows, None])
        _explode(a, slice(int(edge_bounds[lv]), int(edge_bounds[lv + 1])), started, release, gross)
    return MrpPlan(gross, planned, started, projected, release)


def _plan_level(a: MrpArrays, rows: slice, gross: Ints, planned: Ints, projected: Ints, release: Ints) -> None:
    nodes = np.arange(rows.start, rows.stop)
    phantom = a.phantom[rows]
    ghosts, real = nodes[phantom], nodes[~phantom]
    if ghosts.size:
        planned[ghosts] = gross[ghosts]
        release[ghosts] = np.arange(gross.shape[1])
    if ghosts.size == 0:
        planned[rows], projected[rows] = net_and_size(a, nodes, gross[rows], a.receipts[rows])
        release[rows] = np.maximum(a.release[a.combo[rows]], 0)
    elif real.size:
        planned[real], projected[real] = net_and_size(a, real, gross[real], a.receipts[real])
        release[real] = np.maximum(a.release[a.combo[real]], 0)


def net_and_size(a: MrpArrays, nodes: Ints, gross: Ints, receipts: Ints) -> tuple[Ints, Ints]:
    """Planned receipts and projected on-hand keeping safety stock, lot-sized per node."""
    fixed, minimum, multiple = a.fixed[nodes], a.minimum[nodes], a.multiple[nodes]
    safety = a.safety[nodes]
    proj = a.on_hand[nodes].copy()
    planned, projected = np.zeros_like(gross), np.zeros_like(gross)
    for b in range(gross.shape[1]):
        proj += receipts[:, b] - gross[:, b]
        short = safety - proj
        need = np.flatnonzero(short > 0)
        if need.size:
            qty = lot_size(short[need], fixed[need], minimum[need], multiple[need])
            planned[need, b] = qty
            proj[need] += qty
        projected[:, b] = proj
    return planned, projected


def lot_size(short: Ints, fixed: Ints, minimum: Ints, multiple: Ints) -> Ints:
    """Order quantity for a shortfall: whole fixed lots, at least the minimum, a multiple.

    >>> import numpy as np
    >>> z = np.zeros(1, np.int64)
    >>> lot_size(np.array([7]), np.array([5]), z, z).tolist()
    [10]
    >>> lot_size(np.array([7]), z, np.array([20]), np.array([6])).tolist()
    [24]
    """
    qty = np.where(fixed > 0, ceil_div(short, np.maximum(fixed, 1)) * fixed, short)
    qty = np.maximum(qty, minimum)
    return np.where(multiple > 0, ceil_div(qty, np.maximum(multiple, 1)) * multiple, qty)


def _explode(a: MrpArrays, edges: slice, started: Ints, release: Ints, gross: Ints) -> None:
    """Component needs of the level's orders, added at their release buckets in one scatter."""
    if edges.stop <= edges.start:
        return
    parents = a.parent[edges]
    src = started[parents]
    rows, cols = np.nonzero(src)
    if not rows.size:
        return
    mul, div = a.mul[edges][rows], a.div[edges][rows]
    need = ceil_mul_div(src[rows, cols][:, None], mul, div)[:, 0]
    flat = a.child[edges][rows] * gross.shape[1] + release[parents[rows], cols]
    summed = sparse.csr_matrix((need, (np.zeros_like(flat), flat)), shape=(1, gross.size))
    summed.sum_duplicates()
    gross.reshape(-1)[summed.indices] += summed.data
