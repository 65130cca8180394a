"""Shop scheduling for one member: jobs in, a finite-capacity schedule out.

Stations are the member's resources (``parallel_units`` machines each) unless the request
gives their machines itself. Only the member's own users, or a cluster operator (whose
call is logged for the member as a read of its capacity), may schedule a member's shop."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from math import ceil, floor
from typing import Literal

from onefactory.model import MAX_MINUTES, MAX_PARALLEL_UNITS, DataScope, Forbidden, InvalidData, User, UserRole
from onefactory.plan.scheduling import (
    Job,
    Operation,
    Option,
    Schedule,
    ShopInstance,
    Station,
    bottleneck,
    late_jobs,
    lower_bound,
    solve_cpsat,
    solve_heuristic,
    unconstrained_overloads,
    utilisation,
    violations,
)
from onefactory.store import Store

from .access import check_read

Method = Literal["cpsat", "heuristic"]
MINUTE = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class JobRequest:
    """A job: steps in order, each a tuple of ``(resource, minutes)`` it may run on."""

    code: str
    steps: tuple[tuple[tuple[str, int], ...], ...]
    release: datetime | None = None
    due: datetime | None = None


@dataclass(frozen=True, slots=True)
class PlannedStep:
    """Step ``step`` (1-based) of ``job`` on machine ``machine`` (1-based) of ``resource``."""

    job: str
    step: int
    resource: str
    machine: int
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class LateJob:
    """A job ending after its due time and the resource it waited for longest (None: its own work is too long)."""

    job: str
    due: datetime
    end: datetime
    minutes_late: int
    binding_resource: str | None


@dataclass(frozen=True, slots=True)
class Overload:
    """A window in which a plan without capacity limits asks a resource for more machines than it has."""

    resource: str
    start: datetime
    end: datetime
    demand: int
    machines: int
    load_pct: float


@dataclass(frozen=True, slots=True)
class ShopSchedule:
    """The finite-capacity schedule of a member's jobs and what binds it."""

    member: str
    method: str
    origin: datetime
    makespan_minutes: int
    lower_bound_minutes: int
    proven_optimal: bool
    steps: list[PlannedStep]
    bottleneck: str | None
    utilisation: dict[str, float]
    late: list[LateJob]
    overloads_without_capacity: list[Overload]


def schedule_shop(
    store: Store,
    user: User,
    member: str,
    jobs: list[JobRequest],
    now: datetime,
    *,
    machines: dict[str, int] | None = None,
    down_until: dict[str, datetime] | None = None,
    method: Method = "cpsat",
    time_limit_s: float = 5.0,
) -> ShopSchedule:
    """Schedule ``jobs`` on ``member``'s resources (``machines`` overrides their machine counts;
    ``down_until`` keeps a resource idle until then, e.g. to re-plan after a breakdown)."""
    if not jobs:
        raise InvalidData("no jobs to schedule", field="jobs")
    with store.write() as tx:
        tx.members.get(member)
        _check_caller(tx, user, member, now)
        stored = {r.code: r.parallel_units for r in tx.resources.of(member)}
    shop, down = {**stored, **(machines or {})}, down_until or {}
    _check_names(member, jobs, shop, down)
    origin = _whole_minute(min((j.release for j in jobs if j.release), default=now))
    instance = shop_of(member, jobs, shop, origin, down)
    plan, bound, proven, used = _solve(instance, method, time_limit_s)
    broken = violations(instance, plan)
    if broken:
        raise RuntimeError(f"scheduler produced an invalid schedule: {broken[:3]}")
    return _outcome(member, instance, plan, origin, used, bound, proven)


def _whole_minute(at: datetime) -> datetime:
    """``at`` up to the next whole minute: times are whole minutes from the origin, so a due or
    release on a whole minute comes back as given (not shifted by the seconds of the clock)."""
    floor = at.replace(second=0, microsecond=0)
    return floor if floor == at else floor + MINUTE


def _check_caller(tx, user: User, member: str, now: datetime) -> None:  # type: ignore[no-untyped-def]
    if user.member == member:
        return
    if user.role is not UserRole.CLUSTER_OPERATOR:
        raise Forbidden(
            f"only users of {member} or a cluster operator may schedule {member}'s shop; {user.id} is of {user.member}"
        )
    check_read(tx, user, member, DataScope.CAPACITY, "shop schedule", now)


