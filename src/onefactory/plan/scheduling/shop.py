"""The shop a schedule is made for: stations (with parallel identical machines), jobs,
operations with their eligible stations and durations, and the resulting schedule.

Times are whole units (minutes in the API, abstract units in benchmark files)."""

from __future__ import annotations

from dataclasses import dataclass

from onefactory.model import InvalidData


@dataclass(frozen=True, slots=True)
class Station:
    """A work centre with ``units`` identical machines that work at the same time, none of
    them before ``available_from`` (a breakdown or a shift that has not started)."""

    code: str
    units: int = 1
    available_from: int = 0

    def __post_init__(self) -> None:
        if not self.code:
            raise InvalidData("station code must not be empty", field="station")
        if self.units < 1:
            raise InvalidData(f"station {self.code}: units must be >= 1, got {self.units}", field="units")
        if self.available_from < 0:
            raise InvalidData(f"station {self.code}: available_from must be >= 0", field="available_from")


@dataclass(frozen=True, slots=True)
class Option:
    """One way to run an operation: on ``station`` (an index) for ``duration``."""

    station: int
    duration: int

    def __post_init__(self) -> None:
        if self.duration < 0:
            raise InvalidData(f"duration must be >= 0, got {self.duration}", field="duration")


@dataclass(frozen=True, slots=True)
class Operation:
    """A step of a job; it runs once, on one of its ``options``."""

    options: tuple[Option, ...]

    def __post_init__(self) -> None:
        if not self.options:
            raise InvalidData("an operation needs at least one eligible station", field="options")

    @property
    def min_duration(self) -> int:
        """The shortest of its durations."""
        return min(o.duration for o in self.options)


@dataclass(frozen=True, slots=True)
class Job:
    """Operations in technological order, not started before ``release``, wanted by ``due``."""

    code: str
    operations: tuple[Operation, ...]
    release: int = 0
    due: int | None = None

    def __post_init__(self) -> None:
        if not self.operations:
            raise InvalidData(f"job {self.code} has no operations", field="operations")
        if self.release < 0:
            raise InvalidData(f"job {self.code}: release must be >= 0, got {self.release}", field="release")


@dataclass(frozen=True, slots=True)
class ShopInstance:
    """Stations and jobs of one member's shop (or one benchmark instance)."""

    name: str
    stations: tuple[Station, ...]
    jobs: tuple[Job, ...]

    def __post_init__(self) -> None:
        for job in self.jobs:
            for k, op in enumerate(job.operations):
                for opt in op.options:
                    if not 0 <= opt.station < len(self.stations):
                        raise InvalidData(
                            f"job {job.code} operation {k + 1}: no station number {opt.station}", field="station"
                        )

    @property
    def operation_count(self) -> int:
        """Operations over all jobs."""
        return sum(len(j.operations) for j in self.jobs)

    @property
    def is_flexible(self) -> bool:
        """True when some operation has a choice of station."""
        return any(len(op.options) > 1 for j in self.jobs for op in j.operations)


@dataclass(frozen=True, slots=True)
class ScheduledOperation:
    """Operation ``index`` of job ``job`` on ``unit`` (0-based) of ``station`` from ``start`` to ``end``."""

    job: int
    index: int
    station: int
    unit: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Schedule:
    """A complete schedule: one entry per operation."""

    operations: tuple[ScheduledOperation, ...]

    @property
    def makespan(self) -> int:
        """End of the last operation."""
        return max((o.end for o in self.operations), default=0)

    def of_job(self, job: int) -> list[ScheduledOperation]:
        """The job's operations in order."""
        return sorted((o for o in self.operations if o.job == job), key=lambda o: o.index)
