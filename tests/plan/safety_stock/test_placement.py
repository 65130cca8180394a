"""Safety-stock placement: hand-derived optima, brute force on a small DAG, bad input."""

from __future__ import annotations

import itertools
import math

import pytest

from onefactory.model import InvalidData
from onefactory.plan.safety_stock import Network, Stage, evaluate, place_safety_stock


def serial_two() -> Network:
    return Network(
        (Stage("P", 3, 1.0), Stage("R", 1, 2.0, demand_std=10, z=2.0, max_service_days=0)),
        (("P", "R"),),
    )


def serial_three() -> Network:
    return Network(
        (
            Stage("A", 2, 1.0),
            Stage("B", 3, 2.0),
            Stage("C", 1, 4.0, demand_std=1, z=1.0, max_service_days=0),
        ),
        (("A", "B"), ("B", "C")),
    )


def test_two_stage_serial_hand_optimum() -> None:
    """Cost = 20*sqrt(3 - x) + 40*sqrt(x + 1) for the part's quote x in 0..3; x = 0 wins."""
    plan = place_safety_stock(serial_two())
    assert plan.method == "tree-dp"
    assert plan.service_days() == {"P": 0, "R": 0}
    assert plan.cost == pytest.approx(20 * math.sqrt(3) + 40, rel=1e-12)
    assert plan.proven_gap == 0.0
    retail = plan.placements[1]
    assert (retail.inbound_days, retail.net_replenishment_days) == (0, 1.0)
    assert retail.safety_stock_units == pytest.approx(20.0)


def test_three_stage_serial_hand_optimum() -> None:
    """A quotes 2 (no stock at A), B quotes 0: cost 2*sqrt(5) + 4 beats the other corners
    (sqrt2 + 2*sqrt3 + 4, sqrt2 + 8, 4*sqrt6)."""
    plan = place_safety_stock(serial_three())
    assert plan.service_days() == {"A": 2, "B": 0, "C": 0}
    assert plan.cost == pytest.approx(2 * math.sqrt(5) + 4, rel=1e-12)
    assert evaluate(serial_three(), plan.service_days()) == pytest.approx(plan.cost, rel=1e-12)


def test_mip_matches_tree_dp_on_a_tree() -> None:
    for net in (serial_two(), serial_three()):
        dp, mip = place_safety_stock(net), place_safety_stock(net, method="mip")
        assert mip.method == "mip"
        assert mip.cost == pytest.approx(dp.cost, rel=1e-9)


def small_dag() -> Network:
    """Two parts feed two plants, each plant feeds its market and one shared market:
    undirected cycles, fractional processing times, different promises."""
    stages = (
        Stage("P1", 2.5, 1.0),
        Stage("P2", 1, 2.0),
        Stage("M1", 2, 4.0),
        Stage("M2", 1.5, 3.5),
        Stage("R1", 1, 6.0, demand_std=5, service_level=0.95, max_service_days=1),
        Stage("R2", 0, 6.0, demand_std=3, service_level=0.98, max_service_days=0),
        Stage("R3", 1, 9.0, demand_std=2, service_level=0.9, max_service_days=2),
    )
    arcs = (
        ("P1", "M1"),
        ("P1", "M2"),
        ("P2", "M1"),
        ("P2", "M2"),
        ("M1", "R1"),
        ("M1", "R3"),
        ("M2", "R2"),
        ("M2", "R3"),
    )
    return Network(stages, arcs)


def brute_force(net: Network) -> float:
    """Try every whole-period quote of every stage; inbound = latest upstream quote."""
    preds = {s.name: [a for a, b in net.arcs if b == s.name] for s in net.stages}
    ranges = [range(0, 8) if s.max_service_days is None else range(s.max_service_days + 1) for s in net.stages]
    best = math.inf
    for quotes in itertools.product(*ranges):
        service = dict(zip(net.names, quotes, strict=True))
        if all(
            service[s.name] <= max([0, *(service[p] for p in preds[s.name])]) + s.processing_days for s in net.stages
        ):
            best = min(best, evaluate(net, service))
    return best


def test_non_tree_mip_equals_brute_force() -> None:
    net = small_dag()
    plan = place_safety_stock(net)
    assert plan.method == "mip"
    assert plan.proven_gap <= 1e-9
    assert plan.cost == pytest.approx(brute_force(net), rel=1e-9)
    assert evaluate(net, plan.service_days()) <= plan.cost + 1e-9


def test_tree_dp_refuses_a_network_with_cycles() -> None:
    with pytest.raises(InvalidData, match="tree-dp"):
        place_safety_stock(small_dag(), method="tree-dp")


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Stage("X", -1, 1.0), "stage X: processing_days must be a finite number >= 0, got -1"),
        (lambda: Stage("X", 1, float("nan")), "stage X: holding_cost"),
        (lambda: Stage("R", 1, 1.0, service_level=1.2), "stage R: service_level must be in"),
        (lambda: Network((Stage("A", 1, 1.0),), (("A", "B"),)), "unknown stage 'B'"),
        (lambda: Network((Stage("A", 1, 1.0), Stage("A", 2, 1.0)), ()), "stage A appears twice"),
    ],
)
def test_bad_network_is_named(build, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidData, match=message.replace("(", r"\(")):
        build()


def test_cycle_and_missing_service_level_are_named() -> None:
    cyclic = Network((Stage("A", 1, 1.0), Stage("B", 1, 1.0)), (("A", "B"), ("B", "A")))
    with pytest.raises(InvalidData, match="cycle through A, B"):
        place_safety_stock(cyclic)
    no_level = Network((Stage("A", 1, 1.0), Stage("R", 1, 1.0, demand_std=2)), (("A", "R"),))
    with pytest.raises(InvalidData, match="demand stage R needs a service_level"):
        place_safety_stock(no_level)


def test_quote_beyond_promise_is_refused() -> None:
    with pytest.raises(InvalidData, match="stage R: service time 3 is not feasible"):
        evaluate(serial_two(), {"P": 0, "R": 3})
