"""Low-level codes and cycles, exact scaled quantities, and reading stored orders once."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal as D

import numpy as np
import pytest

from onefactory.model import LineStatus, OrderLine, SharedOrder, StockPosition
from onefactory.plan.mrp import ClusterState, demands_and_supplies
from onefactory.plan.mrp.exact import ceil_mul_div, ratio, scaled, unscaled
from onefactory.plan.mrp.levels import BomCycle, low_level_codes


def test_low_level_code_is_the_deepest_position():
    parents, children = np.array([0, 0, 1, 3]), np.array([1, 2, 2, 0])
    assert low_level_codes(4, parents, children).tolist() == [1, 2, 3, 0]


def test_a_long_cycle_is_found_without_recursion():
    n = 50_000
    parents = np.arange(n)
    children = (parents + 1) % n
    with pytest.raises(BomCycle) as err:
        low_level_codes(n, parents, children)
    assert len(err.value.nodes) == n + 1


def test_exact_ratio_and_round_up():
    mul, div = ratio(1, 1, D("0.29"))
    assert (mul, div) == (29, 100)
    assert ceil_mul_div(np.array([[100, 1, 0]]), np.array([mul]), np.array([div])).tolist() == [[29, 1, 0]]
    assert scaled(D("0.0000051"), 10**6) == 6
    assert unscaled(2800, 1000) == D("2.8")


def test_huge_products_fall_back_to_python_integers():
    x = np.array([[2**40]])
    assert ceil_mul_div(x, np.array([2**30]), np.array([2**31])).tolist() == [[2**39]]


def line(no, qty, status=LineStatus.CONFIRMED, **kw):
    return OrderLine(no, "P", D(qty), date(2026, 6, 20), status=status, **kw)


def test_open_order_lines_are_read_once_and_cancelled_ones_not_at_all():
    order = SharedOrder(
        "PO-1", "LEAD", "SUP-A",
        (line(10, 50), line(20, 30, LineStatus.CANCELLED), line(30, 40, shipped_qty=D(15), received_qty=D(10))),
        datetime(2026, 6, 1, tzinfo=UTC),
    )  # fmt: skip
    state = ClusterState([], [], [], orders=[order], stock=[StockPosition("SUP-A", "P", D(7))])
    demands, supplies, links = demands_and_supplies(state)
    assert [(d.ref, d.member, d.qty) for d in demands] == [("PO-1/10", "SUP-A", 50), ("PO-1/30", "SUP-A", 25)]
    assert [(s.ref, s.member, s.qty) for s in supplies] == [
        ("PO-1/10", "LEAD", 50),
        ("PO-1/30", "LEAD", 30),
        ("on-hand", "SUP-A", 7),
    ]
    assert links == [("LEAD", "P", "SUP-A"), ("LEAD", "P", "SUP-A")]
