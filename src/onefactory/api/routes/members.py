"""The member directory and each member's data under sharing grants."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query

from onefactory.api.arrays import each
from onefactory.api.deps import RuntimeDep, UserDep
from onefactory.api.schemas import MemberOut, ProductionOrderIn, ReadingOut, StockOut, UserOut
from onefactory.api.schemas_telemetry import RollupOut
from onefactory.model import InvalidData, plain
from onefactory.services import cluster
from onefactory.services import production as production_orders

router = APIRouter(tags=["members"])


@router.get("/me", response_model=UserOut)
def me(user: UserDep) -> UserOut:
    """The caller."""
    return UserOut(id=user.id, member=user.member, name=user.name, role=user.role.value)


@router.get("/members", response_model=list[MemberOut])
def members(rt: RuntimeDep, user: UserDep) -> list[MemberOut]:
    """Every member (the directory is visible to all members)."""
    return [
        MemberOut(code=x.code, name=x.name, name_ko=x.name_ko, role=x.role.value, timezone=x.timezone)
        for x in cluster.overview(rt.store).members
    ]


@router.get("/cluster")
def overview(rt: RuntimeDep, user: UserDep) -> dict[str, Any]:
    """Members, who supplies whom, and order lines by status (counts only): every link and line
    for the lead firm and the cluster operator; for another member, those of orders it is a party to."""
    view = cluster.overview(rt.store, user)
    return {
        "members": [x.code for x in view.members],
        "links": [{"supplier": x.supplier, "customer": x.customer, "open_lines": x.open_lines} for x in view.links],
        "order_lines_by_status": view.orders_by_status,
    }


@router.get("/members/{member}/stock", response_model=list[StockOut])
def stock(member: str, rt: RuntimeDep, user: UserDep, item: str | None = None) -> list[StockOut]:
    """Stock of a member: own, or under an inventory grant (the read is logged for the owner)."""
    return [
        StockOut(item=p.item, location=p.location, lot=p.lot, qty=p.qty)
        for p in cluster.stock(rt.store, user, member, rt.now(), item)
    ]


@router.get("/members/{member}/items")
def items(member: str, rt: RuntimeDep, user: UserDep) -> list[dict[str, Any]]:
    """Item master of a member under an items grant."""
    return [
        {
            "code": i.code,
            "name": i.name,
            "uom": i.uom,
            "kind": i.kind.value,
            "spec": i.spec,
            "description": i.description,
            "lead_time_days": str(i.lead_time_days),
        }
        for i in cluster.items(rt.store, user, member, rt.now())
    ]


@router.get("/members/{member}/resources")
def resources(member: str, rt: RuntimeDep, user: UserDep) -> list[dict[str, Any]]:
    """Resources and capacity of a member under a capacity grant."""
    return [
        {
            "code": r.code,
            "name": r.name,
            "site": r.site,
            "kind": r.kind,
            "parallel_units": r.parallel_units,
            "capacity_per_hour": str(r.capacity_per_hour),
        }
        for r in cluster.resources(rt.store, user, member, rt.now())
    ]


@router.get("/members/{member}/production-orders")
def production(member: str, rt: RuntimeDep, user: UserDep) -> list[dict[str, Any]]:
    """Production orders of a member under a production grant."""
    return [
        {
            "code": p.code,
            "item": p.item,
            "qty": plain(p.qty),
            "resource": p.resource,
            "start": p.start,
            "end": p.end,
            "status": p.status.value,
            "serves_order": p.serves_order,
            "serves_line": p.serves_line,
        }
        for p in cluster.production(rt.store, user, member, rt.now())
    ]


@router.put("/members/{member}/production-orders")
def put_production(member: str, body: list[ProductionOrderIn], rt: RuntimeDep, user: UserDep) -> dict[str, int]:
    """Create or replace (by code) the caller's own production orders: its lots, each on a
    resource between start and end, so telemetry over that run and the lot's inspections
    train and feed the defect-risk model. All or nothing: an unknown item or resource, or an end
    not after its start, is a 422 naming the order by its index in the array (field ``[1].end``)."""
    runs = each(body, lambda p: p.to_domain(member), key=("code", lambda p: p.code))
    return {"stored": production_orders.put(rt.store, user, runs)}


@router.get("/members/{member}/signals")
def signals(member: str, rt: RuntimeDep, user: UserDep) -> list[dict[str, Any]]:
    """Telemetry signals of a member under a telemetry grant."""
    return [{"resource": r, "signal": s, "count": n} for r, s, n in cluster.signals(rt.store, user, member, rt.now())]


@router.get("/members/{member}/telemetry/{resource}", response_model=list[ReadingOut])
def telemetry(
    member: str,
    resource: str,
    rt: RuntimeDep,
    user: UserDep,
    signal: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    since: Annotated[datetime | None, Query(description="the older name of `start`")] = None,
    until: Annotated[datetime | None, Query(description="the older name of `end`")] = None,
    limit: int = Query(2000, ge=1, le=50_000),
) -> list[ReadingOut]:
    """Readings of a resource with times in [start, end), in time order, under a telemetry grant;
    times need an offset. ``since``/``until`` are the same bounds under their older names."""
    first, last = _one_name(start, since, ("start", "since")), _one_name(end, until, ("end", "until"))
    names = ("since" if since is not None else "start", "until" if until is not None else "end")
    rows = cluster.telemetry(
        rt.store, user, member, resource, rt.now(), signal=signal, since=first, until=last, limit=limit, names=names
    )
    return [ReadingOut(ts=r.ts, signal=r.signal, value=r.value) for r in rows]


def _one_name(value: datetime | None, alias: datetime | None, names: tuple[str, str]) -> datetime | None:
    """A bound given by its name or its older alias, refused when given by both."""
    if value is not None and alias is not None:
        raise InvalidData(f"give {names[0]} or {names[1]}, not both (they are the same bound)", field=names[1])
    return value if value is not None else alias


@router.get("/members/{member}/telemetry/{resource}/rollups", response_model=list[RollupOut])
def telemetry_rollups(
    member: str,
    resource: str,
    rt: RuntimeDep,
    user: UserDep,
    signal: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    limit: int = Query(1440, ge=1, le=50_000),
) -> list[RollupOut]:
    """One-minute rollups (count, min, max, mean, sum, first/last time) of minutes starting in
    [start, end), in time order (the newest ``limit``), under a telemetry grant; times need an offset."""
    rows = cluster.rollups(rt.store, user, member, resource, rt.now(), signal=signal, start=start, end=end, limit=limit)
    return [RollupOut.from_domain(r) for r in rows]
