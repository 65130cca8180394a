"""Alarm use cases: raise from detected conditions, acknowledge, clear, escalate,
and carry an alarm to the orders and customers it concerns.

- ``record_changes``: conditions and their ends from the monitor's rules become
  alarms (deduplicated by ``member/resource/signal/rule``); a new alarm marks the
  orders it reaches at risk (``exchange.risk``) and sends each of their buyers a
  disruption notice, which the buyer acknowledges and closes like any notice.
- ``acknowledge`` / ``clear``: by a user of the alarm's member.
- ``escalate_due``: the escalation tick (``monitor.escalation``), with the clock
  passed in; each fired step is a notification to the target member, recorded
  once, and a webhook for that member's subscriptions.

Every change is an ``AlarmEvent`` and, for subscribed members, a webhook
delivery written in the same transaction (see ``webhooks``).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from onefactory.exchange.risk import orders_at_risk
from onefactory.model import (
    Alarm,
    AlarmEvent,
    AlarmStatus,
    Escalation,
    Forbidden,
    MemberCode,
    Notification,
    ProductionOrder,
    RiskMark,
    SharedOrder,
    User,
)
from onefactory.monitor import alarms as lifecycle
from onefactory.monitor.alarms import Condition
from onefactory.monitor.escalation import DEFAULT_POLICY, EscalationPolicy, due_indexes, resolve_targets
from onefactory.monitor.rules import Ended, Seen
from onefactory.store import Store, Unit

from . import webhooks
from .access import require_write

MONITOR = "monitor"  # the actor of changes the platform makes by itself
ORDER_LIMIT = 100_000


@dataclass(frozen=True, slots=True)
class Change:
    """What happened to an alarm: raised, repeated, re-raised, condition-ended, acknowledged, cleared."""

    alarm: Alarm
    kind: str


def new_id(prefix: str) -> str:
    """A fresh record id like ``al-3f9c0a51d2e4b7a8``."""
    return f"{prefix}-{secrets.token_hex(8)}"


def record_changes(store: Store, changes: Sequence[Condition | Ended], now: datetime) -> list[Change]:
    """Apply the monitor's conditions and ends in one transaction; unknown members are skipped."""
    out: list[Change] = []
    with store.write() as tx:
        reach = _Reach(tx)
        for change in changes:
            if not reach.known(change.member):
                continue
            done = _condition(tx, change, now, reach) if isinstance(change, Condition) else _ended(tx, change)
            if done is not None:
                out.append(done)
    return out


def record_seen(store: Store, seen: Sequence[Seen]) -> int:
    """Move each active alarm's ``last_seen`` and ``value`` on to its condition's latest abnormal
    reading, in one transaction; returns how many alarms moved."""
    by_member: dict[str, list[Seen]] = {}
    for s in seen:  # one per condition with a new abnormal reading in the batch, not one per reading
        by_member.setdefault(s.member, []).append(s)
    moved: list[Alarm] = []
    with store.write() as tx:
        for member, its in by_member.items():
            active = tx.alarms.active_of(member, (s.resource for s in its))
            for s in its:
                alarm = active.get((s.resource, s.signal, s.rule))
                later = lifecycle.seen_again(alarm, s.at, s.value) if alarm is not None else None
                if later is not None:
                    moved.append(later)
        tx.alarms.move_seen(moved)
    return len(moved)


class _Reach:
    """What the alarms of one transaction read once: which members exist, every order, and
    each member's production orders (nothing in the loop changes them)."""

    def __init__(self, tx: Unit) -> None:
        self.tx = tx
        self._members: dict[str, bool] = {}
        self._production: dict[str, list[ProductionOrder]] = {}
        self._orders: list[SharedOrder] | None = None

    def known(self, member: str) -> bool:
        if member not in self._members:
            self._members[member] = self.tx.members.find(member) is not None
        return self._members[member]

    def production(self, member: str) -> list[ProductionOrder]:
        if member not in self._production:
            self._production[member] = self.tx.production.of(member=member)
        return self._production[member]

    def orders(self) -> list[SharedOrder]:
        if self._orders is None:
            self._orders = self.tx.orders.of_member(None, limit=ORDER_LIMIT)
        return self._orders


