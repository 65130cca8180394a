"""Stored MRP runs keep exact quantities, aware times and pegs on every store."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal as D

from onefactory.model import Allocation, MrpOrder, MrpResult, MrpSettings, OrderKind, SupplyKind

START = datetime(2026, 6, 1, tzinfo=UTC)


def test_a_run_round_trips_and_reads_per_member(any_store):
    order = MrpOrder(
        "SUP-A/RM/2026-06-08", "SUP-A", "RM", D("0.000005"), "kg", START, datetime(2026, 6, 8, tzinfo=UTC),
        datetime(2026, 6, 8, tzinfo=UTC), OrderKind.BUY, "SUP-B", ("SO-1/1", "SO-2/1"), D("21.5"),
    )  # fmt: skip
    lead = MrpOrder("LEAD/P/2026-06-08", "LEAD", "P", D(10), "EA", START, START, START, OrderKind.MAKE)
    given = Allocation("SUP-A", "RM", "on-hand", SupplyKind.ON_HAND, "LEAD/P/2026-06-08", D("2.80"), ("SO-1/1",))
    result = MrpResult(MrpSettings(START, buckets=4), (), (order, lead), (given,), {}, ("SUP-A: a warning",))
    with any_store.write() as tx:
        tx.mrp.add("mrp-1", START, "planner", result)
    with any_store.read() as tx:
        run = tx.mrp.get("mrp-1")
        mine = tx.mrp.get("mrp-1", "SUP-A")
        latest = tx.mrp.latest_id()
    assert latest == "mrp-1"
    assert run.orders == (order, lead)
    assert run.allocations == (given,)
    assert (run.start, run.buckets, run.bucket_days, run.timezone, run.warnings) == (
        START,
        4,
        7,
        "Asia/Seoul",
        ("SUP-A: a warning",),
    )
    assert mine.orders == (order,)
    assert str(mine.orders[0].qty) == "0.000005"
