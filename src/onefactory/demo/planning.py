"""Planning data of the demo cluster, derived from the figures it is built from (pure).

The Willems chain gives stage times, costs and demand but no calendars, routings or
customer orders, so the demo adds the least that finite-capacity planning needs:

* a two-shift calendar ``2SHIFT`` (06:00-16:00 and 16:00-02:00 local, every day:
  the 20 working hours a day the resources are sized for) with the 2026-2027
  Korean public holidays, for the lead firm's and the module maker's lines;
* a one-step routing for each item the lead firm and SEOHAN make, on the line of
  its stage, at ``60 / capacity_per_hour`` minutes per unit (the line's rate);
* the other members share only capacity buckets (no routing): they are planned
  from their resources' ``capacity_per_hour`` over round-the-clock time;
* customer orders of the lead firm: for each finished product, three weekly
  orders of seven days of its mean daily demand (rounded up to 100), due in
  1, 2 and 3 weeks.

Example:
    >>> from datetime import UTC, datetime
    >>> from onefactory.demo.build import build_cluster
    >>> data = demo_planning(build_cluster(), datetime(2026, 12, 3, tzinfo=UTC))
    >>> len(data.customer_orders), len(data.routing), data.calendars[0][1].code
    (12, 5, '2SHIFT')
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from decimal import Decimal

from onefactory.model import Calendar, Demand, ItemCode, ItemKind, MemberCode, Resource, RoutingStep, Shift

from .build import DemoCluster

CALENDAR = "2SHIFT"
DETAILED = ("LEAD", "SEOHAN")
EVERY_DAY = (0, 1, 2, 3, 4, 5, 6)
KOREAN_HOLIDAYS = (
    "2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-03-02", "2026-05-05", "2026-05-25",
    "2026-06-03", "2026-06-06", "2026-08-17", "2026-09-24", "2026-09-25", "2026-09-26", "2026-10-05",
    "2026-10-09", "2026-12-25", "2027-01-01", "2027-02-08", "2027-02-09", "2027-03-01", "2027-05-05",
    "2027-05-13", "2027-06-06", "2027-08-16", "2027-09-14", "2027-09-15", "2027-09-16", "2027-10-04",
    "2027-10-11", "2027-12-25",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class DemoPlanning:
    """Calendars (member, calendar), resources with their calendar, routings and customer orders."""

    calendars: tuple[tuple[str, Calendar], ...]
    resources: tuple[Resource, ...]
    routing: tuple[RoutingStep, ...]
    customer_orders: tuple[Demand, ...]


def demo_planning(cluster: DemoCluster, now: datetime) -> DemoPlanning:
    """The planning data of ``cluster`` with customer orders due after ``now``."""
    shifts = (Shift(time(6), time(16), EVERY_DAY), Shift(time(16), time(2), EVERY_DAY))
    calendars = tuple((m, Calendar(CALENDAR, cluster.member(m).timezone, shifts, KOREAN_HOLIDAYS)) for m in DETAILED)
    resources = tuple(replace(r, calendar=CALENDAR) for r in cluster.resources if r.member in DETAILED)
    routing = tuple(
        RoutingStep(
            i.member,
            i.code,
            10,
            cluster.resource_making(i.code).code,
            60 / cluster.resource_making(i.code).capacity_per_hour,
        )
        for i in cluster.items
        if i.member in DETAILED and i.kind is ItemKind.MAKE
    )
    return DemoPlanning(calendars, resources, routing, _customer_orders(cluster, now))


def _customer_orders(cluster: DemoCluster, now: datetime) -> tuple[Demand, ...]:
    lead = cluster.lead
    products = sorted(i.code for i in cluster.items if i.member == lead.code and i.kind is ItemKind.MAKE)
    out = []
    for week in (1, 2, 3):
        for n, item in enumerate(products, start=1):
            qty = Decimal(math.ceil(cluster.daily_demand[(lead.code, item)] * 7 / 100) * 100)
            due = (now + timedelta(days=7 * week)).replace(hour=0, minute=0, second=0, microsecond=0)
            order = f"CO-{lead.code}-{week}{n:02d}/1"
            out.append(Demand(order, MemberCode(lead.code), ItemCode(item), qty, due, 5, f"distributor of {item}"))
    return tuple(out)
