"""Low-level codes of the product structure, and the cycle that prevents them.

The low-level code of a node is its deepest position in any bill: 0 for end items.
Codes are found level by level with numpy (Kahn's algorithm on whole frontiers), so a
cycle can never loop or recurse; when nodes are left over, one cycle among them is
returned by name.

>>> import numpy as np
>>> low_level_codes(3, np.array([0, 1, 0]), np.array([1, 2, 2])).tolist()
[0, 1, 2]
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from onefactory.model import InvalidData

Ints = NDArray[np.int64]


def low_level_codes(n: int, parents: Ints, children: Ints) -> Ints:
    """Low-level code per node; raises :class:`BomCycle` listing one cycle as node indices."""
    indegree = np.bincount(children, minlength=n).astype(np.int64)
    order = np.argsort(parents, kind="stable")
    starts = np.searchsorted(parents[order], np.arange(n + 1))
    level = np.full(n, -1, dtype=np.int64)
    frontier = np.flatnonzero(indegree == 0)
    depth = 0
    while frontier.size:
        level[frontier] = depth
        out = _outgoing(frontier, starts, order)
        hit = children[out]
        indegree -= np.bincount(hit, minlength=n)
        frontier = np.unique(hit[indegree[hit] == 0])
        depth += 1
    if (level < 0).any():
        raise BomCycle(find_cycle(np.flatnonzero(level < 0), parents, children))
    return level


def _outgoing(nodes: Ints, starts: Ints, order: Ints) -> Ints:
    """Edge positions leaving ``nodes`` (CSR gather without a Python loop)."""
    lo, hi = starts[nodes], starts[nodes + 1]
    counts = hi - lo
    if counts.sum() == 0:
        return np.empty(0, dtype=np.int64)
    offsets = np.repeat(lo - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
    return order[offsets]


def find_cycle(stuck: Ints, parents: Ints, children: Ints) -> list[int]:
    """One cycle among ``stuck`` nodes (each has a stuck parent), as [a, b, ..., a]."""
    inside = set(stuck.tolist())
    pred: dict[int, int] = {}
    for p, c in zip(parents.tolist(), children.tolist(), strict=True):
        if p in inside and c in inside:
            pred.setdefault(c, p)
    node, seen, at = int(stuck[0]), [], {}
    while node not in at:
        at[node] = len(seen)
        seen.append(node)
        node = pred[node]
    cycle = seen[at[node] :][::-1]
    return [*cycle, cycle[0]]


class BomCycle(InvalidData):
    """The bills of materials form a cycle; ``nodes`` lists it (first node repeated at the end)."""

    def __init__(self, nodes: list[int], names: list[str] | None = None) -> None:
        self.nodes = nodes
        path = " -> ".join(names or [str(n) for n in nodes])
        super().__init__(f"BOM cycle refused: {path}", field="bom")
