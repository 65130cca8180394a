"""Working time: lead times counted in working days of a member's calendar.

A working day is a local date that one of the calendar's shifts covers and that is
not a holiday. Inside a working day, time advances only during its shifts, so half a
day is half of that day's shift minutes. A calendar without shifts works all day,
every day. Offsetting backwards gives the latest start; forwards, the earliest end.

>>> from datetime import UTC, datetime
>>> clock = WorkClock(Calendar("24/7", "UTC"), datetime(2026, 6, 1, tzinfo=UTC), 30)
>>> clock.back(datetime(2026, 6, 10, tzinfo=UTC), Decimal("0.5")).isoformat()
'2026-06-09T12:00:00+00:00'
"""

from __future__ import annotations

import math
from bisect import bisect_right
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from onefactory.model import Calendar, InvalidData

DAY_MIN = 1440


class WorkClock:
    """Working-day arithmetic for one calendar over a window of dates around ``origin``."""

    def __init__(self, calendar: Calendar, origin: datetime, span_days: int) -> None:
        self.calendar = calendar
        self.zone = ZoneInfo(calendar.timezone)
        local = origin.astimezone(self.zone).date()
        self.first = local - timedelta(days=span_days)
        self.days = [self.first + timedelta(days=i) for i in range(2 * span_days + 1)]
        self.windows = [_windows(calendar, d) for d in self.days]
        self.cum = [0]
        for wins in self.windows:
            self.cum.append(self.cum[-1] + (1 if wins else 0))
        self.working = [i for i, wins in enumerate(self.windows) if wins]
        if not self.working:
            raise InvalidData(f"calendar {calendar.code!r} has no working day near {local}", field="calendar")

    def position(self, at: datetime) -> Decimal:
        """Working days elapsed from the window start to ``at`` (exact to the minute)."""
        local = at.astimezone(self.zone)
        i = self._index(local.date())
        wins = self.windows[i]
        if not wins:
            return Decimal(self.cum[i])
        minute = local.hour * 60 + local.minute + Decimal(local.second) / 60
        done = sum((min(max(minute - a, 0), b - a) for a, b in wins), Decimal(0))
        return self.cum[i] + done / sum(b - a for a, b in wins)

    def back(self, due: datetime, days: Decimal) -> datetime:
        """The latest start that leaves ``days`` working days before ``due``."""
        if days == 0:
            return due
        return self._at(self.position(due) - days, latest=True)

    def forward(self, start: datetime, days: Decimal) -> datetime:
        """The earliest end of ``days`` working days from ``start``."""
        if days == 0:
            return start
        return self._at(self.position(start) + days, latest=False)

    def _at(self, position: Decimal, *, latest: bool) -> datetime:
        k = math.floor(position)
        frac = position - k
        if frac == 0 and not latest:
            k, frac = k - 1, Decimal(1)
        if not 0 <= k < len(self.working):
            raise InvalidData(
                f"lead time reaches outside the calendar window of {self.calendar.code!r} "
                f"({self.days[0]} to {self.days[-1]})",
                field="lead_time_days",
            )
        i = self.working[k]
        return self._local(self.days[i], _minute_at(self.windows[i], frac))

    def _index(self, day: date) -> int:
        i = (day - self.first).days
        if not 0 <= i < len(self.days):
            raise InvalidData(
                f"date {day} is outside the calendar window of {self.calendar.code!r}", field="lead_time_days"
            )
        return i

    def _local(self, day: date, minute: Decimal) -> datetime:
        seconds = int((minute * 60).to_integral_value())
        base = datetime.combine(day, time(0), tzinfo=self.zone)
        return (base + timedelta(seconds=seconds)).astimezone(ZoneInfo("UTC"))


def _windows(calendar: Calendar, day: date) -> list[tuple[int, int]]:
    """Shift windows of ``day`` in minutes after local midnight; [] on days off."""
    if day.isoformat() in calendar.holidays:
        return []
    if not calendar.shifts:
        return [(0, DAY_MIN)]
    wins = []
    for shift in calendar.shifts:
        if day.weekday() in shift.weekdays:
            a = shift.start.hour * 60 + shift.start.minute
            b = shift.end.hour * 60 + shift.end.minute
            wins.append((a, b if b > a else DAY_MIN))
    return sorted(wins)


def _minute_at(wins: list[tuple[int, int]], frac: Decimal) -> Decimal:
    """The minute of the day at which ``frac`` of the day's shift time is done."""
    target = frac * sum(b - a for a, b in wins)
    for a, b in wins:
        if target <= b - a:
            return a + target
        target -= b - a
    return Decimal(wins[-1][1])


def bucket_starts(start: datetime, buckets: int, bucket_days: int, zone: str) -> list[datetime]:
    """Bucket boundaries: ``start``, then local midnights every ``bucket_days`` (plus the end)."""
    tz = ZoneInfo(zone)
    local = start.astimezone(tz)
    first = datetime.combine(local.date(), time(0), tzinfo=tz)
    out = [start]
    for b in range(1, buckets + 1):
        out.append((first + timedelta(days=b * bucket_days)).astimezone(ZoneInfo("UTC")))
    return out


def bucket_of(starts_s: list[float], at: datetime) -> int:
    """Index of the bucket holding ``at`` (-1 before the first; len-1 after the end)."""
    return bisect_right(starts_s, at.timestamp()) - 1
