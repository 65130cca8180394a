"""Bounds on a reported time (pure): not before an earliest date, and not further ahead of its
receipt than a limit. Telemetry samples and inspection results are bounded alike; a refusal
writes the amount so that it reads as more than the limit ('25.0 h ahead (limit 24 h)')."""

from __future__ import annotations

import math
from datetime import datetime, timedelta


def window_problem(moment: datetime, received_at: datetime, max_future: timedelta, earliest: datetime) -> str | None:
    """Why ``moment`` is out of bounds (its text, then the reason), or None when it is within.

    >>> from datetime import UTC
    >>> now = datetime(2026, 3, 2, tzinfo=UTC)
    >>> window_problem(now + timedelta(hours=25), now, timedelta(hours=24), datetime(1990, 1, 1, tzinfo=UTC))
    '2026-03-03T01:00:00+00:00 is 25.0 h ahead of receipt (limit 24 h)'
    >>> window_problem(datetime(1989, 12, 31, tzinfo=UTC), now, timedelta(hours=24), datetime(1990, 1, 1, tzinfo=UTC))
    '1989-12-31T00:00:00+00:00 is before 1990-01-01'
    """
    if moment < earliest:
        return f"{moment.isoformat()} is before {earliest.date().isoformat()}"
    if moment > received_at + max_future:
        ahead, limit = _excess(moment - received_at, max_future), _span(max_future)
        return f"{moment.isoformat()} is {ahead} ahead of receipt (limit {limit})"
    return None


def _unit(seconds: float) -> tuple[str, int]:
    """Seconds below two minutes, hours below three days, else days."""
    return ("s", 1) if seconds < 120 else ("h", 3600) if seconds < 3 * 86400 else ("days", 86400)


def _span(delta: timedelta) -> str:
    """A limit as a person reads it, without rounding: '24 h', '90 days', '1.5 h', '30 s'."""
    unit, size = _unit(delta.total_seconds())
    return f"{delta.total_seconds() / size:g} {unit}"


def _excess(delta: timedelta, limit: timedelta) -> str:
    """An amount over ``limit``, with as many decimals as it takes to read as more than the limit
    ('25.0 h', '24.0003 h'): rounding never shows it equal to or below the limit."""
    seconds = delta.total_seconds()
    unit, size = _unit(seconds)
    for digits in range(1, 7):
        shown = round(seconds / size, digits)
        if shown * size > limit.total_seconds():
            return f"{shown:.{digits}f} {unit}"
    return f"{math.ceil(seconds / size * 10**6) / 10**6:.6f} {unit}"
