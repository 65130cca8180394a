"""Telemetry use cases: store decoded batches, keep refused messages, count both."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from threading import Lock

from onefactory.ingest import DecodeOptions, DeniedPublishes, decode, ingest_topic
from onefactory.ingest.cardinality import SeriesGuard, Trip
from onefactory.model import Reading, Severity, User, UserRole
from onefactory.monitor.alarms import Condition
from onefactory.store import Store, Unit

from . import alarms
from .access import require_write

SERIES_LIMIT_RULE = "series-limit"  # the rule of the alarm a member's series limit raises


@dataclass
class IngestCounters:
    """Messages stored and refused since start (thread-safe); ``denied`` holds the
    publishes the embedded broker refused, per user and topic prefix."""

    stored: int = 0
    rejected: int = 0
    refused_series: int = 0
    denied: DeniedPublishes = field(default_factory=DeniedPublishes)
    _lock: Lock = field(default_factory=Lock, repr=False)

    def add(self, stored: int = 0, rejected: int = 0, refused_series: int = 0) -> None:
        """Count more."""
        with self._lock:
            self.stored += stored
            self.rejected += rejected
            self.refused_series += refused_series


def denied_publishes(counters: IngestCounters, user: User) -> list[dict[str, object]]:
    """Refused publishes the caller's member should see: those of its own logins and those
    under its own topic prefix (a cluster operator sees all)."""
    rows = counters.denied.rows()
    if user.role is UserRole.CLUSTER_OPERATOR:
        return rows
    return [r for r in rows if r["user"] == user.member or str(r["topic_prefix"]).endswith(f"/{user.member}")]


def store_batch(store: Store, batch: list[Reading], counters: IngestCounters | None = None) -> int:
    """Write one batch of readings in one transaction (duplicates are skipped)."""
    if not batch:
        return 0
    with store.write() as tx:
        n = tx.readings.append_many(batch)
    if counters:
        counters.add(stored=n)
    return n


def decode_options(store: Store) -> DecodeOptions:
    """Decoding context from the store: each member's time zone reads its naive local times."""
    with store.read() as tx:
        return DecodeOptions(member_tz={m.code: m.timezone for m in tx.members.all()})


def open_guard(store: Store, limit: int) -> SeriesGuard:
    """A series guard that knows every series already stored (up to ``limit`` per member)."""
    guard = SeriesGuard(limit)
    with store.read() as tx:
        guard.seed_many(stored_series(tx))
    return guard


def stored_series(tx: Unit) -> list[tuple[str, str, str]]:
    """(member, resource, signal) of every stored series of a known member."""
    codes = {m.code for m in tx.members.all()}
    return [key for key in tx.readings.series() if key[0] in codes]


def recent_histories(tx: Unit, since: datetime, limit: int) -> list[list[Reading]]:
    """The newest ``limit`` readings since ``since`` of every series of a known member, series by
    series in (member, resource, signal) order, each in time order: two queries, whatever the series."""
    codes = {m.code for m in tx.members.all()}
    found = tx.readings.recent_per_series(since, limit)
    return [history for key, history in found.items() if key[0] in codes]


def store_guarded(
    store: Store, guard: SeriesGuard, batch: list[Reading], now: datetime, counters: IngestCounters | None = None
) -> list[Reading]:
    """Store the readings the guard admits and return them; count the refused ones and raise
    one alarm per member whose series limit was reached."""
    admission = guard.admit_many(batch)
    store_batch(store, admission.admitted, counters)
    if counters and admission.refused:
        counters.add(refused_series=admission.refused)
    if admission.trips:
        alarms.record_changes(store, [_limit_condition(trip, now) for trip in admission.trips], now)
    return admission.admitted


def _limit_condition(trip: Trip, now: datetime) -> Condition:
    message = (
        f"series limit {trip.limit} reached for member {trip.member}: new series such as "
        f"{trip.resource}/{trip.signal} are refused and counted (a serial number in the resource or signal name?)"
    )
    rule = SERIES_LIMIT_RULE
    return Condition(trip.member, trip.resource, trip.signal, rule, Severity.MAJOR, trip.limit, now, message)


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
    with store.read() as tx:
        zone = tx.members.get(user.member).timezone
    readings = decode(ingest_topic(user.member), payload, received_at=now, site_tz=zone)
    return store_batch(store, readings, counters)
