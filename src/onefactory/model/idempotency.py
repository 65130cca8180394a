"""Idempotency keys: what a key was first used for, and the fingerprint of a request.

A client may repeat a write with the same ``Idempotency-Key``; the repeat returns
the first result and changes nothing. The key is bound to a fingerprint of the
request (actor, operation and command), so the same key on a different request
is refused instead of answered with the first result.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any


@dataclass(frozen=True, slots=True)
class KeyUse:
    """The first use of an idempotency key: the stream it wrote and its request's fingerprint.

    ``fingerprint`` is None for keys stored before fingerprints were kept.
    """

    stream: str
    fingerprint: str | None


def fingerprint(actor: str, operation: str, command: Any) -> str:
    """SHA-256 (hex) of the actor, the operation and the canonical JSON of the command.

    Example:
        >>> a = fingerprint("LEAD", "orders.create", {"id": "PO-1", "qty": Decimal("5.0")})
        >>> a == fingerprint("LEAD", "orders.create", {"qty": Decimal("5"), "id": "PO-1"})
        True
        >>> a == fingerprint("LEAD", "orders.create", {"id": "PO-2", "qty": Decimal("5")})
        False
    """
    text = json.dumps([actor, operation, command], sort_keys=True, separators=(",", ":"), default=_plain)
    return hashlib.sha256(text.encode()).hexdigest()


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"cannot fingerprint {type(value).__name__} {value!r}")
