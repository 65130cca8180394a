"""``onefactory bench gsm``: safety-stock placement on Willems' (2008) 38 real chains.

None of the 38 chains is a tree (each has at least as many arcs as stages), so every chain
is solved as it is with the exact MIP (cost, proven lower bound and gap per chain). The
comparison with stockpyl's Graves-Willems tree DP runs on a spanning tree of every chain
(each stage keeps its first downstream arc, then arcs in file order join components), with
stage times rounded up to whole periods where the chain has fractional ones (stockpyl's
DP needs whole periods; its failure on the fractional times is recorded). Both solvers
get the same stages, times, holding costs, net demand, safety factors and promised
service times, in the same process; times exclude building either model. stockpyl gets the
chains of up to ``PEER_MAX_STAGES`` stages; the larger ones are solved by the product alone.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from onefactory.bench import BenchOptions
from onefactory.model import InvalidData
from onefactory.plan.safety_stock import Network, place_safety_stock, read_chain, spanning_tree
from onefactory.plan.safety_stock._prepared import is_forest, prepare

QUICK_CHAINS = ("01", "02", "04", "05", "06")
PEER_MAX_STAGES = 160
"""Largest chain handed to stockpyl: its pure-Python tree DP ran for over 20 minutes on
chain 22 (253 stages) here, so larger chains are solved by the product alone."""
DEFAULT_TIME_LIMIT_S = 10.0


def run(data: str | None, options: BenchOptions) -> dict[str, Any]:
    """Solve every chain (or the quick subset) and compare with stockpyl."""
    folder = _chain_folder(data)
    files = sorted(folder.glob("*.csv"))
    if options.quick:
        files = [f for f in files if f.stem in QUICK_CHAINS]
    limit = options.time_limit_s or DEFAULT_TIME_LIMIT_S
    chains = [_chain(f, limit) for f in files]
    return _summary(chains, limit, options.quick)


def _chain_folder(data: str | None) -> Path:
    if data is not None:
        root = Path(data)
    else:
        root = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "willems-2008"
        if not root.exists():
            root = Path.cwd().parent / "shared" / "data" / "willems-2008"
    folder = root / "chains" if (root / "chains").is_dir() else root
    if not folder.is_dir() or not any(folder.glob("*.csv")):
        raise InvalidData(f"no Willems chain files (NN.csv) in {folder}", field="data")
    return folder


def _chain(path: Path, limit: float) -> dict[str, Any]:
    network = read_chain(path.read_text(encoding="utf-8"))
    prep = prepare(network)
    row: dict[str, Any] = {"chain": path.stem, "stages": prep.size, "arcs": len(network.arcs)}
    row["is_tree"] = is_forest(prep)
    started = time.perf_counter()
    plan = place_safety_stock(network, time_limit_s=limit)
    row["network"] = {
        "method": plan.method,
        "cost": plan.cost,
        "lower_bound": plan.lower_bound,
        "proven_gap": plan.proven_gap,
        "time_s": time.perf_counter() - started,
    }
    row["tree"] = compare_on_tree(spanning_tree(network))
    return row


def compare_on_tree(tree: Network) -> dict[str, Any]:
    """Our tree DP and stockpyl's on the same tree (times rounded up if fractional)."""
    fractional = any(s.processing_days != math.floor(s.processing_days) for s in tree.stages)
    out: dict[str, Any] = {"stages": len(tree.stages), "processing_rounded_up": fractional}
    if fractional and len(tree.stages) <= PEER_MAX_STAGES:
        out["stockpyl_on_fractional_times"] = _stockpyl_error(tree)
    if fractional:
        tree = Network(
            tuple(replace(s, processing_days=float(math.ceil(s.processing_days))) for s in tree.stages), tree.arcs
        )
    started = time.perf_counter()
    ours = place_safety_stock(tree, method="tree-dp")
    out["time_s"] = time.perf_counter() - started
    out["cost"] = ours.cost
    if len(tree.stages) > PEER_MAX_STAGES:
        out["stockpyl_skipped"] = f"{len(tree.stages)} stages > {PEER_MAX_STAGES}"
        return out
    try:
        peer, peer_time = _stockpyl(tree)
    except Exception as exc:  # noqa: BLE001 - the peer's failure is a result, recorded as is
        out["stockpyl_error"] = f"{type(exc).__name__}: {exc}"
        return out
    out["stockpyl_cost"], out["stockpyl_time_s"] = peer, peer_time
    out["cost_ratio"] = ours.cost / peer if peer else (1.0 if ours.cost == 0 else math.inf)
    return out


