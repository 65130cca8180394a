"""The composition root: builds the concrete store (and, for ``up``, the broker,
telemetry ingest and demo replay) from Settings. Nothing else picks backends."""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from onefactory.config import Settings
from onefactory.services.telemetry import IngestCounters
from onefactory.store import Store, open_store

GC_THRESHOLDS = (20_000, 20, 20)  # CPython's defaults are (700, 10, 10); see decision 0010


def steady_collector() -> None:
    """Set the garbage collector up for a long-running platform process (decision 0010): what
    start-up built (modules, the demo, caches) is collected once and then frozen out of every
    later collection, and young objects are collected every 20,000 allocations instead of 700.
    Telemetry makes objects that die by reference count (readings, messages); the default
    thresholds walked the whole heap many times a second for them."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def utc_now() -> datetime:
    """The wall clock, aware UTC (the only clock the platform reads)."""
    return datetime.now(UTC)


@dataclass
class Runtime:
    """What the API, the dashboard and the CLI are handed."""

    settings: Settings
    store: Store
    clock: Callable[[], datetime] = utc_now
    ingest: IngestCounters = field(default_factory=IngestCounters)
    parts: dict[str, Callable[[], bool]] = field(default_factory=dict)
    """Running parts by name, each with a check that it still works (for ``/api/health``)."""

    def stopped_parts(self) -> list[str]:
        """Names of the registered parts whose check fails."""
        return sorted(name for name, alive in self.parts.items() if not alive())

    def now(self) -> datetime:
        """Current time from the runtime's clock."""
        return self.clock()

    def close(self) -> None:
        """Release the database connections."""
        self.store.dispose()


def open_runtime(settings: Settings, clock: Callable[[], datetime] = utc_now) -> Runtime:
    """Open the store (migrating it) and wrap it in a Runtime."""
    return Runtime(settings, open_store(settings.database_url), clock)
