"""Quantities and exact unit-of-measure conversion.

Quantities are :class:`decimal.Decimal`, never floats, so a conversion such as
lb -> kg (0.45359237) or mg -> kg (0.000001) is exact and does not drift.

Example:
    >>> table = UomTable([UomConversion("lb", "kg", Decimal("0.45359237"))])
    >>> table.convert(Decimal("2138.484"), "lb", "kg")
    Decimal('970.00002576708')
    >>> table.convert(Decimal("1"), "kg", "lb") > 2
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, localcontext

from .errors import InvalidData

ZERO = Decimal(0)
MAX_QTY = Decimal(10) ** 12
"""The largest quantity (in units of its line) the hub accepts anywhere."""
QTY_PLACES = 6
"""The most decimal places a quantity the hub accepts may have."""
MAX_DAYS = Decimal(3650)
"""The longest duration in days (a lead time, a transfer time) the hub accepts: ten years."""
MAX_MINUTES = MAX_DAYS * 24 * 60
"""The longest duration in minutes (a routing step's run or setup time, a shop job's step) the hub accepts:
ten years, 5256000 minutes."""


def to_decimal(value: object, *, field: str = "quantity") -> Decimal:
    """Read an int, Decimal or decimal text as a finite Decimal.

    Floats are read through their shortest repr, so 0.1 stays 0.1.

    >>> to_decimal("12.50")
    Decimal('12.50')
    >>> to_decimal(0.1)
    Decimal('0.1')
    """
    if isinstance(value, bool):
        raise InvalidData(f"{field} must be a number, got {value!r}", field=field)
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise InvalidData(f"{field} must be a number, got {value!r}", field=field) from None
    if not number.is_finite():
        raise InvalidData(f"{field} must be finite, got {value!r}", field=field)
    return number


def positive(value: Decimal, field: str) -> Decimal:
    """Return ``value`` if it is > 0, else raise InvalidData naming ``field``."""
    if value <= 0:
        raise InvalidData(f"{field} must be > 0, got {plain(value)}", field=field)
    return value


def non_negative(value: Decimal, field: str) -> Decimal:
    """Return ``value`` if it is >= 0, else raise InvalidData naming ``field``."""
    if value < 0:
        raise InvalidData(f"{field} must be >= 0, got {plain(value)}", field=field)
    return value


def bounded(value: Decimal, field: str) -> Decimal:
    """Return ``value`` if it is at most MAX_QTY in size with at most QTY_PLACES decimals.

    >>> bounded(Decimal("1e13"), "qty")
    Traceback (most recent call last):
    onefactory.model.errors.InvalidData: qty must be at most 1000000000000, got 10000000000000
    >>> bounded(Decimal("1E-7"), "qty")
    Traceback (most recent call last):
    onefactory.model.errors.InvalidData: qty must have at most 6 decimal places, got 0.0000001
    """
    number = Decimal(str(value))  # an int or float quantity too
    if abs(number) > MAX_QTY:
        raise InvalidData(f"{field} must be at most {plain(MAX_QTY)}, got {plain(number)}", field=field)
    exponent = number.normalize().as_tuple().exponent
    if -exponent > QTY_PLACES:  # type: ignore[operator]
        raise InvalidData(f"{field} must have at most {QTY_PLACES} decimal places, got {plain(number)}", field=field)
    return value


def days(value: Decimal, field: str) -> Decimal:
    """Return ``value`` if it is a duration in days in 0..MAX_DAYS, else raise InvalidData naming ``field``.

    >>> days(Decimal("1e13"), "lead_time_days")
    Traceback (most recent call last):
    onefactory.model.errors.InvalidData: lead_time_days must be at most 3650 days, got 10000000000000
    """
    return _duration(value, field, MAX_DAYS, "days")


def minutes(value: Decimal, field: str) -> Decimal:
    """Return ``value`` if it is a duration in minutes in 0..MAX_MINUTES, else raise InvalidData naming ``field``."""
    return _duration(value, field, MAX_MINUTES, "minutes")


def _duration(value: Decimal, field: str, limit: Decimal, unit: str) -> Decimal:
    non_negative(value, field)
    if value > limit:
        raise InvalidData(f"{field} must be at most {limit} {unit}, got {plain(value)}", field=field)
    return value


def quantity(value: Decimal, field: str) -> Decimal:
    """Return ``value`` if it is > 0 and :func:`bounded`, else raise InvalidData naming ``field``."""
    return bounded(positive(value, field), field)


PLAIN_DIGITS = 40
"""How far from the point :func:`plain` writes a number's digits out; a value beyond it (far
outside any bound the hub accepts, e.g. a refused ``1e400``) keeps its exponent, so that its
message stays short."""


def plain(value: Decimal) -> str:
    """A Decimal as plain text: no exponent, no trailing zeros. Every quantity in a message is written so.

    >>> plain(Decimal("1E+15")), plain(Decimal("2.500")), plain(Decimal("-0.0"))
    ('1000000000000000', '2.5', '0')
    >>> plain(Decimal("1E-7")), plain(Decimal("1E+3")), plain(Decimal("5.000")), plain(Decimal("1E+400"))
    ('0.0000001', '1000', '5', '1E+400')
    """
    if not value.is_finite() or abs(value.adjusted()) > PLAIN_DIGITS:
        return str(value)
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass(frozen=True, slots=True)
class UomConversion:
    """``1 from_uom = factor to_uom`` (e.g. 1 lb = 0.45359237 kg)."""

    from_uom: str
    to_uom: str
    factor: Decimal

    def __post_init__(self) -> None:
        positive(self.factor, "factor")
        if not self.from_uom or not self.to_uom:
            raise InvalidData("a conversion needs both units", field="uom")


class UomTable:
    """Exact conversions, usable in both directions and chained."""

    def __init__(self, conversions: list[UomConversion] | tuple[UomConversion, ...] = ()) -> None:
        self.conversions = tuple(conversions)
        self._edges: dict[str, dict[str, Decimal]] = {}
        for conv in self.conversions:
            self._edges.setdefault(conv.from_uom, {})[conv.to_uom] = conv.factor
            self._edges.setdefault(conv.to_uom, {})[conv.from_uom] = 1 / _exact(conv.factor)

    def factor(self, from_uom: str, to_uom: str) -> Decimal:
        """The factor f with ``q from_uom == q * f to_uom``; raises if unknown."""
        if from_uom == to_uom:
            return Decimal(1)
        seen, frontier = {from_uom}, [(from_uom, Decimal(1))]
        while frontier:
            uom, acc = frontier.pop(0)
            for nxt, f in self._edges.get(uom, {}).items():
                if nxt == to_uom:
                    return _exact(acc * f)
                if nxt not in seen:
                    seen.add(nxt)
                    frontier.append((nxt, _exact(acc * f)))
        raise InvalidData(f"no conversion from {from_uom!r} to {to_uom!r}", field="uom")

    def convert(self, qty: Decimal, from_uom: str, to_uom: str) -> Decimal:
        """Convert exactly; the result keeps every significant digit."""
        return _exact(qty * self.factor(from_uom, to_uom)).normalize() if from_uom != to_uom else qty


def _exact(value: Decimal) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 40
        return +value
