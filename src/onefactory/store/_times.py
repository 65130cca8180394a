"""Telemetry times as integer microseconds since the Unix epoch (exact on both databases)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def us(ts: datetime) -> int:
    """Microseconds since the epoch of an aware time.

    >>> us(datetime(1970, 1, 1, 0, 1, tzinfo=UTC))
    60000000
    """
    delta = ts.astimezone(UTC) - EPOCH
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_us(value: int) -> datetime:
    """The aware UTC time ``value`` microseconds after the epoch."""
    return EPOCH + timedelta(microseconds=value)
