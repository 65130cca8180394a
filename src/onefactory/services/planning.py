"""Capacity planning of the cluster: snapshot the store, solve, save; read, compare, promise.

Running a plan is for the cluster operator or a planner/admin of the lead firm.
The lead firm and the operator read whole plans (each member's part that they
read is logged for that member); any other member reads only its own planned
orders, resources, demands and binding constraints.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from onefactory.exchange import FOREIGN_ORDER, shown_refs
from onefactory.model import (
    AccessLogEntry,
    CtpAnswer,
    Demand,
    Earmark,
    Forbidden,
    InvalidData,
    MemberRole,
    NotFound,
    Plan,
    User,
    UserRole,
)
from onefactory.plan.capacity import Snapshot, build, solve
from onefactory.plan.capacity.compare import PlanComparison, compare_plans
from onefactory.plan.capacity.inputs import (
    order_demands,
    order_supplies,
    production_supplies,
    reservations_of,
    stock_supplies,
)
from onefactory.plan.ctp import promise
from onefactory.store import Store, Unit

PLANNERS = (UserRole.MEMBER_ADMIN, UserRole.PLANNER)


@dataclass(frozen=True, slots=True)
class PlanRequest:
    """What to plan: horizon, bucket size, optionally only some orders, and a plan whose earmarks stand."""

    horizon_days: int = 60
    bucket_hours: int = 24
    orders: tuple[str, ...] = ()
    reserve_plan: str | None = None
    time_limit_s: float = 30.0
    note: str = ""

    def __post_init__(self) -> None:
        buckets = -(-self.horizon_days * 24 // self.bucket_hours)
        if buckets > MAX_BUCKETS:
            raise InvalidData(
                f"horizon_days {self.horizon_days} in buckets of {self.bucket_hours} h makes {buckets} buckets; "
                f"at most {MAX_BUCKETS} (use longer buckets or a shorter horizon)",
                field="bucket_hours",
            )


MAX_CTP_TIME_LIMIT_S = 60.0
"""The longest a capable-to-promise question may let each of its LPs run, in seconds."""

MAX_BUCKETS = 750
"""Time buckets one plan may have: beyond this, building the model alone outlasts any time limit."""


def snapshot(store: Store, now: datetime) -> Snapshot:
    """The cluster as the planner sees it: master data, demands and supply, read in one transaction."""
    with store.read() as tx:
        return read_snapshot(tx, now)


def read_snapshot(tx: Unit, now: datetime) -> Snapshot:
    """:func:`snapshot` inside a transaction the caller holds."""
    members = tx.members.all()
    codes = [m.code for m in members]
    by_code = {m.code: m for m in members}
    orders = tx.orders.of_member(None, limit=1_000_000)
    demands = tx.customer_orders.of() + order_demands(orders, by_code)
    supplies = order_supplies(orders, by_code) + production_supplies(tx.production.of(None), now)
    supplies += stock_supplies([p for code in codes for p in tx.stock.of(code)])
    return Snapshot(
        now=now,
        members=tuple(members),
        items=tuple(tx.items.of(None)),
        bom_lines=tuple(tx.boms.of(None)),
        routing=tuple(s for code in codes for s in tx.routings.of(code)),
        resources=tuple(r for code in codes for r in tx.resources.of(code)),
        demands=tuple(demands),
        supplies=tuple(supplies),
        calendars=tuple(tx.calendars.of()),
    )


def _is_lead(tx: Unit, user: User) -> bool:
    member = tx.members.find(user.member)
    return member is not None and member.role is MemberRole.LEAD


def _require_planner(tx: Unit, user: User, action: str = "run plans") -> None:
    if user.role is UserRole.CLUSTER_OPERATOR or (_is_lead(tx, user) and user.role in PLANNERS):
        return
    raise Forbidden(f"only the cluster operator or a planner of the lead firm may {action}; {user.id} may not")


def run(store: Store, user: User, now: datetime, request: PlanRequest = PlanRequest()) -> Plan:
    """Plan the cluster (or some of its orders), save the plan and return it."""
    with store.read() as tx:
        _require_planner(tx, user)
        base = tx.plans.get(request.reserve_plan) if request.reserve_plan else None
        snap = read_snapshot(tx, now)
    if request.orders:
        wanted = set(request.orders)
        snap = replace(snap, demands=tuple(d for d in snap.demands if d.id in wanted or d.order_id in wanted))
        unknown = wanted - {d.id for d in snap.demands} - {d.order_id for d in snap.demands}
        if unknown:
            raise NotFound(f"no open customer order or demand {', '.join(sorted(unknown))} to plan")
    if base is not None:
        snap = replace(snap, reservations=tuple(reservations_of(base)))
    problem = build(snap, horizon_days=request.horizon_days, bucket_hours=request.bucket_hours)
    plan_id = f"P-{now:%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"
    plan = solve(problem, time_limit_s=request.time_limit_s, plan_id=plan_id, created_at=now)
    plan = replace(plan, created_by=user.id, note=request.note or (f"after {base.id}" if base else ""))
    with store.write() as tx:
        tx.plans.add(plan)
        _log_read(tx, user, members_read(snap), f"plan {plan_id}", now)
    return plan


def members_read(snap: Snapshot) -> set[str]:
    """Members whose items, stock, orders or capacity a snapshot holds."""
    found = {i.member for i in snap.items} | {r.member for r in snap.resources}
    return found | {s.member for s in snap.supplies} | {d.member for d in snap.demands}


def _log_read(tx: Unit, user: User, members: set[str], resource: str, now: datetime) -> None:
    """One access-log entry for each other member whose data a plan, plan read or CTP answer used."""
    basis = "cluster-operator" if user.role is UserRole.CLUSTER_OPERATOR else "cluster-plan"
    entries = [AccessLogEntry(m, user.member, user.id, resource, basis, now) for m in sorted(members - {user.member})]
    tx.access_log.append_many(entries)


def add_customer_orders(store: Store, user: User, lines: list[Demand]) -> int:
    """Record the lead firm's own customer orders (by its planners)."""
    with store.write() as tx:
        _require_planner(tx, user, "record customer orders")
        items: dict[str, set[str]] = {}
        for n, line in enumerate(lines):
            if line.member != user.member and user.role is not UserRole.CLUSTER_OPERATOR:
                raise Forbidden(f"{user.member} may not record customer orders of {line.member}")
            if line.member not in items:
                tx.members.get(line.member)
                items[line.member] = {i.code for i in tx.items.of(line.member)}
            if line.item not in items[line.member]:
                raise InvalidData(
                    f"[{n}] ({line.id}): {line.member} has no item {line.item!r} in its item master",
                    field=f"[{n}].item",
                )
        return tx.customer_orders.put_many(lines)