def raise_condition(tx: Unit, c: Condition, now: datetime) -> tuple[Alarm, str]:
    """Raise ``c`` as a new alarm recorded at ``now``, or fold it into the active alarm of
    its key; returns the alarm and what happened (``raised``, ``repeated``, ...)."""
    active = tx.alarms.active_for(c.member, c.resource, c.signal, c.rule)
    alarm, kind = lifecycle.raise_one(active, c, new_id("al"), now)
    if kind == "raised":
        tx.alarms.add(alarm)
    else:
        tx.alarms.save(alarm)
    return alarm, kind


def _condition(tx: Unit, c: Condition, now: datetime, reach: _Reach) -> Change:
    alarm, kind = raise_condition(tx, c, now)
    _event(tx, alarm, kind, c.at, MONITOR, value=c.value, message=c.message, count=alarm.count)
    if kind != "repeated":
        webhooks.enqueue(tx, alarm.member, "alarm.raised", {"alarm": alarm_payload(alarm), "change": kind}, now)
        mark_at_risk(tx, alarm, now, reach)
    return Change(alarm, kind)


def _ended(tx: Unit, e: Ended) -> Change | None:
    active = tx.alarms.active_for(e.member, e.resource, e.signal, e.rule)
    ended = lifecycle.condition_ended(active, e.at) if active else None
    if ended is None:
        return None
    tx.alarms.save(ended)
    _event(tx, ended, "condition-ended", e.at, MONITOR, status=ended.status.value)
    if ended.status is AlarmStatus.CLEARED:
        tx.risks.clear_alarm(ended.id, e.at)
    return Change(ended, "condition-ended")


def mark_at_risk(tx: Unit, alarm: Alarm, now: datetime, reach: _Reach | None = None) -> list[RiskMark]:
    """Mark the orders the alarm reaches and send their buyers a disruption notice (each once)."""
    reach = reach or _Reach(tx)
    marks = tx.risks.add_new(orders_at_risk(alarm, reach.production(alarm.member), reach.orders(), now))
    told = _told_already(tx, alarm, {m.buyer for m in marks}) if marks else set()
    for mark in marks:
        if (mark.seller, mark.buyer, mark.order_id) in told:
            continue
        note = disruption_notice(alarm, mark, now)
        tx.notifications.add(note)
        payload = {"notice": note.id, "order": mark.order_id, "alarm": alarm.id, "subject": note.subject}
        webhooks.enqueue(tx, mark.buyer, "disruption.notice", payload, now)
    if marks:
        _event(tx, alarm, "orders-at-risk", now, MONITOR, orders=[m.order_id for m in marks])
    return marks


def _told_already(tx: Unit, alarm: Alarm, buyers: set[str]) -> set[tuple[str, str, str]]:
    """(seller, buyer, order) of every unclosed disruption notice the buyers hold about the same
    condition (an alarm raised again after it was cleared): those orders are marked at risk
    again, but their buyers are not told a second time until they close the first notice."""
    return {
        (note.sender, note.recipient, note.refs.get("order", ""))
        for note in unclosed_about(tx, alarm, sorted(buyers), "disruption")
    }


def unclosed_about(tx: Unit, alarm: Alarm, recipients: Sequence[str], kind: str) -> list[Notification]:
    """The ``kind`` notices the recipients have not closed about ``alarm``'s condition: this alarm
    or an earlier one of the same member, resource, signal and rule (cleared, then raised again).
    A recipient holding one is not told of the condition again until it closes it."""
    same = tx.alarms.ids_like(alarm)
    return [note for r in recipients for note in tx.notifications.unclosed(r, kind) if note.refs.get("alarm") in same]


def disruption_notice(alarm: Alarm, mark: RiskMark, now: datetime) -> Notification:
    """The notice the seller of an at-risk order sends its buyer (pure)."""
    if mark.depth == 0:
        subject = f"{mark.order_id} at risk: {alarm.severity.value} alarm on {alarm.resource} ({alarm.kind})"
    else:
        tiers = "tier" if mark.depth == 1 else "tiers"
        subject = f"{mark.order_id} at risk: {alarm.severity.value} alarm at a supplier {mark.depth} {tiers} below"
    refs = {"order": mark.order_id, "alarm": alarm.id, "depth": str(mark.depth), "via": mark.via}
    return Notification(new_id("nt"), mark.seller, mark.buyer, "disruption", subject, now, mark.reason, refs=refs)


def acknowledge(store: Store, user: User, alarm_id: str, now: datetime) -> Alarm:
    """A user of the alarm's member acknowledges it."""
    return _act(store, user, alarm_id, now, "acknowledged")


def clear(store: Store, user: User, alarm_id: str, now: datetime) -> Alarm:
    """A user of the alarm's member clears it (acknowledging it if nobody had); its risk marks end."""
    return _act(store, user, alarm_id, now, "cleared")


