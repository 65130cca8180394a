"""Reading one sample value out of a raw JSON token (see ``_json``).

Policy (documented in ``codec``):

- JSON numbers are read as floats; an integer that a float cannot hold exactly
  (above 2**53, like a serial number sent bare) is refused, never rounded.
- Text is read as a number only when it is an unambiguous plain decimal
  (``"21.5"``, ``"100.00"``, ``"-3"``): no decimal comma, exponent, leading zeros,
  sign ``+``, spaces or thousands separators (``"1E5"`` and ``"00060"`` look like
  part numbers and lot ids, so they are refused).
- ``NaN``/``Infinity`` in any spelling, numbers that overflow (``-1e309``) or lie
  beyond ``±1e300`` (``model.VALUE_LIMIT``: a minute's sum must stay a finite float),
  ``null``, booleans (unless the signal is declared boolean), objects and lists are
  refused.
- A signal declared ``"boolean"`` takes ``true``/``false`` only (as 1.0/0.0).
"""

from __future__ import annotations

import math
import re
from typing import Any, Literal

from onefactory.model import VALUE_LIMIT

from ._json import RawConstant, RawFloat, RawInt, json_kind

SignalType = Literal["number", "boolean"]

_PLAIN_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
_DECIMAL_COMMA = re.compile(r"[-+]?[0-9]+,[0-9]+")
_NON_FINITE = re.compile(r"[-+]?(?:nan|inf|infinity)", re.IGNORECASE)
_EXACT_INT_LIMIT = 2**53


class ValueRefused(ValueError):
    """A value cannot be a reading value; the message says why."""


def _number(token: str) -> float:
    if isinstance(token, RawInt) or ("." not in token and "e" not in token.lower()):
        whole = int(token)
        if abs(whole) > _EXACT_INT_LIMIT and (abs(whole) > VALUE_LIMIT or int(float(whole)) != whole):
            raise ValueRefused(f"integer {_short(token)} cannot be kept exactly as a number (above 2**53)")
        return float(whole)
    number = float(token)
    if not math.isfinite(number):
        raise ValueRefused(f"non-finite number {_short(token)} (overflows a float)")
    if abs(number) > VALUE_LIMIT:
        raise ValueRefused(f"number {_short(token)} is beyond the reading limit of ±{VALUE_LIMIT:g}")
    return number


def _short(token: str) -> str:
    """A token as a message shows it: at most 40 characters."""
    return token if len(token) <= 40 else f"{token[:20]}...{token[-10:]} ({len(token)} characters)"


def _text(text: str) -> float:
    if _PLAIN_DECIMAL.fullmatch(text):
        return _number(text)
    if _NON_FINITE.fullmatch(text.strip()):
        raise ValueRefused(f"non-finite value {text!r}")
    if _DECIMAL_COMMA.fullmatch(text.strip()):
        raise ValueRefused(f"decimal comma in {text!r}; send a JSON number with a point")
    raise ValueRefused(f"text {text!r} is not a plain decimal number")


def read_value(raw: Any, kind: SignalType = "number") -> float:
    """Return the float value of a raw JSON token, or raise ValueRefused.

    Example:
        >>> read_value(RawInt("1200")), read_value("21.5"), read_value(True, "boolean")
        (1200.0, 21.5, 1.0)
    """
    if raw is None:
        raise ValueRefused("value is null")
    if isinstance(raw, RawConstant):
        raise ValueRefused(f"non-finite value {raw}")
    if kind == "boolean":
        if isinstance(raw, bool):
            return 1.0 if raw else 0.0
        raise ValueRefused(f"expected a boolean (declared type), got {str(raw)!r}")
    if isinstance(raw, RawInt | RawFloat):
        return _number(raw)
    if isinstance(raw, str):
        return _text(raw)
    raise ValueRefused(f"expected a number, got {json_kind(raw)}")
