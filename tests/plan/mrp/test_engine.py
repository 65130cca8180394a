"""The vectorised engine: netting, lot sizing, safety stock, yield, phantoms, and equality
with the plain per-item reference on generated clusters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

import numpy as np
import pytest

from onefactory.bench.mrp import planned_cells
from onefactory.bench.mrp_cluster import generate
from onefactory.model import (
    BomLine,
    InvalidData,
    Item,
    ItemKind,
    ItemPlanning,
    LotSizePolicy,
    Member,
    MemberRole,
    MrpDemand,
    MrpSettings,
    MrpSupply,
    SupplyKind,
)
from onefactory.plan.mrp import build_problem, run_mrp
from onefactory.plan.mrp.compile import compile_problem
from onefactory.plan.mrp.engine import run_arrays
from onefactory.plan.mrp.reference import plan_reference

START = datetime(2026, 6, 1, tzinfo=UTC)
M = [Member("A", "A", MemberRole.LEAD, "UTC")]


def demand(week: int, qty: int, item: str = "P", ref: str | None = None) -> MrpDemand:
    return MrpDemand(ref or f"SO-{week}", "A", item, D(qty), START + timedelta(days=7 * week))


def plan(nodes, lines=(), demands=(), supplies=(), planning=()):
    s = MrpSettings(START, buckets=6, timezone="UTC", items=tuple(planning))
    return run_mrp(build_problem(s, M, list(nodes), list(lines), {}, list(demands), list(supplies)))


def by_week(result, item="P"):
    return {(o.need - START).days // 7: o.qty for o in result.orders if o.item == item}


P = Item("A", "P", kind=ItemKind.BUY)


@pytest.mark.parametrize(
    ("lot", "expected"),
    [
        (LotSizePolicy(), {0: 7, 2: 12}),
        (LotSizePolicy(fixed_qty=D(10)), {0: 10, 2: 10}),
        (LotSizePolicy(min_qty=D(15)), {0: 15, 2: 15}),
        (LotSizePolicy(multiple=D(5)), {0: 10, 2: 10}),
        (LotSizePolicy(min_qty=D(8), multiple=D(6)), {0: 12, 2: 12}),
    ],
)
def test_lot_size_policies_cover_each_shortfall(lot, expected):
    result = plan([P], demands=[demand(0, 7), demand(2, 12)], planning=[ItemPlanning("A", "P", lot)])
    assert by_week(result) == expected


def test_safety_stock_is_kept_and_stock_and_receipts_net_first():
    supplies = [
        MrpSupply("on-hand", "A", "P", D(5), SupplyKind.ON_HAND),
        MrpSupply("PO-1/1", "A", "P", D(10), SupplyKind.PURCHASE, due=START + timedelta(days=8)),
    ]
    result = plan(
        [P], demands=[demand(0, 4), demand(1, 10), demand(3, 6)], supplies=supplies,
        planning=[ItemPlanning("A", "P", safety_stock=D(3))],
    )  # fmt: skip
    assert by_week(result) == {0: 2, 3: 6}
    assert result.projected[("A", "P")][:4] == (3, 3, 3, 3)


def test_yield_raises_the_components_of_a_made_item_rounded_up():
    items = [Item("A", "P", kind=ItemKind.MAKE), Item("A", "C", kind=ItemKind.BUY)]
    lines = [BomLine("A", "P", "C", D(2))]
    result = plan(items, lines, [demand(1, 97)], planning=[ItemPlanning("A", "P", yield_pct=D(97))])
    assert by_week(result) == {1: 97}
    assert by_week(result, "C") == {1: 200}


def test_scrap_on_a_bom_line_adds_to_the_component_need():
    items = [Item("A", "P", kind=ItemKind.MAKE), Item("A", "C", "c", "kg", whole_units=False)]
    lines = [BomLine("A", "P", "C", D("0.3"), "kg", scrap_pct=D(10))]
    result = plan(items, lines, [demand(1, 10)])
    assert by_week(result, "C") == {1: D("3.3")}


def test_fractional_per_unit_times_order_is_exact_not_float():
    items = [Item("A", "P", kind=ItemKind.MAKE), Item("A", "C")]
    result = plan(items, [BomLine("A", "P", "C", D("0.07"))], [demand(1, 300)])
    assert by_week(result, "C") == {1: 21}
    assert 0.07 * 300 != 21


def test_an_unknown_unit_on_a_bom_line_names_the_line():
    items = [Item("A", "P", kind=ItemKind.MAKE), Item("A", "C", uom="kg", whole_units=False)]
    with pytest.raises(InvalidData, match=r"A BOM P -> C: no conversion from 'lb' to 'kg'"):
        plan(items, [BomLine("A", "P", "C", D(1), "lb")], [demand(1, 1)])


def test_demand_beyond_the_horizon_is_not_planned_and_past_due_lands_now():
    result = plan([P], demands=[demand(-2, 4, ref="OLD"), demand(9, 5, ref="LATER")])
    assert by_week(result) == {0: 4}
    assert result.orders[0].pegged_to == ("OLD",)


def test_zero_demand_items_get_no_orders_and_empty_clusters_plan_nothing():
    assert plan([P]).orders == ()
    assert plan([]).orders == ()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_engine_equals_the_per_item_reference_on_generated_clusters(seed):
    arrays = compile_problem(generate(400, 12, seed, n_members=6))
    engine = run_arrays(arrays)
    assert planned_cells(arrays, engine) == plan_reference(arrays)
    assert np.count_nonzero(engine.planned) > 100
    assert (engine.projected[~arrays.phantom] >= arrays.safety[~arrays.phantom, None]).all()


def test_pegging_allocates_every_requirement_exactly_once():
    """Explicit allocation covers each node's whole gross requirement, never more."""
    from dataclasses import replace

    from onefactory.plan.mrp.exact import unscaled

    problem = generate(300, 10, 5, n_members=5)
    problem.settings = replace(problem.settings, peg=True)
    result = run_mrp(problem)
    arrays = compile_problem(problem)
    engine = run_arrays(arrays)
    allocated: dict[tuple[str, str], D] = {}
    for a in result.allocations:
        allocated[(a.member, a.item)] = allocated.get((a.member, a.item), D(0)) + a.qty
    for i, key in enumerate(arrays.keys):
        if not arrays.phantom[i]:
            need = unscaled(int(engine.gross[i].sum()), int(arrays.scale[i]))
            assert allocated.get(key, D(0)) == need, key
    assert len(result.allocations) > 500


def test_an_earmarked_production_order_serves_its_order_first_and_its_rest_is_free():
    made = Item("A", "P", kind=ItemKind.MAKE)
    mo = MrpSupply("MO-1", "A", "P", D(8), SupplyKind.PRODUCTION, START + timedelta(days=1), serves="SO-LATE")
    demands = [demand(0, 5, ref="SO-EARLY"), demand(2, 5, ref="SO-LATE")]
    result = plan([made], demands=demands, supplies=[mo])
    given = sorted((a.demand, a.supply, a.qty) for a in result.allocations)
    assert given == [("SO-EARLY", "A/P/2026-06-01", 2), ("SO-EARLY", "MO-1", 3), ("SO-LATE", "MO-1", 5)]