def _act(store: Store, user: User, alarm_id: str, now: datetime, kind: str) -> Alarm:
    require_write(user)
    with store.write() as tx:
        alarm = tx.alarms.get(alarm_id)
        if alarm.member != user.member:
            raise Forbidden(f"only {alarm.member} acts on its alarm {alarm_id}; {user.member} may not")
        new = (
            lifecycle.acknowledge(alarm, user.id, now)
            if kind == "acknowledged"
            else lifecycle.clear(alarm, user.id, now)
        )
        tx.alarms.save(new)
        _event(tx, new, kind, now, user.id, status=new.status.value)
        if new.status is AlarmStatus.CLEARED:
            tx.risks.clear_alarm(new.id, now)
        webhooks.enqueue(tx, new.member, f"alarm.{kind}", {"alarm": alarm_payload(new)}, now)
    return new


def escalate_due(store: Store, now: datetime, policy: EscalationPolicy = DEFAULT_POLICY) -> list[Escalation]:
    """Fire every escalation step that is due at ``now``; each (alarm, step, member) fires once."""
    fired_now: list[Escalation] = []
    with store.write() as tx:
        open_alarms = tx.alarms.open()
        history = tx.escalations.of(a.id for a in open_alarms)
        for alarm in open_alarms:
            fired = {e.step for e in history if e.alarm_id == alarm.id}
            for index in due_indexes(alarm, policy, fired, now):
                fired_now.extend(_fire(tx, alarm, policy, index, now))
    return fired_now


def backfill_escalations(
    tx: Unit, alarms: Sequence[Alarm], now: datetime, policy: EscalationPolicy = DEFAULT_POLICY
) -> list[Escalation]:
    """For alarms stored with a past (a loaded scenario), fire each step that fell due before
    ``now`` at the moment it fell due, as a running platform would have; the tick then fires
    only what falls due later, instead of every past step at once on the first start."""
    rows: list[Escalation] = []
    for alarm in alarms:
        start = alarm.recorded_at or alarm.raised_at
        for index in due_indexes(alarm, policy, set(), now):
            rows += _fire(tx, alarm, policy, index, start + timedelta(minutes=policy.steps[index].after_min))
    return rows


def _fire(tx: Unit, alarm: Alarm, policy: EscalationPolicy, index: int, now: datetime) -> list[Escalation]:
    step = policy.steps[index]
    customers = {m.buyer for m in tx.risks.of_alarm(alarm.id) if m.cleared_at is None}
    targets = resolve_targets(step, alarm.member, customers)
    waited = "acknowledgement" if step.until == "ack" else "clearing"
    reason = f"no {waited} after {step.after_min:g} min"
    rows = [Escalation(alarm.id, index, MemberCode(t), step.role, now, reason) for t in targets]
    tx.escalations.add_many(rows)
    for row in rows:
        subject = f"Escalation to {row.role}: {alarm.severity.value} alarm on {alarm.resource} ({alarm.kind}), {reason}"
        refs = {"alarm": alarm.id, "role": row.role, "step": str(index)}
        tx.notifications.add(
            Notification(new_id("nt"), alarm.member, row.member, "escalation", subject, now, alarm.message, refs=refs)
        )
        payload = {"alarm": alarm_payload(alarm), "step": index, "reason": reason}
        webhooks.enqueue(tx, row.member, "alarm.escalated", payload, now, role=row.role)
        _event(tx, alarm, "escalated", now, MONITOR, step=index, member=row.member, role=row.role)
    return rows


def _event(tx: Unit, alarm: Alarm, kind: str, at: datetime, actor: str, **detail: Any) -> None:
    tx.alarm_events.append_many([AlarmEvent(alarm.id, kind, at, actor, detail)])


def alarm_payload(alarm: Alarm) -> dict[str, Any]:
    """An alarm as plain JSON values (webhooks, MQTT forwarding)."""
    return {
        "id": alarm.id,
        "member": alarm.member,
        "resource": alarm.resource,
        "signal": alarm.signal,
        "rule": alarm.rule,
        "kind": alarm.kind,
        "severity": alarm.severity.value,
        "status": alarm.status.value,
        "raised_at": alarm.raised_at.isoformat(),
        "recorded_at": (alarm.recorded_at or alarm.raised_at).isoformat(),
        "count": alarm.count,
        "value": alarm.value,
        "message": alarm.message,
    }
