"""Every time on a page is shown in the viewing member's time zone, labelled with its abbreviation:
the same order reads 10:00 KST in Seoul and 02:00 CET in Berlin (it read 10:00, unlabelled, for both)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from onefactory.model import Member, OrderLine, SharedOrder, User, UserRole
from onefactory.services import access, orders

from .conftest import NOW


def test_one_order_time_reads_in_each_viewers_zone(runtime, login):
    with runtime.store.write() as tx:
        tx.members.add(Member("SUP-EU", "Rhein Guss", "tier1", "Europe/Berlin"))
    access.create_user(runtime.store, User("eu-admin", "SUP-EU", "EU admin", UserRole.MEMBER_ADMIN), "tok-eu")
    lead = User("lead-admin", "LEAD", "LEAD admin", UserRole.MEMBER_ADMIN)
    line = OrderLine(1, "P-100", Decimal(10), date(2026, 3, 20))
    orders.create(runtime.store, lead, SharedOrder("PO-EU1", "LEAD", "SUP-EU", (line,), NOW), NOW)
    seoul = login("LEAD").get("/orders/PO-EU1").text
    berlin = login(None)
    berlin.cookies.set("onefactory_token", "tok-eu")
    page = berlin.get("/orders/PO-EU1").text
    stamp = r"\d{4}-\d\d-\d\d \d\d:\d\d [A-Z]+"
    assert set(re.findall(stamp, seoul)) == {"2026-03-02 10:00 KST"}
    assert set(re.findall(stamp, page)) == {"2026-03-02 02:00 CET"}
