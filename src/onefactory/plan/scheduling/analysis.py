"""What a schedule says about the shop: the bottleneck station, the late jobs and the
station that held each of them up, and the overloads of a plan without capacity limits."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .shop import Schedule, ScheduledOperation, ShopInstance


@dataclass(frozen=True, slots=True)
class LateJob:
    """A job that ends after its due time; ``binding_station`` is where it waited longest
    (None when its own work does not fit between release and due)."""

    job: int
    due: int
    end: int
    binding_station: int | None


@dataclass(frozen=True, slots=True)
class Overload:
    """From ``start`` to ``end``, ``demand`` operations want a station of ``units`` machines."""

    station: int
    start: int
    end: int
    demand: int
    units: int

    @property
    def load_pct(self) -> float:
        """Demand over capacity, in percent (133.3 for 4 operations on 3 machines)."""
        return 100.0 * self.demand / self.units


def critical_time(schedule: Schedule) -> dict[int, int]:
    """Time per station on the chain of back-to-back operations that ends the schedule."""
    if not schedule.operations:
        return {}
    job_end: dict[tuple[int, int], ScheduledOperation] = {(o.job, o.index): o for o in schedule.operations}
    unit_end = {(o.station, o.unit, o.end): o for o in schedule.operations if o.end > o.start}
    cur: ScheduledOperation | None = max(schedule.operations, key=lambda o: (o.end, -o.start))
    spent: dict[int, int] = defaultdict(int)
    while cur is not None:
        spent[cur.station] += cur.end - cur.start
        before = job_end.get((cur.job, cur.index - 1))
        on_unit = unit_end.get((cur.station, cur.unit, cur.start))
        cur = (
            on_unit
            if on_unit is not None and on_unit is not cur
            else before
            if before and before.end == cur.start
            else None
        )
    return dict(spent)


def bottleneck(instance: ShopInstance, schedule: Schedule) -> int | None:
    """The station that binds the makespan: most time on the critical chain, then the highest utilisation."""
    chain = critical_time(schedule)
    if not chain:
        return None
    busy = utilisation(instance, schedule)
    return max(chain, key=lambda s: (chain[s], busy.get(s, 0.0), -s))


def utilisation(instance: ShopInstance, schedule: Schedule) -> dict[int, float]:
    """Busy machine-time over available machine-time up to the makespan, per station."""
    span = schedule.makespan or 1
    busy: dict[int, int] = defaultdict(int)
    for op in schedule.operations:
        busy[op.station] += op.end - op.start
    return {s: busy[s] / (instance.stations[s].units * span) for s in busy}


def late_jobs(instance: ShopInstance, schedule: Schedule) -> list[LateJob]:
    """Jobs past their due time, each with the station where it queued longest."""
    late = []
    for j, job in enumerate(instance.jobs):
        steps = schedule.of_job(j)
        end = max(o.end for o in steps)
        if job.due is None or end <= job.due:
            continue
        waits: dict[int, int] = defaultdict(int)
        ready = job.release
        for op in steps:
            waits[op.station] += op.start - ready
            ready = op.end
        station = max(waits, key=lambda s: (waits[s], -s))
        late.append(LateJob(j, job.due, end, station if waits[station] > 0 else None))
    return late


def unconstrained_overloads(instance: ShopInstance) -> list[Overload]:
    """Overloads of the plan that ignores capacity: every operation as early as its job allows,
    on its first eligible station; a window is overloaded when more operations than machines want it."""
    events: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for job in instance.jobs:
        t = job.release
        for op in job.operations:
            opt = op.options[0]
            if opt.duration:
                events[opt.station] += [(t, 1), (t + opt.duration, -1)]
            t += opt.duration
    found = []
    for station, evs in sorted(events.items()):
        found += _over(station, instance.stations[station].units, sorted(evs))
    return found


def _over(station: int, units: int, events: list[tuple[int, int]]) -> list[Overload]:
    found: list[Overload] = []
    demand = 0
    for (time, delta), nxt in zip(events, [*events[1:], None], strict=True):
        demand += delta
        if nxt is None or nxt[0] == time or demand <= units:
            continue
        if found and found[-1].end == time and found[-1].demand == demand:
            found[-1] = Overload(station, found[-1].start, nxt[0], demand, units)
        else:
            found.append(Overload(station, time, nxt[0], demand, units))
    return found
