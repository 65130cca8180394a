"""Reading alarms under data sovereignty.

A member sees its own alarms. Another member sees them under a telemetry grant,
or, without one, only the alarms named by the disruption and escalation notices
it received and those marking its own orders at risk. Every read of another
member's alarm is written to that member's access log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from onefactory.exchange import reading_basis
from onefactory.model import (
    AccessLogEntry,
    Alarm,
    AlarmEvent,
    DataScope,
    Escalation,
    NotFound,
    RiskMark,
    User,
    UserRole,
)
from onefactory.store import Store, Unit

SPC_RULE = "spc"
"""The rule of alarms raised by control charts: their ``resource`` holds the item, ``signal`` the characteristic."""


@dataclass(frozen=True, slots=True)
class Place:
    """Where an alarm is, column by column: "" when not known or not applicable."""

    resource: str = ""
    signal: str = ""
    item: str = ""
    characteristic: str = ""


@dataclass(frozen=True, slots=True)
class AlarmRow:
    """An alarm in a list, with its escalation state, how many orders it holds at risk and its place."""

    alarm: Alarm
    escalations: list[Escalation]
    orders_at_risk: int
    place: Place = Place()


@dataclass(frozen=True, slots=True)
class AlarmDetail:
    """One alarm with its history, escalations and the risk marks the reader may see."""

    alarm: Alarm
    events: list[AlarmEvent]
    escalations: list[Escalation]
    risks: list[RiskMark]


def _noticed(tx: Unit, member: str) -> set[str]:
    """Alarm ids named in notices the member received."""
    return {n.refs["alarm"] for n in tx.notifications.for_member(member) if n.recipient == member and "alarm" in n.refs}


def _basis(tx: Unit, user: User, alarm: Alarm, noticed: set[str]) -> str | None:
    basis = reading_basis(user, alarm.member, DataScope.TELEMETRY, tx.grants.active())
    if basis is not None and basis != "cluster-operator":
        return basis
    if alarm.id in noticed:
        return "disruption-notice"
    return basis


def _log(tx: Unit, user: User, reads: list[tuple[Alarm, str]], now: datetime) -> None:
    entries = [
        AccessLogEntry(a.member, user.member, user.id, f"alarm {a.id}", basis, now)
        for a, basis in reads
        if basis != "own"
    ]
    if entries:
        tx.access_log.append_many(entries)


def visible_alarms(store: Store, user: User, now: datetime, status: str | None = None) -> list[AlarmRow]:
    """Alarms the caller may see, newest first, optionally of one status (reads are logged)."""
    with store.write() as tx:
        noticed = _noticed(tx, user.member)
        everyone = user.role is UserRole.CLUSTER_OPERATOR
        candidates = tx.alarms.of(None) if everyone or _has_grants(tx, user) else _own_and(tx, user, noticed)
        reads = [(a, b) for a in candidates if (b := _basis(tx, user, a, noticed)) is not None]
        reads = [(a, b) for a, b in reads if status is None or a.status.value == status]
        _log(tx, user, reads, now)
        return alarm_rows(tx, [a for a, _ in reads])


def alarm_rows(tx: Unit, alarms: list[Alarm]) -> list[AlarmRow]:
    """Each alarm with its fired escalations and how many orders it holds at risk now; every
    view listing alarms builds its rows here, so they agree."""
    ids = [a.id for a in alarms]
    escalations = tx.escalations.of(ids)
    counts = tx.risks.open_counts(ids)
    places = _places(tx, alarms)
    return [
        AlarmRow(a, [e for e in escalations if e.alarm_id == a.id], counts.get(a.id, 0), places[a.id]) for a in alarms
    ]


def _places(tx: Unit, alarms: list[Alarm]) -> dict[str, Place]:
    """A telemetry alarm is on its resource and signal. A control-chart alarm is on an item and
    characteristic; its resource is the one that made the lot of its latest signal, when that lot
    is a production order with a resource."""
    spc = [a for a in alarms if a.rule == SPC_RULE]
    lots = tx.control_signals.last_lots([a.id for a in spc]) if spc else {}
    made_on = {(p.member, p.code): p.resource or "" for m in {a.member for a in spc} for p in tx.production.of(m)}
    places = {a.id: Place(a.resource, a.signal) for a in alarms if a.rule != SPC_RULE}
    for a in spc:
        resource = made_on.get((a.member, lots.get(a.id, "")), "")
        places[a.id] = Place(resource, item=a.resource, characteristic=a.signal)
    return places


def row_of(store: Store, alarm: Alarm) -> AlarmRow:
    """``alarm`` as the alarm list shows it (after the owner acknowledged or cleared it)."""
    with store.read() as tx:
        return alarm_rows(tx, [alarm])[0]


def _has_grants(tx: Unit, user: User) -> bool:
    return any(g.covers(user.member, DataScope.TELEMETRY) for g in tx.grants.active())


def _own_and(tx: Unit, user: User, noticed: set[str]) -> list[Alarm]:
    own = tx.alarms.of(user.member)
    others = [a for a in tx.alarms.many(noticed) if a.member != user.member]
    return sorted(own + others, key=lambda a: a.raised_at, reverse=True)


def alarm_detail(store: Store, user: User, alarm_id: str, now: datetime) -> AlarmDetail:
    """One alarm if the caller may see it (NotFound otherwise, so its existence is not told)."""
    with store.write() as tx:
        alarm = tx.alarms.get(alarm_id)
        basis = _basis(tx, user, alarm, _noticed(tx, user.member))
        if basis is None:
            raise NotFound(f"no alarm {alarm_id!r}")
        _log(tx, user, [(alarm, basis)], now)
        risks = tx.risks.of_alarm(alarm_id)
        if basis == "disruption-notice":
            risks = [m for m in risks if user.member in (m.buyer, m.seller)]
        return AlarmDetail(alarm, tx.alarm_events.of(alarm_id), tx.escalations.of([alarm_id]), risks)


def order_alarms(store: Store, user: User, order_id: str, now: datetime) -> list[tuple[RiskMark, AlarmRow]]:
    """Alarms putting an order at risk, as the same rows as ``visible_alarms``, for its buyer
    and seller (reads of others' alarms are logged)."""
    with store.write() as tx:
        if user.member not in tx.orders.parties(order_id) and user.role is not UserRole.CLUSTER_OPERATOR:
            raise NotFound(f"no order {order_id!r}")
        marks = tx.risks.of_order(order_id)
        rows = {r.alarm.id: r for r in alarm_rows(tx, tx.alarms.many(m.alarm_id for m in marks))}
        pairs = [(m, rows[m.alarm_id]) for m in marks if m.alarm_id in rows]
        _log(tx, user, [(r.alarm, f"order-at-risk:{order_id}") for _, r in pairs], now)
    return pairs


def at_risk_orders(store: Store) -> dict[str, int]:
    """Order id -> number of alarms currently putting it at risk (for order lists)."""
    with store.read() as tx:
        return tx.risks.at_risk_orders()
