"""The alarm lifecycle (pure): raise or repeat, acknowledge, clear.

States follow ISA-18.2 in small::

    raised --ack--> acknowledged --clear--> cleared
    raised --condition ends--> cleared-unacknowledged --ack--> cleared
    raised --clear (by a person)--> cleared (the person acknowledged it too)

A condition seen again while its alarm is active (anything but ``cleared``)
updates that alarm (``count``, ``last_seen``, worst ``severity``) instead of
raising a new one; ``cleared-unacknowledged`` goes back to ``raised``. The key
is ``member/resource/signal/rule``.

Example:
    >>> from datetime import datetime, UTC, timedelta
    >>> t0 = datetime(2026, 3, 1, 8, tzinfo=UTC)
    >>> c = Condition("SUP-A", "PRESS-1", "temp_c", "temp-high", Severity.MAJOR, 91.0, t0, "temp_c 91 > 80")
    >>> a, kind = raise_one(None, c, "al-1")
    >>> kind, a.status.value
    ('raised', 'raised')
    >>> a, kind = raise_one(a, c.later(t0 + timedelta(minutes=1), 95.0), "al-2")
    >>> kind, a.id, a.count, a.value
    ('repeated', 'al-1', 2, 95.0)
    >>> acknowledge(a, "kim", t0 + timedelta(minutes=3)).status.value
    'acknowledged'
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from onefactory.model import Alarm, AlarmStatus, InvalidData, InvalidTransition, MemberCode, ResourceCode, Severity

SEVERITY_RANK = {s: i for i, s in enumerate(Severity)}
OPEN = frozenset({AlarmStatus.RAISED, AlarmStatus.CLEARED_UNACKNOWLEDGED})  # waiting for an acknowledgement


@dataclass(frozen=True, slots=True)
class Condition:
    """What a rule saw on one signal at one time."""

    member: str
    resource: str
    signal: str
    rule: str
    severity: Severity
    value: float
    at: datetime
    message: str = ""

    def __post_init__(self) -> None:
        if self.at.tzinfo is None:
            raise InvalidData(f"condition time must be timezone-aware, got {self.at}", field="at")
        object.__setattr__(self, "severity", Severity(self.severity))

    @property
    def key(self) -> str:
        """The deduplication key, as :attr:`Alarm.dedup_key`."""
        return dedup_key(self.member, self.resource, self.signal, self.rule)

    def later(self, at: datetime, value: float) -> Condition:
        """The same condition seen again."""
        return replace(self, at=at, value=value)


def dedup_key(member: str, resource: str, signal: str, rule: str) -> str:
    """``member/resource/signal/rule``."""
    return "/".join((member, resource, signal, rule))


def worse(a: Severity, b: Severity) -> Severity:
    """The more severe of two severities."""
    return a if SEVERITY_RANK[a] >= SEVERITY_RANK[b] else b


def raise_one(
    active: Alarm | None, condition: Condition, new_id: str, recorded_at: datetime | None = None
) -> tuple[Alarm, str]:
    """The alarm after ``condition``: a new one (``'raised'``), or ``active`` repeated
    (``'repeated'``, or ``'re-raised'`` when it had cleared unacknowledged).

    A new alarm is ``raised_at`` the condition's time and ``recorded_at`` the given
    platform time (the condition's time when not given)."""
    if active is None or not active.active:
        return _new(condition, new_id, recorded_at or condition.at), "raised"
    if active.dedup_key != condition.key:
        raise InvalidData(f"condition {condition.key} does not belong to alarm {active.id} ({active.dedup_key})")
    back = active.status is AlarmStatus.CLEARED_UNACKNOWLEDGED
    updated = replace(
        active,
        count=active.count + 1,
        last_seen=max(condition.at, active.last_seen or condition.at),
        value=condition.value,
        severity=worse(active.severity, condition.severity),
        status=AlarmStatus.RAISED if back else active.status,
        cleared_at=None if back else active.cleared_at,
    )
    return updated, "re-raised" if back else "repeated"


def seen_again(alarm: Alarm, at: datetime, value: float) -> Alarm | None:
    """``alarm`` moved on to a later abnormal reading of its condition (``last_seen``, ``value``),
    or None when the reading is not later than the last one seen."""
    if alarm.last_seen is not None and at <= alarm.last_seen:
        return None
    return replace(alarm, last_seen=at, value=value)


def _new(c: Condition, new_id: str, recorded_at: datetime) -> Alarm:
    return Alarm(
        new_id,
        MemberCode(c.member),
        ResourceCode(c.resource),
        c.rule,
        c.severity,
        AlarmStatus.RAISED,
        c.at,
        c.message,
        c.signal,
        rule=c.rule,
        last_seen=c.at,
        value=c.value,
        recorded_at=recorded_at,
    )


def acknowledge(alarm: Alarm, by: str, at: datetime) -> Alarm:
    """A person saw it: raised -> acknowledged, cleared-unacknowledged -> cleared."""
    if alarm.status not in OPEN:
        raise InvalidTransition(f"alarm {alarm.id} is {alarm.status.value}, not waiting for an acknowledgement")
    status = AlarmStatus.ACKNOWLEDGED if alarm.status is AlarmStatus.RAISED else AlarmStatus.CLEARED
    return replace(alarm, status=status, acknowledged_at=at, acknowledged_by=by)


def clear(alarm: Alarm, by: str, at: datetime) -> Alarm:
    """A person closes it (acknowledging it if nobody had)."""
    if alarm.status is AlarmStatus.CLEARED:
        raise InvalidTransition(f"alarm {alarm.id} is already cleared")
    acked_at = alarm.acknowledged_at or at
    return replace(
        alarm,
        status=AlarmStatus.CLEARED,
        cleared_at=alarm.cleared_at or at,
        acknowledged_at=acked_at,
        acknowledged_by=alarm.acknowledged_by or by,
    )


def condition_ended(alarm: Alarm, at: datetime) -> Alarm | None:
    """The signal is back to normal: acknowledged -> cleared, raised -> cleared-unacknowledged;
    None when there is nothing to change."""
    if alarm.status is AlarmStatus.ACKNOWLEDGED:
        return replace(alarm, status=AlarmStatus.CLEARED, cleared_at=at)
    if alarm.status is AlarmStatus.RAISED:
        return replace(alarm, status=AlarmStatus.CLEARED_UNACKNOWLEDGED, cleared_at=at)
    return None
