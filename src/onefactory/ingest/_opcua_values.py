"""Turning one OPC UA data-change value into a ``Reading``, or a refusal with a reason (pure).

Policy (the same as the MQTT codec's, see ``_values``):

- A status code that is not Good (Bad or Uncertain) is refused, naming the status.
- A numeric channel takes the OPC UA integer and float types. NaN/Infinity, an
  integer above 2**53 that a float cannot hold exactly, a Boolean, a null, an
  array or any other type are refused. Text (String) is read only when it is a
  plain decimal like ``"21.5"``; ``"23,5"`` or ``"test_data"`` are refused.
- A boolean channel takes the Boolean type only (as 1.0/0.0): an Int32 ``123``
  is a type mismatch, never coerced to true.

The time of a reading is the value's SourceTimestamp (the device's clock), else
its ServerTimestamp, else the time the collector received it; it is converted to
aware UTC (a naive time is taken as UTC, as OPC UA DateTime is UTC). A time before
1990 counts as missing; one more than ``max_future`` ahead of receipt is refused.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from onefactory.model import VALUE_LIMIT, MemberCode, Reading, ResourceCode

from ._times import TimeRefused, check_window
from ._values import ValueRefused, read_value
from .opcua_config import OpcUaNode

EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
MAX_FUTURE = timedelta(hours=24)
_INTEGERS = {"SByte", "Byte", "Int16", "UInt16", "Int32", "UInt32", "Int64", "UInt64"}
_FLOATS = {"Float", "Double"}
_EXACT_INT_LIMIT = 2**53


@dataclass(frozen=True, slots=True)
class Sample:
    """One data-change value as the server sent it, in plain Python types."""

    value: Any
    variant_type: str  # the OPC UA built-in type name, e.g. "Double", "Int32", "String"
    status: str = "Good"  # the status code's name
    source_ts: datetime | None = None
    server_ts: datetime | None = None

    def payload(self, node_id: str) -> bytes:
        """The raw sample as JSON bytes, kept with a rejection."""
        raw = {"node_id": node_id, "type": self.variant_type, "value": self.value, "status": self.status}
        raw["source_ts"] = self.source_ts.isoformat() if self.source_ts else None
        return json.dumps(raw, default=repr, ensure_ascii=False).encode()


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment if moment >= EARLIEST else None


def sample_time(sample: Sample, received_at: datetime) -> datetime:
    """Source time, else server time, else receipt; aware UTC. Raises TimeRefused if far ahead."""
    moment = _utc(sample.source_ts) or _utc(sample.server_ts) or received_at
    check_window(moment, received_at=received_at, max_future=MAX_FUTURE, earliest=EARLIEST)
    return moment


def _number(value: Any, variant_type: str) -> float:
    if variant_type in _INTEGERS and isinstance(value, int) and not isinstance(value, bool):
        if abs(value) > _EXACT_INT_LIMIT and int(float(value)) != value:
            raise ValueRefused(f"{variant_type} {value} cannot be kept exactly as a number (above 2**53)")
        return float(value)
    if variant_type in _FLOATS and isinstance(value, float):
        if not math.isfinite(value):
            raise ValueRefused(f"non-finite value {value} ({variant_type})")
        if abs(value) > VALUE_LIMIT:
            raise ValueRefused(f"value {value:g} ({variant_type}) is beyond the reading limit of ±{VALUE_LIMIT:g}")
        return value
    if variant_type == "String" and isinstance(value, str):
        return read_value(value)
    shown = str(value).lower() if isinstance(value, bool) else repr(value)
    raise ValueRefused(f"type mismatch: numeric channel, server sent {variant_type} {shown}")


def sample_value(sample: Sample, kind: str) -> float:
    """The float value of a sample for a channel of ``kind``; raises ValueRefused with the reason."""
    if sample.status != "Good":
        raise ValueRefused(f"status {sample.status}, not Good")
    if sample.value is None:
        raise ValueRefused(f"value is null ({sample.variant_type})")
    if isinstance(sample.value, list | tuple):
        raise ValueRefused(f"expected one value, got an array of {len(sample.value)} {sample.variant_type}")
    if kind == "boolean":
        if sample.variant_type == "Boolean" and isinstance(sample.value, bool):
            return 1.0 if sample.value else 0.0
        raise ValueRefused(f"type mismatch: boolean channel, server sent {sample.variant_type} {sample.value!r}")
    return _number(sample.value, sample.variant_type)


def to_reading(node: OpcUaNode, sample: Sample, received_at: datetime) -> Reading:
    """The reading of one sample of a configured node; raises ValueError saying why not.

    Example:
        >>> node = OpcUaNode("ns=2;s=Alarm", "SUP-KR1", "M-061", "alarm", kind="boolean")
        >>> to_reading(node, Sample(123, "Int32"), EARLIEST)
        Traceback (most recent call last):
        onefactory.ingest._values.ValueRefused: type mismatch: boolean channel, server sent Int32 123
    """
    value = sample_value(sample, node.kind)
    ts = sample_time(sample, received_at)
    return Reading(MemberCode(node.member), ResourceCode(node.resource), node.signal, ts, value, node.site)


__all__ = ["Sample", "TimeRefused", "ValueRefused", "sample_time", "sample_value", "to_reading"]
