"""How the dashboard shows a moment: in the viewing member's time zone, labelled with the
zone's abbreviation (or its UTC offset when the zone has none), so no time is ambiguous.

Example:
    >>> from datetime import UTC, datetime
    >>> from zoneinfo import ZoneInfo
    >>> format_when(datetime(2026, 3, 9, 5, 5, tzinfo=UTC), ZoneInfo("Asia/Seoul"))
    '2026-03-09 14:05 KST'
    >>> format_when(datetime(2026, 7, 1, 10, 0, tzinfo=UTC), ZoneInfo("Europe/Berlin"))
    '2026-07-01 12:00 CEST'
    >>> format_when(datetime(2026, 7, 1, 10, 0, tzinfo=UTC), ZoneInfo("Asia/Dubai"))
    '2026-07-01 14:00 UTC+04:00'
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo


def zone_label(local: datetime) -> str:
    """The abbreviation of ``local``'s zone at that moment ('KST', 'CEST'), else 'UTC+hh:mm'."""
    name = local.tzname() or ""
    if name.isalpha():
        return name
    minutes = int((local.utcoffset() or timedelta(0)).total_seconds()) // 60
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{'-' if minutes < 0 else '+'}{hours:02d}:{rest:02d}"


def format_when(value: datetime | None, zone: tzinfo) -> str:
    """An aware time as 'YYYY-MM-DD HH:MM ZONE' in ``zone`` ('' for None)."""
    if value is None:
        return ""
    local = value.astimezone(zone)
    return f"{local:%Y-%m-%d %H:%M} {zone_label(local)}"


def format_day(value: datetime, zone: tzinfo) -> str:
    """The calendar day of ``value`` in ``zone`` as MM-DD (a plan's day ticks)."""
    return f"{value.astimezone(zone):%m-%d}"
