"""Reading a sample timestamp: epoch numbers in s/ms/µs/ns or ISO 8601 text.

Epoch numbers: the unit is inferred from the magnitude of the absolute value:
below 1e11 seconds, below 1e14 milliseconds, below 1e17 microseconds, else
nanoseconds. Integers are converted exactly (no float on the way), so a
nanosecond value above 2**53 keeps its microseconds; sub-microsecond digits are
truncated (``datetime`` holds microseconds). Quoted digits are read the same way.

ISO 8601 text needs a date and a time. With an offset (``Z``, ``+09:00``) it is
exact; without one it is local time of the site's time zone: a time that does not
exist (DST gap) is refused, a repeated time (DST fold) takes its first occurrence.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal, localcontext
from typing import Any
from zoneinfo import ZoneInfo

from onefactory.model import window_problem

from ._json import RawConstant, RawFloat, RawInt

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_UNITS = ((Decimal("1e11"), 10**6, "s"), (Decimal("1e14"), 10**3, "ms"), (Decimal("1e17"), 1, "µs"))
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}.*")
_DIGITS = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


class TimeRefused(ValueError):
    """A timestamp cannot be read; the message says why."""


def _from_epoch(token: str) -> datetime:
    with localcontext() as ctx:
        ctx.prec = 60
        number = Decimal(token)
        per_micro = next((f for limit, f, _ in _UNITS if abs(number) < limit), None)
        micros = number * per_micro if per_micro else number / 1000
        try:
            return EPOCH + timedelta(microseconds=int(micros.to_integral_value(rounding="ROUND_FLOOR")))
        except OverflowError:
            raise TimeRefused(f"epoch timestamp {token} is out of range") from None


def _from_iso(text: str, site_tz: str) -> datetime:
    if not _ISO.fullmatch(text):
        raise TimeRefused(f"timestamp {text!r} is not ISO 8601 date and time")
    try:  # RFC 3339 allows a lower-case "t" and "z"
        moment = datetime.fromisoformat(text[:10] + "T" + text[11:-1] + text[-1].replace("z", "Z"))
    except ValueError:
        raise TimeRefused(f"timestamp {text!r} is not a valid date and time") from None
    if moment.tzinfo is not None:
        return moment.astimezone(UTC)
    local = moment.replace(tzinfo=ZoneInfo(site_tz))
    if local.astimezone(UTC).astimezone(local.tzinfo).replace(tzinfo=None) != moment:
        raise TimeRefused(f"local time {text!r} does not exist in {site_tz} (DST gap)")
    return local.astimezone(UTC)


def read_time(raw: Any, site_tz: str = "UTC") -> datetime:
    """Return the aware UTC time of a raw JSON token, or raise TimeRefused.

    Example:
        >>> read_time(RawInt("1772409600123456789")).isoformat()
        '2026-03-02T00:00:00.123456+00:00'
        >>> read_time("2026-03-29T02:30:00", "Europe/Berlin")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        onefactory.ingest._times.TimeRefused: local time '2026-03-29T02:30:00' does not exist ... (DST gap)
    """
    if isinstance(raw, RawInt | RawFloat) and not isinstance(raw, RawConstant):
        return _from_epoch(raw)
    if isinstance(raw, str) and not isinstance(raw, RawConstant):
        return _from_epoch(raw) if _DIGITS.fullmatch(raw) else _from_iso(raw, site_tz)
    shown = "null" if raw is None else str(raw).lower() if isinstance(raw, bool) else repr(raw)
    raise TimeRefused(f"timestamp must be an epoch number or ISO 8601 text, got {shown}")


def check_window(moment: datetime, *, received_at: datetime, max_future: timedelta, earliest: datetime) -> None:
    """Refuse a time before ``earliest`` or more than ``max_future`` after ``received_at``.

    Example:
        >>> now = datetime(2026, 3, 2, tzinfo=UTC)
        >>> check_window(now + timedelta(hours=25), received_at=now, max_future=timedelta(hours=24),
        ...              earliest=EPOCH)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        onefactory.ingest._times.TimeRefused: timestamp ... is 25.0 h ahead of receipt (limit 24 h); device clock?
    """
    problem = window_problem(moment, received_at, max_future, earliest)
    if problem is not None:
        raise TimeRefused(f"timestamp {problem}" + ("; device clock?" if moment > received_at else ""))
