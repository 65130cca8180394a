"""Parsing one cell: codes, decimals in a locale, integers, dates and local times.

Every parser takes the exact cell text and raises ``ValueError`` with a reason a
user understands; the kind parsers add the row, column and value. Only an empty
cell is blank: 'NA', 'NULL', 'N/A', 'None', '#N/A' and 'null' are real text.

>>> parse_decimal("1.299,99", decimal=",", thousands=".")
Decimal('1299.99')
>>> parse_decimal("9007199254740993")
Decimal('9007199254740993')
>>> parse_date("2026.06.12")
datetime.date(2026, 6, 12)
>>> to_utc(parse_local_time("2026-10-25 02:30"), "Europe/Berlin", fold=1).isoformat()
'2026-10-25T01:30:00+00:00'
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Literal
from zoneinfo import ZoneInfo

_DATE = re.compile(r"(\d{4})([-./])(\d{1,2})\2(\d{1,2})\.?(?:[ T]00:00(?::00)?)?")
_DATE8 = re.compile(r"(\d{4})(\d{2})(\d{2})")
_LOCAL = re.compile(
    r"(\d{4})([-./])(\d{1,2})\2(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?"
)
LocalKind = Literal["normal", "gap", "ambiguous"]


def parse_text(raw: str | None) -> str | None:
    """Text without surrounding spaces; None only for a blank cell.

    >>> parse_text(" NA "), parse_text("   "), parse_text(None)
    ('NA', None, None)
    """
    if raw is None:
        return None
    text = raw.strip()
    return text or None


def parse_decimal(raw: str, *, decimal: str = ".", thousands: str = ",") -> Decimal:
    """A plain decimal number in the given locale, exactly (never through float).

    Grouping must be regular (``1.234.567``); a stray separator such as ``1 ,``
    or ``1,5`` with ``,`` as thousands separator is an error, never a guess.

    >>> parse_decimal("1.234", decimal=",", thousands=".")
    Decimal('1234')
    >>> parse_decimal("1 ,", decimal=",", thousands=".")
    Traceback (most recent call last):
    ...
    ValueError: not a number in this file's format (decimal ',', thousands '.')
    """
    text = raw.strip()
    group = r"[ \u00a0\u202f]" if thousands == " " else re.escape(thousands)
    whole = rf"(?:\d{{1,3}}(?:{group}\d{{3}})+|\d+)" if thousands else r"\d+"
    pattern = rf"([+-]?)({whole})?(?:{re.escape(decimal)}(\d+))?"
    found = re.fullmatch(pattern, text)
    if not found or not (found.group(2) or found.group(3)):
        raise ValueError(f"not a number in this file's format (decimal {decimal!r}, thousands {thousands!r})")
    sign, digits, fraction = found.groups()
    digits = re.sub(r"\D", "", digits or "0")
    return Decimal(f"{sign}{digits}.{fraction}" if fraction else f"{sign}{digits}")


def parse_int(raw: str, *, decimal: str = ".", thousands: str = ",") -> int:
    """A whole number (``10`` or ``10.0``), exactly.

    >>> parse_int("10"), parse_int("1,000")
    (10, 1000)
    """
    number = parse_decimal(raw, decimal=decimal, thousands=thousands)
    if number != number.to_integral_value():
        raise ValueError("must be a whole number")
    return int(number)


def parse_date(raw: str) -> date:
    """A calendar date: ``2026-06-12``, ``2026.06.12``, ``2026/06/12`` or ``20260612``.

    >>> parse_date("2024-02-30")
    Traceback (most recent call last):
    ...
    ValueError: not a real date: day is out of range for month
    """
    text = raw.strip()
    found = _DATE.fullmatch(text)
    parts = (found.group(1), found.group(3), found.group(4)) if found else None
    if parts is None and (eight := _DATE8.fullmatch(text)):
        parts = eight.groups()
    if parts is None:
        raise ValueError("not a date; write YYYY-MM-DD (or YYYY.MM.DD, YYYY/MM/DD)")
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError as exc:
        raise ValueError(f"not a real date: {exc}") from None


def parse_local_time(raw: str) -> datetime:
    """A date and time; naive unless the text carries ``Z`` or an offset.

    >>> parse_local_time("2026-10-25T02:30+01:00").isoformat()
    '2026-10-25T02:30:00+01:00'
    """
    found = _LOCAL.fullmatch(raw.strip())
    if not found:
        raise ValueError("not a date and time; write YYYY-MM-DD HH:MM[:SS] (optionally with +09:00)")
    year, _, month, day, hour, minute, second, micro, offset = found.groups()
    try:
        moment = datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second or 0), int((micro or "0").ljust(6, "0"))
        )
    except ValueError as exc:
        raise ValueError(f"not a real date and time: {exc}") from None
    return moment.replace(tzinfo=_offset(offset)) if offset else moment


def _offset(text: str) -> timezone:
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def classify_local(naive: datetime, zone: str) -> LocalKind:
    """Whether a wall-clock time exists once, not at all (spring gap) or twice (autumn).

    >>> classify_local(datetime(2026, 3, 29, 2, 30), "Europe/Berlin")
    'gap'
    >>> classify_local(datetime(2026, 11, 1, 1, 30), "America/Chicago")
    'ambiguous'
    """
    tz = ZoneInfo(zone)
    first, second = naive.replace(tzinfo=tz, fold=0), naive.replace(tzinfo=tz, fold=1)
    if first.utcoffset() == second.utcoffset():
        return "normal"
    back = first.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    return "gap" if back != naive else "ambiguous"


def to_utc(moment: datetime, zone: str, *, fold: int = 0) -> datetime:
    """An aware UTC time: a naive ``moment`` is read in ``zone`` (``fold`` picks the
    earlier (0) or later (1) of a repeated hour); an aware one keeps its offset.
    Does not depend on the process time zone."""
    if moment.utcoffset() is not None:
        return moment.astimezone(UTC)
    return moment.replace(tzinfo=ZoneInfo(zone), fold=fold).astimezone(UTC)
