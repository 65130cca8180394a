"""MRP for the cluster: read the stored state, plan, store the run, and read it back
under the sharing rules.

A cluster operator or the lead firm's planner or admin runs it. The run uses every
member's items, stock and production orders; each other member finds the run in its
access log. Reading a run shows a member its own planned orders and allocations, and
another member's only under a production grant (or to a cluster operator), logged.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from onefactory.exchange import reading_basis, shown_refs
from onefactory.model import (
    AccessLogEntry,
    Calendar,
    DataScope,
    Forbidden,
    InvalidData,
    ItemPlanning,
    MemberRole,
    MrpDemand,
    MrpRun,
    MrpSettings,
    NotFound,
    User,
    UserRole,
)
from onefactory.plan.mrp import ClusterState, PegNode, customer_orders, pegging_trees, plan_cluster
from onefactory.store import Store, Unit

from .cluster import sees_all_orders

PLANNERS = frozenset({UserRole.PLANNER, UserRole.MEMBER_ADMIN})


@dataclass(frozen=True, slots=True)
class MrpRequest:
    """What a planner may set for one run; the rest comes from the stored cluster."""

    start: date | None = None
    buckets: int = 13
    bucket_days: int = 7
    timezone: str | None = None
    items: tuple[ItemPlanning, ...] = ()
    transfer_days: dict[tuple[str, str], Decimal] = field(default_factory=dict)


def run(store: Store, user: User, now: datetime, request: MrpRequest | None = None) -> MrpRun:
    """Plan the whole cluster and store the run; returns what the caller may see of it."""
    request = request or MrpRequest()
    with store.read() as tx:
        lead_zone = _require_planner(tx, user)
        state, calendars = cluster_state(tx), _calendars(tx)
    _check_parameters(request, state)
    settings = _settings(request, calendars, lead_zone, now)
    result = plan_cluster(state, settings)
    run_id = f"mrp-{now:%Y%m%d%H%M%S}-{secrets.token_hex(3)}"
    with store.write() as tx:
        tx.mrp.add(run_id, now, user.id, result)
        others = sorted({m.code for m in state.members} - {user.member})
        resource = f"mrp run {run_id}: items, stock, production orders"
        tx.access_log.append_many(
            [AccessLogEntry(o, user.member, user.id, resource, "cluster-mrp", now) for o in others]
        )
    return get(store, user, now, run_id)


def get(store: Store, user: User, now: datetime, run_id: str | None = None) -> MrpRun:
    """A run (the newest by default) as the caller may see it; foreign reads are logged."""
    with store.write() as tx:
        run_id = run_id or tx.mrp.latest_id()
        if run_id is None:
            raise NotFound("no MRP run yet")
        full = tx.mrp.get(run_id)
        grants = tx.grants.active()
        members = {o.member for o in full.orders} | {a.member for a in full.allocations}
        bases = {m: b for m in sorted(members) if (b := reading_basis(user, m, DataScope.PRODUCTION, grants))}
        seen = set(bases)
        entries = [
            AccessLogEntry(m, user.member, user.id, f"mrp run {run_id}", basis, now)
            for m, basis in bases.items()
            if m != user.member
        ]
        tx.access_log.append_many(entries)
        party = None if sees_all_orders(user, tx.members.all()) else _party_orders(tx, user.member)
    visible = replace(
        full,
        orders=tuple(o for o in full.orders if o.member in seen),
        allocations=tuple(a for a in full.allocations if a.member in seen),
        warnings=tuple(w for w in full.warnings if w.split(":", 1)[0] in seen),
    )
    return visible if party is None else redacted(visible, party)


def _party_orders(tx: Unit, member: str) -> set[str]:
    """Ids of the orders ``member`` is party to: as buyer or seller, or as a customer order's seller or customer."""
    ids = tx.orders.ids_of(member)
    return ids | {d.order_id for d in tx.customer_orders.of() if member in (d.member, d.customer)}


