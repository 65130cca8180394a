"""Telemetry topics as value objects, MQTT wildcard matching and safe topic levels.

The documented scheme (``of`` is the default prefix and can be changed):

``of/{member}/{site}/{resource}/{signal}``
    one signal of one resource; the payload holds ``value`` samples.
``of/{member}/{site}/{resource}/_`` or ``of/{member}/{site}/{resource}``
    several signals of one resource; the payload holds ``values`` samples
    (``_`` is the multi-signal marker, a signal may not be named ``_``).
``of/{member}/ingest``
    the shared ingest topic of a member: each sample names its resource in a
    ``deviceId`` field (see ``codec``).

Levels are exact strings: ``00060`` stays ``00060``. A level is refused when it is
empty, holds ``+``, ``#``, ``/``, NUL or another control character (tab,
newline: Mosquitto disconnects a client that sends one), is not UTF-8, or is longer than
``MAX_LEVEL_CHARS`` (120) characters. ``safe_level`` turns any
user text (a machine name, say) into a valid level.

Example:
    >>> t = Topic.parse("of/SUP-KR1/site-1/00060/temp_c")
    >>> t.resource, str(t)
    ('00060', 'of/SUP-KR1/site-1/00060/temp_c')
    >>> t.matches("of/+/site-1/#")
    True
    >>> safe_level("Press#1")
    'Press%231'
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass

from onefactory.model import InvalidData

DEFAULT_PREFIX = "of"
MULTI_SIGNAL = "_"
INGEST_LEVEL = "ingest"
MAX_TOPIC_BYTES = 65535
MAX_LEVEL_CHARS = 120
"""Longest member, site, resource or signal name (and any topic level) in characters: the
store's code columns hold 120 (``store.schema.Code``)."""
DEFAULT_MAX_LEVEL_BYTES = MAX_LEVEL_CHARS
_FORBIDDEN = ("+", "#", "/", "\0")


_KNOWN_LEVELS: set[str] = set()
_MAX_KNOWN_LEVELS = 100_000


def check_level(level: str | bytes, name: str = "level", *, limit: bool = True) -> str:
    """Return ``level`` as text if it can be one topic level, else raise InvalidData naming it.

    Levels already accepted are remembered (up to ``_MAX_KNOWN_LEVELS``): the same few member,
    resource and signal names come in every message, and the per-character check dominated
    decoding. Only levels within ``MAX_LEVEL_CHARS`` are remembered; ``limit=False`` skips the
    length check (``split_topic``, whose callers check each level again under its own name)."""
    if type(level) is str and level in _KNOWN_LEVELS:
        return level
    if isinstance(level, bytes):
        try:
            level = level.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidData(f"topic {name} is not UTF-8: {level!r}", field=name) from None
    if not level:
        raise InvalidData(f"topic {name} is empty", field=name)
    bad = [c for c in _FORBIDDEN if c in level] + [c for c in level if unicodedata.category(c) == "Cc"]
    if bad:
        raise InvalidData(f"topic {name} {level!r} contains {bad[0]!r}", field=name)
    try:
        level.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidData(f"topic {name} {level!r} is not valid UTF-8 text", field=name) from None
    if len(level) > MAX_LEVEL_CHARS:
        if not limit:
            return level
        raise InvalidData(
            f"topic {name} is {len(level):,} characters long (limit {MAX_LEVEL_CHARS}): {level[:40]!r}...", field=name
        )
    if type(level) is str and len(_KNOWN_LEVELS) < _MAX_KNOWN_LEVELS:
        _KNOWN_LEVELS.add(level)
    return level


