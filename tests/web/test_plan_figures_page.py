"""The plan page shows lateness in days and, beside it, lateness weighed by late quantity."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal as D

from onefactory.model import Fulfilment, Plan

DUE = datetime(2026, 3, 2, tzinfo=UTC)


def test_the_plan_page_shows_days_and_quantity_days(runtime, login):
    late = Fulfilment(
        "SO-1/1", "LEAD", "P-100", "", D(100), DUE, D(60), D(40), D(0), datetime(2026, 3, 4, 12, tzinfo=UTC)
    )
    with runtime.store.write() as tx:
        tx.plans.add(Plan("PL-L1", DUE, DUE, 24, 5, "highs", "optimal", 0.0, 0.0, (), (), (late,), ()))
    page = login("LEAD").get("/plans/PL-L1").text
    figures = re.search(r'<dl class="figures".*?</dl>', page, re.S).group(0)
    assert re.findall(r"<dt>([^<]+)</dt>", figures)[3:5] == ["Lateness (days)", "Lateness (qty × days)"]
    assert re.findall(r"<strong>([^<]+)</strong>", figures)[3:5] == ["2.5", "100.0"]