def plans(store: Store, user: User, limit: int = 50) -> list[tuple[str, datetime, str, str, str]]:
    """Saved plans, newest first (every member may see that plans exist)."""
    with store.read() as tx:
        return tx.plans.recent(limit)


def get(store: Store, user: User, plan_id: str, now: datetime) -> Plan:
    """A plan as ``user`` may see it; a whole plan read by the lead or operator is logged for each member."""
    with store.write() as tx:
        plan = tx.plans.get(plan_id)
        if user.role is UserRole.CLUSTER_OPERATOR or _is_lead(tx, user):
            members = {o.member for o in plan.orders} | {x.member for x in plan.loads}
            _log_read(tx, user, members, f"plan {plan_id}", now)
            return plan
    return own_part(plan, user.member)


def own_part(plan: Plan, member: str) -> Plan:
    """Only what concerns ``member``: its orders, resources, demands (as seller or buyer), constraints, earmarks.

    Demand ids of orders ``member`` is no party to read :data:`FOREIGN_ORDER`; the cluster cost is not shown (None).
    """
    fulfilment = tuple(f for f in plan.fulfilment if member in (f.member, f.customer))
    party = {f.demand_id for f in fulfilment}
    return replace(
        plan,
        cost=None,
        orders=tuple(replace(o, pegged_to=shown_refs(o.pegged_to, party)) for o in plan.orders if o.member == member),
        loads=tuple(x for x in plan.loads if x.member == member),
        fulfilment=fulfilment,
        binding=tuple(b for b in plan.binding if b.member == member),
        allocations=tuple(_earmark_shown(a, party) for a in plan.allocations if a.member == member),
        warnings=(),
        demands=tuple(d for d in plan.demands if d in party),
    )


def _earmark_shown(earmark: Earmark, party: set[str]) -> Earmark:
    return earmark if earmark.demand_id in party else replace(earmark, demand_id=FOREIGN_ORDER)


def compare(store: Store, user: User, first: str, second: str, now: datetime) -> PlanComparison:
    """Two plans side by side, each as the caller may see it."""
    return compare_plans(get(store, user, first, now), get(store, user, second, now))


def latest(store: Store) -> Plan | None:
    """The newest saved plan, or None."""
    with store.read() as tx:
        return _latest(tx)


def _latest(tx: Unit) -> Plan | None:
    recent = tx.plans.recent(1)
    return tx.plans.get(recent[0][0]) if recent else None


def capable_to_promise(
    store: Store,
    user: User,
    member: str,
    item: str,
    qty: Decimal,
    by: datetime,
    now: datetime,
    horizon_days: int = 60,
    time_limit_s: float = 5.0,
) -> CtpAnswer:
    """Can the cluster deliver ``qty`` of ``item`` at ``member`` by ``by``, on top of the latest plan?
    ``time_limit_s`` bounds each LP the answer solves (at most :data:`MAX_CTP_TIME_LIMIT_S`)."""
    if not 0 < time_limit_s <= MAX_CTP_TIME_LIMIT_S:
        raise InvalidData(
            f"time_limit_s must be in (0, {MAX_CTP_TIME_LIMIT_S:g}], got {time_limit_s:g}", field="time_limit_s"
        )
    with store.read() as tx:
        if user.role is not UserRole.CLUSTER_OPERATOR and not _is_lead(tx, user) and user.member != member:
            raise Forbidden(f"{user.member} may ask capable-to-promise only for its own items")
        tx.members.get(member)
        snap, base = read_snapshot(tx, now), _latest(tx)
    answer = promise(snap, member, item, qty, by, base=base, horizon_days=horizon_days, time_limit_s=time_limit_s)
    with store.write() as tx:
        _log_read(tx, user, members_read(snap), f"ctp {qty} {item} at {member}", now)
    return answer
