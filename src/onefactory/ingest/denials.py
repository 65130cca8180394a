"""Publishes the embedded broker refused, counted per user and topic prefix.

MQTT 3.1.1 has no negative acknowledgement: a device publishing outside its member's
subtree gets its PUBACK and the message is gone. ``DeniedPublishes`` keeps the trace
an operator needs to find such a device. It is shared by the broker thread and the
API, so it locks.

Example:
    >>> denied = DeniedPublishes()
    >>> denied.add("LEAD", "of/GAON/HAMAN/TST-4/spoof"), denied.add("LEAD", "of/GAON/HAMAN/TST-5/spoof")
    (True, False)
    >>> denied.total, denied.rows()
    (2, [{'user': 'LEAD', 'topic_prefix': 'of/GAON', 'count': 2}])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from threading import Lock

PREFIX_LEVELS = 2  # ``of/GAON``: the onefactory prefix and the member a topic claims


def topic_prefix(topic: str, levels: int = PREFIX_LEVELS) -> str:
    """The first ``levels`` levels of a topic: ``of/GAON/HAMAN/TST-4/spoof`` -> ``of/GAON``."""
    return "/".join(topic.split("/")[:levels])


@dataclass
class DeniedPublishes:
    """Refused publishes per ``(user, topic prefix)`` since start (thread-safe)."""

    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    _lock: Lock = field(default_factory=Lock, repr=False)

    def add(self, user: str, topic: str) -> bool:
        """Count one refused publish; True if it is the first of its user and prefix (log it)."""
        key = (user, topic_prefix(topic))
        with self._lock:
            self.counts[key] = self.counts.get(key, 0) + 1
            return self.counts[key] == 1

    @property
    def total(self) -> int:
        """Refused publishes of every user."""
        with self._lock:
            return sum(self.counts.values())

    def rows(self) -> list[dict[str, object]]:
        """``[{"user", "topic_prefix", "count"}, ...]`` sorted by user and prefix."""
        with self._lock:
            items = sorted(self.counts.items())
        return [{"user": u, "topic_prefix": p, "count": n} for (u, p), n in items]
