"""Escalation policies (pure): who is told next when an alarm waits too long.

A policy is an ordered list of steps. Step ``i`` fires once, when its alarm has
gone ``after_min`` minutes since the platform recorded it (``recorded_at``, not the
data's own ``raised_at``: backfilled data raises alarms dated hours back, and
nobody could have answered them before they existed) without the awaited answer:
``until="ack"`` waits for an acknowledgement (escalation by missing
acknowledgement), ``until="clear"`` for the alarm to be cleared (escalation by
time). Targets may cross companies: ``@owner`` is the member whose machine
raised the alarm, ``@customer`` the buyers of the orders it put at risk, and
any other text is a member code.

Example:
    >>> from datetime import datetime, UTC, timedelta
    >>> from onefactory.model import Alarm
    >>> t0 = datetime(2026, 3, 1, 8, tzinfo=UTC)
    >>> a = Alarm("al-1", "SUP-A", "PRESS-1", "temp-high", "major", "raised", t0)
    >>> [s.role for s in due_steps(a, DEFAULT_POLICY, set(), t0 + timedelta(minutes=16))]
    ['operator', 'manager']
    >>> due_steps(a, DEFAULT_POLICY, {0, 1}, t0 + timedelta(minutes=16))
    []
    >>> t2 = t0 + timedelta(hours=2)  # an alarm on two-hour-old data, recorded now
    >>> late = Alarm("al-2", "SUP-A", "PRESS-1", "temp-high", "major", "raised", t0, recorded_at=t2)
    >>> [s.role for s in due_steps(late, DEFAULT_POLICY, set(), t2 + timedelta(minutes=1))]
    ['operator']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from onefactory.model import Alarm, AlarmStatus, InvalidData

from .alarms import OPEN

OWNER = "@owner"
CUSTOMER = "@customer"


@dataclass(frozen=True, slots=True)
class EscalationStep:
    """After ``after_min`` minutes without ``until``, notify ``role`` at ``target``."""

    after_min: float
    target: str
    role: str
    until: Literal["ack", "clear"] = "ack"

    def __post_init__(self) -> None:
        if self.after_min < 0:
            raise InvalidData(f"escalation after_min must be >= 0, got {self.after_min}", field="after_min")
        if self.until not in ("ack", "clear"):
            raise InvalidData(f"escalation until must be 'ack' or 'clear', got {self.until!r}", field="until")
        if not self.target or not self.role:
            raise InvalidData("an escalation step needs a target and a role", field="target")

    def waiting(self, alarm: Alarm) -> bool:
        """True while the alarm still lacks what this step waits for."""
        if self.until == "ack":
            return alarm.status in OPEN
        return alarm.status is not AlarmStatus.CLEARED


@dataclass(frozen=True, slots=True)
class EscalationPolicy:
    """Ordered escalation steps."""

    steps: tuple[EscalationStep, ...]

    def __post_init__(self) -> None:
        times = [s.after_min for s in self.steps]
        if times != sorted(times):
            raise InvalidData(f"escalation steps must be in time order, got minutes {times}", field="steps")


DEFAULT_POLICY = EscalationPolicy(
    (
        EscalationStep(0, OWNER, "operator"),
        EscalationStep(15, OWNER, "manager"),
        EscalationStep(30, CUSTOMER, "quality-engineer"),
        EscalationStep(240, CUSTOMER, "quality-engineer", until="clear"),
    )
)


def due_steps(alarm: Alarm, policy: EscalationPolicy, fired: set[int], now: datetime) -> list[EscalationStep]:
    """Steps that must fire now: time is up, the answer is missing, not fired before."""
    return [policy.steps[i] for i in due_indexes(alarm, policy, fired, now)]


def due_indexes(alarm: Alarm, policy: EscalationPolicy, fired: set[int], now: datetime) -> list[int]:
    """Like :func:`due_steps`, as step numbers."""
    return [i for i, step in enumerate(policy.steps) if i not in fired and _due(alarm, step, now)]


def _due(alarm: Alarm, step: EscalationStep, now: datetime) -> bool:
    recorded_at = alarm.recorded_at or alarm.raised_at
    return step.waiting(alarm) and now - recorded_at >= timedelta(minutes=step.after_min)


def resolve_targets(step: EscalationStep, owner: str, customers: Iterable[str]) -> list[str]:
    """Member codes a step notifies (``@customer`` may be none: nothing at risk yet)."""
    if step.target == OWNER:
        return [owner]
    if step.target == CUSTOMER:
        return sorted(set(customers) - {owner})
    return [step.target]


def policy_from_rows(rows: Sequence[dict[str, object]]) -> EscalationPolicy:
    """A policy from ``[{"after_min": 15, "target": "@owner", "role": "manager", "until": "ack"}, ...]``."""
    return EscalationPolicy(tuple(_step(n, row) for n, row in enumerate(rows, 1)))


def _step(n: int, row: dict[str, object]) -> EscalationStep:
    missing = [k for k in ("after_min", "target", "role") if k not in row]
    if missing:
        raise InvalidData(f"escalation step {n} lacks {missing[0]!r}", field=missing[0])
    try:
        after = float(str(row["after_min"]))
    except ValueError:
        raise InvalidData(f"escalation step {n}: after_min must be a number, got {row['after_min']!r}") from None
    until = str(row.get("until", "ack"))
    return EscalationStep(after, str(row["target"]), str(row["role"]), until)  # type: ignore[arg-type]
