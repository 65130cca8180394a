"""A network turned into index arrays for the solvers: topological order, net demand
deviation, safety factor, cost coefficient and service-time bounds of every stage."""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from onefactory.model import InvalidData

from .network import Network

EPS = 1e-9
Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Prepared:
    """Everything a solver needs, by stage index (the network's stage order)."""

    names: tuple[str, ...]
    preds: tuple[tuple[int, ...], ...]
    succs: tuple[tuple[int, ...], ...]
    order: tuple[int, ...]
    processing: Floats
    sigma: Floats
    z: Floats
    coef: Floats
    max_inbound: Ints
    max_service: Ints

    @property
    def size(self) -> int:
        """Number of stages."""
        return len(self.names)

    def nrt_cost(self, k: int, nrt: Floats) -> Floats:
        """Holding cost of stage ``k``'s safety stock at net replenishment times ``nrt``."""
        return np.asarray(self.coef[k] * np.sqrt(np.maximum(nrt, 0.0)), dtype=np.float64)


def prepare(network: Network) -> Prepared:
    """Index the network; InvalidData names a cycle or a demand stage without a service level."""
    index = {name: i for i, name in enumerate(network.names)}
    preds: list[list[int]] = [[] for _ in network.stages]
    succs: list[list[int]] = [[] for _ in network.stages]
    for src, dst in network.arcs:
        preds[index[dst]].append(index[src])
        succs[index[src]].append(index[dst])
    order = _topological(network.names, preds, succs)
    processing = np.array([s.processing_days for s in network.stages], dtype=np.float64)
    sigma = _net_sigma(network, succs, order)
    z = _safety_factors(network, succs, order, sigma)
    holding = np.array([s.holding_cost for s in network.stages], dtype=np.float64)
    max_inbound, max_service = _bounds(network, preds, order, processing)
    return Prepared(
        names=network.names,
        preds=tuple(tuple(p) for p in preds),
        succs=tuple(tuple(s) for s in succs),
        order=tuple(order),
        processing=processing,
        sigma=sigma,
        z=z,
        coef=holding * z * sigma,
        max_inbound=max_inbound,
        max_service=max_service,
    )


def _topological(names: tuple[str, ...], preds: list[list[int]], succs: list[list[int]]) -> list[int]:
    indegree = [len(p) for p in preds]
    ready = deque(i for i, d in enumerate(indegree) if d == 0)
    order: list[int] = []
    while ready:
        k = ready.popleft()
        order.append(k)
        for j in succs[k]:
            indegree[j] -= 1
            if indegree[j] == 0:
                ready.append(j)
    if len(order) < len(names):
        stuck = sorted(names[i] for i, d in enumerate(indegree) if d > 0)
        raise InvalidData(f"the network has a cycle through {', '.join(stuck[:5])}", field="arcs")
    return order


def _net_sigma(network: Network, succs: list[list[int]], order: list[int]) -> Floats:
    """Own demand variance plus the variances passed up by every stage fed (one unit per arc)."""
    variance = np.array([s.demand_std**2 for s in network.stages], dtype=np.float64)
    for k in reversed(order):
        variance[k] += sum(variance[j] for j in succs[k])
    return np.asarray(np.sqrt(variance), dtype=np.float64)


def _safety_factors(network: Network, succs: list[list[int]], order: list[int], sigma: Floats) -> Floats:
    z = np.zeros(len(network.stages), dtype=np.float64)
    for k in reversed(order):
        stage = network.stages[k]
        own = stage.safety_factor
        if own is not None:
            z[k] = own
        elif succs[k]:
            z[k] = max(z[j] for j in succs[k])
        elif sigma[k] > 0:
            raise InvalidData(f"demand stage {stage.name} needs a service_level or z", field="service_level")
    return z


def _bounds(network: Network, preds: list[list[int]], order: list[int], processing: Floats) -> tuple[Ints, Ints]:
    """Largest useful inbound and outbound service time of each stage (whole periods)."""
    max_inbound = np.zeros(len(network.stages), dtype=np.int64)
    max_service = np.zeros(len(network.stages), dtype=np.int64)
    for k in order:
        max_inbound[k] = max((max_service[i] for i in preds[k]), default=0)
        limit = math.floor(max_inbound[k] + processing[k] + EPS)
        promised = network.stages[k].max_service_days
        max_service[k] = limit if promised is None else min(limit, promised)
    return max_inbound, max_service


def is_forest(prep: Prepared) -> bool:
    """True when the undirected network has no cycle (each component is a tree)."""
    arcs = sum(len(p) for p in prep.preds)
    return arcs == prep.size - len(components(prep))


def components(prep: Prepared) -> list[list[int]]:
    """Connected components of the undirected network, each in breadth-first order."""
    seen = [False] * prep.size
    out: list[list[int]] = []
    for root in range(prep.size):
        if not seen[root]:
            seen[root] = True
            comp, queue = [root], deque([root])
            while queue:
                k = queue.popleft()
                for j in (*prep.preds[k], *prep.succs[k]):
                    if not seen[j]:
                        seen[j] = True
                        comp.append(j)
                        queue.append(j)
            out.append(comp)
    return out
