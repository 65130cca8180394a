"""Machine telemetry, alarms, quality results and notifications."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from .errors import InvalidData
from .ids import ItemCode, MemberCode, ResourceCode


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

    def __post_init__(self) -> None:
        object.__setattr__(self, "severity", Severity(self.severity))
        object.__setattr__(self, "status", AlarmStatus(self.status))


@dataclass(frozen=True, slots=True)
class InspectionResult:
    """A measured quality characteristic of a lot."""

    member: MemberCode
    item: ItemCode
    lot: str
    characteristic: str
    value: Decimal
    at: datetime
    lsl: Decimal | None = None
    usl: Decimal | None = None

    @property
    def passed(self) -> bool:
        """Inside the specification limits that are set."""
        low_ok = self.lsl is None or self.value >= self.lsl
        return low_ok and (self.usl is None or self.value <= self.usl)


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
