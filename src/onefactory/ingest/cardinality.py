"""The series cardinality guard (pure): at most ``limit`` distinct series per member.

A series is a (resource, signal) of one member. A device that puts a serial number in
its resource or signal name creates a new series per part, and every series costs
memory downstream (its detector state, its index entries). The guard admits readings of
known series, admits new series until the member has ``limit``, and then refuses new
series: their readings are counted, never stored, and the first refusal of each member
is reported once as a ``Trip`` so the platform can raise one alarm. Memory is bounded
by ``limit`` keys per member.

Example:
    >>> from datetime import UTC, datetime
    >>> from onefactory.model import Reading
    >>> t = datetime(2026, 3, 1, tzinfo=UTC)
    >>> guard = SeriesGuard(limit=2)
    >>> batch = [Reading("SUP-KR3", f"SN-{n}", "temp", t, 20.0) for n in range(4)]
    >>> out = guard.admit_many(batch)
    >>> len(out.admitted), out.refused, [(x.member, x.resource, x.signal) for x in out.trips]
    (2, 2, [('SUP-KR3', 'SN-2', 'temp')])
    >>> guard.admit_many(batch).trips  # the same member trips only once
    ()
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from threading import Lock

from onefactory.model import InvalidData, Reading

DEFAULT_SERIES_LIMIT = 100_000


@dataclass(frozen=True, slots=True)
class Trip:
    """The first series of a member that the guard refused."""

    member: str
    resource: str
    signal: str
    limit: int


@dataclass(frozen=True, slots=True)
class Admission:
    """What one batch gave: readings to store, how many were refused, new trips."""

    admitted: list[Reading]
    refused: int
    trips: tuple[Trip, ...]


class SeriesGuard:
    """Admits readings of at most ``limit`` series per member (see module doc); several
    ingests (MQTT, OPC UA) may call it from their own threads."""

    def __init__(self, limit: int = DEFAULT_SERIES_LIMIT) -> None:
        if limit < 1:
            raise InvalidData(f"series limit must be >= 1, got {limit}", field="series_limit")
        self.limit = limit
        self._series: dict[str, set[tuple[str, str]]] = {}
        self._tripped: set[str] = set()
        self._lock = Lock()
        self.refused = 0

    def seed_many(self, series: Iterable[tuple[str, str, str]]) -> None:
        """Series that already exist (member, resource, signal), e.g. read from the store at start."""
        for member, resource, signal in series:
            known = self._series.setdefault(member, set())
            if len(known) < self.limit:
                known.add((resource, signal))

    def series_of(self, member: str) -> int:
        """How many series of ``member`` the guard knows."""
        return len(self._series.get(member, ()))

    def admit_many(self, batch: Iterable[Reading]) -> Admission:
        """Split a batch into admitted readings and refused ones (counted)."""
        with self._lock:
            return self._admit_many(batch)

    def _admit_many(self, batch: Iterable[Reading]) -> Admission:
        admitted: list[Reading] = []
        trips: list[Trip] = []
        refused = 0
        for reading in batch:
            if self._admit(reading):
                admitted.append(reading)
                continue
            refused += 1
            if reading.member not in self._tripped:
                self._tripped.add(reading.member)
                trips.append(Trip(reading.member, reading.resource, reading.signal, self.limit))
        self.refused += refused
        return Admission(admitted, refused, tuple(trips))

    def _admit(self, reading: Reading) -> bool:
        known = self._series.setdefault(reading.member, set())
        key = (reading.resource, reading.signal)
        if key in known:
            return True
        if len(known) >= self.limit:
            return False
        known.add(key)
        return True
