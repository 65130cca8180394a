"""Request and response bodies of shop scheduling."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, Field

from onefactory.model import MAX_MINUTES, MAX_PARALLEL_UNITS
from onefactory.services import scheduling as svc


class OptionIn(BaseModel):
    """One resource a step may run on, and how long it takes there."""

    resource: str = Field(min_length=1)
    minutes: int = Field(ge=0, le=int(MAX_MINUTES))


class StepIn(BaseModel):
    """A step of a job: the resources it may run on (one is chosen)."""

    options: list[OptionIn] = Field(min_length=1)


class JobIn(BaseModel):
    """A job with its steps in order."""

    code: str = Field(min_length=1)
    steps: list[StepIn] = Field(min_length=1)
    release: AwareDatetime | None = None
    due: AwareDatetime | None = None

    def to_request(self) -> svc.JobRequest:
        """The service's value."""
        steps = tuple(tuple((o.resource, o.minutes) for o in s.options) for s in self.steps)
        return svc.JobRequest(self.code, steps, self.release, self.due)


class ScheduleIn(BaseModel):
    """Jobs to schedule; ``machines`` overrides the machine count of the member's resources and
    ``down_until`` keeps a resource idle until then (re-planning after a breakdown)."""

    jobs: list[JobIn] = Field(min_length=1, max_length=5000)
    machines: dict[str, Annotated[int, Field(ge=1, le=MAX_PARALLEL_UNITS)]] = Field(default_factory=dict)
    down_until: dict[str, AwareDatetime] = Field(default_factory=dict)
    method: Literal["cpsat", "heuristic"] = "cpsat"
    time_limit_s: float = Field(5.0, gt=0, le=300)


class StepOut(BaseModel):
    """Where and when one step runs."""

    job: str
    step: int
    resource: str
    machine: int
    start: datetime
    end: datetime


class LateOut(BaseModel):
    """A late job and the resource that held it up."""

    job: str
    due: datetime
    end: datetime
    minutes_late: int
    binding_resource: str | None


class OverloadOut(BaseModel):
    """A window that a plan without capacity limits would overload."""

    resource: str
    start: datetime
    end: datetime
    demand: int
    machines: int
    load_pct: float


class ScheduleOut(BaseModel):
    """A finite-capacity schedule."""

    member: str
    method: str
    origin: datetime
    makespan_minutes: int
    lower_bound_minutes: int
    proven_optimal: bool
    bottleneck: str | None
    utilisation: dict[str, float]
    steps: list[StepOut]
    late: list[LateOut]
    overloads_without_capacity: list[OverloadOut]

    @classmethod
    def from_domain(cls, s: svc.ShopSchedule) -> ScheduleOut:
        """From the service's value."""
        return cls(
            member=s.member,
            method=s.method,
            origin=s.origin,
            makespan_minutes=s.makespan_minutes,
            lower_bound_minutes=s.lower_bound_minutes,
            proven_optimal=s.proven_optimal,
            bottleneck=s.bottleneck,
            utilisation=s.utilisation,
            steps=[StepOut(**_fields(x)) for x in s.steps],
            late=[LateOut(**_fields(x)) for x in s.late],
            overloads_without_capacity=[OverloadOut(**_fields(x)) for x in s.overloads_without_capacity],
        )


def _fields(value: object) -> dict[str, object]:
    return {name: getattr(value, name) for name in value.__slots__}  # type: ignore[attr-defined]
