"""Working time of a resource as UTC intervals, and minutes available per time bucket.

Shifts are local wall-clock times in the calendar's own zone, so the result is the
same whatever zone the server runs in. A shift whose end is not after its start
runs past midnight (``00:00-00:00`` is a 24-hour day); it belongs to the day it
starts on, and a holiday removes the shifts starting on that local date.
Times inside this module are minutes since the Unix epoch (floats).

Example:
    >>> from datetime import UTC, datetime, time
    >>> import numpy as np
    >>> from onefactory.model import Calendar, Shift
    >>> kr = Calendar("KR", "Asia/Seoul", (Shift(time(8), time(17)),))
    >>> start = datetime(2026, 9, 14, tzinfo=UTC)
    >>> work = working_time(kr, start, datetime(2026, 9, 15, tzinfo=UTC))
    >>> float(available(work, to_minutes(start) + np.array([0.0, 1440.0]))[0])
    540.0
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from onefactory.model import Calendar

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def to_minutes(moment: datetime) -> float:
    """Minutes since the epoch of an aware datetime."""
    return (moment - EPOCH).total_seconds() / 60


def from_minutes(minutes: float) -> datetime:
    """The aware UTC datetime of epoch minutes (rounded to the second)."""
    return EPOCH + timedelta(seconds=round(float(minutes) * 60))


@dataclass(frozen=True, slots=True)
class WorkingTime:
    """Sorted, disjoint working intervals ``[starts[i], ends[i])`` in epoch minutes."""

    starts: np.ndarray
    ends: np.ndarray

    @property
    def cumulative(self) -> np.ndarray:
        """Working minutes before each interval starts."""
        return np.concatenate(([0.0], np.cumsum(self.ends - self.starts)))


def always(start: datetime, end: datetime) -> WorkingTime:
    """Round-the-clock working time (a resource without a calendar)."""
    return WorkingTime(np.array([to_minutes(start)]), np.array([to_minutes(end)]))


def working_time(calendar: Calendar, start: datetime, end: datetime) -> WorkingTime:
    """The calendar's working intervals that overlap ``[start, end)``."""
    zone, holidays = ZoneInfo(calendar.timezone), set(calendar.holidays)
    first = start.astimezone(zone).date() - timedelta(days=1)
    days = (end.astimezone(zone).date() - first).days + 1
    pieces = [
        _shift_minutes(day, shift.start, shift.end, zone)
        for day in (first + timedelta(days=n) for n in range(days))
        if day.isoformat() not in holidays
        for shift in calendar.shifts
        if day.weekday() in shift.weekdays
    ]
    if not pieces:
        return WorkingTime(np.zeros(0), np.zeros(0))
    bounds = np.array(sorted(pieces))
    return _merge(np.clip(bounds, to_minutes(start), to_minutes(end)))


def _shift_minutes(day: date, begin: object, finish: object, zone: ZoneInfo) -> tuple[float, float]:
    opened = datetime.combine(day, begin, tzinfo=zone)  # type: ignore[arg-type]
    closes_on = day if finish > begin else day + timedelta(days=1)  # type: ignore[operator]
    closed = datetime.combine(closes_on, finish, tzinfo=zone)  # type: ignore[arg-type]
    return to_minutes(opened.astimezone(UTC)), to_minutes(closed.astimezone(UTC))


def _merge(bounds: np.ndarray) -> WorkingTime:
    bounds = bounds[bounds[:, 1] > bounds[:, 0]]
    if len(bounds) == 0:
        return WorkingTime(np.zeros(0), np.zeros(0))
    reach = np.maximum.accumulate(bounds[:, 1])
    new = np.concatenate(([True], bounds[1:, 0] > reach[:-1]))
    group = np.cumsum(new) - 1
    starts = bounds[new, 0]
    ends = np.zeros(len(starts))
    np.maximum.at(ends, group, bounds[:, 1])
    return WorkingTime(starts, ends)


def worked_before(work: WorkingTime, moments: np.ndarray) -> np.ndarray:
    """Working minutes from the first interval up to each moment (vectorised)."""
    if len(work.starts) == 0:
        return np.zeros(len(moments))
    k = np.searchsorted(work.starts, moments, side="right") - 1
    inside = np.clip(moments - work.starts[np.maximum(k, 0)], 0, (work.ends - work.starts)[np.maximum(k, 0)])
    return np.where(k >= 0, work.cumulative[np.maximum(k, 0)] + inside, 0.0)


def available(work: WorkingTime, edges: np.ndarray) -> np.ndarray:
    """Working minutes in each bucket between consecutive ``edges``."""
    return np.diff(worked_before(work, np.asarray(edges, dtype=float)))


def moment_after(work: WorkingTime, worked: float) -> float:
    """The epoch minute at which ``worked`` working minutes have passed (the end of the last interval if never)."""
    if len(work.starts) == 0:
        return float("nan")
    cumulative = work.cumulative
    k = int(np.searchsorted(cumulative, worked, side="left")) - 1
    if k < 0:
        return float(work.starts[0])
    if k >= len(work.starts):
        return float(work.ends[-1])
    return float(work.starts[k] + (worked - cumulative[k]))


def first_working(work: WorkingTime, worked: float) -> float:
    """The epoch minute at which work resumes after ``worked`` minutes (skips non-working gaps)."""
    cumulative = work.cumulative
    k = int(np.searchsorted(cumulative, worked, side="right")) - 1
    if k >= len(work.starts):
        return float(work.ends[-1]) if len(work.ends) else float("nan")
    return float(work.starts[k] + (worked - cumulative[k]))
