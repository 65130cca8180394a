"""The telemetry codec: MQTT topic + payload bytes <-> ``Reading`` values. Pure.

Payloads (JSON, UTF-8, at most ``max_payload_bytes``, default 256 KiB):

On a signal topic ``of/{member}/{site}/{resource}/{signal}``:
    ``{"ts": ..., "value": 21.5}``; or a bare number ``21.5`` (timestamped ``received_at``).
On a multi-signal topic ``of/{member}/{site}/{resource}/_`` (or without the signal level):
    ``{"ts": ..., "values": {"temp_c": 21.5, "rpm": 1200}}``; a nested object
    becomes dotted signals: ``{"env": {"hum": 40}}`` -> ``env.hum``.
On the shared ingest topic ``of/{member}/ingest``:
    ``{"deviceId": "M-131", "site": "S1", "ts": ..., "values": {...}}`` where
    ``deviceId`` (the resource code) is required and ``site`` optional.
Batches, on any topic: a JSON list of samples, or ``{"samples": [...]}``.

Timestamps and values: see ``_times`` and ``_values``. A timestamp before
1990 or more than ``max_future`` (default 24 h) after ``received_at`` is refused.
Unknown fields and duplicate keys are refused (a misspelt ``vaule`` is never lost).

Bad data policy: ``decode_lenient`` keeps what is good and returns one
``Rejection`` per problem: per message (size, UTF-8, JSON, shape), per sample of
a batch (``sample`` index) and per signal of a ``values`` object (``field`` is the
signal; a ``null`` signal is rejected with reason "value is null" while the other
signals of that sample are kept, and a missing signal produces nothing).
``decode`` is strict: it raises ``InvalidMessage`` for the first problem.

Duplicates (QoS 1 redelivery) are not removed here; a reading's natural key
``(member, resource, signal, ts)`` lets the store detect them.

Example:
    >>> from datetime import datetime, UTC
    >>> now = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
    >>> [r.value for r in decode("of/A/S/M1/temp_c", b'{"ts": 1772413200, "value": 21.5}', received_at=now)]
    [21.5]
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from onefactory.model import InvalidData, Reading, check_timezone

from ._json import loads_exact
from ._samples import SampleReader, Source, read_flat
from ._values import SignalType
from .topics import DEFAULT_PREFIX, IngestTopic, Topic, check_level, parse_topic

DEFAULT_MAX_FUTURE = timedelta(hours=24)
DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)


class InvalidMessage(InvalidData):
    """A telemetry message (or part of it) cannot be decoded; ``field`` names the culprit."""


@dataclass(frozen=True, slots=True)
class Rejection:
    """One refused message, sample or signal, with the raw payload kept."""

    topic: str
    payload: bytes
    reason: str
    field: str | None = None
    sample: int | None = None


@dataclass(frozen=True, slots=True)
class DecodeResult:
    """What a lenient decode kept and what it refused."""

    readings: list[Reading] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class DecodeOptions:
    """Limits and context for decoding; plain values, no I/O."""

    site_tz: str = "UTC"
    member_tz: Mapping[str, str] = field(default_factory=dict)
    """Time zone per member code: a naive ISO time of that member is read there (else ``site_tz``)."""
    max_future: timedelta = DEFAULT_MAX_FUTURE
    max_payload_bytes: int = DEFAULT_MAX_PAYLOAD_BYTES
    earliest: datetime = EARLIEST
    signal_types: Mapping[str, SignalType] = field(default_factory=dict)
    prefix: str = DEFAULT_PREFIX

    def __post_init__(self) -> None:
        check_timezone(self.site_tz)
        for zone in self.member_tz.values():
            check_timezone(zone)

    def zone_of(self, member: str) -> str:
        """Where a naive local time of ``member`` is read."""
        return self.member_tz.get(member, self.site_tz)


@functools.lru_cache(maxsize=4096)  # the same few topics come in every message; a bad one raises, uncached
def _source(topic: str | bytes, prefix: str) -> Source:
    parsed = parse_topic(topic, prefix)
    if isinstance(parsed, IngestTopic):
        return Source(member=parsed.member, site=None, resource=None, signal=None)
    return Source(parsed.member, parsed.site, parsed.resource, None if parsed.is_multi else parsed.signal)


def _text(topic: str | bytes, payload: bytes, options: DecodeOptions) -> tuple[Source, str]:
    if len(payload) > options.max_payload_bytes:
        raise InvalidMessage(
            f"payload is {len(payload)} bytes, above the limit of {options.max_payload_bytes}",
            field="payload",
        )
    source = _source(topic, options.prefix)
    try:
        return source, payload.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidMessage("payload is not UTF-8 text", field="payload") from None


def _document(text: str) -> Any:
    try:
        return loads_exact(text)
    except ValueError as exc:
        raise InvalidMessage(f"payload is not valid JSON: {exc}", field="payload") from None
    except RecursionError:
        raise InvalidMessage("payload nests lists or objects too deeply to be telemetry", field="payload") from None


def decode_lenient(
    topic: str | bytes, payload: bytes, *, received_at: datetime, options: DecodeOptions | None = None
) -> DecodeResult:
    """Decode one MQTT message, keeping good samples and listing every rejection."""
    options = options or DecodeOptions()
    if received_at.tzinfo is None:
        raise InvalidData(f"received_at must be timezone-aware, got {received_at}", field="received_at")
    shown = topic if isinstance(topic, str) else topic.decode("utf-8", "backslashreplace")
    try:
        source, text = _text(topic, payload, options)
        flat = read_flat(text, source, options, received_at)
        if flat is not None:  # the common one-sample message, decided without the exact parser
            return DecodeResult(flat)
        document = _document(text)
    except InvalidData as exc:
        return DecodeResult([], [Rejection(shown, payload, str(exc), exc.field)])
    reader = SampleReader(source, options, received_at)
    readings, problems = reader.read(document)
    rejections = [Rejection(shown, payload, p.reason, p.field, p.sample) for p in problems]
    return DecodeResult(readings, rejections)


def decode(
    topic: str | bytes,
    payload: bytes,
    *,
    received_at: datetime,
    site_tz: str = "UTC",
    options: DecodeOptions | None = None,
) -> list[Reading]:
    """Decode one MQTT message strictly: all readings, or ``InvalidMessage`` for the first problem.

    ``site_tz`` reads naive ISO times; it is ignored when ``options`` is given.
    """
    options = options or DecodeOptions(site_tz=site_tz)
    result = decode_lenient(topic, payload, received_at=received_at, options=options)
    if result.rejections:
        first = result.rejections[0]
        where = f"sample {first.sample}: " if first.sample is not None else ""
        raise InvalidMessage(where + first.reason, field=first.field)
    return result.readings


def natural_key(reading: Reading) -> tuple[str, str, str, str, datetime]:
    """``(member, site, resource, signal, ts)``: what identifies one sample downstream.

    Same key and same value: a redelivered duplicate (QoS 1), safe to drop.
    Same key and another value: a collision (two samples in one microsecond);
    keep both or count it, never replace silently.
    """
    return (reading.member, reading.site, reading.resource, reading.signal, reading.ts)


def _number_json(value: float) -> Any:
    return int(value) if isinstance(value, int) else float(value)


def encode(readings: list[Reading]) -> bytes:
    """Encode readings of one member as an ingest-topic batch; see ``ingest_topic``.

    ``decode(ingest_topic(member), encode(readings), ...) == readings``.

    Example:
        >>> from datetime import datetime, UTC
        >>> r = Reading("A", "M1", "temp_c", datetime(2026, 3, 2, tzinfo=UTC), 21.5)
        >>> encode([r])
        b'{"samples":[{"deviceId":"M1","ts":"2026-03-02T00:00:00.000000+00:00","values":{"temp_c":21.5}}]}'
    """
    members = {r.member for r in readings}
    if len(members) > 1:
        raise InvalidData(f"encode takes readings of one member, got {sorted(members)}", field="member")
    samples = []
    for r in readings:
        check_level(r.resource, "resource")
        check_level(r.signal, "signal")
        sample: dict[str, Any] = {"deviceId": r.resource}
        if r.site:
            sample["site"] = r.site
        sample["ts"] = r.ts.astimezone(UTC).isoformat(timespec="microseconds")
        sample["values"] = {r.signal: _number_json(r.value)}
        samples.append(sample)
    return json.dumps({"samples": samples}, separators=(",", ":"), allow_nan=False, ensure_ascii=False).encode()


def encode_value(ts: datetime, value: float) -> bytes:
    """Payload of one sample for a signal topic: ``{"ts": "<ISO UTC>", "value": v}``."""
    if ts.tzinfo is None:
        raise InvalidData(f"ts must be timezone-aware, got {ts}", field="ts")
    iso = ts.astimezone(UTC).isoformat(timespec="microseconds")
    return json.dumps({"ts": iso, "value": value}, separators=(",", ":"), allow_nan=False).encode()


def ingest_topic(member: str, prefix: str = DEFAULT_PREFIX) -> str:
    """The shared ingest topic of ``member``: ``of/{member}/ingest``."""
    return str(IngestTopic(member, prefix))


def resource_topic(member: str, site: str, resource: str, signal: str = "_", prefix: str = DEFAULT_PREFIX) -> str:
    """A resource topic; ``signal="_"`` for multi-signal payloads."""
    return str(Topic(member, site, resource, signal, prefix))


__all__ = [
    "DEFAULT_MAX_FUTURE",
    "DEFAULT_MAX_PAYLOAD_BYTES",
    "EARLIEST",
    "DecodeOptions",
    "DecodeResult",
    "InvalidMessage",
    "Rejection",
    "decode",
    "decode_lenient",
    "encode",
    "encode_value",
    "ingest_topic",
    "natural_key",
    "resource_topic",
]
