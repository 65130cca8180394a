"""Machine telemetry, alarms and notifications (inspection results are in ``quality``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from .errors import InvalidData
from .ids import MemberCode, ResourceCode


@dataclass(frozen=True, slots=True)
class Reading:
    """One sample of one signal of a resource, at an aware UTC time."""

    member: MemberCode
    resource: ResourceCode
    signal: str
    ts: datetime
    value: float
    site: str = ""

    def __post_init__(self) -> None:
        if self.ts.tzinfo is None:
            raise InvalidData(f"reading time must be timezone-aware, got {self.ts}", field="ts")
        if self.value != self.value or self.value in (float("inf"), float("-inf")):
            raise InvalidData(f"reading value must be finite, got {self.value}", field="value")


class Severity(StrEnum):
    """How bad an alarm is."""

    WARNING = "warning"
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"


class AlarmStatus(StrEnum):
    """Alarm lifecycle."""

    RAISED = "raised"
    ACKNOWLEDGED = "acknowledged"
    CLEARED = "cleared"
    CLEARED_UNACKNOWLEDGED = "cleared-unacknowledged"  # the condition ended before anyone acknowledged


@dataclass(frozen=True, slots=True)
class Alarm:
    """A condition on a resource that needs attention."""

    id: str
    member: MemberCode
    resource: ResourceCode
    kind: str
    severity: Severity
    status: AlarmStatus
    raised_at: datetime
    message: str = ""
    signal: str = ""
    rule: str = ""
    count: int = 1
    last_seen: datetime | None = None
    value: float | None = None
    acknowledged_at: datetime | None = None
    acknowledged_by: str = ""
    cleared_at: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "severity", Severity(self.severity))
        object.__setattr__(self, "status", AlarmStatus(self.status))
        if self.count < 1:
            raise InvalidData(f"alarm count must be >= 1, got {self.count}", field="count")

    @property
    def dedup_key(self) -> str:
        """member/resource/signal/rule: a repeat of the condition updates this alarm instead of adding one."""
        return "/".join((self.member, self.resource, self.signal, self.rule or self.kind))

    @property
    def active(self) -> bool:
        """Not both cleared and acknowledged (a repeat of its condition counts on it)."""
        return self.status is not AlarmStatus.CLEARED


class NotificationStatus(StrEnum):
    """Notification lifecycle seen by its recipient."""

    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class Notification:
    """A message from one member to another (quality notice, disruption notice)."""

    id: str
    sender: MemberCode
    recipient: MemberCode
    kind: str
    subject: str
    created_at: datetime
    body: str = ""
    status: NotificationStatus = NotificationStatus.OPEN
    refs: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", NotificationStatus(self.status))
