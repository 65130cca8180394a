"""Multi-tier MRP over the cluster's bills of materials (pure, vectorised with numpy).

``problem`` resolves members' items, BOM lines and supply links into nodes and edges;
``snapshot`` turns stored orders, stock and production orders into demands and
supplies; ``compile`` makes integer arrays (``exact`` scales, ``levels`` low-level
codes, ``calendars`` lead-time offsets); ``engine`` nets, sizes lots and explodes level
by level; ``orders`` dates the planned orders and ``pegging`` allocates supply to
requirements explicitly; ``run`` chains them; ``trees`` reads pegging trees back. ``reference`` is a plain per-item loop
used to check the engine.
"""

from .levels import BomCycle
from .problem import Edge, MrpProblem, Node, build_problem
from .run import run_mrp
from .snapshot import ClusterState, demands_and_supplies, plan_cluster
from .trees import PegNode, customer_orders, pegging_tree, pegging_trees

__all__ = [
    "BomCycle",
    "ClusterState",
    "Edge",
    "MrpProblem",
    "Node",
    "PegNode",
    "build_problem",
    "customer_orders",
    "demands_and_supplies",
    "pegging_tree",
    "pegging_trees",
    "plan_cluster",
    "run_mrp",
]
