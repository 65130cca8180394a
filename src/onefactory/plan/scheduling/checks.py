"""Is a schedule valid for its shop, and how low can a makespan possibly be."""

from __future__ import annotations

from collections import defaultdict
from math import ceil

from .shop import Schedule, ScheduledOperation, ShopInstance, Station


def violations(instance: ShopInstance, schedule: Schedule) -> list[str]:
    """Every broken rule, named: missing or doubled operations, wrong station or duration,
    start before release, job order, two operations on one machine, station over capacity."""
    found = _coverage(instance, schedule) + _steps(instance, schedule)
    found += _unit_overlaps(instance, schedule) + _station_capacity(instance, schedule)
    return found


def _coverage(instance: ShopInstance, schedule: Schedule) -> list[str]:
    seen: dict[tuple[int, int], int] = defaultdict(int)
    for op in schedule.operations:
        seen[(op.job, op.index)] += 1
    wanted = {(j, k) for j, job in enumerate(instance.jobs) for k in range(len(job.operations))}
    missing = [f"job {instance.jobs[j].code} operation {k + 1} is not scheduled" for j, k in sorted(wanted - set(seen))]
    extra = [
        f"operation {key} is scheduled {n} times or does not exist"
        for key, n in seen.items()
        if n > 1 or key not in wanted
    ]
    return missing + extra


def _steps(instance: ShopInstance, schedule: Schedule) -> list[str]:
    found: list[str] = []
    for j, job in enumerate(instance.jobs):
        previous_end = job.release
        for op in schedule.of_job(j):
            if op.index >= len(job.operations):
                continue
            durations = {o.station: o.duration for o in job.operations[op.index].options}
            name = f"job {job.code} operation {op.index + 1}"
            if op.station not in durations:
                found.append(f"{name} runs on station {op.station}, which is not eligible")
            elif op.end - op.start != durations[op.station]:
                found.append(f"{name} lasts {op.end - op.start}, needs {durations[op.station]}")
            if 0 <= op.station < len(instance.stations) and op.start < instance.stations[op.station].available_from:
                found.append(f"{name} starts at {op.start}, before its station is available")
            if op.start < previous_end:
                found.append(f"{name} starts at {op.start}, before {previous_end} (release or previous step)")
            previous_end = op.end
    return found


def _unit_overlaps(instance: ShopInstance, schedule: Schedule) -> list[str]:
    by_unit: dict[tuple[int, int], list[ScheduledOperation]] = defaultdict(list)
    found = []
    for op in schedule.operations:
        if not 0 <= op.station < len(instance.stations) or not 0 <= op.unit < instance.stations[op.station].units:
            found.append(f"job {op.job} operation {op.index + 1}: no unit {op.unit} at station {op.station}")
        by_unit[(op.station, op.unit)].append(op)
    for (station, unit), ops in by_unit.items():
        ops.sort(key=lambda o: (o.start, o.end))
        for a, b in zip(ops, ops[1:], strict=False):
            if b.start < a.end:
                found.append(f"station {station} unit {unit}: job {a.job} and job {b.job} overlap at {b.start}")
    return found


def _station_capacity(instance: ShopInstance, schedule: Schedule) -> list[str]:
    events: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for op in schedule.operations:
        if op.end > op.start:
            events[op.station] += [(op.start, 1), (op.end, -1)]
    found = []
    for station, evs in events.items():
        if station >= len(instance.stations):
            continue
        busy, st = 0, instance.stations[station]
        for time, delta in sorted(evs):
            busy += delta
            if busy > st.units:
                found.append(f"station {st.code}: {busy} operations at {time}, capacity {st.units}")
                break
    return found


def lower_bound(instance: ShopInstance) -> int:
    """A makespan no schedule can beat: the longest job from its release, and per station
    (counting operations that can run nowhere else) the earliest arrival + its work spread
    over its machines + the shortest work left after it; with ``k`` machines, two of the
    ``k + 1`` longest operations share one, so they add up too."""
    jobs = max((j.release + sum(op.min_duration for op in j.operations) for j in instance.jobs), default=0)
    units = sum(s.units for s in instance.stations)
    total = ceil(sum(op.min_duration for j in instance.jobs for op in j.operations) / units)
    stations = max((_station_bound(instance.stations[s], ops) for s, ops in _fixed_ops(instance).items()), default=0)
    return max(jobs, stations, total)


def _fixed_ops(instance: ShopInstance) -> dict[int, list[tuple[int, int, int]]]:
    """Per station, (earliest start, duration, work after) of operations with no other choice."""
    found: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for job in instance.jobs:
        mins = [op.min_duration for op in job.operations]
        head, after = job.release, sum(mins)
        for op, shortest in zip(job.operations, mins, strict=True):
            after -= shortest
            if len(op.options) == 1:
                found[op.options[0].station].append((head, op.options[0].duration, after))
            head += shortest
    return found


def _station_bound(station: Station, ops: list[tuple[int, int, int]]) -> int:
    units = station.units
    head = max(station.available_from, min(o[0] for o in ops))
    tail = min(o[2] for o in ops)
    longest = sorted((o[1] for o in ops), reverse=True)
    pair = longest[units - 1] + longest[units] if len(longest) > units else longest[0]
    return head + max(ceil(sum(longest) / units), pair, longest[0]) + tail
