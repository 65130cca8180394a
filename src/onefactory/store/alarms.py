"""Alarms with their history, escalations and order risk marks; webhook subscriptions,
deliveries and attempts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select, update

from onefactory.model import (
    Alarm,
    AlarmEvent,
    AlarmStatus,
    DeliveryAttempt,
    DeliveryStatus,
    Escalation,
    NotFound,
    RiskMark,
    WebhookDelivery,
    WebhookSubscription,
)

from ._repo import Repo, from_rows, to_row
from .schema import (
    alarm_escalations,
    alarm_events,
    alarms,
    order_risks,
    webhook_attempts,
    webhook_deliveries,
    webhook_subscriptions,
)


class Alarms(Repo):
    """Alarms raised on resources: add, find by id or dedup key, save a new state."""

    def add(self, alarm: Alarm) -> None:
        """Store a new alarm."""
        self._insert_many(alarms, [{**to_row(alarm), "severity": alarm.severity.value, "status": alarm.status.value}])

    def of(self, member: str | None) -> list[Alarm]:
        """Alarms of a member (all if None), newest first."""
        stmt = select(alarms).order_by(alarms.c.raised_at.desc())
        if member is not None:
            stmt = stmt.where(alarms.c.member == member)
        return from_rows(Alarm, self.conn.execute(stmt).mappings())

    def get(self, alarm_id: str) -> Alarm:
        """One alarm; NotFound if there is none."""
        rows = self._select(alarms, id=alarm_id)
        if not rows:
            raise NotFound(f"no alarm {alarm_id!r}")
        return from_rows(Alarm, rows)[0]

    def ids_like(self, alarm: Alarm) -> set[str]:
        """Ids of every alarm, past or present, with ``alarm``'s dedup key (its rule, else its kind)."""
        t = alarms
        stmt = select(t.c.id, t.c.rule, t.c.kind).where(
            t.c.member == alarm.member, t.c.resource == alarm.resource, t.c.signal == alarm.signal
        )
        wanted = alarm.rule or alarm.kind
        return {row.id for row in self.conn.execute(stmt) if (row.rule or row.kind) == wanted}

    def active_for(self, member: str, resource: str, signal: str, rule: str) -> Alarm | None:
        """The alarm with this dedup key that is not cleared, if any."""
        stmt = select(alarms).where(
            alarms.c.member == member,
            alarms.c.resource == resource,
            alarms.c.signal == signal,
            alarms.c.rule == rule,
            alarms.c.status != AlarmStatus.CLEARED.value,
        )
        found = from_rows(Alarm, self.conn.execute(stmt.order_by(alarms.c.raised_at.desc()).limit(1)).mappings())
        return found[0] if found else None

    def active_of(self, member: str, resources: Iterable[str]) -> dict[tuple[str, str, str], Alarm]:
        """The alarms of ``member`` on ``resources`` that are not cleared, by ``(resource, signal,
        rule)`` (the newest raised where a key has more than one), in one query."""
        wanted = sorted(set(resources))
        if not wanted:
            return {}
        t = alarms
        stmt = select(t).where(t.c.member == member, t.c.resource.in_(wanted), t.c.status != AlarmStatus.CLEARED.value)
        found: dict[tuple[str, str, str], Alarm] = {}
        for alarm in from_rows(Alarm, self.conn.execute(stmt.order_by(t.c.raised_at)).mappings()):
            found[(alarm.resource, alarm.signal, alarm.rule or "")] = alarm  # the newest last
        return found

    def move_seen(self, moved: Sequence[Alarm]) -> None:
        """Write the ``last_seen`` and ``value`` of alarms that exist, in one statement."""
        if moved:
            stmt = update(alarms).where(alarms.c.id == bindparam("b_id"))
            stmt = stmt.values(last_seen=bindparam("b_seen"), value=bindparam("b_value"))
            self.conn.execute(stmt, [{"b_id": a.id, "b_seen": a.last_seen, "b_value": a.value} for a in moved])

    def save(self, alarm: Alarm) -> None:
        """Write the alarm's current state (it must exist)."""
        row = {**to_row(alarm), "severity": alarm.severity.value, "status": alarm.status.value}
        res = self.conn.execute(update(alarms).where(alarms.c.id == alarm.id).values(**row))
        if res.rowcount != 1:
            raise NotFound(f"no alarm {alarm.id!r}")

    def open(self) -> list[Alarm]:
        """Alarms not yet both acknowledged and cleared, oldest first (for the escalation tick)."""
        stmt = select(alarms).where(alarms.c.status != AlarmStatus.CLEARED.value).order_by(alarms.c.raised_at)
        return from_rows(Alarm, self.conn.execute(stmt).mappings())

    def many(self, ids: Iterable[str]) -> list[Alarm]:
        """Alarms by id, newest first (unknown ids are left out)."""
        wanted = sorted(set(ids))
        if not wanted:
            return []
        stmt = select(alarms).where(alarms.c.id.in_(wanted)).order_by(alarms.c.raised_at.desc())
        return from_rows(Alarm, self.conn.execute(stmt).mappings())


