"""Request and response bodies of alarms, order risk and webhooks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from onefactory import model as m
from onefactory.services.alarm_views import AlarmDetail, AlarmRow
from onefactory.services.webhooks import DeliveryLog


class EscalationOut(BaseModel):
    """A fired escalation step."""

    step: int
    member: str
    role: str
    fired_at: datetime
    reason: str

    @classmethod
    def from_domain(cls, e: m.Escalation) -> EscalationOut:
        return cls(step=e.step, member=e.member, role=e.role, fired_at=e.fired_at, reason=e.reason)


class AlarmOut(BaseModel):
    """An alarm with its lifecycle, escalation state and the orders it holds at risk."""

    id: str
    member: str
    resource: str
    signal: str
    rule: str
    kind: str
    severity: str
    status: str
    raised_at: datetime
    recorded_at: datetime
    last_seen: datetime | None
    count: int
    value: float | None
    message: str
    acknowledged_at: datetime | None
    acknowledged_by: str
    cleared_at: datetime | None
    escalations: list[EscalationOut] = Field(default_factory=list)
    orders_at_risk: int = 0
    item: str = Field("", description="A control-chart alarm's item (its `resource` holds the item too)")
    characteristic: str = Field("", description="A control-chart alarm's characteristic (also in `signal`)")

    @classmethod
    def from_domain(cls, a: m.Alarm, escalations: list[m.Escalation] = (), at_risk: int = 0) -> AlarmOut:  # type: ignore[assignment]
        return cls(
            id=a.id,
            member=a.member,
            resource=a.resource,
            signal=a.signal,
            rule=a.rule,
            kind=a.kind,
            severity=a.severity.value,
            status=a.status.value,
            raised_at=a.raised_at,
            recorded_at=a.recorded_at or a.raised_at,
            last_seen=a.last_seen,
            count=a.count,
            value=a.value,
            message=a.message,
            acknowledged_at=a.acknowledged_at,
            acknowledged_by=a.acknowledged_by,
            cleared_at=a.cleared_at,
            escalations=[EscalationOut.from_domain(e) for e in escalations],
            orders_at_risk=at_risk,
        )

    @classmethod
    def from_row(cls, row: AlarmRow) -> AlarmOut:
        out = cls.from_domain(row.alarm, row.escalations, row.orders_at_risk)
        return out.model_copy(update={"item": row.place.item, "characteristic": row.place.characteristic})


class RiskOut(BaseModel):
    """An order marked at risk by an alarm."""

    order_id: str
    alarm_id: str
    buyer: str
    seller: str
    reason: str
    depth: int
    via: str
    marked_at: datetime
    cleared_at: datetime | None

    @classmethod
    def from_domain(cls, r: m.RiskMark) -> RiskOut:
        return cls(
            order_id=r.order_id,
            alarm_id=r.alarm_id,
            buyer=r.buyer,
            seller=r.seller,
            reason=r.reason,
            depth=r.depth,
            via=r.via,
            marked_at=r.marked_at,
            cleared_at=r.cleared_at,
        )


class AlarmEventOut(BaseModel):
    """One step of an alarm's history."""

    kind: str
    at: datetime
    actor: str
    detail: dict[str, Any]


class AlarmDetailOut(AlarmOut):
    """An alarm with its history and the risk marks the caller may see."""

    events: list[AlarmEventOut]
    risks: list[RiskOut]

    @classmethod
    def from_detail(cls, d: AlarmDetail) -> AlarmDetailOut:
        base = AlarmOut.from_domain(d.alarm, d.escalations, len([r for r in d.risks if r.cleared_at is None]))
        events = [AlarmEventOut(kind=e.kind, at=e.at, actor=e.actor, detail=e.detail) for e in d.events]
        return cls(**base.model_dump(), events=events, risks=[RiskOut.from_domain(r) for r in d.risks])


class OrderAlarmOut(BaseModel):
    """An alarm putting an order at risk, and why."""

    risk: RiskOut
    alarm: AlarmOut


class WebhookIn(BaseModel):
    """A new webhook of the caller's member."""

    url: str = Field(max_length=2000)
    events: list[str] = Field(default_factory=list, description="Empty: every event.")
    role: str = Field("", max_length=60, description="Only escalations to this role (empty: all).")


class WebhookPatch(BaseModel):
    """Pause or resume a webhook."""

    active: bool


class WebhookOut(BaseModel):
    """A webhook subscription."""

    id: str
    url: str
    events: list[str]
    role: str
    active: bool
    created_at: datetime

    @classmethod
    def from_domain(cls, s: m.WebhookSubscription) -> WebhookOut:
        return cls(id=s.id, url=s.url, events=list(s.events), role=s.role, active=s.active, created_at=s.created_at)


class AttemptOut(BaseModel):
    """One HTTP attempt."""

    attempt: int
    at: datetime
    status_code: int
    error: str
    duration_ms: float


class DeliveryOut(BaseModel):
    """A webhook delivery with every attempt; ``id`` is the Idempotency-Key the receiver saw."""

    id: str
    subscription_id: str
    event: str
    status: str
    attempts: list[AttemptOut]
    created_at: datetime
    next_attempt_at: datetime
    delivered_at: datetime | None
    last_error: str
    payload: dict[str, Any]

    @classmethod
    def from_log(cls, log: DeliveryLog) -> DeliveryOut:
        d = log.delivery
        attempts = [
            AttemptOut(attempt=a.attempt, at=a.at, status_code=a.status_code, error=a.error, duration_ms=a.duration_ms)
            for a in log.attempts
        ]
        return cls(
            id=d.id,
            subscription_id=d.subscription_id,
            event=d.event,
            status=d.status.value,
            attempts=attempts,
            created_at=d.created_at,
            next_attempt_at=d.next_attempt_at,
            delivered_at=d.delivered_at,
            last_error=d.last_error,
            payload=d.payload,
        )
