"""A spanning tree of a network: every stage keeps its first downstream arc, then the
remaining arcs join components in their given order (Kruskal). Sinks stay sinks, so the
demand stages of the tree are those of the network."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ._prepared import EPS, Prepared


def spanning_arcs(preds: tuple[tuple[int, ...], ...], succs: tuple[tuple[int, ...], ...]) -> list[tuple[int, int]]:
    """Arcs ``(upstream, downstream)`` of a spanning forest, by stage index."""
    root = list(range(len(preds)))

    def find(x: int) -> int:
        while root[x] != x:
            root[x] = root[root[x]]
            x = root[x]
        return x

    first = [(k, s[0]) for k, s in enumerate(succs) if s]
    rest = [(i, k) for k, p in enumerate(preds) for i in p]
    kept: list[tuple[int, int]] = []
    for i, j in (*first, *rest):
        a, b = find(i), find(j)
        if a != b:
            root[a] = b
            kept.append((i, j))
    return kept


def on_spanning_tree(prep: Prepared) -> Prepared:
    """The same stages and cost coefficients restricted to a spanning forest's arcs,
    with service-time bounds recomputed (a tree solution is then feasible on the network
    once every inbound time is raised to the latest upstream quote)."""
    preds: list[list[int]] = [[] for _ in range(prep.size)]
    succs: list[list[int]] = [[] for _ in range(prep.size)]
    for i, j in spanning_arcs(prep.preds, prep.succs):
        preds[j].append(i)
        succs[i].append(j)
    max_inbound = np.zeros(prep.size, dtype=np.int64)
    max_service = np.zeros(prep.size, dtype=np.int64)
    for k in prep.order:
        max_inbound[k] = max((max_service[i] for i in preds[k]), default=0)
        limit = int(np.floor(max_inbound[k] + prep.processing[k] + EPS))
        max_service[k] = min(limit, int(prep.max_service[k]))
    return replace(
        prep,
        preds=tuple(tuple(p) for p in preds),
        succs=tuple(tuple(s) for s in succs),
        max_inbound=max_inbound,
        max_service=max_service,
    )