def split_topic(text: str | bytes) -> list[str]:
    """Split a concrete topic (no wildcards) into checked levels."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidData(f"topic is not UTF-8: {text!r}", field="topic") from None
    if len(text.encode("utf-8", "surrogatepass")) > MAX_TOPIC_BYTES:
        raise InvalidData(f"topic is longer than {MAX_TOPIC_BYTES} bytes", field="topic")
    parts = text.split("/")
    return [check_level(part, f"level {i + 1}", limit=False) for i, part in enumerate(parts)]


def topic_matches(topic: str, pattern: str) -> bool:
    """True if the concrete ``topic`` matches the MQTT filter ``pattern`` (``+`` and ``#``).

    Example:
        >>> topic_matches("of/a/s/r/t", "of/+/+/r/#"), topic_matches("of/a", "of/a/#")
        (True, True)
    """
    levels, filters = topic.split("/"), pattern.split("/")
    for i, flt in enumerate(filters):
        if flt == "#":
            return i == len(filters) - 1
        if i >= len(levels) or (flt != "+" and flt != levels[i]):
            return False
    return len(levels) == len(filters)


@dataclass(frozen=True, slots=True)
class Topic:
    """A resource telemetry topic: ``{prefix}/{member}/{site}/{resource}/{signal}``.

    ``signal`` is ``"_"`` (``MULTI_SIGNAL``) for a multi-signal topic.
    """

    member: str
    site: str
    resource: str
    signal: str = MULTI_SIGNAL
    prefix: str = DEFAULT_PREFIX

    def __post_init__(self) -> None:
        for name in ("prefix", "member", "site", "resource", "signal"):
            check_level(getattr(self, name), name)

    @classmethod
    def parse(cls, text: str | bytes, prefix: str = DEFAULT_PREFIX) -> Topic:
        """Parse ``text``; a 4-level form without signal means multi-signal."""
        levels = split_topic(text)
        if levels[0] != prefix:
            raise InvalidData(f"topic must start with {prefix!r}, got {levels[0]!r}", field="prefix")
        if len(levels) not in (4, 5):
            raise InvalidData(
                f"topic must be {prefix}/member/site/resource[/signal], got {len(levels)} levels",
                field="topic",
            )
        member, site, resource, *rest = levels[1:]
        return cls(member, site, resource, rest[0] if rest else MULTI_SIGNAL, prefix)

    @property
    def is_multi(self) -> bool:
        """True when the topic carries several signals (``values`` payloads)."""
        return self.signal == MULTI_SIGNAL

    def matches(self, pattern: str) -> bool:
        """True if this topic matches the MQTT filter ``pattern``."""
        return topic_matches(str(self), pattern)

    def __str__(self) -> str:
        return "/".join((self.prefix, self.member, self.site, self.resource, self.signal))


@dataclass(frozen=True, slots=True)
class IngestTopic:
    """A member's shared ingest topic ``{prefix}/{member}/ingest``; samples name their device."""

    member: str
    prefix: str = DEFAULT_PREFIX

    def __post_init__(self) -> None:
        check_level(self.prefix, "prefix")
        check_level(self.member, "member")

    @classmethod
    def parse(cls, text: str | bytes, prefix: str = DEFAULT_PREFIX) -> IngestTopic:
        """Parse ``{prefix}/{member}/ingest``."""
        levels = split_topic(text)
        if len(levels) != 3 or levels[0] != prefix or levels[2] != INGEST_LEVEL:
            raise InvalidData(f"not an ingest topic {prefix}/member/{INGEST_LEVEL}: {text!r}", field="topic")
        return cls(levels[1], prefix)

    def matches(self, pattern: str) -> bool:
        """True if this topic matches the MQTT filter ``pattern``."""
        return topic_matches(str(self), pattern)

    def __str__(self) -> str:
        return f"{self.prefix}/{self.member}/{INGEST_LEVEL}"


def parse_topic(text: str | bytes, prefix: str = DEFAULT_PREFIX) -> Topic | IngestTopic:
    """Parse either kind of onefactory topic (3 levels: ingest; 4 or 5: resource)."""
    levels = split_topic(text)
    if len(levels) == 3:
        return IngestTopic.parse(text, prefix)
    return Topic.parse(text, prefix)


def _needs_escape(ch: str) -> bool:
    if ch in "%/+#":
        return True
    code = ord(ch)
    if 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE:
        return True  # Unicode non-characters, which MQTT says SHOULD NOT appear
    return unicodedata.category(ch) in ("Cc", "Cs", "Cf", "Zl", "Zp")


def _escape(ch: str) -> str:
    return "".join(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass"))


def safe_level(text: str, max_bytes: int = DEFAULT_MAX_LEVEL_BYTES) -> str:
    """Make user text safe as one topic level, keeping distinct texts distinct.

    ``%``, ``/``, ``+``, ``#`` and control or format characters (tab, NUL, newline,
    ...) are percent-encoded as their UTF-8 bytes (``Press#1`` -> ``Press%231``);
    everything else, Hangul included, is kept. A result longer than ``max_bytes``
    (UTF-8) is cut and ends with ``~`` and 12 hex digits of the text's SHA-256, so
    two long names still give two levels. Empty text raises InvalidData.

    Example:
        >>> safe_level("Press\\t1"), safe_level("프레스-5"), len(safe_level("P" * 70_000))
        ('Press%091', '프레스-5', 120)
    """
    if not text:
        raise InvalidData("topic level text is empty", field="level")
    level = "".join(_escape(c) if _needs_escape(c) else c for c in text)
    if level == MULTI_SIGNAL:
        level = "%5F"
    if len(level.encode("utf-8")) <= max_bytes:
        return level
    digest = "~" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    head = level.encode("utf-8")[: max_bytes - len(digest)].decode("utf-8", "ignore")
    cut = head.rfind("%", len(head) - 2)  # do not end inside a %XX escape
    return (head[:cut] if cut >= 0 else head) + digest