def shop_of(
    member: str, jobs: list[JobRequest], machines: dict[str, int], origin: datetime, down_until: dict[str, datetime]
) -> ShopInstance:
    """The shop instance of ``jobs``, times in whole minutes from ``origin``."""
    used = sorted({res for job in jobs for step in job.steps for res, _ in step})
    unknown = [r for r in used if r not in machines]
    if unknown:
        raise InvalidData(
            f"unknown resource(s) of {member}: {', '.join(unknown)}; add them to the member's resources "
            "or give their machines in the request",
            field="resource",
        )
    index = {code: k for k, code in enumerate(used)}
    free = {code: max(0, ceil((t - origin) / MINUTE)) for code, t in down_until.items()}
    stations = tuple(Station(code, machines[code], free.get(code, 0)) for code in used)
    return ShopInstance(member, stations, tuple(_job(job, index, origin) for job in jobs))


def _check_names(
    member: str, jobs: list[JobRequest], machines: dict[str, int], down_until: dict[str, datetime]
) -> None:
    """Job codes are unique; machine counts are bounded; every resource kept down is one of the
    shop's; every time is aware."""
    codes = [j.code for j in jobs]
    twice = sorted({c for c in codes if codes.count(c) > 1})
    if twice:
        raise InvalidData(f"job code(s) given more than once: {', '.join(twice)}", field="jobs")
    for code, units in machines.items():
        if not 1 <= units <= MAX_PARALLEL_UNITS:
            raise InvalidData(f"machines of {code} must be in 1..{MAX_PARALLEL_UNITS}, got {units}", field="machines")
    unknown = sorted(set(down_until) - set(machines))
    if unknown:
        raise InvalidData(f"down_until names unknown resource(s) of {member}: {', '.join(unknown)}", field="down_until")
    for name, at in [*((f"down_until {r}", t) for r, t in down_until.items()), *_job_times(jobs)]:
        if at.tzinfo is None:
            raise InvalidData(f"{name} must be an aware time (with an offset), got {at.isoformat()}", field=name)


def _job_times(jobs: list[JobRequest]) -> list[tuple[str, datetime]]:
    return [(f"job {j.code} {n}", t) for j in jobs for n, t in (("release", j.release), ("due", j.due)) if t]


def _job(job: JobRequest, index: dict[str, int], origin: datetime) -> Job:
    if not job.steps:
        raise InvalidData(f"job {job.code} has no steps", field="steps")
    release = ceil((job.release - origin) / MINUTE) if job.release else 0
    due = floor((job.due - origin) / MINUTE) if job.due else None
    steps = tuple(
        Operation(tuple(_option(job.code, res, minutes, index) for res, minutes in step)) for step in job.steps
    )
    return Job(job.code, steps, release, due)


def _option(job: str, resource: str, minutes: int, index: dict[str, int]) -> Option:
    if not 0 <= minutes <= MAX_MINUTES:
        raise InvalidData(
            f"job {job} on {resource}: minutes must be in 0..{MAX_MINUTES}, got {minutes}", field="minutes"
        )
    return Option(index[resource], minutes)


def _solve(instance: ShopInstance, method: Method, time_limit_s: float) -> tuple[Schedule, int, bool, str]:
    if method == "heuristic":
        plan = solve_heuristic(instance, time_limit_s)
        bound = lower_bound(instance)
        return plan, bound, plan.makespan <= bound, "heuristic"
    if method != "cpsat":
        raise InvalidData(f"unknown method {method!r}; one of cpsat, heuristic", field="method")
    result = solve_cpsat(instance, time_limit_s)
    return result.schedule, result.lower_bound, result.proven_optimal, "cpsat"


def _outcome(
    member: str, instance: ShopInstance, plan: Schedule, origin: datetime, method: str, bound: int, proven: bool
) -> ShopSchedule:
    code = [s.code for s in instance.stations]
    at = lambda minutes: origin + minutes * MINUTE  # noqa: E731
    steps = [
        PlannedStep(instance.jobs[o.job].code, o.index + 1, code[o.station], o.unit + 1, at(o.start), at(o.end))
        for o in sorted(plan.operations, key=lambda o: (o.start, o.job, o.index))
    ]
    late = [
        LateJob(
            instance.jobs[x.job].code,
            at(x.due),
            at(x.end),
            x.end - x.due,
            code[x.binding_station] if x.binding_station is not None else None,
        )
        for x in late_jobs(instance, plan)
    ]
    over = [
        Overload(code[x.station], at(x.start), at(x.end), x.demand, x.units, round(x.load_pct, 1))
        for x in unconstrained_overloads(instance)
    ]
    neck = bottleneck(instance, plan)
    busy = {code[s]: round(u, 4) for s, u in sorted(utilisation(instance, plan).items())}
    return ShopSchedule(
        member,
        method,
        origin,
        plan.makespan,
        bound,
        proven,
        steps,
        code[neck] if neck is not None else None,
        busy,
        late,
        over,
    )
