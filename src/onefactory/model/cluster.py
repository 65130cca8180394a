"""Who is in the cluster and what they own: members, sites, resources, calendars."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import InvalidData
from .ids import MemberCode, ResourceCode, SiteCode
from .units import positive


class MemberRole(StrEnum):
    """A member's place in the value chain."""

    LEAD = "lead"
    TIER1 = "tier1"
    TIER2 = "tier2"
    LOGISTICS = "logistics"


def check_timezone(name: str) -> str:
    """Return ``name`` if it is an IANA time zone, else raise InvalidData."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidData(f"unknown time zone {name!r}", field="timezone") from None
    return name


def check_code(value: str, field: str) -> str:
    """Codes are non-empty exact strings without surrounding white space."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidData(f"{field} must be a non-empty text, got {value!r}", field=field)
    if value != value.strip():
        raise InvalidData(f"{field} has leading/trailing spaces: {value!r}", field=field)
    return value


def check_path_code(value: str, field: str) -> str:
    """A code that is also one segment of a URL path (an order, shipment or receipt id): a
    :func:`check_code` without '/', '\\' or control characters, and not '.' or '..' alone.

    >>> check_path_code("PO-2026/0001", "order id")
    Traceback (most recent call last):
    ...
    onefactory.model.errors.InvalidData: order id 'PO-2026/0001' cannot be part of a web address: it contains '/'
    """
    check_code(value, field)
    return check_path_segment(value, field, field)


def check_path_segment(value: str, label: str, field: str) -> str:
    """Refuse a code that cannot be one segment of a URL path: one holding '/', '\\' or a control
    character, or '.' or '..' alone. ``label`` names it in the message, ``field`` is the error's field.

    >>> check_path_segment("a/b", "characteristic code", "code")
    Traceback (most recent call last):
    ...
    onefactory.model.errors.InvalidData: characteristic code 'a/b' cannot be part of a web address: it contains '/'
    """
    bad = next((c for c in value if c in "/\\" or ord(c) < 32 or ord(c) == 127), None)
    if bad is not None:
        raise InvalidData(f"{label} {value!r} cannot be part of a web address: it contains {bad!r}", field=field)
    if value in (".", ".."):
        raise InvalidData(f"{label} {value!r} cannot be part of a web address: it is {value!r} alone", field=field)
    return value


@dataclass(frozen=True, slots=True)
class Member:
    """A company of the cluster."""

    code: MemberCode
    name: str
    role: MemberRole
    timezone: str = "Asia/Seoul"
    name_ko: str = ""

    def __post_init__(self) -> None:
        check_code(self.code, "member code")
        check_timezone(self.timezone)
        object.__setattr__(self, "role", MemberRole(self.role))


@dataclass(frozen=True, slots=True)
class Site:
    """A plant or warehouse of a member; naive local times are read in its time zone."""

    member: MemberCode
    code: SiteCode
    name: str
    timezone: str = "Asia/Seoul"

    def __post_init__(self) -> None:
        check_code(self.code, "site code")
        check_timezone(self.timezone)


@dataclass(frozen=True, slots=True)
class Shift:
    """A working window on given weekdays (0 = Monday)."""

    start: time
    end: time
    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)


@dataclass(frozen=True, slots=True)
class Calendar:
    """Working time of a resource: shifts in its site's zone, minus holidays."""

    code: str
    timezone: str = "Asia/Seoul"
    shifts: tuple[Shift, ...] = ()
    holidays: tuple[str, ...] = ()  # ISO dates, local

    def __post_init__(self) -> None:
        check_timezone(self.timezone)


MAX_PARALLEL_UNITS = 1000
"""The most identical units (machines) one resource may have: schedulers model each unit."""


@dataclass(frozen=True, slots=True)
class Resource:
    """A machine, line or work centre with ``parallel_units`` identical units."""

    member: MemberCode
    code: ResourceCode
    name: str
    site: SiteCode | None = None
    kind: str = "machine"
    parallel_units: int = 1
    capacity_per_hour: Decimal = Decimal(1)
    calendar: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_code(self.code, "resource code")
        if not 1 <= self.parallel_units <= MAX_PARALLEL_UNITS:
            raise InvalidData(
                f"parallel_units must be in 1..{MAX_PARALLEL_UNITS}, got {self.parallel_units}", field="parallel_units"
            )
        positive(self.capacity_per_hour, "capacity_per_hour")
