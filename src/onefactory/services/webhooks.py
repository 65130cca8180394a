"""Webhook use cases: a member's subscriptions, the outbox of deliveries, and sending them.

Deliveries are written in the same transaction as the event they announce (an
outbox), so an event is never lost between the database and the network. The
worker then posts each due delivery, records every attempt with its status, and
retries with exponential backoff and jitter until a 2xx answer: delivery is at
least once. The ``Idempotency-Key`` header is the delivery id, the same on every
attempt, so a receiver can drop repeats.
"""

from __future__ import annotations

import json
import random
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from onefactory.model import (
    DeliveryAttempt,
    InvalidData,
    MemberCode,
    User,
    WebhookDelivery,
    WebhookSubscription,
)
from onefactory.notify import RetryPolicy, SendResult, after_attempt
from onefactory.store import Store, Unit

from .access import require_write

EVENTS = (
    "alarm.raised",
    "alarm.acknowledged",
    "alarm.cleared",
    "alarm.escalated",
    "order.at_risk",
    "disruption.notice",
)


class Sender(Protocol):
    """Posts a body to a URL (the HTTP adapter, or anything shaped like it)."""

    def send(self, url: str, body: bytes, headers: dict[str, str]) -> SendResult: ...


@dataclass(frozen=True, slots=True)
class DeliveryLog:
    """A delivery with its attempts, for the deliveries log."""

    delivery: WebhookDelivery
    attempts: list[DeliveryAttempt]


def subscribe(
    store: Store, user: User, url: str, now: datetime, events: Iterable[str] = (), role: str = ""
) -> WebhookSubscription:
    """Add a webhook for the caller's member (``events`` empty: every event)."""
    require_write(user)
    wanted = tuple(events)
    unknown = [e for e in wanted if e not in EVENTS]
    if unknown:
        raise InvalidData(f"unknown webhook event {unknown[0]!r}; one of {', '.join(EVENTS)}", field="events")
    sub = WebhookSubscription(f"wh-{secrets.token_hex(8)}", MemberCode(user.member), url, now, wanted, role)
    with store.write() as tx:
        tx.webhooks.add_subscription(sub)
    return sub


def subscriptions(store: Store, user: User) -> list[WebhookSubscription]:
    """The caller's member's webhooks."""
    with store.read() as tx:
        return tx.webhooks.subscriptions(user.member)


def set_active(store: Store, user: User, sub_id: str, active: bool) -> WebhookSubscription:
    """Pause or resume one of the caller's member's webhooks."""
    require_write(user)
    with store.write() as tx:
        tx.webhooks.set_active(sub_id, user.member, active)
        return next(s for s in tx.webhooks.subscriptions(user.member) if s.id == sub_id)


def enqueue(
    tx: Unit, member: str, event: str, payload: dict[str, Any], now: datetime, role: str = ""
) -> list[WebhookDelivery]:
    """Queue ``event`` for every subscription of ``member`` that wants it (inside the caller's transaction)."""
    body = {"event": event, "member": member, "at": now.isoformat(), **({"role": role} if role else {}), **payload}
    rows = [
        WebhookDelivery(f"dl-{secrets.token_hex(10)}", s.id, MemberCode(member), event, body, now, now)
        for s in tx.webhooks.subscriptions(member)
        if s.wants(event, role)
    ]
    tx.webhooks.enqueue(rows)
    return rows


def deliver_due(
    store: Store, sender: Sender, now: datetime, policy: RetryPolicy, rng: random.Random, limit: int = 50
) -> list[DeliveryAttempt]:
    """Post every due delivery once; record each attempt and the delivery's next state."""
    with store.read() as tx:
        due = tx.webhooks.due(now, limit)
    done = []
    for delivery, url in due:
        attempt = _attempt(sender, url, delivery, now)
        with store.write() as tx:
            tx.webhooks.record(after_attempt(delivery, attempt, policy, rng), attempt)
        done.append(attempt)
    return done


def _attempt(sender: Sender, url: str, delivery: WebhookDelivery, now: datetime) -> DeliveryAttempt:
    number = delivery.attempts + 1
    headers = {
        "Content-Type": "application/json",
        "Idempotency-Key": delivery.id,
        "X-Onefactory-Event": delivery.event,
        "X-Onefactory-Attempt": str(number),
    }
    body = json.dumps(delivery.payload, sort_keys=True, default=str, ensure_ascii=False).encode("utf-8")
    result = sender.send(url, body, headers)
    return DeliveryAttempt(delivery.id, number, now, result.status_code, result.error, result.duration_ms)


def deliveries(store: Store, user: User, limit: int = 100) -> list[DeliveryLog]:
    """The caller's member's deliveries, newest first, with every attempt."""
    with store.read() as tx:
        rows = tx.webhooks.deliveries(user.member, limit)
        attempts = tx.webhooks.attempts(d.id for d in rows)
    return [DeliveryLog(d, [a for a in attempts if a.delivery_id == d.id]) for d in rows]
