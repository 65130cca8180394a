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


def test_the_compare_page_writes_its_figures_as_the_plan_page_does(runtime, login):
    late = Fulfilment(
        "SO-1/1", "LEAD", "P-100", "", D(100), DUE, D("60.000"), D("40.00"), D(0), datetime(2026, 3, 4, 12, tzinfo=UTC)
    )
    with runtime.store.write() as tx:
        tx.plans.add(Plan("PL-C1", DUE, DUE, 24, 5, "highs", "optimal", 0.0, 12345.678901, (), (), (late,), ()))
        tx.plans.add(Plan("PL-C2", DUE, DUE, 24, 5, "highs", "optimal", 0.0, 0.25, (), (), (), ()))
    page = login("LEAD").get("/plans/PL-C1/compare/PL-C2", params={"lang": "en"}).text
    table = re.search(r'<table class="compare">.*?</table>', page, re.S).group(0)
    assert re.findall(r"<tr><th>([^<]+)</th><td>([^<]*)</td><td>([^<]*)</td></tr>", table) == [
        ("Planned orders", "0", "0"),
        ("On time", "60", "0"),
        ("Late quantity", "40", "0"),
        ("Short quantity", "0", "0"),
        ("Lateness (days)", "2.5", "0.0"),
        ("Lateness (qty × days)", "100.0", "0.0"),
        ("Objective (cost + lateness penalty)", "12346", "0"),
    ]