class AlarmEvents(Repo):
    """The append-only history of each alarm."""

    def append_many(self, events: Sequence[AlarmEvent]) -> int:
        """Record events."""
        return self._insert_many(alarm_events, [to_row(e) for e in events])

    def of(self, alarm_id: str) -> list[AlarmEvent]:
        """An alarm's history, oldest first."""
        stmt = select(alarm_events).where(alarm_events.c.alarm_id == alarm_id).order_by(alarm_events.c.id)
        return from_rows(AlarmEvent, self.conn.execute(stmt).mappings())


class Escalations(Repo):
    """Escalation steps that fired."""

    def add_many(self, rows: Sequence[Escalation]) -> int:
        """Record fired steps."""
        return self._insert_many(alarm_escalations, [to_row(e) for e in rows])

    def of(self, alarm_ids: Iterable[str]) -> list[Escalation]:
        """Fired steps of these alarms, in firing order."""
        ids = sorted(set(alarm_ids))
        if not ids:
            return []
        stmt = select(alarm_escalations).where(alarm_escalations.c.alarm_id.in_(ids))
        rows = self.conn.execute(stmt.order_by(alarm_escalations.c.fired_at, alarm_escalations.c.step)).mappings()
        return from_rows(Escalation, rows)


class RiskMarks(Repo):
    """Shared orders marked at risk by alarms."""

    def add_new(self, marks: Sequence[RiskMark]) -> list[RiskMark]:
        """Store marks not stored before (same order and alarm); returns the new ones."""
        if not marks:
            return []
        alarm_ids = {m.alarm_id for m in marks}
        stmt = select(order_risks.c.order_id, order_risks.c.alarm_id).where(order_risks.c.alarm_id.in_(alarm_ids))
        have = {(o, a) for o, a in self.conn.execute(stmt)}
        new = [m for m in marks if (m.order_id, m.alarm_id) not in have]
        self._insert_many(order_risks, [to_row(m) for m in new])
        return new

    def of_alarm(self, alarm_id: str) -> list[RiskMark]:
        """Orders an alarm put at risk, nearest first."""
        stmt = select(order_risks).where(order_risks.c.alarm_id == alarm_id).order_by(order_risks.c.depth)
        return from_rows(RiskMark, self.conn.execute(stmt).mappings())

    def of_order(self, order_id: str, *, current: bool = False) -> list[RiskMark]:
        """Alarms marking an order (only those not cleared when ``current``)."""
        stmt = select(order_risks).where(order_risks.c.order_id == order_id)
        if current:
            stmt = stmt.where(order_risks.c.cleared_at.is_(None))
        return from_rows(RiskMark, self.conn.execute(stmt.order_by(order_risks.c.marked_at)).mappings())

    def at_risk_orders(self) -> dict[str, int]:
        """Order id -> number of current marks, for lists."""
        stmt = (
            select(order_risks.c.order_id, func.count())
            .where(order_risks.c.cleared_at.is_(None))
            .group_by(order_risks.c.order_id)
        )
        return {o: int(n) for o, n in self.conn.execute(stmt)}

    def open_counts(self, alarm_ids: Iterable[str]) -> dict[str, int]:
        """Alarm id -> number of orders it holds at risk now (one query)."""
        ids = sorted(set(alarm_ids))
        if not ids:
            return {}
        stmt = (
            select(order_risks.c.alarm_id, func.count())
            .where(order_risks.c.alarm_id.in_(ids), order_risks.c.cleared_at.is_(None))
            .group_by(order_risks.c.alarm_id)
        )
        return {a: int(n) for a, n in self.conn.execute(stmt)}

    def clear_alarm(self, alarm_id: str, at: datetime) -> int:
        """End the marks of a cleared alarm."""
        res = self.conn.execute(
            update(order_risks)
            .where(order_risks.c.alarm_id == alarm_id, order_risks.c.cleared_at.is_(None))
            .values(cleared_at=at)
        )
        return int(res.rowcount)


