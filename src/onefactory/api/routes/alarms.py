"""Alarms (list, one, acknowledge, clear), the alarms putting an order at risk, and the
caller's member's webhooks with their delivery log.

A member sees its own alarms; another member sees them under a telemetry grant,
or through the disruption and escalation notices it received (reads are logged).
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Response

from onefactory.api.deps import RuntimeDep, UserDep
from onefactory.api.schemas_alarms import (
    AlarmDetailOut,
    AlarmOut,
    DeliveryOut,
    OrderAlarmOut,
    RiskOut,
    WebhookIn,
    WebhookOut,
    WebhookPatch,
)
from onefactory.services import alarm_views, alarms, webhooks

router = APIRouter(tags=["alarms"])
Status = Literal["raised", "acknowledged", "cleared", "cleared-unacknowledged"]


@router.get("/alarms", response_model=list[AlarmOut])
def list_alarms(rt: RuntimeDep, user: UserDep, status: Status | None = None) -> list[AlarmOut]:
    """Alarms the caller may see, newest first, with escalation state."""
    return [AlarmOut.from_row(r) for r in alarm_views.visible_alarms(rt.store, user, rt.now(), status)]


@router.get("/alarms/{alarm_id}", response_model=AlarmDetailOut)
def get_alarm(alarm_id: str, rt: RuntimeDep, user: UserDep) -> AlarmDetailOut:
    """One alarm with its history, escalations and the orders it holds at risk."""
    return AlarmDetailOut.from_detail(alarm_views.alarm_detail(rt.store, user, alarm_id, rt.now()))


@router.post("/alarms/{alarm_id}/{action}", response_model=AlarmOut)
def act(alarm_id: str, action: Literal["acknowledge", "clear"], rt: RuntimeDep, user: UserDep) -> AlarmOut:
    """The alarm's member acknowledges or clears it."""
    do = alarms.acknowledge if action == "acknowledge" else alarms.clear
    return AlarmOut.from_row(alarm_views.row_of(rt.store, do(rt.store, user, alarm_id, rt.now())))


@router.get("/orders/{order_id}/alarms", response_model=list[OrderAlarmOut])
def order_alarms(order_id: str, rt: RuntimeDep, user: UserDep) -> list[OrderAlarmOut]:
    """Alarms putting an order at risk (for its buyer and seller)."""
    pairs = alarm_views.order_alarms(rt.store, user, order_id, rt.now())
    return [OrderAlarmOut(risk=RiskOut.from_domain(r), alarm=AlarmOut.from_row(a)) for r, a in pairs]


@router.get("/webhooks", response_model=list[WebhookOut])
def list_webhooks(rt: RuntimeDep, user: UserDep) -> list[WebhookOut]:
    """The caller's member's webhooks."""
    return [WebhookOut.from_domain(s) for s in webhooks.subscriptions(rt.store, user)]


@router.post("/webhooks", response_model=WebhookOut, status_code=201)
def add_webhook(body: WebhookIn, rt: RuntimeDep, user: UserDep) -> WebhookOut:
    """Subscribe an HTTP endpoint to alarm events of the caller's member."""
    sub = webhooks.subscribe(rt.store, user, body.url, rt.now(), body.events, body.role)
    return WebhookOut.from_domain(sub)


@router.patch("/webhooks/{sub_id}", response_model=WebhookOut)
def patch_webhook(sub_id: str, body: WebhookPatch, rt: RuntimeDep, user: UserDep) -> WebhookOut:
    """Pause or resume one of the caller's member's webhooks."""
    return WebhookOut.from_domain(webhooks.set_active(rt.store, user, sub_id, body.active))


@router.delete("/webhooks/{sub_id}", status_code=204)
def delete_webhook(sub_id: str, rt: RuntimeDep, user: UserDep) -> Response:
    """Stop a webhook for good (it stays listed, inactive, for its delivery log)."""
    webhooks.set_active(rt.store, user, sub_id, False)
    return Response(status_code=204)


@router.get("/webhook-deliveries", response_model=list[DeliveryOut])
def deliveries(rt: RuntimeDep, user: UserDep, limit: int = Query(100, ge=1, le=1000)) -> list[DeliveryOut]:
    """The caller's member's webhook deliveries, newest first, with every attempt."""
    return [DeliveryOut.from_log(log) for log in webhooks.deliveries(rt.store, user, limit)]
