"""Capacity plans of the cluster, their comparison, customer orders and capable-to-promise."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Query

from onefactory.api.arrays import each
from onefactory.api.deps import RuntimeDep, UserDep
from onefactory.api.schemas_plans import CtpIn, CustomerOrderIn, PlanIn, comparison_out, ctp_out, plan_out
from onefactory.model import Demand, InvalidData, ItemCode, MemberCode
from onefactory.plan.capacity.inputs import day_start
from onefactory.services import cluster, planning

router = APIRouter(tags=["plans"])


@router.post("/plans", status_code=201)
def run(body: PlanIn, rt: RuntimeDep, user: UserDep) -> dict[str, Any]:
    """Plan the cluster with finite capacity (cluster operator, or a planner/admin of the lead firm).

    In ``summary``, ``lateness_days`` is the sum of ``late_days`` over the fulfilment rows and
    ``late_qty_days`` the sum of late quantity times days late."""
    request = planning.PlanRequest(
        body.horizon_days, body.bucket_hours, tuple(body.orders), body.reserve_plan, body.time_limit_s, body.note
    )
    return plan_out(planning.run(rt.store, user, rt.now(), request))


@router.get("/plans")
def plans(rt: RuntimeDep, user: UserDep, limit: int = Query(50, ge=1, le=500)) -> list[dict[str, Any]]:
    """Saved plans, newest first."""
    return [
        {"id": i, "created_at": at, "created_by": by, "status": status, "note": note}
        for i, at, by, status, note in planning.plans(rt.store, user, limit)
    ]


@router.get("/plans/{plan_id}")
def plan(plan_id: str, rt: RuntimeDep, user: UserDep) -> dict[str, Any]:
    """One plan; a member other than the lead firm sees only its own orders, resources and demands."""
    return plan_out(planning.get(rt.store, user, plan_id, rt.now()))


@router.get("/plans/{first}/compare/{second}")
def compare(first: str, second: str, rt: RuntimeDep, user: UserDep) -> dict[str, Any]:
    """Two plans side by side: figures and differences per member, item and day."""
    return comparison_out(planning.compare(rt.store, user, first, second, rt.now()))


@router.post("/customer-orders", status_code=201)
def customer_orders(body: list[CustomerOrderIn], rt: RuntimeDep, user: UserDep) -> dict[str, int]:
    """Record the lead firm's own customer orders (the demands plans serve)."""
    lines = each(
        body,
        lambda x: Demand(x.id, MemberCode(user.member), ItemCode(x.item), x.qty, x.due, x.priority, x.customer),
        key=("id", lambda x: x.id),
    )
    return {"stored": planning.add_customer_orders(rt.store, user, lines)}


@router.post("/ctp")
def ctp(body: CtpIn, rt: RuntimeDep, user: UserDep) -> dict[str, Any]:
    """Capable-to-promise on top of the latest plan: yes or no, the earliest date, and what binds."""
    by = _moment(body.by, _zone(rt, body.member))
    answer = planning.capable_to_promise(
        rt.store, user, body.member, body.item, body.qty, by, rt.now(), body.horizon_days, body.time_limit_s
    )
    return ctp_out(answer)


def _zone(rt: RuntimeDep, member: str) -> str:
    found = next((m for m in cluster.members(rt.store) if m.code == member), None)
    return found.timezone if found else "UTC"


def _moment(text: str, zone: str) -> datetime:
    """A date (due at the start of that day in the member's zone) or an aware date-time."""
    try:
        if len(text) == 10:
            return day_start(date.fromisoformat(text), zone)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidData(f"by must be a date or an ISO date-time, got {text!r}", field="by") from None
    if moment.tzinfo is None:
        raise InvalidData(f"by needs a time zone offset, got {text!r}", field="by")
    return moment