def _stockpyl_network(tree: Network) -> Any:
    from stockpyl.demand_source import DemandSource
    from stockpyl.supply_chain_network import SupplyChainNetwork
    from stockpyl.supply_chain_node import SupplyChainNode

    prep = prepare(tree)
    network = SupplyChainNetwork()
    index = {name: i for i, name in enumerate(prep.names)}
    for k, stage in enumerate(tree.stages):
        node = SupplyChainNode(index=k, name=stage.name)
        node.processing_time = stage.processing_days if stage.processing_days % 1 else int(stage.processing_days)
        node.local_holding_cost = stage.holding_cost
        node.demand_bound_constant = float(prep.z[k])
        node.external_inbound_cst = 0
        if stage.max_service_days is not None:
            node.external_outbound_cst = int(stage.max_service_days)
        if stage.demand_std > 0 or not prep.succs[k]:
            node.demand_source = DemandSource(type="N", mean=stage.demand_mean, standard_deviation=stage.demand_std)
        _append_node(network, node)
    for src, dst in tree.arcs:
        network.nodes[index[src]].add_successor(network.nodes[index[dst]])
        network.nodes[index[dst]].add_predecessor(network.nodes[index[src]])
    network._build_node_attributes()  # once, not after every node and arc as add_node/add_successor do
    network._build_product_attributes()
    return network


def _append_node(network: Any, node: Any) -> None:
    """``SupplyChainNetwork.add_node`` without its rebuild of every attribute (a deep copy of
    the whole network, which makes building a 2,000-stage chain take minutes)."""
    network.nodes.append(node)
    node.network = network
    for product in node.products:
        if not isinstance(product, int):
            product.network = network


def _stockpyl(tree: Network) -> tuple[float, float]:
    from stockpyl.gsm_tree import optimize_committed_service_times

    model = _stockpyl_network(tree)
    started = time.perf_counter()
    _, cost = optimize_committed_service_times(model)
    return float(cost), time.perf_counter() - started


def _stockpyl_error(tree: Network) -> str:
    from stockpyl.gsm_tree import optimize_committed_service_times

    try:
        optimize_committed_service_times(_stockpyl_network(tree))
    except Exception as exc:  # noqa: BLE001 - recorded, not hidden
        return f"{type(exc).__name__}: {exc}"
    return "solved"


def _summary(chains: list[dict[str, Any]], limit: float, quick: bool) -> dict[str, Any]:
    compared = [c["tree"] for c in chains if "cost_ratio" in c["tree"]]
    ratios = [t["cost_ratio"] for t in compared]
    worst = max(ratios, key=lambda r: abs(r - 1.0)) if ratios else None
    ours = math.fsum(t["time_s"] for t in compared)
    peer = math.fsum(t["stockpyl_time_s"] for t in compared)
    gaps = [c["network"]["proven_gap"] for c in chains if not c["is_tree"]]
    return {
        "benchmark": "gsm",
        "dataset": "willems-2008",
        "quick": quick,
        "chains": len(chains),
        "tree_chains": sum(c["is_tree"] for c in chains),
        "non_tree_chains": sum(not c["is_tree"] for c in chains),
        "compared_on_spanning_trees": len(compared),
        "stockpyl_failures": [c["chain"] for c in chains if "stockpyl_error" in c["tree"]],
        "stockpyl_skipped_chains": [c["chain"] for c in chains if "stockpyl_skipped" in c["tree"]],
        "peer_max_stages": PEER_MAX_STAGES,
        "cost_ratio_vs_stockpyl": worst,
        "max_abs_cost_ratio_deviation": None if worst is None else abs(worst - 1.0),
        "time_ratio_vs_stockpyl": ours / peer if peer > 0 else None,
        "time_s_ours": ours,
        "time_s_stockpyl": peer,
        "non_tree_time_limit_s": limit,
        "non_tree_solved_exactly": sum(g <= 1e-6 for g in gaps),
        "non_tree_max_proven_gap": max(gaps, default=0.0),
        "per_chain": chains,
    }