class Webhooks(Repo):
    """Subscriptions, deliveries (an outbox) and every attempt."""

    def add_subscription(self, sub: WebhookSubscription) -> None:
        """Store a subscription."""
        self._insert_many(webhook_subscriptions, [{**to_row(sub), "events": list(sub.events)}])

    def subscriptions(self, member: str | None) -> list[WebhookSubscription]:
        """Subscriptions of a member (all if None), oldest first."""
        stmt = select(webhook_subscriptions).order_by(webhook_subscriptions.c.created_at)
        if member is not None:
            stmt = stmt.where(webhook_subscriptions.c.member == member)
        return from_rows(WebhookSubscription, self.conn.execute(stmt).mappings())

    def set_active(self, sub_id: str, member: str, active: bool) -> None:
        """Switch one of a member's subscriptions on or off."""
        res = self.conn.execute(
            update(webhook_subscriptions)
            .where(webhook_subscriptions.c.id == sub_id, webhook_subscriptions.c.member == member)
            .values(active=active)
        )
        if res.rowcount != 1:
            raise NotFound(f"no webhook subscription {sub_id!r} of {member}")

    def enqueue(self, deliveries: Sequence[WebhookDelivery]) -> int:
        """Store deliveries to send (before any attempt: at least once survives a restart)."""
        return self._insert_many(webhook_deliveries, [_delivery_row(d) for d in deliveries])

    def due(self, now: datetime, limit: int = 50) -> list[tuple[WebhookDelivery, str]]:
        """Pending deliveries whose next attempt is due, with their subscription's URL."""
        d, s = webhook_deliveries, webhook_subscriptions
        stmt = (
            select(d, s.c.url)
            .join(s, s.c.id == d.c.subscription_id)
            .where(d.c.status == DeliveryStatus.PENDING.value, d.c.next_attempt_at <= now)
            .order_by(d.c.next_attempt_at)
            .limit(limit)
        )
        rows = list(self.conn.execute(stmt).mappings())
        return [(from_rows(WebhookDelivery, [r])[0], str(r["url"])) for r in rows]

    def record(self, delivery: WebhookDelivery, attempt: DeliveryAttempt) -> None:
        """Save an attempt and the delivery's new state together."""
        self._insert_many(webhook_attempts, [to_row(attempt)])
        row = _delivery_row(delivery)
        self.conn.execute(update(webhook_deliveries).where(webhook_deliveries.c.id == delivery.id).values(**row))

    def deliveries(self, member: str, limit: int = 100) -> list[WebhookDelivery]:
        """A member's deliveries, newest first."""
        stmt = (
            select(webhook_deliveries)
            .where(webhook_deliveries.c.member == member)
            .order_by(webhook_deliveries.c.created_at.desc(), webhook_deliveries.c.id)
            .limit(limit)
        )
        return from_rows(WebhookDelivery, self.conn.execute(stmt).mappings())

    def attempts(self, delivery_ids: Iterable[str]) -> list[DeliveryAttempt]:
        """Attempts of these deliveries, in order."""
        ids = sorted(set(delivery_ids))
        if not ids:
            return []
        stmt = select(webhook_attempts).where(webhook_attempts.c.delivery_id.in_(ids))
        rows = self.conn.execute(stmt.order_by(webhook_attempts.c.delivery_id, webhook_attempts.c.attempt))
        return from_rows(DeliveryAttempt, rows.mappings())


def _delivery_row(d: WebhookDelivery) -> dict[str, Any]:
    return {**to_row(d), "status": d.status.value}
