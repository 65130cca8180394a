"""Turning a parsed JSON document into readings and per-sample problems (used by ``codec``)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any

from onefactory.model import VALUE_LIMIT, InvalidData, MemberCode, Reading, ResourceCode, check_code

from ._json import json_kind
from ._times import TimeRefused, check_window, read_time
from ._values import ValueRefused, read_value
from .topics import MULTI_SIGNAL, check_level

if TYPE_CHECKING:
    from .codec import DecodeOptions

DEVICE_FIELD = "deviceId"


@dataclass(frozen=True, slots=True)
class Source:
    """What the topic says: ``resource`` is None on the ingest topic, ``signal`` None on multi topics."""

    member: str
    site: str | None
    resource: str | None
    signal: str | None


@dataclass(frozen=True, slots=True)
class Problem:
    """One refused part of a message."""

    reason: str
    field: str | None
    sample: int | None


class _Refused(Exception):
    def __init__(self, reason: str, field: str | None) -> None:
        super().__init__(reason)
        self.field = field


def _flatten(values: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    pairs: list[tuple[str, Any]] = []
    for key, raw in values.items():
        name = f"{prefix}{key}"
        pairs.extend(_flatten(raw, name + ".") if isinstance(raw, dict) else [(name, raw)])
    return pairs


def _device_hint(sample: dict[str, Any]) -> str:
    for key, raw in sample.items():
        if key.replace("_", "").replace("-", "").lower() == DEVICE_FIELD.lower():
            return f" (found {key!r}; the field is spelt {DEVICE_FIELD!r})"
        if isinstance(raw, dict) and DEVICE_FIELD in raw:
            return f" at the top level (found inside {key!r}; do not wrap the sample)"
    return ""


class SampleReader:
    """Reads the samples of one message; collects readings and problems."""

    def __init__(self, source: Source, options: DecodeOptions, received_at: datetime) -> None:
        self.source = source
        self.options = options
        self.received_at = received_at
        self.readings: list[Reading] = []
        self.problems: list[Problem] = []

    @property
    def _ingest(self) -> bool:
        return self.source.resource is None

    def read(self, document: Any) -> tuple[list[Reading], list[Problem]]:
        """Read a whole document: a batch, a ``samples`` envelope, one sample or a bare value."""
        if isinstance(document, list):
            self._batch(document)
        elif isinstance(document, dict) and "samples" in document:
            extra = sorted(set(document) - {"samples"})
            if extra:
                self.problems.append(Problem(f"unknown field {extra[0]!r} beside 'samples'", extra[0], None))
            elif not isinstance(document["samples"], list):
                self.problems.append(Problem("samples must be a list", "samples", None))
            else:
                self._batch(document["samples"])
        else:
            self._guarded(document, None)
        return self.readings, self.problems

    def _batch(self, samples: list[Any]) -> None:
        if not samples:
            self.problems.append(Problem("batch holds no samples", "samples", None))
        for index, sample in enumerate(samples):
            self._guarded(sample, index)

    def _guarded(self, sample: Any, index: int | None) -> None:
        try:
            if isinstance(sample, dict):
                self._object(sample, index)
            elif index is None and not self._ingest:
                self._bare(sample)
            else:
                raise _Refused(f"a sample must be a JSON object, got {json_kind(sample)}", "sample")
        except _Refused as exc:
            self.problems.append(Problem(str(exc), exc.field, index))

    def _bare(self, raw: Any) -> None:
        signal = self.source.signal
        if signal is None:
            raise _Refused("a bare value needs a signal topic (…/{resource}/{signal})", "signal")
        self._add(self.source.resource or "", self.source.site or "", signal, self.received_at, raw, None)

    def _object(self, sample: dict[str, Any], index: int | None) -> None:
        resource, site = self._where(sample)
        wanted = "value" if self.source.signal else "values"
        allowed = {"ts", wanted} | ({DEVICE_FIELD, "site"} if self._ingest else set())
        unknown = [key for key in sample if key not in allowed]
        if unknown:
            raise _Refused(self._unknown_reason(unknown[0]), unknown[0])
        ts = self._time(sample)
        if wanted not in sample:
            raise _Refused(f"{wanted} is missing", wanted)
        if self.source.signal:
            self._add(resource, site, self.source.signal, ts, sample["value"], index)
            return
        values = sample["values"]
        if not isinstance(values, dict) or not values:
            raise _Refused("values must be a non-empty object of signal: number", "values")
        for signal, raw in _flatten(values):
            self._add(resource, site, signal, ts, raw, index)

    def _unknown_reason(self, key: str) -> str:
        if key == "value":
            return "value needs a signal topic; on a multi-signal or ingest topic send values: {signal: number}"
        if key == "values":
            return f"values needs a multi-signal topic; this topic names signal {self.source.signal!r}"
        return f"unknown field {key!r}"

    def _where(self, sample: dict[str, Any]) -> tuple[str, str]:
        if not self._ingest:
            return self.source.resource or "", self.source.site or ""
        if DEVICE_FIELD not in sample:
            raise _Refused(f"{DEVICE_FIELD} is missing{_device_hint(sample)}", DEVICE_FIELD)
        return self._checked(sample[DEVICE_FIELD], DEVICE_FIELD), self._checked(sample.get("site"), "site")

    @staticmethod
    def _checked(raw: Any, name: str) -> str:
        if raw is None and name == "site":
            return ""
        try:
            if type(raw) is not str or not raw:  # RawInt tokens are str subclasses
                raise InvalidData(f"{name} is empty or not text: {raw!r}")
            return check_level(check_code(raw, name), name)
        except InvalidData as exc:
            raise _Refused(str(exc), name) from None

    def _time(self, sample: dict[str, Any]) -> datetime:
        if "ts" not in sample:
            raise _Refused("ts is missing", "ts")
        raw = sample["ts"]
        try:
            moment = read_time(raw, self.options.zone_of(self.source.member))
            check_window(
                moment,
                received_at=self.received_at,
                max_future=self.options.max_future,
                earliest=self.options.earliest,
            )
        except TimeRefused as exc:
            raise _Refused(f"ts {raw!s}: {exc}", "ts") from None
        return moment

    def _add(self, resource: str, site: str, signal: str, ts: datetime, raw: Any, index: int | None) -> None:
        try:
            if signal == MULTI_SIGNAL:
                raise InvalidData(f"signal may not be named {MULTI_SIGNAL!r}")
            check_level(signal, "signal")
            value = read_value(raw, self.options.signal_types.get(signal, "number"))
        except (InvalidData, ValueRefused) as exc:
            self.problems.append(Problem(f"{signal}: {exc}", signal, index))
            return
        self.readings.append(Reading(MemberCode(self.source.member), ResourceCode(resource), signal, ts, value, site))


_SPACED_COLON = re.compile(r'"\s+:')
_EXACT_INT_LIMIT = 2**53


def read_flat(text: str, source: Source, options: DecodeOptions, received_at: datetime) -> list[Reading] | None:
    """The readings of the common message ``{"ts": "<ISO time>", "values": {signal: number}}`` (or
    ``"value"`` on a signal topic) parsed by the C JSON scanner without hooks, or None when the
    message is anything else or this path could not decide it exactly as ``SampleReader`` does
    (a duplicate key, a backslash, a space before a colon, a non-finite, boolean or huge number,
    a nested object, a declared signal type, a refused time): the caller then reads it in full."""
    if source.resource is None or "\\" in text or _SPACED_COLON.search(text):
        return None
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):  # the exact reader names the problem
        return None
    if type(document) is not dict or type(document.get("ts")) is not str:
        return None
    if source.signal is not None:
        pairs = [(source.signal, document.get("value"))] if len(document) == 2 and "value" in document else []
    else:
        values = document.get("values")
        pairs = list(values.items()) if len(document) == 2 and type(values) is dict else []
    # without backslashes, every key of the text ends in '":', so a duplicate key shows as a surplus
    if not pairs or text.count('":') != len(document) + (0 if source.signal else len(pairs)):
        return None
    checked = [(signal, _plain(signal, raw, options)) for signal, raw in pairs]
    if any(value is None for _, value in checked):
        return None
    try:
        ts = SampleReader(source, options, received_at)._time(document)
    except _Refused:
        return None
    member, resource, site = MemberCode(source.member), ResourceCode(source.resource), source.site or ""
    return [_checked_reading(member, resource, signal, ts, value, site) for signal, value in checked]  # type: ignore[arg-type]


_READING_FIELDS = ("member", "resource", "signal", "ts", "value", "site")
if tuple(f.name for f in fields(Reading)) != _READING_FIELDS:  # pragma: no cover - guards the shortcut below
    raise ImportError(f"Reading's fields changed to {[f.name for f in fields(Reading)]}; update _checked_reading")
_new = object.__new__
# each field's slot descriptor, set directly: no attribute lookup through the class per field
_SET_MEMBER, _SET_RESOURCE, _SET_SIGNAL, _SET_TS, _SET_VALUE, _SET_SITE = (
    vars(Reading)[name].__set__ for name in _READING_FIELDS
)


def _checked_reading(member: str, resource: str, signal: str, ts: datetime, value: float, site: str) -> Reading:
    """``Reading(...)`` for values ``read_flat`` has checked already (an aware time from ``read_time``, a
    finite float from ``_plain``), without the frozen dataclass's per-field ``__init__`` and its checks
    again: a third of the cost, on the hot path of every message."""
    reading = _new(Reading)
    _SET_MEMBER(reading, member)
    _SET_RESOURCE(reading, resource)
    _SET_SIGNAL(reading, signal)
    _SET_TS(reading, ts)
    _SET_VALUE(reading, value)
    _SET_SITE(reading, site)
    return reading


def _plain(signal: str, raw: Any, options: DecodeOptions) -> float | None:
    """``raw`` as a reading value when it is a plain finite number of an untyped, valid signal name."""
    kind = type(raw)
    if kind is float:
        if not abs(raw) <= VALUE_LIMIT:  # also NaN and infinities: the full reader names the problem
            return None
    elif kind is not int or abs(raw) > _EXACT_INT_LIMIT:
        return None
    if signal == MULTI_SIGNAL or signal in options.signal_types:
        return None
    try:
        check_level(signal, "signal")
    except InvalidData:
        return None
    return float(raw)
