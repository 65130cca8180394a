"""Pegging trees of customer orders that share one planned order: each tree shows its share
of the components, so the trees add up to the supply (they used to show all of it twice)."""

from __future__ import annotations

from decimal import Decimal as D

from onefactory.model import Allocation, SupplyKind
from onefactory.plan.mrp.trees import pegging_trees

FG = "LEAD/FG-0002/2027-01-15"
MD = "SEOHAN/MD-0001/2027-01-10"
ALLOCATIONS = [
    Allocation("LEAD", "FG-0002", FG, SupplyKind.PLANNED, "CO-1/1", D(120), ("CO-1/1",)),
    Allocation("LEAD", "FG-0002", FG, SupplyKind.PLANNED, "CO-4/1", D(1), ("CO-4/1",)),
    Allocation("SEOHAN", "MD-0001", MD, SupplyKind.PLANNED, FG, D(121), ("CO-1/1", "CO-4/1")),
    Allocation("GAON", "PT-0001", "on-hand", SupplyKind.ON_HAND, MD, D(242), ("CO-1/1", "CO-4/1")),
]


def flat(nodes, depth=0):
    return [x for n in nodes for x in [(depth, n.item, n.qty), *flat(n.children, depth + 1)]]


def test_two_orders_sharing_a_planned_order_each_get_their_share_of_its_components():
    trees = pegging_trees(["CO-1/1", "CO-4/1"], ALLOCATIONS)
    assert flat(trees["CO-1/1"]) == [(0, "FG-0002", D(120)), (1, "MD-0001", D(120)), (2, "PT-0001", D(240))]
    assert flat(trees["CO-4/1"]) == [(0, "FG-0002", D(1)), (1, "MD-0001", D(1)), (2, "PT-0001", D(2))]


def test_an_uneven_share_keeps_six_decimals():
    three = [
        *ALLOCATIONS[:2],
        ALLOCATIONS[2],
        Allocation("GAON", "PT-0001", "on-hand", SupplyKind.ON_HAND, MD, D(100), ()),
    ]
    assert flat(pegging_trees(["CO-4/1"], three)["CO-4/1"])[-1] == (2, "PT-0001", D("0.826446"))
