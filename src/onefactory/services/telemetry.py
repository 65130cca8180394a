"""Telemetry use cases: store decoded batches, keep refused messages, count both."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from threading import Lock

from onefactory.ingest import decode, ingest_topic
from onefactory.model import Reading, User
from onefactory.store import Store

from .access import require_write


@dataclass
class IngestCounters:
    """Messages stored and refused since start (thread-safe)."""

    stored: int = 0
    rejected: int = 0
    _lock: Lock = field(default_factory=Lock, repr=False)

    def add(self, stored: int = 0, rejected: int = 0) -> None:
        """Count more."""
        with self._lock:
            self.stored += stored
            self.rejected += rejected


def store_batch(store: Store, batch: list[Reading], counters: IngestCounters | None = None) -> int:
    """Write one batch of readings in one transaction (duplicates are skipped)."""
    with store.write() as tx:
        n = tx.readings.append_many(batch)
    if counters:
        counters.add(stored=n)
    return n


def dead_letter(
    store: Store, topic: str, payload: bytes, reason: str, now: datetime, counters: IngestCounters | None = None
) -> None:
    """Keep a refused message with its reason, visible to the member named in its topic."""
    parts = topic.split("/")
    member = parts[1] if len(parts) > 1 and parts[0] == "of" else None
    with store.write() as tx:
        tx.dead_letters.append(member, topic, payload, reason, now)
    if counters:
        counters.add(rejected=1)


def ingest_http(store: Store, user: User, payload: bytes, now: datetime, counters: IngestCounters | None = None) -> int:
    """Store telemetry posted over HTTP in the shared ingest envelope
    (``{"deviceId", "ts", "values"}`` or a list of them) for the caller's member.

    The whole body is refused (nothing stored) if any sample is bad; the
    ``InvalidMessage`` names the field, e.g. ``deviceId``.
    """
    require_write(user)
    readings = decode(ingest_topic(user.member), payload, received_at=now)
    return store_batch(store, readings, counters)
