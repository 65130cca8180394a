"""JSON parsing that keeps every number token exactly as written.

``json.loads`` would turn ``840380235174088834`` into an int (fine) but
``1772409600123456789.0`` or ``-1e309`` into lossy floats, and it accepts the
non-standard ``NaN``/``Infinity`` tokens silently. Here numbers come back as
``RawInt``/``RawFloat`` (``str`` subclasses holding the token), the non-standard
constants as ``RawConstant``, so the codec decides, field by field, what a token
means and can name the field when it refuses one. Duplicate keys are an error.
"""

from __future__ import annotations

import json
from typing import Any


class RawInt(str):
    """An integer token, exactly as written."""

    __slots__ = ()


class RawFloat(str):
    """A number token with a fraction or an exponent, exactly as written."""

    __slots__ = ()


class RawConstant(str):
    """A non-standard token Python's json accepts: ``NaN``, ``Infinity``, ``-Infinity``."""

    __slots__ = ()


class DuplicateKey(ValueError):
    """An object names the same key twice."""

    def __init__(self, key: str) -> None:
        super().__init__(f"duplicate field {key!r}")
        self.key = key


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise DuplicateKey(key)
        result[key] = value
    return result


def loads_exact(text: str) -> Any:
    """Parse JSON text; numbers stay raw tokens (see module doc).

    Raises ``ValueError`` (``json.JSONDecodeError`` or ``DuplicateKey``).

    Example:
        >>> v = loads_exact('{"n": 9007199254740993, "x": -1e309, "c": NaN}')
        >>> [(k, type(t).__name__, t) for k, t in v.items()]
        [('n', 'RawInt', '9007199254740993'), ('x', 'RawFloat', '-1e309'), ('c', 'RawConstant', 'NaN')]
    """
    return json.loads(
        text, parse_int=RawInt, parse_float=RawFloat, parse_constant=RawConstant, object_pairs_hook=_object
    )


def json_kind(raw: object) -> str:
    """How a decoded JSON value reads in a message to a person: 'a number', 'text', 'null', ..."""
    if isinstance(raw, bool):
        return f"boolean {str(raw).lower()}"
    if isinstance(raw, RawInt | RawFloat | int | float):
        return f"the number {raw}"
    if raw is None:
        return "null"
    if isinstance(raw, str):
        return f"text {raw!r}"
    return {dict: "an object", list: "a list"}.get(type(raw), type(raw).__name__)
