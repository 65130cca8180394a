"""A shop flattened into integer arrays for the solvers: operations numbered job by job,
and every machine of every station as one unit."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .shop import Schedule, ScheduledOperation, ShopInstance


@dataclass(frozen=True, slots=True)
class FlatShop:
    """Operation ``o`` belongs to job ``job_of[o]``; unit ``u`` is machine ``unit_number[u]``
    of station ``unit_station[u]``; ``choices[o]`` lists ``(unit, duration)``."""

    instance: ShopInstance
    job_first: list[int]
    job_of: list[int]
    release: list[int]
    unit_station: list[int]
    unit_number: list[int]
    unit_available: list[int]
    choices: list[list[tuple[int, int]]]
    work_left: np.ndarray
    ops_left: np.ndarray
    min_duration: np.ndarray

    def earliest(self, o: int, unit: int) -> int:
        """Earliest start of operation ``o`` on ``unit`` (job release, machine availability)."""
        return max(self.release[o], self.unit_available[unit])

    @property
    def size(self) -> int:
        """Number of operations."""
        return len(self.job_of)

    def job_pred(self, o: int) -> int:
        """The previous step of the same job, or -1."""
        return o - 1 if o > self.job_first[self.job_of[o]] else -1

    def job_succ(self, o: int) -> int:
        """The next step of the same job, or -1."""
        return o + 1 if o + 1 < self.job_first[self.job_of[o] + 1] else -1


def flatten(instance: ShopInstance) -> FlatShop:
    """Number the operations and the units of ``instance``."""
    units = [(s, k) for s, st in enumerate(instance.stations) for k in range(st.units)]
    station_units: dict[int, list[int]] = {}
    for u, (s, _) in enumerate(units):
        station_units.setdefault(s, []).append(u)
    job_first, job_of, release, choices = [0], [], [], []
    for j, job in enumerate(instance.jobs):
        for op in job.operations:
            job_of.append(j)
            release.append(job.release)
            choices.append([(u, opt.duration) for opt in op.options for u in station_units[opt.station]])
        job_first.append(len(job_of))
    min_duration = np.array([min(d for _, d in c) for c in choices], dtype=np.int64)
    work_left, ops_left = _remaining(min_duration, job_first)
    return FlatShop(
        instance,
        job_first,
        job_of,
        release,
        [s for s, _ in units],
        [k for _, k in units],
        [instance.stations[s].available_from for s, _ in units],
        choices,
        work_left,
        ops_left,
        min_duration,
    )


def _remaining(min_duration: np.ndarray, job_first: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Work and operations left in the job from each operation on (inclusive)."""
    work = np.zeros_like(min_duration)
    count = np.zeros_like(min_duration)
    for a, b in zip(job_first, job_first[1:], strict=False):
        work[a:b] = np.cumsum(min_duration[a:b][::-1])[::-1]
        count[a:b] = np.arange(b - a, 0, -1)
    return work, count


def to_schedule(flat: FlatShop, unit: list[int], start: list[int], duration: list[int]) -> Schedule:
    """The schedule of flat arrays (unit, start and duration per operation)."""
    ops = []
    for o in range(flat.size):
        j = flat.job_of[o]
        u = unit[o]
        ops.append(
            ScheduledOperation(
                j, o - flat.job_first[j], flat.unit_station[u], flat.unit_number[u], start[o], start[o] + duration[o]
            )
        )
    return Schedule(tuple(ops))
