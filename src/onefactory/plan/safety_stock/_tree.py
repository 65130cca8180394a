"""Exact dynamic program for networks whose undirected shape is a tree (Graves & Willems 2000).

Each tree is rooted at its first stage and solved leaves-first. For a stage ``k`` the
matrix ``C[SI, S]`` holds its own safety-stock cost plus the best cost of every child
subtree: an upstream child ``c`` must quote ``S_c <= SI`` (a prefix minimum of its
``g_c(S)``), a downstream child must be served at ``SI_c >= S`` (a suffix minimum of its
``f_c(SI)``). The stage hands its parent ``g_k(S) = min_SI C`` or ``f_k(SI) = min_S C``.
All service times are whole periods, so every step is a numpy operation on a grid.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ._prepared import EPS, Floats, Ints, Prepared


@dataclass(slots=True)
class _Node:
    """What a solved subtree hands its parent, and what backtracking needs."""

    value: Floats = field(default_factory=lambda: np.zeros(0))
    choice: Ints = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    matrix_argmin: tuple[int, int] = (0, 0)


def solve_tree(prep: Prepared, component: list[int]) -> tuple[float, dict[int, tuple[int, int]]]:
    """Optimal cost of one tree component and ``{stage: (SI, S)}``."""
    parent, children = _rooted(prep, component)
    nodes: dict[int, _Node] = {}
    best = 0.0
    for k in reversed(component):
        matrix = _stage_matrix(prep, k, children[k], nodes)
        nodes[k], best = _reduce(matrix, k, parent[k], prep)
    return best, _backtrack(prep, component, children, nodes)


def _rooted(prep: Prepared, component: list[int]) -> tuple[dict[int, int | None], dict[int, list[int]]]:
    """Parent and children of each stage when the tree hangs from ``component[0]``
    (the component is in breadth-first order, so parents come before children)."""
    parent: dict[int, int | None] = {component[0]: None}
    children: dict[int, list[int]] = {k: [] for k in component}
    for k in component:
        for j in (*prep.preds[k], *prep.succs[k]):
            if j not in parent:
                parent[j] = k
                children[k].append(j)
    return parent, children


def _stage_matrix(prep: Prepared, k: int, kids: list[int], nodes: dict[int, _Node]) -> Floats:
    inbound = np.arange(prep.max_inbound[k] + 1, dtype=np.float64)
    service = np.arange(prep.max_service[k] + 1, dtype=np.float64)
    nrt = inbound[:, None] + prep.processing[k] - service[None, :]
    matrix = np.where(nrt >= -EPS, prep.nrt_cost(k, nrt), np.inf)
    upstream = set(prep.preds[k])
    for c in kids:
        if c in upstream:
            prefix = np.minimum.accumulate(nodes[c].value)
            matrix += prefix[np.minimum(np.arange(inbound.size), prefix.size - 1)][:, None]
        else:
            suffix = np.minimum.accumulate(nodes[c].value[::-1])[::-1]
            matrix += suffix[: service.size][None, :]
    return np.asarray(matrix, dtype=np.float64)


def _reduce(matrix: Floats, k: int, parent: int | None, prep: Prepared) -> tuple[_Node, float]:
    if parent is None:
        si, s = np.unravel_index(int(np.argmin(matrix)), matrix.shape)
        return _Node(matrix_argmin=(int(si), int(s))), float(matrix[si, s])
    if parent in prep.succs[k]:  # the parent is downstream: it needs g_k(S)
        choice = np.argmin(matrix, axis=0)
        return _Node(matrix.min(axis=0), choice.astype(np.int64)), 0.0
    choice = np.argmin(matrix, axis=1)  # the parent is upstream: it needs f_k(SI)
    return _Node(matrix.min(axis=1), choice.astype(np.int64)), 0.0


def _backtrack(
    prep: Prepared, component: list[int], children: dict[int, list[int]], nodes: dict[int, _Node]
) -> dict[int, tuple[int, int]]:
    root = component[0]
    chosen = {root: nodes[root].matrix_argmin}
    for k in component:
        inbound, service = chosen[k]
        upstream = set(prep.preds[k])
        for c in children[k]:
            node = nodes[c]
            if c in upstream:
                s_c = int(np.argmin(node.value[: min(inbound, node.value.size - 1) + 1]))
                chosen[c] = (int(node.choice[s_c]), s_c)
            else:
                si_c = service + int(np.argmin(node.value[service:]))
                chosen[c] = (si_c, int(node.choice[si_c]))
    return chosen
