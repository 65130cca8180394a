"""A plan's lateness_days is days (summed over fulfilment rows); late_qty_days weighs them by late quantity."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal as D

from onefactory.api.schemas_plans import plan_out
from onefactory.model import Fulfilment, Plan
from onefactory.plan.capacity.compare import figures

DUE = datetime(2026, 6, 1, tzinfo=UTC)


def row(demand: str, late: str, completed: datetime | None) -> Fulfilment:
    return Fulfilment(demand, "LEAD", "P-1", "", D(100), DUE, D(100) - D(late), D(late), D(0), completed)


PLAN = Plan(
    "p", DUE, DUE, 24, 10, "highs", "optimal", 0.0, 0.0, (), (), (
        row("SO-1/1", "40", datetime(2026, 6, 3, 12, tzinfo=UTC)),
        row("SO-1/2", "10", datetime(2026, 6, 2, tzinfo=UTC)),
        row("SO-1/3", "0", datetime(2026, 5, 30, tzinfo=UTC)),
    ), (),
)  # fmt: skip


def test_lateness_days_sums_the_days_late_of_the_rows():
    assert (PLAN.lateness_days, PLAN.late_qty_days) == (3.5, 110.0)


def test_the_api_summary_and_the_comparison_report_both_figures():
    summary = plan_out(PLAN)["summary"]
    assert (summary["lateness_days"], summary["late_qty_days"], summary["late_qty"]) == (3.5, 110.0, "50")
    assert [f["late_days"] for f in plan_out(PLAN)["fulfilment"]] == [2.5, 1.0, 0.0]
    assert (figures(PLAN).lateness_days, figures(PLAN).late_qty_days) == (3.5, 110.0)