def redacted(run: MrpRun, party: set[str]) -> MrpRun:
    """``run`` with the ids of orders outside ``party`` read as another member's order."""
    refs = set(customer_orders(run.allocations)) | {r for o in run.orders for r in o.pegged_to}
    return replace(
        run,
        orders=tuple(replace(o, pegged_to=shown_refs(o.pegged_to, party)) for o in run.orders),
        allocations=tuple(
            replace(
                a,
                demand=shown_refs([a.demand], party)[0] if a.demand in refs else a.demand,
                customer_orders=shown_refs(a.customer_orders, party),
            )
            for a in run.allocations
        ),
    )


def trees(run: MrpRun, ref: str | None = None) -> dict[str, list[PegNode]]:
    """Pegging tree per customer order of a (visible part of a) run; one order with ``ref``."""
    refs = [ref] if ref else customer_orders(run.allocations)
    return pegging_trees(refs, run.allocations)


def _require_planner(tx: Unit, user: User) -> str:
    """The lead firm's time zone, if ``user`` may run MRP for the cluster."""
    leads = [m for m in tx.members.all() if m.role is MemberRole.LEAD]
    zone = leads[0].timezone if leads else "Asia/Seoul"
    if user.role is UserRole.CLUSTER_OPERATOR:
        return zone
    if user.role in PLANNERS and any(m.code == user.member for m in leads):
        return zone
    raise Forbidden(f"only a cluster operator or a planner of the lead firm may run MRP; {user.id} may not")


def cluster_state(tx: Unit) -> ClusterState:
    """Everything MRP reads from the store, as values."""
    members = tx.members.all()
    codes = [m.code for m in members]
    return ClusterState(
        members,
        tx.items.of(None),  # by member code, then item code: the per-member order
        tx.boms.of(None),
        {c: tx.uoms.of(c) for c in codes},
        [p for c in codes for p in tx.stock.of(c)],
        tx.orders.of_member(None, limit=1_000_000),
        tx.production.of(None),
        [MrpDemand(d.id, d.member, d.item, d.qty, d.due, d.customer, d.priority) for d in tx.customer_orders.of()],
    )


def _check_parameters(request: MrpRequest, state: ClusterState) -> None:
    """Every planning parameter names a member of the cluster and an item of its item master,
    and every transfer time two members: a parameter for nothing would be silently ignored."""
    members = {m.code for m in state.members}
    items = {(i.member, i.code) for i in state.items}
    for n, p in enumerate(request.items):
        if p.member not in members:
            raise InvalidData(f"items[{n}]: no member {p.member!r} in the cluster", field=f"items[{n}].member")
        if (p.member, p.item) not in items:
            raise InvalidData(
                f"items[{n}]: {p.member} has no item {p.item!r} in its item master", field=f"items[{n}].item"
            )
    for n, pair in enumerate(request.transfer_days):
        for side, code in zip(("supplier", "customer"), pair, strict=True):
            if code not in members:
                raise InvalidData(
                    f"transfer_days[{n}]: no member {code!r} in the cluster", field=f"transfer_days[{n}].{side}"
                )


def _calendars(tx: Unit) -> dict[str, Calendar]:
    """Each member's first stored calendar (by code)."""
    out: dict[str, Calendar] = {}
    for member, calendar in tx.calendars.of():
        out.setdefault(member, calendar)
    return out


def _settings(request: MrpRequest, calendars: dict[str, Calendar], lead_zone: str, now: datetime) -> MrpSettings:
    zone = request.timezone or lead_zone
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidData(f"unknown time zone {zone!r} (an IANA name such as Asia/Seoul)", field="timezone") from None
    day = request.start or now.astimezone(tz).date()
    return MrpSettings(
        datetime.combine(day, time(0), tzinfo=tz),
        request.buckets,
        request.bucket_days,
        zone,
        calendars,
        request.items,
        dict(request.transfer_days),
    )
