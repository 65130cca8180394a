"""The LP/MIP of a planning problem as sparse arrays (built with numpy, no per-cell calls).

Columns, each a block over buckets ``k``: ``order[s,k]`` (quantity of SKU ``s``
whose order starts in ``k``: made, bought or moved), ``stock[s,k]`` (on hand at
the end of ``k``), ``deliver[d,k]``, ``backlog[d,k]`` (still owed on demand ``d``),
``alternate[j,k]`` (quantity of step ``j`` run on its alternate resource),
``setup[q,k]`` (binary: an order with a setup time starts) and ``work[w,k]``
(minutes of a released work step).

Rows: material balance per SKU and bucket (receipts after the lead-time offset,
components consumed when an order starts, transfers shipped from the supplier's
SKU, deliveries), backlog per demand, capacity per resource row and bucket,
alternate <= order, order <= bound * setup, and each work step's minutes.

Objective: lateness cost per unit and bucket of backlog, a unit cost per order
(make or buy 1, transfer 0.1), a tie-breaking preference for earlier buckets
(orders start as soon as they can; among equal SKUs the earlier demand first) and
small costs of alternates and setups.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from .problem import PlanProblem

UNIT_COST = {"make": 1.0, "buy": 1.0, "transfer": 0.1}
EARLY = 1e-4


@dataclass
class Model:
    """The matrix form ``row_lower <= A x <= row_upper``, ``lower <= x <= upper``, minimise ``cost @ x``."""

    cost: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    integer: np.ndarray
    matrix: sparse.csc_matrix
    row_lower: np.ndarray
    row_upper: np.ndarray
    blocks: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (offset, rows of the block)
    row_blocks: dict[str, tuple[int, int]] = field(default_factory=dict)
    alternates: list[int] = field(default_factory=list)  # step indices with an alternate
    setups: list[int] = field(default_factory=list)  # SKUs with a setup time

    def column(self, name: str, index: int, bucket: int, buckets: int) -> int:
        """Position of one column."""
        return self.blocks[name][0] + index * buckets + bucket


class _Triplets:
    """COO entries collected block by block."""

    def __init__(self) -> None:
        self.rows: list[np.ndarray] = []
        self.cols: list[np.ndarray] = []
        self.vals: list[np.ndarray] = []

    def add(self, rows: np.ndarray, cols: np.ndarray, vals: float | np.ndarray) -> None:
        self.rows.append(np.asarray(rows, dtype=np.int64))
        self.cols.append(np.asarray(cols, dtype=np.int64))
        self.vals.append(np.broadcast_to(np.asarray(vals, dtype=float), np.shape(rows)).copy())

    def matrix(self, shape: tuple[int, int]) -> sparse.csc_matrix:
        cat = np.concatenate
        return sparse.coo_matrix((cat(self.vals), (cat(self.rows), cat(self.cols))), shape=shape).tocsc()


def requirement_bounds(problem: PlanProblem) -> np.ndarray:
    """An upper bound on what each SKU can ever need (demands rolled down the network)."""
    net, bound = problem.network, np.zeros(len(problem.network.skus))
    for row in problem.demands:
        bound[row.sku] += float(row.demand.qty)
    children: dict[int, list[tuple[int, float]]] = {}
    for parent, child, per in net.components:
        children.setdefault(parent, []).append((child, per))
    for s, sku in enumerate(net.skus):
        for child, per in children.get(s, []):
            bound[child] += bound[s] * per
        if sku.source == "transfer":
            bound[net.index[(sku.supplier or "", sku.item)]] += bound[s]
    return np.ceil(bound + 1e-9)


def formulate(problem: PlanProblem, integer: bool = True, finite: bool = True) -> Model:
    """The model of ``problem``; whole-unit SKUs get integer orders when ``integer``.

    ``finite=False`` lifts every capacity limit (the infinite-capacity load view).
    """
    T, net, res = problem.buckets, problem.network, problem.resources
    S, D, R, W = len(net.skus), len(problem.demands), len(res.rows), len(problem.work)
    alternates = [j for j, step in enumerate(res.steps) if step.alternate >= 0]
    setups = sorted({step.sku for step in res.steps if step.setup_min > 0})
    sizes = {"order": S, "stock": S, "deliver": D, "backlog": D, "alternate": len(alternates), "setup": len(setups)}
    blocks, offset = {}, 0
    for name, count in [*sizes.items(), ("work", W)]:
        blocks[name], offset = (offset, count), offset + count * T
    row_sizes = [("balance", S), ("backlog", D), ("capacity", R), ("alternate", len(alternates))]
    row_sizes += [("setup", len(setups))]
    row_blocks, rows = {}, 0
    for name, count in row_sizes:
        row_blocks[name], rows = (rows, count), rows + count * T
    row_blocks["work"], rows = (rows, W), rows + W
    model = Model(
        np.zeros(offset), np.zeros(offset), np.full(offset, np.inf), np.zeros(offset, dtype=bool),
        sparse.csc_matrix((0, 0)), np.zeros(rows), np.zeros(rows), blocks, row_blocks, alternates, setups,
    )  # fmt: skip
    triplets = _Triplets()
    bounds = requirement_bounds(problem)
    _orders(problem, model, triplets, bounds, integer)
    _balance(problem, model, triplets)
    _backlog(problem, model, triplets)
    _capacity(problem, model, triplets, bounds)
    if not finite:
        base, count = model.row_blocks["capacity"]
        model.row_upper[base : base + count * T] = np.inf
    _work(problem, model, triplets)
    model.matrix = triplets.matrix((rows, offset))
    return model


def _grid(count: int, T: int) -> tuple[np.ndarray, np.ndarray]:
    """Index and bucket of every cell of a block, flattened."""
    return np.repeat(np.arange(count), T), np.tile(np.arange(T), count)


def _orders(problem: PlanProblem, model: Model, _: _Triplets, bounds: np.ndarray, integer: bool) -> None:
    T, net = problem.buckets, problem.network
    start = model.blocks["order"][0]
    ks = np.arange(T)
    for s, sku in enumerate(net.skus):
        cols = slice(start + s * T, start + (s + 1) * T)
        lag = problem.offset(float(sku.lead_days))
        allowed = (ks >= problem.earliest[s]) & (ks < problem.latest[s]) & (ks + lag < T)
        model.upper[cols] = np.where(allowed, bounds[s], 0.0)
        model.cost[cols] = UNIT_COST[sku.source] + EARLY * ks * (1 + 1e-3 * (len(net.skus) - sku.rank))
        model.integer[cols] = integer and sku.whole_units
    off, count = model.blocks["stock"]
    model.upper[off : off + count * T] = np.inf
    for d, row in enumerate(problem.demands):
        cols = slice(model.blocks["backlog"][0] + d * T, model.blocks["backlog"][0] + (d + 1) * T)
        model.cost[cols] = row.late_cost
    off, count = model.blocks["alternate"]
    model.cost[off : off + count * T] = 1e-3
    off, count = model.blocks["setup"]
    model.upper[off : off + count * T] = 1.0
    model.integer[off : off + count * T] = True
    model.cost[off : off + count * T] = 1e-2
    off, count = model.blocks["work"]
    model.cost[off : off + count * T] = np.tile(EARLY * ks, count)


def _balance(problem: PlanProblem, model: Model, trip: _Triplets) -> None:
    T, net = problem.buckets, problem.network
    S = len(net.skus)
    base, order, stock = model.row_blocks["balance"][0], model.blocks["order"][0], model.blocks["stock"][0]
    idx, ks = _grid(S, T)
    trip.add(base + idx * T + ks, stock + idx * T + ks, 1.0)
    later = ks > 0
    trip.add(base + (idx * T + ks)[later], stock + (idx * T + ks - 1)[later], -1.0)
    for s, sku in enumerate(net.skus):
        lag = problem.offset(float(sku.lead_days))
        k = np.arange(T - lag)
        trip.add(base + s * T + k + lag, order + s * T + k, -1.0)
        if sku.source == "transfer":
            source = net.index[(sku.supplier or "", sku.item)]
            trip.add(base + source * T + np.arange(T), order + s * T + np.arange(T), 1.0)
    for parent, child, per in net.components:
        trip.add(base + child * T + np.arange(T), order + parent * T + np.arange(T), per)
    deliver = model.blocks["deliver"][0]
    for d, row in enumerate(problem.demands):
        trip.add(base + row.sku * T + np.arange(T), deliver + d * T + np.arange(T), 1.0)
    rhs = np.zeros(S * T)
    for supply in problem.supplies:
        rhs[supply.sku * T + max(supply.bucket, 0)] += supply.qty
    model.row_lower[base : base + S * T] = rhs
    model.row_upper[base : base + S * T] = rhs


def _backlog(problem: PlanProblem, model: Model, trip: _Triplets) -> None:
    T, D = problem.buckets, len(problem.demands)
    if D == 0:
        return
    base, back, deliver = model.row_blocks["backlog"][0], model.blocks["backlog"][0], model.blocks["deliver"][0]
    idx, ks = _grid(D, T)
    trip.add(base + idx * T + ks, back + idx * T + ks, 1.0)
    later = ks > 0
    trip.add(base + (idx * T + ks)[later], back + (idx * T + ks - 1)[later], -1.0)
    trip.add(base + idx * T + ks, deliver + idx * T + ks, 1.0)
    rhs = np.zeros(D * T)
    for d, row in enumerate(problem.demands):
        rhs[d * T + row.due_bucket] = float(row.demand.qty)
    model.row_lower[base : base + D * T] = rhs
    model.row_upper[base : base + D * T] = rhs


def _capacity(problem: PlanProblem, model: Model, trip: _Triplets, bounds: np.ndarray) -> None:
    T, res = problem.buckets, problem.resources
    base, order = model.row_blocks["capacity"][0], model.blocks["order"][0]
    ks = np.arange(T)
    for r, row in enumerate(res.rows):
        model.row_lower[base + r * T : base + (r + 1) * T] = -np.inf
        model.row_upper[base + r * T : base + (r + 1) * T] = row.available
    for step in res.steps:
        trip.add(base + step.row * T + ks, order + step.sku * T + ks, step.run_min)
    for sku, pool in res.pools.items():
        trip.add(base + pool * T + ks, order + sku * T + ks, 1.0)
    alt_rows, alt_cols = model.row_blocks["alternate"][0], model.blocks["alternate"][0]
    for n, j in enumerate(model.alternates):
        step = res.steps[j]
        trip.add(base + step.row * T + ks, alt_cols + n * T + ks, -step.run_min)
        trip.add(base + step.alternate * T + ks, alt_cols + n * T + ks, step.run_min)
        trip.add(alt_rows + n * T + ks, alt_cols + n * T + ks, 1.0)
        trip.add(alt_rows + n * T + ks, order + step.sku * T + ks, -1.0)
        model.row_lower[alt_rows + n * T : alt_rows + (n + 1) * T] = -np.inf
    set_rows, set_cols = model.row_blocks["setup"][0], model.blocks["setup"][0]
    for n, sku in enumerate(model.setups):
        for step in (s for s in res.steps if s.sku == sku and s.setup_min > 0):
            trip.add(base + step.row * T + ks, set_cols + n * T + ks, step.setup_min)
        trip.add(set_rows + n * T + ks, order + sku * T + ks, 1.0)
        trip.add(set_rows + n * T + ks, set_cols + n * T + ks, -max(bounds[sku], 1.0))
        model.row_lower[set_rows + n * T : set_rows + (n + 1) * T] = -np.inf


def _work(problem: PlanProblem, model: Model, trip: _Triplets) -> None:
    T = problem.buckets
    base, cols, rows = model.row_blocks["capacity"][0], model.blocks["work"][0], model.row_blocks["work"][0]
    ks = np.arange(T)
    for w, (step, row, earliest) in enumerate(problem.work):
        trip.add(base + row * T + ks, cols + w * T + ks, 1.0)
        trip.add(np.full(T, rows + w), cols + w * T + ks, 1.0)
        model.upper[cols + w * T : cols + w * T + earliest] = 0.0
        model.row_lower[rows + w] = model.row_upper[rows + w] = float(step.minutes)
