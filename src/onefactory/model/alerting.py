"""What an alarm sets in motion: its event history, escalations, orders marked at
risk, and webhook subscriptions with their deliveries and attempts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from .errors import InvalidData
from .ids import MemberCode, OrderId


@dataclass(frozen=True, slots=True)
class AlarmEvent:
    """One step in an alarm's history: raised, repeated, acknowledged, cleared, escalated, ..."""

    alarm_id: str
    kind: str
    at: datetime
    actor: str = ""
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Escalation:
    """An escalation step that fired: who was told about which alarm, and when."""

    alarm_id: str
    step: int
    member: MemberCode
    role: str
    fired_at: datetime
    reason: str = ""


@dataclass(frozen=True, slots=True)
class RiskMark:
    """A shared order put at risk by an alarm; ``depth`` 0 is the order the machine works on."""

    order_id: OrderId
    alarm_id: str
    buyer: MemberCode
    seller: MemberCode
    reason: str
    marked_at: datetime
    depth: int = 0
    via: str = ""
    cleared_at: datetime | None = None


class DeliveryStatus(StrEnum):
    """Where a webhook delivery stands."""

    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"  # gave up after the last attempt


@dataclass(frozen=True, slots=True)
class WebhookSubscription:
    """A member's HTTP endpoint for alarm events (``events`` empty means all)."""

    id: str
    member: MemberCode
    url: str
    created_at: datetime
    events: tuple[str, ...] = ()
    role: str = ""
    active: bool = True

    def __post_init__(self) -> None:
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InvalidData(f"webhook url must be http(s)://host/..., got {self.url!r}", field="url")
        object.__setattr__(self, "events", tuple(self.events))

    def wants(self, event: str, role: str = "") -> bool:
        """True if this subscription takes ``event`` (for ``role``, when it names one)."""
        return self.active and (not self.events or event in self.events) and (not self.role or self.role == role)


@dataclass(frozen=True, slots=True)
class WebhookDelivery:
    """One event to deliver to one subscription, at least once; ``id`` is its idempotency key."""

    id: str
    subscription_id: str
    member: MemberCode
    event: str
    payload: dict[str, Any]
    created_at: datetime
    next_attempt_at: datetime
    status: DeliveryStatus = DeliveryStatus.PENDING
    attempts: int = 0
    delivered_at: datetime | None = None
    last_error: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", DeliveryStatus(self.status))


@dataclass(frozen=True, slots=True)
class DeliveryAttempt:
    """One HTTP attempt of a delivery: status code (0 when no answer) or the error."""

    delivery_id: str
    attempt: int
    at: datetime
    status_code: int
    error: str = ""
    duration_ms: float = 0.0

    @property
    def succeeded(self) -> bool:
        """A 2xx answer."""
        return 200 <= self.status_code < 300


__all__ = [
    "AlarmEvent",
    "DeliveryAttempt",
    "DeliveryStatus",
    "Escalation",
    "RiskMark",
    "WebhookDelivery",
    "WebhookSubscription",
]
