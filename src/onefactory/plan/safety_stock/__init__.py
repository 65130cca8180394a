"""Safety-stock placement in multi-echelon networks with the guaranteed-service model.

``network`` holds the stages, arcs and the plan types; ``placement`` picks the solver:
an exact dynamic program for trees (``_tree``) or an exact HiGHS model for general
acyclic networks (``_mip``), warm-started from a spanning tree (``_spanning``);
``willems`` reads Willems' (2008) chain files."""

from ._spanning import spanning_arcs
from .network import Network, SafetyStockPlan, Stage, StagePlacement
from .placement import evaluate, place_safety_stock
from .willems import read_chain


def spanning_tree(network: Network) -> Network:
    """The network restricted to a spanning tree of its arcs (see ``_spanning``)."""
    index = {name: i for i, name in enumerate(network.names)}
    preds: list[list[int]] = [[] for _ in network.stages]
    succs: list[list[int]] = [[] for _ in network.stages]
    for src, dst in network.arcs:
        preds[index[dst]].append(index[src])
        succs[index[src]].append(index[dst])
    kept = spanning_arcs(tuple(map(tuple, preds)), tuple(map(tuple, succs)))
    return Network(network.stages, tuple((network.names[i], network.names[j]) for i, j in kept))


__all__ = [
    "Network",
    "SafetyStockPlan",
    "Stage",
    "StagePlacement",
    "evaluate",
    "place_safety_stock",
    "read_chain",
    "spanning_tree",
]
