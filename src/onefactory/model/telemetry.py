"""Machine telemetry, alarms and notifications (inspection results are in ``quality``)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from .errors import InvalidData, InvalidTransition
from .ids import MemberCode, ResourceCode

VALUE_LIMIT = 1e300
"""The largest magnitude of a reading value. A minute's rollup sums its samples as floats, and
PostgreSQL refuses a float sum that overflows (with the whole batch of readings being written);
below this bound 10^8 samples of a minute sum to a finite float."""


def value_problem(value: float) -> str | None:
    """Why ``value`` cannot be a reading value, or None when it can.

    >>> value_problem(21.5), value_problem(float("nan")), value_problem(-1e301)
    (None, 'must be finite, got nan', 'must be within ±1e+300, got -1e+301')
    >>> value_problem(math.nextafter(VALUE_LIMIT, math.inf))  # the next float is named exactly
    'must be within ±1e+300, got 1.0000000000000002e+300'
    """
    if value != value or value in (math.inf, -math.inf):
        return f"must be finite, got {value}"
    if abs(value) > VALUE_LIMIT:
        return f"must be within ±{VALUE_LIMIT:g}, got {value!r}"
    return None


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
        if (problem := value_problem(self.value)) is not None:
            raise InvalidData(f"reading value {problem}", field="value")


@dataclass(frozen=True, slots=True)
class Rollup:
    """One minute of one signal: how many samples, their extremes and sum, and the
    times of the first and last sample in that minute.

    >>> from datetime import UTC, datetime
    >>> t = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    >>> Rollup("SUP-A", "M-1", "temp", t, 4, 19.0, 23.0, 84.0, t, t).mean
    21.0
    """

    member: MemberCode
    resource: ResourceCode
    signal: str
    minute: datetime
    samples: int
    min_value: float
    max_value: float
    sum_value: float
    first_ts: datetime
    last_ts: datetime

    @property
    def mean(self) -> float | None:
        """Average of the minute's samples, kept within [min_value, max_value]: a float sum can
        put ``sum_value / samples`` just outside (ten samples of 0.1 sum to 0.9999999999999999).
        None when the sum overflowed (it is ``inf`` or ``nan``) and the samples differ: the
        mean is then unknown. Equal samples give their value.

        >>> from datetime import UTC, datetime
        >>> t = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
        >>> Rollup("SUP-A", "M-1", "temp", t, 10, 0.1, 0.1, 0.9999999999999999, t, t).mean
        0.1
        >>> print(Rollup("SUP-A", "M-1", "temp", t, 2, -1e308, 1e308, float("nan"), t, t).mean)
        None
        """
        if self.min_value == self.max_value:
            return self.min_value
        mean = self.sum_value / self.samples
        if not math.isfinite(mean):
            return None
        return min(max(mean, self.min_value), self.max_value)


def _iso(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def check_range(start: datetime | None, end: datetime | None, names: tuple[str, str] = ("start", "end")) -> None:
    """Refuse naive times and an empty or reversed span [start, end), naming the field.

    >>> from datetime import UTC, datetime
    >>> t = datetime(2026, 1, 2, tzinfo=UTC)
    >>> try:
    ...     check_range(t, t, ("since", "until"))
    ... except InvalidData as exc:
    ...     print(exc.field, "|", exc)
    until | until must be after since, got since=2026-01-02T00:00:00Z until=2026-01-02T00:00:00Z
    """
    for name, value in zip(names, (start, end), strict=True):
        if value is not None and value.tzinfo is None:
            raise InvalidData(f"{name} must have a UTC offset, got {value.isoformat()}", field=name)
    if start is not None and end is not None and start >= end:
        raise InvalidData(
            f"{names[1]} must be after {names[0]}, got {names[0]}={_iso(start)} {names[1]}={_iso(end)}", field=names[1]
        )


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
    """A condition on a resource that needs attention.

    ``raised_at`` is when the condition was seen (the sample's or inspection's own
    time, which may lie hours back for backfilled data); ``recorded_at`` is when the
    platform raised the alarm, and escalation counts from it. It defaults to
    ``raised_at`` (alarms stored before it existed).
    """

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
    recorded_at: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "severity", Severity(self.severity))
        object.__setattr__(self, "status", AlarmStatus(self.status))
        if self.recorded_at is None:
            object.__setattr__(self, "recorded_at", self.raised_at)
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
    """Notification lifecycle seen by its recipient: open -> acknowledged -> closed.

    An open notice may also be closed directly; closed is final.
    """

    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    CLOSED = "closed"


NOTICE_KINDS = ("disruption", "escalation", "quality")
"""Every kind of notification the platform sends; the dashboard labels each one."""

NOTIFICATION_ACTIONS = {"acknowledge": NotificationStatus.ACKNOWLEDGED, "close": NotificationStatus.CLOSED}
"""What a recipient may do to a notification, and the status each action leads to."""

_RANK = {NotificationStatus.OPEN: 0, NotificationStatus.ACKNOWLEDGED: 1, NotificationStatus.CLOSED: 2}


def notification_action(text: str) -> str:
    """The action named by ``text``: ``acknowledge`` or ``close`` (also their statuses
    ``acknowledged``/``closed``); anything else is InvalidData naming the text.

    >>> notification_action("closed"), notification_action("acknowledge")
    ('close', 'acknowledge')
    """
    for action, status in NOTIFICATION_ACTIONS.items():
        if text in (action, status.value):
            return action
    raise InvalidData(f"unknown action {text!r}; use acknowledge or close", field="action")


@dataclass(frozen=True, slots=True)
class Notification:
    """A message from one member to another (quality notice, disruption notice, escalation)."""

    id: str
    sender: MemberCode
    recipient: MemberCode
    kind: str
    subject: str
    created_at: datetime
    body: str = ""
    status: NotificationStatus = NotificationStatus.OPEN
    refs: dict[str, str] = field(default_factory=dict)
    acknowledged_at: datetime | None = None
    acknowledged_by: str = ""
    closed_at: datetime | None = None
    closed_by: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", NotificationStatus(self.status))
        if self.kind not in NOTICE_KINDS:
            raise InvalidData(f"notification kind must be one of {NOTICE_KINDS}, got {self.kind!r}", field="kind")

    def answered(self, action: str, by: str, at: datetime) -> Notification:
        """This notification after its recipient's ``action`` (``acknowledge`` or ``close``) by user
        ``by`` at ``at``.

        Repeating the step that led to the current status changes nothing (the first
        answer's user and time stay); a step back, e.g. acknowledging a closed notice,
        raises InvalidTransition naming the current status.
        """
        new = NOTIFICATION_ACTIONS[notification_action(action)]
        if new is self.status:
            return self
        if _RANK[new] < _RANK[self.status]:
            raise InvalidTransition(f"notification {self.id} is {self.status.value}; it cannot be {new.value} again")
        if new is NotificationStatus.ACKNOWLEDGED:
            return replace(self, status=new, acknowledged_at=at, acknowledged_by=by)
        return replace(self, status=new, closed_at=at, closed_by=by)
